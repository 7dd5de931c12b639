/**
 * Context-word check bounded to the window around a finding. Same semantics as
 * `hasContext` in pattern-recognizer.ts, but it only ever scans the window, with one
 * precompiled alternation per word list instead of one `indexOf` per word over the rest of
 * the text: recognizers with many candidates per text (phone numbers, addresses) call it for
 * each one.
 */
import type { DetectedEntity, Recognizer } from '../../types.ts';
import { isWholeWord } from '../../keyword-index.ts';

const alternations = new WeakMap<readonly string[], RegExp>();

function alternationFor(words: readonly string[]): RegExp {
  let regex = alternations.get(words);
  if (!regex) {
    // Longest first, so "date de naissance" is tried before "date".
    const sorted = [...words].sort((a, b) => b.length - a.length);
    regex = new RegExp(sorted.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
    alternations.set(words, regex);
  }
  return regex;
}

export function hasNearbyWord(
  lowerText: string,
  start: number,
  end: number,
  words: readonly string[],
  windowBefore = 60,
  windowAfter = Math.ceil(windowBefore / 3),
): boolean {
  const from = Math.max(0, start - windowBefore);
  const to = Math.min(lowerText.length, end + windowAfter);
  const regex = alternationFor(words);
  const window = lowerText.slice(from, to);
  regex.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = regex.exec(window)) !== null) {
    const absolute = from + match.index;
    const wordEnd = absolute + match[0].length;
    if ((wordEnd <= start || absolute >= end) && isWholeWord(lowerText, absolute, wordEnd)) return true;
    // Overlapping candidates ("tel" inside "tél."?) are rare; step one character to find them.
    regex.lastIndex = match.index + 1;
  }
  return false;
}

export interface ContextRule {
  /** Lower-case words that, found near a finding, raise its score by `boost`. */
  words: readonly string[];
  boost: number;
  /** Drop findings without a context word nearby. */
  required?: boolean;
  /** Characters searched before the finding (after: a third of it). Default 60. */
  windowBefore?: number;
}

/**
 * Applies a context rule to a recognizer's findings with the bounded `hasNearbyWord`: used
 * instead of `patternRecognizer`'s own `context` option, whose check scans from the window
 * start to the end of the text for each absent word (quadratic on texts with many matches).
 */
export function withContext(recognizer: Recognizer, rule: ContextRule): Recognizer {
  const before = rule.windowBefore ?? 60;
  return {
    ...recognizer,
    find(input) {
      const kept: DetectedEntity[] = [];
      for (const entity of recognizer.find(input)) {
        const near = hasNearbyWord(input.lowerText, entity.start, entity.end, rule.words, before);
        if (near) entity.score = Math.min(1, entity.score + rule.boost);
        else if (rule.required) continue;
        kept.push(entity);
      }
      return kept;
    },
  };
}
