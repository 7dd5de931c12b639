/**
 * CONFIDENTIAL_MARKER: classification labels ("Confidentiel", "Diffusion restreinte",
 * "Internal use only", "Under NDA", the organisation's own labels). Subtype = the normalised
 * level (`confidential`, `restricted`, `secret`, `internal`, `nda`, `custom`).
 *
 * Markers are labels, so the score comes from how the words are written, not just that
 * they occur. Adjacent labels on a line ("CONFIDENTIEL – NE PAS DIFFUSER") are judged as one
 * run. Scores (the highest that applies):
 * - 0.95 after a classification key: "Classification : Interne", "Diffusion : restreinte";
 * - 0.90 alone on its line (with separators and filler such as "Document", "C3", "v2");
 * - 0.85 in brackets or emphasis: "[CONFIDENTIEL]", "(Internal only)", "**Secret**";
 * - 0.85 at the start of a line followed by a separator ("Confidentiel : …"), or at the end
 *   of a line after one ("Projet Orion – Confidentiel");
 * - 0.80 written in capitals ("this deck is CONFIDENTIAL");
 * - 0.75 in a statement about the content ("ce document est confidentiel", "à titre
 *   confidentiel"), or in the first/last line (≤ 80 characters) of a text of 3+ lines;
 * - otherwise 0.60 for strong labels, 0.35 for plain ones (below the default threshold).
 * Weak labels ("Secret", "Interne", "Restricted", "Proprietary", "NDA") count only after a
 * key, or capitalised on a marking line or in brackets (not quotes), or in capitals at the
 * start/end of a line; elsewhere in capitals they score 0.45, and in prose ("le secret de la
 * réussite", "a secret recipe", `getSecret(secret)`) they are not reported at all.
 */
import type { DetectedEntity, Recognizer, RecognizerInput } from '../../types.ts';
import { isWordChar } from '../../keyword-index.ts';
import { foldedLowerText } from '../../text-views.ts';
import { Lexicon, foldTerm, prefilterKeywords } from '../custom-terms/lexicon-matching.ts';
import {
  BUILT_IN_LABELS,
  CLASSIFICATION_KEYS,
  MARKING_LINE_FILLERS,
  type LabelStrength,
  type MarkerLabel,
  type MarkerLevel,
} from './labels.ts';

export type { MarkerLevel, LabelStrength } from './labels.ts';

export const CONFIDENTIAL_MARKER_RECOGNIZER = 'confidential-marker';

export interface CustomMarkerLabel {
  label: string;
  /** Default `custom`. */
  level?: MarkerLevel;
  /** Default `strong`: an organisation's own label is rarely an ordinary word. */
  strength?: LabelStrength;
}

export interface ConfidentialMarkerOptions {
  /** The organisation's labels ("C3 – Sensible", "Acme Restricted"); they take precedence over built-in ones. */
  extraLabels?: readonly (string | CustomMarkerLabel)[];
}

const SCORE_KEYED = 0.95;
const SCORE_MARKING_LINE = 0.9;
const SCORE_BRACKETED = 0.85;
const SCORE_LINE_EDGE = 0.85;
const SCORE_CAPITALS = 0.8;
const SCORE_STATEMENT = 0.75;
const SCORE_HEADER_FOOTER = 0.75;
const SCORE_STRONG_IN_PROSE = 0.6;
const SCORE_WEAK_CAPITALISED = 0.45;
const SCORE_PLAIN_IN_PROSE = 0.35;
/** Header/footer lines are only meaningful in a document, not in a one-line prompt. */
const HEADER_FOOTER_MIN_LINES = 3;
const HEADER_FOOTER_MAX_LENGTH = 80;

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** "Classification :" (anything before it on the line), then only punctuation up to the label. Runs on folded text. */
const KEYED_BEFORE = new RegExp(
  `(?:^|[^\\p{L}\\p{N}])(?:${CLASSIFICATION_KEYS.map(escapeRegex).join('|')})\\s*[:=]\\s*[^\\p{L}\\p{N}]*$`,
  'u',
);

/** "<content> is (strictly)?" or "à titre" right before a plain label ("de manière confidentielle" is prose). Folded text. */
const STATEMENT_BEFORE =
  /(?:^|[^\p{L}\p{N}])(?:(?:documents?|e-?mails?|messages?|courriels?|fichiers?|files?|notes?|rapports?|reports?|presentations?|contenus?|contents?|pieces? jointes?|attachments?|informations?|donnees|data|ceci|cela|this|it|these)\s+(?:est|sont|is|are|reste|restent|remains?|demeure|demeurent|doit rester|doivent rester|must remain|must be kept|should be kept|must be treated as|should be treated as|considere comme|consideree?s? comme|consideres comme)|a titre)\s+(?:strictement\s+|strictly\s+|hautement\s+|highly\s+|tres\s+)?$/u;

const SEPARATORS = new Set([':', '-', '–', '—', '|', '/', '•', '·', '=']);
const OPENING_TO_CLOSING = new Map([
  ['[', ']'],
  ['(', ')'],
  ['«', '»'],
  ['“', '”'],
  ['"', '"'],
  ["'", "'"],
  ['‹', '›'],
  ['<', '>'],
  ['{', '}'],
  ['*', '*'],
  ['_', '_'],
]);
/** Quotes and code brackets: around an ordinary word they mean a string or an argument, not a label. */
const BRACKETS_TOO_LOOSE_FOR_WEAK = new Set(['"', "'", '<', '{', '_']);

interface LabelHit {
  start: number;
  end: number;
  label: MarkerLabel;
}

export function confidentialMarkerRecognizer(options: ConfidentialMarkerOptions = {}): Recognizer {
  const lexicon = new Lexicon<MarkerLabel>();
  const allLabels: MarkerLabel[] = [];
  for (const extra of options.extraLabels ?? []) {
    const spec = typeof extra === 'string' ? { label: extra } : extra;
    if (spec.label.trim().length === 0) continue;
    allLabels.push({ label: spec.label, level: spec.level ?? 'custom', strength: spec.strength ?? 'strong' });
  }
  allLabels.push(...BUILT_IN_LABELS);
  for (const label of allLabels) lexicon.add(foldTerm(label.label).replace(/\*+$/, ''), label);

  return {
    name: CONFIDENTIAL_MARKER_RECOGNIZER,
    entityTypes: ['CONFIDENTIAL_MARKER'],
    keywords: prefilterKeywords(allLabels.map((l) => l.label)),
    find(input) {
      const folded = foldedLowerText(input);
      const hits = lexicon.match(folded).map((m) => ({ start: m.start, end: m.end, label: m.value }));
      if (hits.length === 0) return [];
      const found: DetectedEntity[] = [];
      const edges = documentEdges(input.text);
      // Hits are sorted by start: handle them line by line.
      for (let i = 0; i < hits.length; ) {
        const lineStart = input.text.lastIndexOf('\n', hits[i]!.start - 1) + 1;
        const lineEnd = endOfLine(input.text, hits[i]!.start);
        let j = i;
        while (j < hits.length && hits[j]!.start < lineEnd) j++;
        scoreLine(input, folded, hits.slice(i, j), lineStart, lineEnd, edges, found);
        i = j;
      }
      return found;
    },
  };
}

function endOfLine(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  const end = newline === -1 ? text.length : newline;
  return end > from && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
}

interface DocumentEdges {
  /** Line starts of the first and last non-blank lines, when the text has enough lines. */
  firstLineStart: number;
  lastLineStart: number;
}

function documentEdges(text: string): DocumentEdges | undefined {
  let nonBlankLines = 0;
  let firstLineStart = -1;
  let lastLineStart = -1;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    if (text.slice(lineStart, lineEnd).trim().length > 0) {
      nonBlankLines++;
      if (firstLineStart === -1) firstLineStart = lineStart;
      lastLineStart = lineStart;
    }
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  return nonBlankLines >= HEADER_FOOTER_MIN_LINES ? { firstLineStart, lastLineStart } : undefined;
}

function hasLetterOrDigit(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (isWordChar(text, i)) return true;
  return false;
}

/** True when every letter of [start, end) is a capital and there are at least two. */
function isAllCapitals(text: string, start: number, end: number): boolean {
  let letters = 0;
  for (let i = start; i < end; i++) {
    const c = text[i]!;
    if (c.toLowerCase() !== c.toUpperCase()) {
      if (c !== c.toUpperCase()) return false;
      letters++;
    }
  }
  return letters >= 2;
}

function isCapitalised(text: string, start: number): boolean {
  const c = text[start]!;
  return c !== c.toLowerCase();
}

/**
 * When the line is nothing but labels, punctuation, numbers and filler words: how many
 * words besides the labels it holds (fillers and numbers). Otherwise -1.
 */
function markingLineCompanions(folded: string, hits: readonly LabelHit[], lineStart: number, lineEnd: number): number {
  let companions = hits.length - 1;
  let from = lineStart;
  for (const hit of [...hits, { start: lineEnd, end: lineEnd }]) {
    for (const token of folded.slice(from, hit.start).match(/[\p{L}\p{N}]+/gu) ?? []) {
      if (!MARKING_LINE_FILLERS.has(token) && !/^\d+$/.test(token)) return -1;
      companions++;
    }
    from = hit.end;
  }
  return companions;
}

function previousNonSpace(text: string, index: number, lineStart: number): number {
  let i = index - 1;
  while (i >= lineStart && (text[i] === ' ' || text[i] === '\t' || text[i] === '\u00a0')) i--;
  return i;
}

function nextNonSpace(text: string, index: number, lineEnd: number): number {
  let i = index;
  while (i < lineEnd && (text[i] === ' ' || text[i] === '\t' || text[i] === '\u00a0')) i++;
  return i;
}

/**
 * Where a run of adjacent labels sits on its line: the facts the scores are made of.
 * A run is labels separated only by spaces and punctuation.
 */
interface RunPlacement {
  keyed: boolean;
  /** Opening bracket character, when the run is enclosed in a matching pair. */
  bracket: string | undefined;
  /** The bracket is glued to a word before it (`getSecret(secret)`): a call, not a label. */
  bracketAfterWord: boolean;
  /** Only decoration before the run, and a separator (or nothing) after it. */
  leadsLine: boolean;
  /** Only decoration after the run, and a separator before it. */
  endsLine: boolean;
}

function placeRun(
  text: string,
  folded: string,
  runStart: number,
  runEnd: number,
  lineStart: number,
  lineEnd: number,
): RunPlacement {
  const before = previousNonSpace(text, runStart, lineStart);
  const after = nextNonSpace(text, runEnd, lineEnd);
  const opening = before >= lineStart ? text[before]! : undefined;
  const closing = after < lineEnd ? text[after] : undefined;
  const bracket =
    opening !== undefined && closing !== undefined && OPENING_TO_CLOSING.get(opening) === closing ? opening : undefined;
  const nothingBefore = !hasLetterOrDigit(text, lineStart, runStart);
  const nothingAfter = !hasLetterOrDigit(text, runEnd, lineEnd);
  const separatorAfter = closing !== undefined && SEPARATORS.has(closing);
  const separatorBefore = opening !== undefined && SEPARATORS.has(opening);
  return {
    keyed: KEYED_BEFORE.test(folded.slice(lineStart, runStart)),
    bracket,
    bracketAfterWord: bracket !== undefined && isWordChar(text, before - 1),
    leadsLine: nothingBefore && (separatorAfter || nothingAfter),
    endsLine: nothingAfter && separatorBefore,
  };
}

function scoreLine(
  input: RecognizerInput,
  folded: string,
  lineHits: readonly LabelHit[],
  lineStart: number,
  lineEnd: number,
  edges: DocumentEdges | undefined,
  found: DetectedEntity[],
): void {
  const { text } = input;
  const companions = markingLineCompanions(folded, lineHits, lineStart, lineEnd);
  const atDocumentEdge =
    edges !== undefined &&
    (lineStart === edges.firstLineStart || lineStart === edges.lastLineStart) &&
    lineEnd - lineStart <= HEADER_FOOTER_MAX_LENGTH;

  for (let r = 0; r < lineHits.length; ) {
    // Extend the run while the gap to the next label holds no letter or digit.
    let e = r;
    while (e + 1 < lineHits.length && !hasLetterOrDigit(text, lineHits[e]!.end, lineHits[e + 1]!.start)) e++;
    const placement = placeRun(text, folded, lineHits[r]!.start, lineHits[e]!.end, lineStart, lineEnd);
    for (let h = r; h <= e; h++) {
      const hit = lineHits[h]!;
      const score = scoreHit(text, folded, hit, placement, companions, atDocumentEdge, lineStart);
      if (score === undefined) continue;
      found.push({
        type: 'CONFIDENTIAL_MARKER',
        subtype: hit.label.level,
        start: hit.start,
        end: hit.end,
        score,
        text: text.slice(hit.start, hit.end),
        recognizer: CONFIDENTIAL_MARKER_RECOGNIZER,
      });
    }
    r = e + 1;
  }
}

function scoreHit(
  text: string,
  folded: string,
  hit: LabelHit,
  placement: RunPlacement,
  /** See `markingLineCompanions`. */
  markingLineCompanions: number,
  atDocumentEdge: boolean,
  lineStart: number,
): number | undefined {
  const strength = hit.label.strength;
  const capitals = isAllCapitals(text, hit.start, hit.end);
  const markingLine = markingLineCompanions >= 0;
  if (placement.keyed) return SCORE_KEYED;

  if (strength === 'weak') {
    const capitalised = isCapitalised(text, hit.start);
    // "Document interne" is a marking line; a lone lower-case "interne" may be a list value.
    if (markingLine && (capitalised || markingLineCompanions > 0)) return SCORE_MARKING_LINE;
    if (!capitalised) return undefined;
    if (
      placement.bracket !== undefined &&
      !placement.bracketAfterWord &&
      !BRACKETS_TOO_LOOSE_FOR_WEAK.has(placement.bracket)
    ) {
      return SCORE_BRACKETED;
    }
    if (capitals && (placement.leadsLine || placement.endsLine)) return SCORE_LINE_EDGE;
    return capitals ? SCORE_WEAK_CAPITALISED : undefined;
  }

  let score = strength === 'strong' ? SCORE_STRONG_IN_PROSE : SCORE_PLAIN_IN_PROSE;
  if (markingLine) score = Math.max(score, SCORE_MARKING_LINE);
  if (placement.bracket !== undefined && !placement.bracketAfterWord) score = Math.max(score, SCORE_BRACKETED);
  if (placement.leadsLine || placement.endsLine) score = Math.max(score, SCORE_LINE_EDGE);
  if (capitals) score = Math.max(score, SCORE_CAPITALS);
  if (atDocumentEdge) score = Math.max(score, SCORE_HEADER_FOOTER);
  if (score < SCORE_STATEMENT && STATEMENT_BEFORE.test(folded.slice(Math.max(lineStart, hit.start - 60), hit.start))) {
    score = SCORE_STATEMENT;
  }
  return score;
}
