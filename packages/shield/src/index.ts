/**
 * @rempart/shield — public API. Finds personal data, secrets and confidential content,
 * pseudonymises it reversibly per policy, restores it (whole or streamed). No I/O.
 *
 * ```ts
 * const shield = createShield({ policy: parsePolicy(yamlParsedObject), hashKey });
 * const vault = new Vault();                      // one per conversation; toJSON()/Vault.fromJSON()
 * const out = shield.protect(prompt, { vault, destination: 'non-eu' });
 * if (out.blocked) refuse(out.blockedTypes);      // e.g. ['SECRET:aws-access-key'], never values
 * else send(out.text);                            // '… <PERSONNE_1> …'
 * restore(answer, vault);                         // whole answer
 * const restorer = new StreamRestorer(vault);     // streamed: push(chunk) → text to emit now
 * new StreamRestorer(vault, { encodeValue: jsonStringContent }); // inside JSON strings (tool calls)
 * ```
 */
export * from './types.ts';
export { ShieldError, isShieldError, SHIELD_ERROR_CODES, type ShieldErrorCode } from './errors.ts';
export {
  createAnalyzer,
  resolveOverlaps,
  type Analyzer,
  type AnalyzerOptions,
  type AnalyzeOptions,
} from './analyzer.ts';
export { KeywordIndex, isWholeWord, type KeywordHit } from './keyword-index.ts';
export {
  patternRecognizer,
  hasContext,
  type PatternSpec,
  type PatternRecognizerSpec,
  type ValidationResult,
} from './pattern-recognizer.ts';
export { detectLanguage } from './language.ts';
export { defaultRecognizers, type RecognizerSetOptions, type CustomTerm } from './recognizers/index.ts';
export {
  policySchema,
  parsePolicy,
  DEFAULT_POLICY,
  decide,
  policyUses,
  isDestination,
  type Policy,
  type PolicyInput,
} from './policy.ts';
export {
  FRENCH_LABELS,
  labelFor,
  formatPlaceholder,
  redactionLabel,
  blockLabel,
  hashLabel,
  normalizeValue,
  normalizeLabel,
  type PlaceholderLanguage,
} from './placeholders.ts';
export { Vault, type VaultEntry, type VaultOptions, type VaultSnapshot } from './vault.ts';
export { createKeyedHasher, HASH_HEX_LENGTH, type HashKey } from './hash.ts';
export {
  transform,
  maskValue,
  type TransformOptions,
  type TransformResult,
  type Replacement,
} from './operators.ts';
export { restore, jsonStringContent, scanPlaceholder, type PlaceholderScan, type RestoreOptions } from './restore.ts';
export { StreamRestorer, type StreamEnd } from './stream-restorer.ts';
export {
  createShield,
  DEFAULT_MAX_TEXT_LENGTH,
  type Shield,
  type ShieldOptions,
  type ProtectContext,
  type ProtectResult,
} from './shield.ts';
