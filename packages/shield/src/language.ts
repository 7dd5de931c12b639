/**
 * Cheap French/English guess from function words: enough to pick recognizers' lexicons.
 * French wins ties (French first), and also accented letters count for French.
 *
 * It runs on every analysis, so it scans the sample once over cached character classes and
 * looks words up by a rolling hash checked in place: no split, no regex, no per-word string.
 */
import type { Language } from './types.ts';

const FRENCH_WORDS =
  'le la les un une des du de et est en au aux pour pas que qui dans sur avec par ce cette ces il elle nous vous ils sont mais ou où son sa ses leur je tu ne plus été être avoir fait monsieur madame'.split(' ');
const ENGLISH_WORDS =
  'the a an and is are was were of to in on for with by that this these it he she we you they not but or his her their be been have has do does at from mr mrs ms please'.split(' ');

/** Looks at the first ~2,000 characters only: enough to decide, bounded cost. */
const SAMPLE_LENGTH = 2000;
const FRENCH = 1;
const ENGLISH = 2;

interface FunctionWord {
  word: string;
  languages: number;
}

function hashWord(word: string): number {
  let hash = 0;
  for (let i = 0; i < word.length; i++) hash = (Math.imul(hash, 31) + word.charCodeAt(i)) | 0;
  return hash;
}

/** Rolling hash → the function words with that hash (collisions are checked in place). */
const FUNCTION_WORDS = new Map<number, FunctionWord[]>();
for (const [words, language] of [
  [FRENCH_WORDS, FRENCH],
  [ENGLISH_WORDS, ENGLISH],
] as const) {
  for (const word of words) {
    const hash = hashWord(word);
    const bucket = FUNCTION_WORDS.get(hash) ?? [];
    const known = bucket.find((entry) => entry.word === word);
    if (known) known.languages |= language;
    else bucket.push({ word, languages: language });
    FUNCTION_WORDS.set(hash, bucket);
  }
}
const LONGEST_FUNCTION_WORD = Math.max(...[...FRENCH_WORDS, ...ENGLISH_WORDS].map((w) => w.length));

// Word characters are letters (\p{L}) and the ASCII apostrophe, as in the original
// definition `split(/[^\p{L}']+/u)`. Classes cached per UTF-16 unit: 0 unknown, 1 word, 2 not.
const wordClass = new Uint8Array(65536);
const LETTER = /\p{L}/u;

function isWordUnit(code: number): boolean {
  let cls = wordClass[code]!;
  if (cls === 0) {
    // Surrogates are handled by the caller (a pair is one code point).
    cls = code === 39 || (!(code >= 0xd800 && code <= 0xdfff) && LETTER.test(String.fromCharCode(code))) ? 1 : 2;
    wordClass[code] = cls;
  }
  return cls === 1;
}

/** Code units of an astral letter at `index` (2), or 0 when it is not one. */
function astralLetterAt(text: string, index: number): number {
  const high = text.charCodeAt(index);
  if (high < 0xd800 || high > 0xdbff || index + 1 >= text.length) return 0;
  const low = text.charCodeAt(index + 1);
  if (low < 0xdc00 || low > 0xdfff) return 0;
  return LETTER.test(text.slice(index, index + 2)) ? 2 : 0;
}

/** Accented letters that only French (of the two) writes: any of them adds 2 for French, once. */
function isFrenchAccent(code: number): boolean {
  // é è ê à ç ù ô î œ
  return code === 0xe9 || code === 0xe8 || code === 0xea || code === 0xe0 || code === 0xe7 || code === 0xf9 || code === 0xf4 || code === 0xee || code === 0x153;
}

function functionWordLanguages(lower: string, start: number, end: number, hash: number): number {
  const bucket = FUNCTION_WORDS.get(hash);
  if (bucket === undefined) return 0;
  for (const entry of bucket) {
    if (entry.word.length === end - start && lower.startsWith(entry.word, start)) return entry.languages;
  }
  return 0;
}

/**
 * @param lowerText `text.toLowerCase()` when the caller has it already (the analyzer does):
 *   saves lower-casing the sample again.
 */
export function detectLanguage(text: string, lowerText?: string): Language {
  const sample = text.length > SAMPLE_LENGTH ? text.slice(0, SAMPLE_LENGTH) : text;
  const lower =
    lowerText === undefined ? sample.toLowerCase() : lowerText.length > SAMPLE_LENGTH ? lowerText.slice(0, SAMPLE_LENGTH) : lowerText;
  let fr = 0;
  let en = 0;
  let i = 0;
  while (i < lower.length) {
    const code = lower.charCodeAt(i);
    let unit = isWordUnit(code) ? 1 : astralLetterAt(lower, i);
    if (unit === 0) {
      i++;
      continue;
    }
    const start = i;
    let hash = 0;
    while (unit !== 0) {
      if (unit === 1) hash = (Math.imul(hash, 31) + lower.charCodeAt(i)) | 0;
      i += unit;
      if (i >= lower.length) break;
      unit = isWordUnit(lower.charCodeAt(i)) ? 1 : astralLetterAt(lower, i);
    }
    if (i - start <= LONGEST_FUNCTION_WORD) {
      const languages = functionWordLanguages(lower, start, i, hash);
      if (languages & FRENCH) fr++;
      if (languages & ENGLISH) en++;
    }
  }
  // The accent test reads the sample as written (capitals such as É do not count).
  for (let k = 0; k < sample.length; k++) {
    if (sample.charCodeAt(k) >= 0xe0 && isFrenchAccent(sample.charCodeAt(k))) {
      fr += 2;
      break;
    }
  }
  return en > fr ? 'en' : 'fr';
}
