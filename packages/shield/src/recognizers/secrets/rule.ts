/**
 * A secret rule is data: an id (gitleaks' rule id where one exists, reported as the
 * entity's subtype), pre-filter keywords, one regex compiled once, an optional entropy
 * floor. `ruleRecognizer` turns it into a Recognizer; the analyzer's keyword index makes
 * sure a rule only runs when one of its keywords occurs, so adding rules costs nothing on
 * texts that do not mention them.
 *
 * Two shapes cover most formats:
 * - `token()`: self-identifying tokens with a vendor prefix (`ghp_…`, `xoxb-…`).
 * - `assigned()`: provider-named assignments (`STRIPE_KEY = …`, `"datadog_token": "…"`),
 *   where the value alone would be ambiguous (32 hex chars) but the key names the vendor.
 */
import type { DetectedEntity, EntityType, Recognizer, RecognizerInput } from '../../types.ts';
import { isPlaceholder, shannonEntropy } from './entropy.ts';

export interface SecretRule {
  /** Rule id, reported as `subtype` (gitleaks' id when the format is one of theirs). */
  id: string;
  /** Lower-case strings of which at least one occurs in every match. */
  keywords: readonly string[];
  /** Compiled once; needs the `g` and `d` flags. Capture group 1 (when present) is the secret. */
  regex: RegExp;
  /** Minimum Shannon entropy of the reported secret. */
  minEntropy?: number;
  /** Default 0.92 for prefixed tokens, 0.9 for provider assignments. */
  score?: number;
  /** Default SECRET. */
  type?: EntityType;
  /** Extra veto on the secret value (placeholders are always vetoed). */
  reject?: (secret: string, input: RecognizerInput, start: number) => boolean;
}

/**
 * Separator between a key and its value, as written in code and configuration files:
 * `key = v`, `key: v`, `key := v`, `"key" => v`, `<key>v</key>`, `key ?= v`, `key, v`.
 * Up to 20 word characters may sit between the vendor keyword and the operator
 * (`stripe_secret_key_live = …`).
 */
export const ASSIGNMENT = String.raw`[ \t\w.-]{0,20}[\s'"]{0,3}(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)[\x60'"\s=]{0,5}`;
/** What may follow a value: a quote, blank, `;`, an escaped newline, or the end. */
export const VALUE_END = String.raw`(?=[\x60'"\s;]|\\[nrt]|$)`;

/** Regex for `<keyword…> <operator> <secret>`, case-insensitive, secret in group 1. */
export function assigned(keywordSource: string, secretSource: string): RegExp {
  return new RegExp(`(?:${keywordSource})${ASSIGNMENT}(${secretSource})${VALUE_END}`, 'gid');
}

/** Regex for a self-identifying token: word boundary, token in group 1, value end. */
export function token(source: string, flags = 'gd'): RegExp {
  return new RegExp(String.raw`\b(${source})${VALUE_END}`, flags);
}

/** A provider-assignment rule (keyword-anchored). */
export function assignedRule(
  id: string,
  keywords: readonly string[],
  secretSource: string,
  options: Omit<SecretRule, 'id' | 'keywords' | 'regex'> = {},
): SecretRule {
  const keywordSource = keywords.map(escapeKeyword).join('|');
  return { id, keywords, regex: assigned(keywordSource, secretSource), score: 0.9, ...options };
}

/** A self-identifying-token rule. */
export function tokenRule(
  id: string,
  keywords: readonly string[],
  source: string,
  options: Omit<SecretRule, 'id' | 'keywords' | 'regex'> & { flags?: string } = {},
): SecretRule {
  const { flags, ...rest } = options;
  return { id, keywords, regex: token(source, flags), score: 0.92, ...rest };
}

/** Span of the first capture group that took part in the match, else of the whole match. */
function firstCapture(match: RegExpExecArray | RegExpMatchArray): [number, number] | undefined {
  const indices = (match as RegExpExecArray).indices;
  if (!indices) return undefined;
  for (let g = 1; g < indices.length; g++) {
    const span = indices[g];
    if (span) return span;
  }
  return indices[0];
}

function escapeKeyword(keyword: string): string {
  return keyword.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[_-]/g, '[_-]?');
}

/** Turns a rule into a recognizer reporting the secret span itself (not the `key =` part). */
export function ruleRecognizer(rule: SecretRule): Recognizer {
  if (!rule.regex.global || !rule.regex.hasIndices) {
    throw new Error(`secret rule ${rule.id}: regex needs the g and d flags`);
  }
  const type = rule.type ?? 'SECRET';
  const score = rule.score ?? 0.9;
  return {
    name: `secret/${rule.id}`,
    entityTypes: [type],
    keywords: rule.keywords,
    find(input) {
      const found: DetectedEntity[] = [];
      rule.regex.lastIndex = 0;
      for (const match of input.text.matchAll(rule.regex)) {
        const span = firstCapture(match);
        if (!span) continue;
        const [start, end] = span;
        const secret = input.text.slice(start, end);
        if (isPlaceholder(secret)) continue;
        if (rule.minEntropy !== undefined && shannonEntropy(secret) < rule.minEntropy) continue;
        if (rule.reject?.(secret, input, start)) continue;
        // The vendor format (prefix, length, alphabet) is a structural validation: it should
        // win over a checksum-valid number that happens to sit inside the token.
        found.push({ type, subtype: rule.id, start, end, score, text: secret, recognizer: `secret/${rule.id}`, validated: true });
      }
      return found;
    },
  };
}
