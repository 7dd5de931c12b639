/**
 * What to do with each finding. A policy is data (a JSON or YAML file the caller parses);
 * `decide` is the one lookup everybody uses, so "why was this masked?" has one answer.
 */
import { z } from 'zod';
import type { Action, DetectedEntity, Destination } from './types.ts';
import { ACTIONS, DESTINATIONS, isEntityType } from './types.ts';
import { ShieldError } from './errors.ts';

const actionSchema = z.enum(ACTIONS);

/** `IBAN` or `SPECIAL_CATEGORY:health`: an entity type, optionally a subtype. */
function isRuleKey(key: string): boolean {
  const colon = key.indexOf(':');
  const type = colon === -1 ? key : key.slice(0, colon);
  if (!isEntityType(type)) return false;
  return colon === -1 || key.length > colon + 1;
}

function ruleKeyMessage(key: string): string {
  const colon = key.indexOf(':');
  const type = colon === -1 ? key : key.slice(0, colon);
  if (isEntityType(type)) return `empty subtype in '${key}' (expected TYPE:subtype such as SPECIAL_CATEGORY:health)`;
  return `unknown entity type '${type}' (expected a type such as IBAN, or TYPE:subtype such as SPECIAL_CATEGORY:health)`;
}

const rulesSchema = z.record(z.string(), actionSchema).superRefine((rules, ctx) => {
  for (const key of Object.keys(rules)) {
    if (!isRuleKey(key)) ctx.addIssue({ code: 'custom', path: [key], message: ruleKeyMessage(key) });
  }
});

export const policySchema = z
  .object({
    version: z.literal(1).optional(),
    default: actionSchema.default('pseudonymize'),
    minScore: z.number().min(0).max(1).optional(),
    rules: rulesSchema.optional(),
    destinations: z
      .object({
        'on-premise': rulesSchema.optional(),
        eu: rulesSchema.optional(),
        'non-eu': rulesSchema.optional(),
      })
      .strict()
      .optional(),
    customTerms: z
      .array(
        z
          .object({
            term: z.string().trim().min(1),
            category: z.string().min(1).optional(),
            caseSensitive: z.boolean().optional(),
          })
          .strict(),
      )
      .optional(),
    placeholderLanguage: z.enum(['fr', 'en']).optional(),
  })
  .strict();

export type Policy = z.infer<typeof policySchema>;
/** What a policy file may contain (fields with defaults are optional). */
export type PolicyInput = z.input<typeof policySchema>;

/** Validates a policy object; the error message names the first bad field. */
export function parsePolicy(input: unknown): Policy {
  const parsed = policySchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const messages = parsed.error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(policy)';
    return `${where}: ${describeIssue(issue)}`;
  });
  throw new ShieldError('POLICY_INVALID', `invalid policy: ${messages.join('; ')}`);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const unknown = `unknown field(s) ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
    return issue.path.length === 1 && issue.path[0] === 'destinations'
      ? `${unknown} (destinations are ${DESTINATIONS.join(', ')})`
      : unknown;
  }
  return issue.message;
}

/**
 * Pseudonymise everything; keep code, special categories (GDPR Art. 9) and confidential
 * documents away from non-EU providers; code may go to on-premise and EU models as is.
 */
export const DEFAULT_POLICY: Policy = deepFreeze({
  version: 1,
  default: 'pseudonymize',
  rules: { SECRET: 'pseudonymize' },
  destinations: {
    'on-premise': { SOURCE_CODE: 'allow' },
    eu: { SOURCE_CODE: 'allow' },
    'non-eu': { SOURCE_CODE: 'block', SPECIAL_CATEGORY: 'block', CONFIDENTIAL_MARKER: 'block' },
  },
} satisfies Policy);

/**
 * Lookup order, most specific first: destination TYPE:subtype, destination TYPE,
 * rules TYPE:subtype, rules TYPE, default.
 */
export function decide(entity: DetectedEntity, policy: Policy, destination?: Destination): Action {
  const withSubtype = entity.subtype !== undefined ? `${entity.type}:${entity.subtype}` : undefined;
  const destinationRules = destination ? policy.destinations?.[destination] : undefined;
  if (destinationRules) {
    const action = (withSubtype !== undefined && destinationRules[withSubtype]) || destinationRules[entity.type];
    if (action) return action;
  }
  const rules = policy.rules;
  if (rules) {
    const action = (withSubtype !== undefined && rules[withSubtype]) || rules[entity.type];
    if (action) return action;
  }
  return policy.default;
}

export function isDestination(value: string): value is Destination {
  return (DESTINATIONS as readonly string[]).includes(value);
}

/** True when some rule of the policy asks for `action` (e.g. to require a hash key up front). */
export function policyUses(policy: Policy, action: Action): boolean {
  if (policy.default === action) return true;
  const ruleSets = [policy.rules, ...Object.values(policy.destinations ?? {})];
  return ruleSets.some((rules) => rules !== undefined && Object.values(rules).includes(action));
}

/** Shared constants must not be edited by one caller under another's feet. */
function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) {
    if (typeof inner === 'object' && inner !== null) deepFreeze(inner);
  }
  return Object.freeze(value);
}
