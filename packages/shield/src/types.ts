/**
 * The shield's vocabulary. Entity type names are stable: the CLI, the API, the audit log,
 * policies and evaluations all use them (see shared/design/TAXONOMY.md).
 */

export const ENTITY_TYPES = [
  'PERSON',
  'EMAIL',
  'PHONE',
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
  'ADDRESS',
  'DATE_OF_BIRTH',
  'IP_ADDRESS',
  'URL_CREDENTIALS',
  'SECRET',
  'CONFIDENTIAL_MARKER',
  'CUSTOM',
  'SOURCE_CODE',
  'SPECIAL_CATEGORY',
] as const;

export type EntityType = (typeof ENTITY_TYPES)[number];

export function isEntityType(value: string): value is EntityType {
  return (ENTITY_TYPES as readonly string[]).includes(value);
}

/** Languages the recognizers know. `auto` lets the analyzer guess per text. */
export type Language = 'fr' | 'en';
export type LanguageOption = Language | 'auto';

/**
 * One finding. Offsets are JavaScript string indices (UTF-16 code units), `end` exclusive,
 * so `text.slice(start, end) === entity.text`.
 */
export interface DetectedEntity {
  type: EntityType;
  /** Finer kind: the secret rule id (`aws-access-key`), the special category (`health`), … */
  subtype?: string;
  start: number;
  end: number;
  /** 0..1; validated checksums score high, bare patterns lower, context raises the score. */
  score: number;
  text: string;
  /** Name of the recognizer that produced it. */
  recognizer: string;
  /** True when a checksum or a structural validator accepted the value. */
  validated?: boolean;
}

/** What every recognizer receives: the text once, pre-computed views of it, the language. */
export interface RecognizerInput {
  text: string;
  /** `text.toLowerCase()`, computed once per analysis (same length as `text` for our alphabets). */
  lowerText: string;
  language: Language;
  /**
   * Cache of `foldAccents(lowerText)` (accents stripped, same offsets), filled on first use by
   * `foldedLowerText(input)` in text-views.ts: read it through that function.
   */
  foldedLowerText?: string;
  /**
   * Set by the analyzer for a recognizer declaring `wantsKeywordHits`, during its `find` only:
   * every occurrence of that recognizer's keywords in `lowerText` (overlapping ones included),
   * in scan order (by end). Absent when the recognizer is called directly: it must then find
   * what it needs itself.
   */
  keywordHits?: readonly KeywordOccurrence[];
}

/** One occurrence of a pre-filter keyword in `lowerText`. */
export interface KeywordOccurrence {
  start: number;
  /** Exclusive. */
  end: number;
  keyword: string;
}

/**
 * A recognizer finds one family of entities. It is plain data plus a `find` function,
 * so adding one means adding one file and registering it.
 */
export interface Recognizer {
  /** Stable identifier, reported in `DetectedEntity.recognizer`. */
  name: string;
  /** The entity types it may report. */
  entityTypes: readonly EntityType[];
  /**
   * Keyword pre-filter: when present, the recognizer runs only if at least one of these
   * (lower-case) strings occurs in the text. The analyzer matches all recognizers' keywords
   * in one pass, so the cost does not grow with the number of rules.
   */
  keywords?: readonly string[];
  /** Languages it applies to; absent = all. */
  languages?: readonly Language[];
  /**
   * Ask the analyzer for the positions of its keywords (`RecognizerInput.keywordHits`), found
   * by the pre-filter pass it makes anyway: saves the recognizer a pass of its own.
   */
  wantsKeywordHits?: boolean;
  find(input: RecognizerInput): DetectedEntity[];
}

/** Where a request is going; policies may differ per destination. */
export const DESTINATIONS = ['on-premise', 'eu', 'non-eu'] as const;
export type Destination = (typeof DESTINATIONS)[number];

/** What to do with an entity. */
export const ACTIONS = ['pseudonymize', 'mask', 'redact', 'hash', 'block', 'allow'] as const;
export type Action = (typeof ACTIONS)[number];
