/**
 * Dictionary matching shared by the lexicon families (CUSTOM, CONFIDENTIAL_MARKER,
 * SPECIAL_CATEGORY): accent folding that keeps offsets, one Aho–Corasick pass with
 * whole-word boundaries and leftmost-longest selection, and the derivation of the
 * analyzer's pre-filter keywords from accented terms.
 */
import { KeywordIndex, isWordChar } from '../../keyword-index.ts';
import { foldAccents } from '../../text-views.ts';

export { foldAccents } from '../../text-views.ts';

/** The matching key of a dictionary term: lower-cased, accent-folded, spaces collapsed. */
export function foldTerm(term: string): string {
  return foldAccents(term.trim().toLowerCase()).replace(/\s+/g, ' ');
}

export interface LexiconMatch<T> {
  start: number;
  /** Exclusive. */
  end: number;
  value: T;
}

interface LexiconEntry<T> {
  value: T;
  /** The key is a word beginning: the match extends to the end of the word. */
  prefix: boolean;
}

/**
 * A dictionary searched in one pass. Keys are matched verbatim against the text you pass
 * (normalise both sides the same way: `foldTerm` / `foldAccents`). A key ending in `*` is a
 * stem (`diabét*` finds diabète, diabétique): only its start needs a word boundary.
 */
export class Lexicon<T> {
  private readonly index = new KeywordIndex<LexiconEntry<T>>();

  add(key: string, value: T): this {
    const prefix = key.endsWith('*');
    const word = prefix ? key.slice(0, -1) : key;
    if (word.length > 0) this.index.add(word, { value, prefix });
    return this;
  }

  get size(): number {
    return this.index.keywordCount;
  }

  /**
   * Whole-word occurrences, leftmost-longest: where keys overlap (`secret` inside
   * `secret défense`), the earliest start wins, then the longest. Sorted by start.
   * The first value added for a key is reported.
   */
  match(text: string): LexiconMatch<T>[] {
    const candidates: LexiconMatch<T>[] = [];
    this.index.scan(text, (hit) => {
      if (isWordChar(text, hit.start - 1)) return;
      const entry = hit.values[0]!;
      let end = hit.end;
      if (entry.prefix) {
        while (isWordChar(text, end)) end++;
      } else if (isWordChar(text, end)) return;
      candidates.push({ start: hit.start, end, value: entry.value });
    });
    return leftmostLongest(candidates);
  }
}

/** Keeps non-overlapping spans, preferring the earliest start, then the longest. */
export function leftmostLongest<M extends { start: number; end: number }>(spans: M[]): M[] {
  if (spans.length < 2) return spans;
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: M[] = [];
  let keptEnd = -1;
  for (const span of spans) {
    if (span.start >= keptEnd) {
      kept.push(span);
      keptEnd = span.end;
    }
  }
  return kept;
}

/**
 * A pre-filter keyword for a term, valid against lower-cased but *unfolded* text (what the
 * analyzer scans): the longest run of the term without accents, apostrophes, spaces or `*`,
 * since those may be written differently in the text (é/e, ’/', no-break spaces). A short
 * run is still correct, only less selective.
 */
export function prefilterKeyword(term: string): string {
  const lower = term.toLowerCase();
  let best = '';
  for (const run of lower.split(/[^\x21-\x26\x28-\x29\x2b-\x7e]+/)) {
    if (run.length > best.length) best = run;
  }
  return best.length > 0 ? best : lower;
}

/** Distinct pre-filter keywords for a list of terms. */
export function prefilterKeywords(terms: Iterable<string>): string[] {
  const keywords = new Set<string>();
  for (const term of terms) keywords.add(prefilterKeyword(term));
  return [...keywords];
}
