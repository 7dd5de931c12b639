/**
 * Dates of birth: a date (numeric D/M/Y or M/D/Y, ISO, French or English written form) with a
 * birth word close before it or just after it ("né le", "née le", "date de naissance", "DOB",
 * "born on"). A date without birth context is not personal data on its own and is ignored.
 * The date must exist (day within its month) and the year lie in 1900–2099 (or two digits).
 */
import type { DetectedEntity, KeywordOccurrence, Recognizer } from '../../types.ts';
import { KeywordIndex, isWholeWord } from '../../keyword-index.ts';
import { hasNearbyWord } from '../identifiers/context.ts';

const FR_MONTHS: Readonly<Record<string, number>> = {
  janvier: 1, janv: 1, 'février': 2, fevrier: 2, 'févr': 2, fevr: 2, 'fév': 2, fev: 2, mars: 3, avril: 4, avr: 4, mai: 5,
  juin: 6, juillet: 7, juil: 7, 'août': 8, aout: 8, septembre: 9, sept: 9, octobre: 10, oct: 10, novembre: 11, nov: 11,
  'décembre': 12, decembre: 12, 'déc': 12, dec: 12,
};
const EN_MONTHS: Readonly<Record<string, number>> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6, july: 7, jul: 7,
  august: 8, aug: 8, september: 9, sep: 9, sept: 9, october: 10, oct: 10, november: 11, nov: 11, december: 12, dec: 12,
};
const MONTHS: Readonly<Record<string, number>> = { ...EN_MONTHS, ...FR_MONTHS };

// Longest names first so "juillet" is not read as "juil".
const MONTH_NAMES = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|');

export function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

function fullYear(year: string): number {
  const n = Number(year);
  return year.length === 2 ? 1900 + n : n;
}

const MONTH_NAME = new RegExp(`(${MONTH_NAMES})`);

/** Checks a matched date; numeric dates pass when either day-first or month-first reading exists. */
export function isPlausibleBirthDate(value: string): boolean {
  const lower = value.toLowerCase();
  const iso = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(lower);
  if (iso) return isRealDate(Number(iso[1]), Number(iso[2]), Number(iso[3])) && Number(iso[1]) >= 1900;
  const numeric = /^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$/.exec(lower);
  if (numeric) {
    const year = fullYear(numeric[3]!);
    if (year < 1900 || year > 2099) return false;
    const a = Number(numeric[1]);
    const b = Number(numeric[2]);
    return isRealDate(year, b, a) || isRealDate(year, a, b);
  }
  const month = MONTH_NAME.exec(lower)?.[1];
  const day = /\b(\d{1,2})(?:er|st|nd|rd|th)?\b/.exec(lower.replace(/\d{4}/, ''))?.[1];
  const year = /(\d{4})/.exec(lower)?.[1];
  if (!month || !day || !year) return false;
  return Number(year) >= 1900 && isRealDate(Number(year), MONTHS[month]!, Number(day));
}

const BIRTH_CONTEXT = [
  'né', 'née', 'nee', 'naissance', 'naît', 'dob', 'd.o.b', 'born', 'birth', 'birthday', 'birthdate', 'date of birth',
  'date de naissance', 'ddn', 'anniversaire',
];
/** Analyzer pre-filter: substrings of the context words (cheap, may over-trigger). */
const BIRTH_KEYWORDS = ['né', 'nee', 'naissance', 'naît', 'dob', 'd.o.b', 'born', 'birth', 'ddn', 'anniversaire'];

const CONTEXT_BEFORE = 45;
const CONTEXT_AFTER = 15;
/** Longest date we match ("12th of September, 1985" and spacing): windows are widened by it. */
const MAX_DATE_LENGTH = 40;

const DATE_PATTERNS: readonly RegExp[] = [
  /(?<![\d/.\-])\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})(?![\d/.\-]\d)/g,
  /\b(?:19|20)\d{2}([-/.])\d{1,2}\1\d{1,2}\b/g,
  new RegExp(`\\b(?:1er|\\d{1,2}(?:st|nd|rd|th)?)\\s+(?:of\\s+)?(?:${MONTH_NAMES})\\.?,?\\s+\\d{4}\\b`, 'gi'),
  new RegExp(`\\b(?:${MONTH_NAMES})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}\\b`, 'gi'),
];

/** Every birth word, found in one pass (one indexOf loop per word was most of this recognizer's time). */
const BIRTH_CONTEXT_INDEX = new KeywordIndex();
for (const word of BIRTH_CONTEXT) BIRTH_CONTEXT_INDEX.add(word, true);
BIRTH_CONTEXT_INDEX.build();

/**
 * Each birth word with the pre-filter keywords it contains and where: every birth word
 * contains one, so the analyzer's keyword hits locate every birth word.
 */
const BIRTH_WORDS_BY_KEYWORD = new Map<string, { word: string; offset: number }[]>();
for (const keyword of BIRTH_KEYWORDS) {
  const containing: { word: string; offset: number }[] = [];
  for (const word of BIRTH_CONTEXT) {
    for (let offset = word.indexOf(keyword); offset !== -1; offset = word.indexOf(keyword, offset + 1)) containing.push({ word, offset });
  }
  BIRTH_WORDS_BY_KEYWORD.set(keyword, containing);
}
if (BIRTH_CONTEXT.some((word) => !BIRTH_KEYWORDS.some((keyword) => word.includes(keyword)))) {
  throw new Error('date-of-birth: every birth word must contain a pre-filter keyword');
}

/** Every occurrence of a birth word (overlapping ones included), in no particular order. */
function birthWords(lowerText: string, keywordHits: readonly KeywordOccurrence[] | undefined, onWord: (start: number, end: number) => void): void {
  if (keywordHits === undefined) {
    BIRTH_CONTEXT_INDEX.scan(lowerText, (hit) => onWord(hit.start, hit.end));
    return;
  }
  for (const hit of keywordHits) {
    for (const { word, offset } of BIRTH_WORDS_BY_KEYWORD.get(hit.keyword) ?? []) {
      const at = hit.start - offset;
      // One word may be reached from two keywords it contains: duplicates give the same windows.
      if (at >= 0 && lowerText.startsWith(word, at)) onWord(at, at + word.length);
    }
  }
}

/** Text ranges where a date could have birth context: around each occurrence of a birth word. */
function candidateWindows(lowerText: string, keywordHits: readonly KeywordOccurrence[] | undefined): [number, number][] {
  const windows: [number, number][] = [];
  birthWords(lowerText, keywordHits, (at, end) => {
    // "né" inside "année" or "naissance" inside "connaissance" is no birth context.
    if (!isWholeWord(lowerText, at, end)) return;
    windows.push([Math.max(0, at - CONTEXT_AFTER - MAX_DATE_LENGTH), Math.min(lowerText.length, end + 20 + CONTEXT_BEFORE + MAX_DATE_LENGTH)]);
  });
  // Merging sorted windows gives the same ranges whatever the order of equal starts.
  windows.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const w of windows) {
    const last = merged[merged.length - 1];
    if (last && w[0] <= last[1]) last[1] = Math.max(last[1], w[1]);
    else merged.push(w);
  }
  return merged;
}

/**
 * Dates are searched only in windows around birth words, not in the whole text: the
 * month-name patterns would otherwise be tried at every word of every prompt.
 */
export const dateOfBirthRecognizer: Recognizer = {
  name: 'date-of-birth',
  entityTypes: ['DATE_OF_BIRTH'],
  keywords: BIRTH_KEYWORDS,
  wantsKeywordHits: true,
  find(input) {
    const found: DetectedEntity[] = [];
    const seen = new Set<number>();
    for (const [from, to] of candidateWindows(input.lowerText, input.keywordHits)) {
      const window = input.text.slice(from, to);
      for (const pattern of DATE_PATTERNS) {
        pattern.lastIndex = 0;
        for (const match of window.matchAll(pattern)) {
          const start = from + match.index;
          const end = start + match[0].length;
          if (seen.has(start) || !isPlausibleBirthDate(match[0])) continue;
          if (!hasNearbyWord(input.lowerText, start, end, BIRTH_CONTEXT, CONTEXT_BEFORE, CONTEXT_AFTER)) continue;
          seen.add(start);
          found.push({
            type: 'DATE_OF_BIRTH',
            start,
            end,
            score: 0.9,
            text: match[0],
            recognizer: 'date-of-birth',
            validated: true,
          });
        }
      }
    }
    return found;
  },
};
