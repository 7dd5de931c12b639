/**
 * Views of the analysed text shared by recognizers. The analyzer builds one RecognizerInput
 * per text; a view several recognizers need (the accent-folded text of the lexicon families)
 * is computed on first use and cached on that input, so it costs one pass per analysis.
 */
import type { RecognizerInput } from './types.ts';

/**
 * Per-code-unit replacement for U+0080..U+024F (Latin-1 and Latin Extended-A/B) plus the
 * typographic variants French text is full of; 0 = kept as it is. Each replacement is one
 * UTF-16 unit, so a folded text has exactly the offsets of the original. Characters that
 * would need two units (œ → oe, ß → ss) are kept.
 */
const FOLDED_CODE: Uint16Array = buildFoldTable();

function buildFoldTable(): Uint16Array {
  const table = new Uint16Array(0x2020);
  for (let code = 0x80; code <= 0x24f; code++) {
    const char = String.fromCharCode(code);
    const base = char.normalize('NFD').replace(/\p{M}/gu, '');
    if (base.length === 1 && base !== char) table[code] = base.charCodeAt(0);
  }
  table[0xa0] = 0x20; // no-break space, common in pasted French text
  // Typographic characters outside that range, folded to their ASCII look-alike.
  table[0x2019] = 0x27; // ’ right single quotation mark: the usual French apostrophe
  table[0x2018] = 0x27;
  table[0x02bc] = 0x27;
  table[0x2010] = 0x2d;
  table[0x2011] = 0x2d;
  table[0x2009] = 0x20;
  return table;
}
/** Narrow no-break space (before « : ; ! ? » in French typography): beyond the table. */
const NARROW_NO_BREAK_SPACE = 0x202f;

function foldedCode(code: number): number {
  if (code < 0x80) return 0;
  if (code < 0x2020) return FOLDED_CODE[code]!;
  return code === NARROW_NO_BREAK_SPACE ? 0x20 : 0;
}

/** Non-ASCII code units: the regex engine skips ASCII runs faster than a charCodeAt loop. */
const NON_ASCII = /[^\x00-\x7f]/g;

/**
 * Strips accents and normalises apostrophes and odd spaces, keeping every offset: the
 * result has the input's length and `folded[i]` comes from `text[i]`. Pass lower-cased text.
 * ASCII text is returned as it is (no allocation).
 */
export function foldAccents(text: string): string {
  let out: string | undefined;
  let copiedUpTo = 0;
  NON_ASCII.lastIndex = 0;
  for (let found = NON_ASCII.exec(text); found !== null; found = NON_ASCII.exec(text)) {
    const i = found.index;
    const folded = foldedCode(text.charCodeAt(i));
    if (folded === 0) continue;
    out = (out ?? '') + text.slice(copiedUpTo, i) + String.fromCharCode(folded);
    copiedUpTo = i + 1;
  }
  return out === undefined ? text : out + text.slice(copiedUpTo);
}

/** `foldAccents(input.lowerText)`, computed once per analysis. */
export function foldedLowerText(input: RecognizerInput): string {
  return (input.foldedLowerText ??= foldAccents(input.lowerText));
}
