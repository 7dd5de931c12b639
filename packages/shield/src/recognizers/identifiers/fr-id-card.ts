/**
 * French national identity card numbers, only near identity-card words: the old 12-character
 * CNI (issue year and month, 3-character department/office code, 5-digit sequence) and the
 * 9-character alphanumeric number of the 2021 card. Neither carries a public checksum in the
 * number itself, so findings are never `validated`; the old format's month must be 01–12.
 */
import type { RecognizerInput } from '../../types.ts';
import { patternRecognizer } from '../../pattern-recognizer.ts';
import { withContext } from './context.ts';

export const ID_CARD_CONTEXT = [
  'cni', 'identité', 'identite', "carte d'identité", 'carte nationale', 'identity card', 'id card', 'national id', 'identity',
  'pièce d’identité', "pièce d'identité",
];

const ID_CARD_KEYWORDS = ['cni', 'identit', 'id card', 'national id'];
/** The context words that contain no pre-filter keyword: searched for themselves. */
const CONTEXT_WITHOUT_KEYWORD = ID_CARD_CONTEXT.filter((word) => !ID_CARD_KEYWORDS.some((keyword) => word.includes(keyword)));

/**
 * Match starts that can have a context word nearby (the rule below requires one within 60
 * characters before the match and 20 after; matches are at most 12 characters): around each
 * keyword hit (every other context word contains a keyword) and each other context word.
 */
function nearContextWords(input: RecognizerInput): [number, number][] | undefined {
  if (input.keywordHits === undefined) return undefined;
  const ranges: [number, number][] = [];
  const around = (at: number) => ranges.push([Math.max(0, at - 40), at + 80]);
  for (const hit of input.keywordHits) around(hit.start);
  for (const word of CONTEXT_WITHOUT_KEYWORD) {
    for (let at = input.lowerText.indexOf(word); at !== -1; at = input.lowerText.indexOf(word, at + 1)) around(at);
  }
  return ranges;
}

export const frIdCardRecognizer = withContext(
  patternRecognizer({
    name: 'fr-id-card',
    type: 'FR_ID_CARD',
    keywords: ID_CARD_KEYWORDS,
    wantsKeywordHits: true,
    matchStarts: nearContextWords,
    patterns: [
      // Issue year, month 01–12, office code, sequence.
      { name: 'cni-1988', regex: /\b\d{2}(?:0[1-9]|1[0-2])[0-9A-Z]{3}\d{5}\b/g, score: 0.6, subtype: 'cni-1988' },
      // 9 characters mixing letters and digits (the lookaheads stop plain words and plain numbers).
      // Lower than the French passport shape it can share, so a passport word nearby wins.
      { name: 'cni-2021', regex: /\b(?=[A-Z0-9]{0,8}\d)(?=[0-9]{0,8}[A-Z])[A-Z0-9]{9}\b/g, score: 0.5, subtype: 'cni-2021' },
    ],
  }),
  { words: ID_CARD_CONTEXT, boost: 0.35, required: true },
);
