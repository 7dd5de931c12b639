/**
 * Transformation: given the findings and one action per finding, produce the text that may
 * leave. Finding and deciding happened before; this module only rewrites.
 */
import type { Action, DetectedEntity, EntityType } from './types.ts';
import type { Vault } from './vault.ts';
import { ShieldError } from './errors.ts';
import {
  blockLabel,
  hashLabel,
  normalizeValue,
  redactionLabel,
  type PlaceholderLanguage,
} from './placeholders.ts';
import { createKeyedHasher, type HashKey } from './hash.ts';

export interface TransformOptions {
  /** Required when some action is `hash`. */
  hashKey?: HashKey;
  /** A hasher built once from `hashKey` (the shield passes it; avoids re-keying per call). */
  hasher?: (message: string) => string;
  /** Language of the labels written by redact, hash and block; new placeholders too. Default: the vault's. */
  language?: PlaceholderLanguage;
}

export interface Replacement {
  start: number;
  end: number;
  type: EntityType;
  action: Exclude<Action, 'allow'>;
  replacement: string;
}

export interface TransformResult {
  text: string;
  replacements: Replacement[];
  /** True when any finding (including one inside a replaced container) was to be blocked. */
  blocked: boolean;
  /** `SECRET`, `SPECIAL_CATEGORY:health`: what caused the block, never values. */
  blockedTypes: string[];
}

/**
 * Applies `actions[i]` to `entities[i]`. Spans are handled outermost first: an entity inside
 * one already replaced (a secret in a pseudonymised code block) is consumed with it, but a
 * `block` inside still blocks; an entity inside an allowed container is transformed itself.
 * An entity that straddles the end of a replaced span has its remaining part replaced, so
 * nothing of it leaks.
 */
export function transform(
  text: string,
  entities: readonly DetectedEntity[],
  actions: readonly Action[],
  vault: Vault,
  options: TransformOptions = {},
): TransformResult {
  if (entities.length !== actions.length) {
    throw new ShieldError('INVALID_INPUT', `transform: ${entities.length} entities but ${actions.length} actions`);
  }
  const language = options.language ?? vault.placeholderLanguage;
  // Placeholder-shaped text the user wrote must not collide with the ones minted below.
  if (actions.includes('pseudonymize')) vault.reserveLiteralPlaceholders(text);
  const order = entities.map((_, i) => i);
  order.sort((a, b) => entities[a]!.start - entities[b]!.start || entities[b]!.end - entities[a]!.end);

  let hasher = options.hasher;
  const replacements: Replacement[] = [];
  const blockedTypes: string[] = [];
  let output = '';
  /** End of the last replaced span: everything before it is already in `output`. */
  let copiedUpTo = 0;

  for (const i of order) {
    const entity = entities[i]!;
    const action = actions[i]!;
    if (entity.start < 0 || entity.end > text.length || entity.start >= entity.end) {
      throw new ShieldError('INVALID_INPUT', `transform: entity ${i} has offsets outside the text`);
    }
    if (action === 'block') noteBlocked(blockedTypes, entity);
    if (action === 'allow') continue;
    if (entity.end <= copiedUpTo) continue; // consumed by an enclosing replacement
    const start = Math.max(entity.start, copiedUpTo);
    const value = text.slice(start, entity.end);
    let replacement: string;
    switch (action) {
      case 'pseudonymize':
        replacement = vault.placeholderFor(entity.type, value, language);
        break;
      case 'mask':
        replacement = maskValue(entity.type, value, language);
        break;
      case 'redact':
        replacement = redactionLabel(entity.type, language);
        break;
      case 'hash': {
        if (!hasher) {
          if (options.hashKey === undefined) {
            throw new ShieldError('HASH_KEY_MISSING', 'the policy asks to hash values but no hash key is configured');
          }
          hasher = createKeyedHasher(options.hashKey);
        }
        replacement = hashLabel(entity.type, hasher(`${entity.type}:${normalizeValue(entity.type, value)}`), language);
        break;
      }
      case 'block':
        replacement = blockLabel(entity.type, language);
        break;
    }
    output += text.slice(copiedUpTo, start) + replacement;
    copiedUpTo = entity.end;
    replacements.push({ start, end: entity.end, type: entity.type, action, replacement });
  }
  output += text.slice(copiedUpTo);
  return { text: output, replacements, blocked: blockedTypes.length > 0, blockedTypes };
}

function noteBlocked(blockedTypes: string[], entity: DetectedEntity): void {
  const name = entity.subtype !== undefined ? `${entity.type}:${entity.subtype}` : entity.type;
  if (!blockedTypes.includes(name)) blockedTypes.push(name);
}

// ---------------------------------------------------------------------------------------
// Masking keeps the shape and a hint, never enough to identify: the last 4 characters of a
// long identifier, initials of a name, the first letters and the TLD of an e-mail address.

const MASK = '*';
/** Shorter identifiers are masked entirely: their last 4 characters would say too much. */
const MIN_ALPHANUMERICS_TO_KEEP_TAIL = 8;
const KEPT_TAIL = 4;
const TEXT_LIKE_TYPES: ReadonlySet<EntityType> = new Set<EntityType>([
  'PERSON',
  'ADDRESS',
  'CUSTOM',
  'SPECIAL_CATEGORY',
  'CONFIDENTIAL_MARKER',
]);

export function maskValue(type: EntityType, value: string, language: PlaceholderLanguage): string {
  if (type === 'SOURCE_CODE') return redactionLabel(type, language); // a block of stars helps nobody
  if (type === 'EMAIL') {
    const masked = maskEmail(value);
    if (masked !== undefined) return masked;
  }
  if (TEXT_LIKE_TYPES.has(type)) return maskKeepingInitials(value);
  const alphanumerics = countAlphanumerics(value);
  if (type === 'IBAN' && alphanumerics >= 15) {
    // Country and check digits say nothing about the holder; the tail lets people recognise it.
    return maskKeeping(value, 4, alphanumerics - 5);
  }
  const keepTail = alphanumerics >= MIN_ALPHANUMERICS_TO_KEEP_TAIL ? KEPT_TAIL : 0;
  return maskKeeping(value, 0, alphanumerics - keepTail);
}

function isAlphanumeric(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0xc0 && code !== 0xd7 && code !== 0xf7 && code !== 0x2019 && !(code >= 0x2000 && code <= 0x206f))
  );
}

function countAlphanumerics(value: string): number {
  let count = 0;
  for (let i = 0; i < value.length; i++) if (isAlphanumeric(value.charCodeAt(i))) count++;
  return count;
}

/**
 * Replaces alphanumerics number `keepHead` .. `keepFrom - 1` (counting alphanumerics only)
 * with `*`; separators and the others stay. Works on runs to avoid per-character strings.
 */
function maskKeeping(value: string, keepHead: number, keepFrom: number): string {
  let out = '';
  let runStart = 0;
  let masking = false;
  let seen = 0;
  for (let i = 0; i < value.length; i++) {
    const alphanumeric = isAlphanumeric(value.charCodeAt(i));
    const hide = alphanumeric && seen >= keepHead && seen < keepFrom;
    if (alphanumeric) seen++;
    if (hide !== masking) {
      out += masking ? MASK.repeat(i - runStart) : value.slice(runStart, i);
      runStart = i;
      masking = hide;
    }
  }
  return out + (masking ? MASK.repeat(value.length - runStart) : value.slice(runStart));
}

/** `Jean Dupont` → `J*** D*****`. */
function maskKeepingInitials(value: string): string {
  let out = '';
  let runStart = 0;
  let masking = false;
  let previousAlphanumeric = false;
  for (let i = 0; i < value.length; i++) {
    const alphanumeric = isAlphanumeric(value.charCodeAt(i));
    const hide = alphanumeric && previousAlphanumeric;
    previousAlphanumeric = alphanumeric;
    if (hide !== masking) {
      out += masking ? MASK.repeat(i - runStart) : value.slice(runStart, i);
      runStart = i;
      masking = hide;
    }
  }
  return out + (masking ? MASK.repeat(value.length - runStart) : value.slice(runStart));
}

/** `jean.dupont@exemple.fr` → `j***@e*****.fr`: fixed-width stars hide the lengths too. */
function maskEmail(value: string): string | undefined {
  const at = value.lastIndexOf('@');
  const lastDot = value.lastIndexOf('.');
  if (at <= 0 || lastDot <= at + 1 || lastDot === value.length - 1) return undefined;
  return `${value.charAt(0)}${MASK.repeat(3)}@${value.charAt(at + 1)}${MASK.repeat(5)}${value.slice(lastDot)}`;
}
