/**
 * SOURCE_CODE: a block of program source (the Samsung case), reported as one span with
 * subtype = the language when it is easy to tell (`python`, `java`, `sql`…).
 *
 * Fenced blocks (``` or ~~~, CommonMark-style, closing fence optional at the end of the
 * text) span from the opening fence to the closing one:
 * - 0.95 with a programming-language info string (```python);
 * - 0.90 when at least one line inside looks like code;
 * - 0.60 otherwise (a fenced log or listing is still pasted material);
 * - 0.40 with no code line, at least half the lines prose and no language announced (a
 *   quoted e-mail put in a fence).
 *
 * Unfenced blocks come from line signals (`line-signals.ts`): a run of lines where code
 * lines follow each other with at most 2 blank lines between them, comments and neutral
 * lines allowed inside, broken by a prose line (unless indented inside the block). The run
 * is trimmed to its first and last code lines and qualifies with
 * - at least 3 code lines (`MIN_CODE_LINES`), of which at least 2 strong ones
 *   (`MIN_STRONG_LINES`) other than lone brackets (so a 3-line JSON object is data, not
 *   code), and
 * - code lines making at least 60 % of its non-blank, non-comment lines (`MIN_CODE_RATIO`).
 * Score 0.65, +0.05 per strong line beyond 2, up to 0.9. A single inline `code` word, a
 * list, an address or prose cannot reach these thresholds.
 */
import type { DetectedEntity, Recognizer } from '../../types.ts';
import { classifyLine, mayBeStrong, type LineClass } from './line-signals.ts';
import { guessLanguage, isNonCodeFence, languageFromFence } from './language-guess.ts';

export const SOURCE_CODE_RECOGNIZER = 'source-code';

export const MIN_CODE_LINES = 3;
export const MIN_STRONG_LINES = 2;
export const MIN_CODE_RATIO = 0.6;
const MAX_BLANK_LINES_INSIDE = 2;
/** Lines made of brackets alone (`{`, `});`): they count as code, not as strong evidence. */
const BRACKETS_ONLY = /^\s*[\])}{[(]+[;,)]*\s*$/;

const SCORE_FENCE_WITH_LANGUAGE = 0.95;
const SCORE_FENCE_WITH_CODE = 0.9;
const SCORE_FENCE_OTHER = 0.6;
const SCORE_FENCE_PROSE = 0.4;
const SCORE_BLOCK_BASE = 0.65;
const SCORE_BLOCK_PER_EXTRA_STRONG = 0.05;
const SCORE_BLOCK_MAX = 0.9;

/**
 * Pre-filter: code nearly always holds one of these (lower-cased) strings; prose without
 * them never reaches the line analysis.
 */
const CODE_KEYWORDS = [
  '```', '~~~', ';', '{', '}', '=', '):', '=>', 'def ', 'import ', 'return', '#include', 'select ',
  'func ', 'fn ', '<?php', '</', '#!/', 'print(',
];

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})\s*([^\s`{]*)/;

interface Line {
  start: number;
  /** Exclusive, without the newline (nor a trailing \r). */
  end: number;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (;;) {
    const newline = text.indexOf('\n', start);
    const rawEnd = newline === -1 ? text.length : newline;
    const end = rawEnd > start && text.charCodeAt(rawEnd - 1) === 13 ? rawEnd - 1 : rawEnd;
    lines.push({ start, end });
    if (newline === -1) return lines;
    start = newline + 1;
  }
}

function entity(text: string, start: number, end: number, score: number, language: string | undefined): DetectedEntity {
  const found: DetectedEntity = {
    type: 'SOURCE_CODE',
    start,
    end,
    score,
    text: text.slice(start, end),
    recognizer: SOURCE_CODE_RECOGNIZER,
  };
  if (language !== undefined) found.subtype = language;
  return found;
}

function isBlank(text: string, line: Line): boolean {
  return text.slice(line.start, line.end).trim().length === 0;
}

/** Start offset without leading spaces, end offset without trailing ones. */
function trimmedSpan(text: string, line: Line): [number, number] {
  let start = line.start;
  let end = line.end;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return [start, end];
}

export function sourceCodeRecognizer(): Recognizer {
  return {
    name: SOURCE_CODE_RECOGNIZER,
    entityTypes: ['SOURCE_CODE'],
    keywords: CODE_KEYWORDS,
    find({ text }) {
      const hasFence = text.includes('```') || text.includes('~~~');
      // Unfenced code needs MIN_CODE_LINES lines, hence at least two newlines.
      const firstNewline = text.indexOf('\n');
      if (!hasFence && (firstNewline === -1 || text.indexOf('\n', firstNewline + 1) === -1)) return [];
      const lines = splitLines(text);
      const found: DetectedEntity[] = [];
      const classes = new Array<LineClass | 'fenced'>(lines.length);
      if (hasFence) findFencedBlocks(text, lines, classes, found);
      if (mayHoldUnfencedBlock(text, lines)) findUnfencedBlocks(text, lines, classes, found);
      return found;
    },
  };
}

/** Reports fenced blocks and marks their lines so the line analysis skips them. */
function findFencedBlocks(
  text: string,
  lines: readonly Line[],
  classes: (LineClass | 'fenced')[],
  found: DetectedEntity[],
): void {
  for (let i = 0; i < lines.length; i++) {
    const openingLine = text.slice(lines[i]!.start, lines[i]!.end);
    const open = FENCE_OPEN.exec(openingLine);
    if (!open) continue;
    const fence = open[1]!;
    const info = open[2] ?? '';
    if (openingLine.slice(open[0].length).includes(fence)) {
      // ```x = 1``` on one line is inline code, like a `word`: not a block.
      classes[i] = 'fenced';
      continue;
    }
    let close = i + 1;
    while (close < lines.length) {
      const candidate = text.slice(lines[close]!.start, lines[close]!.end).trim();
      if (candidate.startsWith(fence) && /^(`+|~+)$/.test(candidate) && candidate[0] === fence[0]) break;
      close++;
    }
    let lastLine = Math.min(close, lines.length - 1);
    // An unclosed fence ends at the last non-blank line, not at trailing newlines.
    while (close >= lines.length && lastLine > i && isBlank(text, lines[lastLine]!)) lastLine--;
    for (let k = i; k <= lastLine; k++) classes[k] = 'fenced';
    let codeLines = 0;
    let proseLines = 0;
    let nonBlank = 0;
    for (let k = i + 1; k < close && k < lines.length; k++) {
      const kind = classifyLine(text.slice(lines[k]!.start, lines[k]!.end), codeLines > 0);
      if (kind === 'blank') continue;
      nonBlank++;
      if (kind === 'strong' || kind === 'code') codeLines++;
      else if (kind === 'prose') proseLines++;
    }
    if (nonBlank > 0) {
      const [start] = trimmedSpan(text, lines[i]!);
      const [, end] = trimmedSpan(text, lines[lastLine]!);
      const fenceLanguage = languageFromFence(info);
      const content = text.slice(lines[i]!.end, close < lines.length ? lines[close]!.start : text.length);
      let score: number;
      if (fenceLanguage !== undefined) score = SCORE_FENCE_WITH_LANGUAGE;
      else if (codeLines > 0) score = SCORE_FENCE_WITH_CODE;
      else if (proseLines * 2 >= nonBlank && isNonCodeFence(info)) score = SCORE_FENCE_PROSE;
      else score = SCORE_FENCE_OTHER;
      found.push(entity(text, start, end, score, fenceLanguage ?? (codeLines > 0 ? guessLanguage(content) : undefined)));
    }
    i = lastLine;
  }
}

/**
 * An unfenced block needs MIN_STRONG_LINES strong lines: prose (the usual prompt, where a
 * ';' or '=' woke the recognizer up) is ruled out by a cheap look at each line instead of
 * the full classification (word ratios, a dozen patterns).
 */
function mayHoldUnfencedBlock(text: string, lines: readonly Line[]): boolean {
  let candidates = 0;
  for (const line of lines) {
    if (mayBeStrong(text.slice(line.start, line.end)) && ++candidates >= MIN_STRONG_LINES) return true;
  }
  return false;
}

interface OpenBlock {
  firstCode: number;
  lastCode: number;
}

function findUnfencedBlocks(
  text: string,
  lines: readonly Line[],
  classes: (LineClass | 'fenced')[],
  found: DetectedEntity[],
): void {
  let block: OpenBlock | undefined;
  let blankRun = 0;
  const close = () => {
    if (block) reportIfCode(text, lines, classes, block, found);
    block = undefined;
    blankRun = 0;
  };
  for (let i = 0; i < lines.length; i++) {
    if (classes[i] === 'fenced') {
      close();
      continue;
    }
    const lineText = text.slice(lines[i]!.start, lines[i]!.end);
    let kind = classifyLine(lineText, block !== undefined);
    // Indented prose inside a block is a string, a docstring or a comment body.
    if (kind === 'prose' && block && /^(?: {4}|\t)/.test(lineText)) kind = 'neutral';
    classes[i] = kind;
    if (kind === 'blank') {
      if (block && ++blankRun > MAX_BLANK_LINES_INSIDE) close();
      continue;
    }
    blankRun = 0;
    if (kind === 'strong' || kind === 'code') {
      if (block) block.lastCode = i;
      else block = { firstCode: i, lastCode: i };
    } else if (kind === 'prose') close();
  }
  close();
}

function reportIfCode(
  text: string,
  lines: readonly Line[],
  classes: readonly (LineClass | 'fenced')[],
  block: OpenBlock,
  found: DetectedEntity[],
): void {
  let code = 0;
  let strong = 0;
  let counted = 0;
  for (let i = block.firstCode; i <= block.lastCode; i++) {
    const kind = classes[i];
    if (kind === 'blank' || kind === 'comment') continue;
    counted++;
    // A lone `{` or `}` proves structure, not a program: `{ "key": "value" }` is data.
    if (kind === 'strong' && !BRACKETS_ONLY.test(text.slice(lines[i]!.start, lines[i]!.end))) strong++;
    if (kind === 'strong' || kind === 'code') code++;
  }
  if (code < MIN_CODE_LINES || strong < MIN_STRONG_LINES || code / counted < MIN_CODE_RATIO) return;
  const [start] = trimmedSpan(text, lines[block.firstCode]!);
  const [, end] = trimmedSpan(text, lines[block.lastCode]!);
  const score = Math.min(SCORE_BLOCK_MAX, SCORE_BLOCK_BASE + SCORE_BLOCK_PER_EXTRA_STRONG * (strong - MIN_STRONG_LINES));
  found.push(entity(text, start, end, score, guessLanguage(text.slice(start, end))));
}
