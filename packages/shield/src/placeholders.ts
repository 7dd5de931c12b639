/**
 * How entities are named in transformed text: placeholder labels (French by default, English
 * on request), redaction/blocking labels, and the value normalisation that makes the same
 * value map to the same placeholder. Also the tolerant label vocabulary used when reading
 * placeholders back from a model's answer (`<Personne_1>`, `<PERSON_1>`, `<TÉLÉPHONE 2>`).
 */
import type { EntityType } from './types.ts';
import { ENTITY_TYPES } from './types.ts';

export type PlaceholderLanguage = 'fr' | 'en';

export const FRENCH_LABELS: Readonly<Record<EntityType, string>> = {
  PERSON: 'PERSONNE',
  EMAIL: 'EMAIL',
  PHONE: 'TELEPHONE',
  IBAN: 'IBAN',
  BIC: 'BIC',
  CREDIT_CARD: 'CARTE_BANCAIRE',
  FR_NIR: 'NIR',
  FR_SIREN: 'SIREN',
  FR_SIRET: 'SIRET',
  FR_VAT: 'TVA',
  FR_ID_CARD: 'CNI',
  PASSPORT: 'PASSEPORT',
  LICENSE_PLATE: 'PLAQUE',
  ADDRESS: 'ADRESSE',
  DATE_OF_BIRTH: 'DATE_NAISSANCE',
  IP_ADDRESS: 'ADRESSE_IP',
  URL_CREDENTIALS: 'URL_SECRETE',
  SECRET: 'SECRET',
  CONFIDENTIAL_MARKER: 'MENTION_CONFIDENTIELLE',
  CUSTOM: 'TERME_INTERNE',
  SOURCE_CODE: 'CODE_SOURCE',
  SPECIAL_CATEGORY: 'DONNEE_SENSIBLE',
};

export function labelFor(type: EntityType, language: PlaceholderLanguage): string {
  return language === 'fr' ? FRENCH_LABELS[type] : type;
}

/** `<PERSONNE_3>` */
export function formatPlaceholder(type: EntityType, index: number, language: PlaceholderLanguage): string {
  return `<${labelFor(type, language)}_${index}>`;
}

/** `[PERSONNE]`: what `redact` leaves. Not restorable, by design. */
export function redactionLabel(type: EntityType, language: PlaceholderLanguage): string {
  return `[${labelFor(type, language)}]`;
}

/** `[BLOQUÉ:SECRET]`: names the type (a stable code), never the value. */
export function blockLabel(type: EntityType, language: PlaceholderLanguage): string {
  return language === 'fr' ? `[BLOQUÉ:${type}]` : `[BLOCKED:${type}]`;
}

/** `<EMAIL_#a1b2c3d4e5>`: the `#` keeps it apart from restorable placeholders. */
export function hashLabel(type: EntityType, hexDigest: string, language: PlaceholderLanguage): string {
  return `<${labelFor(type, language)}_#${hexDigest}>`;
}

// ---------------------------------------------------------------------------------------
// Value normalisation: "FR76 3000 6000…" and "FR7630006000…" are the same IBAN, "Jean  DUPONT"
// and "jean dupont" the same person, so they share one placeholder in a conversation.

const IDENTIFIER_TYPES: ReadonlySet<EntityType> = new Set<EntityType>([
  'IBAN',
  'BIC',
  'CREDIT_CARD',
  'FR_NIR',
  'FR_SIREN',
  'FR_SIRET',
  'FR_VAT',
  'FR_ID_CARD',
  'PASSPORT',
  'LICENSE_PLATE',
  'PHONE',
]);
const CASE_FOLDED_TYPES: ReadonlySet<EntityType> = new Set<EntityType>(['EMAIL', 'PERSON', 'CUSTOM']);
const IDENTIFIER_SEPARATORS = /[\s.\-]+/g;
const WHITESPACE_RUNS = /\s+/g;

export function normalizeValue(type: EntityType, value: string): string {
  if (IDENTIFIER_TYPES.has(type)) return value.replace(IDENTIFIER_SEPARATORS, '').toUpperCase();
  if (CASE_FOLDED_TYPES.has(type)) return value.replace(WHITESPACE_RUNS, ' ').trim().toLowerCase();
  return value.trim();
}

// ---------------------------------------------------------------------------------------
// Tolerant labels. A model answering may re-case, space, accent or translate a placeholder;
// each accepted spelling is reduced to a normalised label (upper-case ASCII letters, single
// `_` between words) and mapped to the types it may denote.

/**
 * Extra spellings seen in model output: English labels without the `FR_` prefix, short forms.
 * `CARD`/`CARTE` may be a payment card or an identity card: resolved only when the vault
 * holds just one of them with that number.
 */
const EXTRA_ALIASES: ReadonlyArray<readonly [string, readonly EntityType[]]> = [
  ['NOM', ['PERSON']],
  ['NAME', ['PERSON']],
  ['PHONE_NUMBER', ['PHONE']],
  ['TEL', ['PHONE']],
  ['E_MAIL', ['EMAIL']],
  ['MAIL', ['EMAIL']],
  ['COURRIEL', ['EMAIL']],
  ['NIR', ['FR_NIR']],
  ['SIREN', ['FR_SIREN']],
  ['SIRET', ['FR_SIRET']],
  ['VAT', ['FR_VAT']],
  ['ID_CARD', ['FR_ID_CARD']],
  ['IP', ['IP_ADDRESS']],
  ['CARD', ['CREDIT_CARD', 'FR_ID_CARD']],
  ['CARTE', ['CREDIT_CARD', 'FR_ID_CARD']],
];

/** Normalised label → the types it may denote. */
export const LABEL_TYPES: ReadonlyMap<string, readonly EntityType[]> = buildLabelTypes();

function buildLabelTypes(): Map<string, EntityType[]> {
  const labels = new Map<string, EntityType[]>();
  const add = (label: string, type: EntityType) => {
    const types = labels.get(label);
    if (!types) labels.set(label, [type]);
    else if (!types.includes(type)) types.push(type);
  };
  for (const type of ENTITY_TYPES) {
    add(FRENCH_LABELS[type], type);
    add(type, type);
  }
  for (const [label, types] of EXTRA_ALIASES) for (const type of types) add(label, type);
  return labels;
}

/**
 * Latin-1 letters → upper-case ASCII base letter code (é → E), 0 when not a letter. Built once
 * so the placeholder scanner does no string work per character.
 */
const LATIN1_BASE_LETTER: Uint8Array = buildLatin1Table();

function buildLatin1Table(): Uint8Array {
  const table = new Uint8Array(256);
  for (let code = 0; code < 256; code++) {
    const base = String.fromCharCode(code).normalize('NFD').charAt(0).toUpperCase();
    const baseCode = base.charCodeAt(0);
    if (baseCode >= 65 && baseCode <= 90 && code !== 0xd7 && code !== 0xf7) table[code] = baseCode;
  }
  return table;
}

/** Upper-case ASCII letter code for a label character (accents dropped), or 0. */
export function labelLetter(charCode: number): number {
  return charCode < 256 ? LATIN1_BASE_LETTER[charCode]! : 0;
}

/** Reduces a label spelling to its normalised form: `Téléphone portable` → `TELEPHONE_PORTABLE`. */
export function normalizeLabel(raw: string): string {
  let out = '';
  let pendingSeparator = false;
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    const letter = labelLetter(code);
    if (letter !== 0) {
      if (pendingSeparator && out.length > 0) out += '_';
      pendingSeparator = false;
      out += String.fromCharCode(letter);
    } else if (code === 0x5f || code === 0x20 || code === 0x2d) pendingSeparator = true;
  }
  return out;
}

/**
 * A trie over normalised labels, walked character by character by the placeholder scanner:
 * it says at once whether what was read so far can still become a label, without building
 * strings. `_` (code 95) is the separator edge.
 */
export class LabelTrie {
  private readonly children = new Map<number, LabelTrie>();
  /** Set on nodes that end a complete label. */
  label: string | undefined;
  types: readonly EntityType[] | undefined;

  child(code: number): LabelTrie | undefined {
    return this.children.get(code);
  }

  static build(labels: Iterable<readonly [string, readonly EntityType[]]>): LabelTrie {
    const root = new LabelTrie();
    for (const [label, types] of labels) {
      let node: LabelTrie = root;
      for (let i = 0; i < label.length; i++) {
        const code = label.charCodeAt(i);
        let next = node.children.get(code);
        if (!next) {
          next = new LabelTrie();
          node.children.set(code, next);
        }
        node = next;
      }
      node.label = label;
      node.types = types;
    }
    return root;
  }
}

/** Trie of every label spelling that may denote one of `types` (restricted to those types). */
export function labelTrieFor(types: Iterable<EntityType>): LabelTrie {
  const wanted = new Set(types);
  const entries: [string, EntityType[]][] = [];
  for (const [label, labelTypes] of LABEL_TYPES) {
    const kept = labelTypes.filter((t) => wanted.has(t));
    if (kept.length > 0) entries.push([label, kept]);
  }
  return LabelTrie.build(entries);
}
