/**
 * The facade everyone uses: analyze → decide → transform, with the policy and the analyzer
 * built once. A Shield holds no per-conversation state (that is the Vault's), so one instance
 * serves every request concurrently.
 */
import type { Action, DetectedEntity, Destination, EntityType, LanguageOption, Recognizer } from './types.ts';
import { createAnalyzer, type Analyzer } from './analyzer.ts';
import { defaultRecognizers } from './recognizers/index.ts';
import { DEFAULT_POLICY, decide, parsePolicy, policyUses, type Policy } from './policy.ts';
import { transform, type Replacement } from './operators.ts';
import { createKeyedHasher, type HashKey } from './hash.ts';
import { ShieldError } from './errors.ts';
import { Vault } from './vault.ts';

export const DEFAULT_MAX_TEXT_LENGTH = 1_000_000;

export interface ShieldOptions {
  /** Default: DEFAULT_POLICY. Validated again here (a typed object may still be wrong at run time). */
  policy?: Policy;
  /** Default: defaultRecognizers({ customTerms: policy.customTerms }). */
  recognizers?: Recognizer[];
  /** Key of the `hash` action (HMAC-SHA256). Required when the policy uses `hash`. */
  hashKey?: HashKey;
  /** Longest text accepted, in characters. Default 1,000,000. */
  maxTextLength?: number;
}

export interface ProtectContext {
  vault: Vault;
  destination?: Destination;
  language?: LanguageOption;
}

export interface ProtectResult {
  /** What may leave. */
  text: string;
  entities: DetectedEntity[];
  /** One per entity, same order. */
  actions: Action[];
  blocked: boolean;
  /** `SECRET`, `SPECIAL_CATEGORY:health`: never the values. */
  blockedTypes: string[];
  /** Per type, entities transformed (action other than `allow`). */
  counts: Partial<Record<EntityType, number>>;
  /** Where each replacement went, in the original text's offsets (for previews). */
  replacements: Replacement[];
}

export interface Shield {
  readonly policy: Policy;
  analyze(text: string, options?: { language?: LanguageOption }): DetectedEntity[];
  protect(text: string, context: ProtectContext): ProtectResult;
}

export function createShield(options: ShieldOptions = {}): Shield {
  const policy = options.policy ? parsePolicy(options.policy) : DEFAULT_POLICY;
  const maxTextLength = options.maxTextLength ?? DEFAULT_MAX_TEXT_LENGTH;
  if (!Number.isInteger(maxTextLength) || maxTextLength <= 0) {
    throw new ShieldError('INVALID_INPUT', 'maxTextLength must be a positive integer');
  }
  if (policyUses(policy, 'hash') && options.hashKey === undefined) {
    throw new ShieldError('HASH_KEY_MISSING', 'the policy uses the hash action: configure a hash key');
  }
  const hasher = options.hashKey !== undefined ? createKeyedHasher(options.hashKey) : undefined;
  const recognizers = options.recognizers ?? defaultRecognizers({ customTerms: policy.customTerms ?? [] });
  const analyzer: Analyzer = createAnalyzer({ recognizers, minScore: policy.minScore });

  function checkText(text: unknown): asserts text is string {
    if (typeof text !== 'string') throw new ShieldError('INVALID_INPUT', 'text must be a string');
    if (text.length > maxTextLength) {
      throw new ShieldError('INPUT_TOO_LARGE', `text is ${text.length} characters, the limit is ${maxTextLength}`);
    }
  }

  function analyze(text: string, analyzeOptions: { language?: LanguageOption } = {}): DetectedEntity[] {
    checkText(text);
    return analyzer.analyze(text, { language: analyzeOptions.language ?? 'auto' });
  }

  return {
    policy,
    analyze,
    protect(text, context) {
      if (!context || !(context.vault instanceof Vault)) {
        throw new ShieldError('INVALID_INPUT', 'protect needs a Vault (one per conversation)');
      }
      const { vault, destination } = context;
      const entities = analyze(text, { language: context.language });
      const actions = entities.map((entity) => decide(entity, policy, destination));
      const language = vault.hasExplicitLanguage ? vault.placeholderLanguage : (policy.placeholderLanguage ?? vault.placeholderLanguage);
      const result = transform(text, entities, actions, vault, { hasher, language });
      const counts: Partial<Record<EntityType, number>> = {};
      for (let i = 0; i < entities.length; i++) {
        if (actions[i] === 'allow') continue;
        const type = entities[i]!.type;
        counts[type] = (counts[type] ?? 0) + 1;
      }
      return {
        text: result.text,
        entities,
        actions,
        blocked: result.blocked,
        blockedTypes: result.blockedTypes,
        counts,
        replacements: result.replacements,
      };
    },
  };
}
