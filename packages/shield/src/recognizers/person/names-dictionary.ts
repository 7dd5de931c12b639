/**
 * Name knowledge, decoded once from the generated data module (see
 * `scripts/generate-person-names.ts`) into Maps and Sets for O(1) look-ups per token.
 */
import { CALENDAR_WORDS, FIRST_NAMES, NAMES_THAT_ARE_WORDS, PLACE_NAMES, SURNAMES } from './data/names.ts';
import { AMBIGUOUS_NAME_WORDS } from './titles.ts';

export interface NameDictionary {
  /** lower-case first name → number of languages listing it (1–9). */
  firstNames: ReadonlyMap<string, number>;
  /** lower-case surname → number of languages listing it (1–9). */
  surnames: ReadonlyMap<string, number>;
  /** Names that are also dictionary words (any frequency). */
  namesThatAreWords: ReadonlySet<string>;
  places: ReadonlySet<string>;
  calendarWords: ReadonlySet<string>;
}

function decodeWeighted(encoded: string): Map<string, number> {
  const weights = new Map<string, number>();
  for (const entry of encoded.split('|')) weights.set(entry.slice(0, -1), entry.charCodeAt(entry.length - 1) - 48);
  return weights;
}

let dictionary: NameDictionary | undefined;

/** Decoded on first use (a few milliseconds, once per process or page). */
export function nameDictionary(): NameDictionary {
  dictionary ??= {
    firstNames: decodeWeighted(FIRST_NAMES),
    surnames: decodeWeighted(SURNAMES),
    namesThatAreWords: new Set(NAMES_THAT_ARE_WORDS.split('|')),
    places: new Set(PLACE_NAMES.split('|')),
    calendarWords: new Set(CALENDAR_WORDS.split('|')),
  };
  return dictionary;
}

/**
 * How much a word alone suggests a person. The word lists flag many real first names
 * ("john" is an English word), so a dictionary clash only counts against names few
 * languages list; widely used names are ambiguous only when hand-listed (`AMBIGUOUS_NAME_WORDS`).
 */
export const enum NameEvidence {
  None = 0,
  /** A name that is also a common word or a place: needs support. */
  Ambiguous = 1,
  /** A known surname. */
  Surname = 2,
  /** A known first name. */
  FirstName = 3,
}

export function firstNameEvidence(lower: string, dict: NameDictionary = nameDictionary()): NameEvidence {
  const weight = dict.firstNames.get(lower);
  if (weight === undefined) return NameEvidence.None;
  if (isAmbiguousWord(lower, weight, dict)) return NameEvidence.Ambiguous;
  return NameEvidence.FirstName;
}

export function surnameEvidence(lower: string, dict: NameDictionary = nameDictionary()): NameEvidence {
  const weight = dict.surnames.get(lower);
  if (weight === undefined) return NameEvidence.None;
  if (isAmbiguousWord(lower, weight, dict)) return NameEvidence.Ambiguous;
  return NameEvidence.Surname;
}

function isAmbiguousWord(lower: string, weight: number, dict: NameDictionary): boolean {
  if (AMBIGUOUS_NAME_WORDS.has(lower) || dict.calendarWords.has(lower)) return true;
  if (dict.places.has(lower) && weight < 3) return true;
  return weight < 3 && dict.namesThatAreWords.has(lower);
}
