/**
 * Everything the PERSON scan asks about one word, looked up once per distinct spelling.
 *
 * The scan asks up to twenty questions about a capitalised word and its neighbours (is it a
 * greeting, a particle, a street prefix, a known first name, a place…), each a Set or Map
 * look-up on its lower-cased text, and lower-casing allocates a string per token. The word
 * lists and the name dictionary never change, so the answers depend on the token's text
 * only: they are computed on first sight of a spelling, kept in a process-wide cache keyed
 * by the text as written, and cached again on the token.
 */
import { Shape, type Token } from './tokens.ts';
import { nameDictionary, firstNameEvidence, surnameEvidence, NameEvidence } from './names-dictionary.ts';
import * as lexicon from './titles.ts';
import type { TitleSpec } from './titles.ts';

// Bits of WordFacts.flags.
/** NEVER_NAME_WORDS, GREETINGS or calendar words: never a name word (see isNameWord). */
export const NOT_NAME_WORD = 1 << 0;
/** The text itself is a courtesy title ("M", "Mme"): case-sensitive. */
export const COURTESY_TITLE = 1 << 1;
export const GREETING = 1 << 2;
export const TITLE_JOINER = 1 << 3;
export const ROLE_NOUN = 1 << 4;
export const LOWER_PARTICLE = 1 << 5;
export const CAPITALIZED_PARTICLE = 1 << 6;
export const GREETING_TARGET_NOT_NAME = 1 << 7;
export const ORGANISATION_MARKER = 1 << 8;
export const STREET_PREFIX = 1 << 9;
export const STREET_OR_ORGANISATION_WORD = 1 << 10;
export const NAME_CUE = 1 << 11;
export const PLACE_PREPOSITION = 1 << 12;
export const FIRM_SUFFIX = 1 << 13;
export const CALENDAR_WORD = 1 << 14;
/** A place name that is not also a known first name or surname (isPlaceOnly). */
export const PLACE_ONLY = 1 << 15;

/** What `wordEvidence` in person.ts reports for a word (shared, never mutated). */
export interface WordEvidence {
  readonly kind: NameEvidence;
  readonly isFirstName: boolean;
  readonly isPlace: boolean;
  readonly allCaps: boolean;
}

export class WordFacts {
  readonly lower: string;
  readonly flags: number;
  /** Number of languages listing the word as a first name; 0 when none. */
  readonly firstNameWeight: number;
  readonly courtesyTitle: TitleSpec | undefined;
  readonly evidence: WordEvidence;

  /** `lower` is the token's `lower` (the text itself when it has no capital letter). */
  constructor(text: string, lower: string, shape: Shape) {
    const dict = nameDictionary();
    this.lower = lower;
    const placeOnly = dict.places.has(lower) && !dict.firstNames.has(lower) && !dict.surnames.has(lower);
    let flags = 0;
    if (lexicon.NEVER_NAME_WORDS.has(lower) || lexicon.GREETINGS.has(lower) || dict.calendarWords.has(lower)) flags |= NOT_NAME_WORD;
    if (lexicon.COURTESY_TITLES.has(text)) flags |= COURTESY_TITLE;
    if (lexicon.GREETINGS.has(lower)) flags |= GREETING;
    if (lexicon.TITLE_JOINERS.has(lower)) flags |= TITLE_JOINER;
    if (lexicon.ROLE_NOUNS.has(lower)) flags |= ROLE_NOUN;
    if (lexicon.LOWER_PARTICLES.has(lower)) flags |= LOWER_PARTICLE;
    if (lexicon.CAPITALIZED_PARTICLES.has(lower)) flags |= CAPITALIZED_PARTICLE;
    if (lexicon.GREETING_TARGETS_NOT_NAMES.has(lower)) flags |= GREETING_TARGET_NOT_NAME;
    if (lexicon.ORGANISATION_MARKERS.has(lower)) flags |= ORGANISATION_MARKER;
    if (lexicon.STREET_PREFIXES.has(lower)) flags |= STREET_PREFIX;
    if (lexicon.STREET_OR_ORGANISATION_WORDS.has(lower)) flags |= STREET_OR_ORGANISATION_WORD;
    if (lexicon.NAME_CUES.has(lower)) flags |= NAME_CUE;
    if (lexicon.PLACE_PREPOSITIONS.has(lower)) flags |= PLACE_PREPOSITION;
    if (lexicon.FIRM_SUFFIXES.has(lower)) flags |= FIRM_SUFFIX;
    if (dict.calendarWords.has(lower)) flags |= CALENDAR_WORD;
    if (placeOnly) flags |= PLACE_ONLY;
    this.flags = flags;
    this.firstNameWeight = dict.firstNames.get(lower) ?? 0;
    this.courtesyTitle = lexicon.COURTESY_TITLES.get(text);
    const first = firstNameEvidence(lower, dict);
    const surname = surnameEvidence(lower, dict);
    const kind = first === NameEvidence.FirstName ? first : surname === NameEvidence.Surname ? surname : Math.max(first, surname);
    this.evidence = {
      kind: kind as NameEvidence,
      isFirstName: first !== NameEvidence.None,
      isPlace: placeOnly,
      allCaps: shape === Shape.AllCaps,
    };
  }
}

/** Text as written → facts. Bounded: emptied when it grows past this many spellings. */
const CACHE_LIMIT = 100_000;
const cache = new Map<string, WordFacts>();

/** The facts of a token (its shape is a function of its text, so text is the whole key). */
export function factsOf(token: Token): WordFacts {
  let facts = token.facts;
  if (facts !== undefined) return facts;
  const text = token.text;
  facts = cache.get(text);
  if (facts === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    facts = new WordFacts(text, token.lower, token.shape);
    cache.set(text, facts);
  }
  token.facts = facts;
  return facts;
}
