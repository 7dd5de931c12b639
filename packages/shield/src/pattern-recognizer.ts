/**
 * Presidio-style declarative recognizer: named patterns with base scores, context words that
 * raise the score when nearby, and a validation hook (checksums). Most recognizers are one
 * call to `patternRecognizer`.
 */
import type { DetectedEntity, EntityType, Language, Recognizer, RecognizerInput } from './types.ts';
import { isWholeWord } from './keyword-index.ts';

export interface PatternSpec {
  /** Pattern id, for debugging and tests. */
  name: string;
  /** Must carry the `g` flag. */
  regex: RegExp;
  /** Base score in 0..1 before validation and context. */
  score: number;
  /** Capture group to report instead of the whole match (e.g. to skip a prefix). */
  group?: number;
  /** Overrides the recognizer's subtype for this pattern. */
  subtype?: string;
}

/** What a validator says about a candidate. */
export type ValidationResult =
  | boolean // false: reject; true: checksum/structure holds (score raised to ≥ validatedScore)
  | { valid: boolean; score?: number; subtype?: string };

export interface PatternRecognizerSpec {
  name: string;
  type: EntityType;
  subtype?: string;
  patterns: readonly PatternSpec[];
  /** Pre-filter keywords (lower-case); see `Recognizer.keywords`. */
  keywords?: readonly string[];
  languages?: readonly Language[];
  /** Lower-case words that, found near the match, raise its score by `contextBoost`. */
  context?: readonly string[];
  /** Characters searched for context before the match (after: a third of it). Default 60. */
  contextWindow?: number;
  /** Default 0.35. */
  contextBoost?: number;
  /** Report only when a context word is near (for formats that are ambiguous alone). */
  requireContext?: boolean;
  /** Score given to a validated match when the base score was lower. Default 0.95. */
  validatedScore?: number;
  validate?: (value: string, input: RecognizerInput, start: number) => ValidationResult;
  /** See `Recognizer.wantsKeywordHits` (for `matchStarts`). */
  wantsKeywordHits?: boolean;
  /**
   * Where a reportable match can start, when only some places can give a finding (near a
   * required context word): [from, to] ranges, inclusive, in any order; undefined = anywhere.
   * Only for patterns whose matches are whole runs of ASCII word characters (`\b…\b` around
   * `[A-Za-z0-9_]` only): such matches never overlap, so trying the pattern (sticky) at each
   * word start inside the ranges finds exactly the matches a search of the whole text finds
   * there, in the same order.
   */
  matchStarts?: (input: RecognizerInput) => readonly (readonly [number, number])[] | undefined;
}

const isAsciiWordCode = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/** The matches of a `g` pattern starting at word starts inside `ranges` (see matchStarts). */
function matchesInRanges(text: string, sticky: RegExp, ranges: readonly (readonly [number, number])[]): RegExpExecArray[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const matches: RegExpExecArray[] = [];
  let next = 0;
  for (const [from, to] of sorted) {
    const last = Math.min(to, text.length - 1);
    for (let at = Math.max(from, next, 0); at <= last; at++) {
      if (!isAsciiWordCode(text.charCodeAt(at)) || (at > 0 && isAsciiWordCode(text.charCodeAt(at - 1)))) continue;
      sticky.lastIndex = at;
      const match = sticky.exec(text);
      if (match === null) continue;
      matches.push(match);
      next = at + Math.max(1, match[0].length);
      at = next - 1;
    }
  }
  return matches;
}

/** True when one of `words` occurs as a whole word in `lowerText` within the window around [start, end). */
export function hasContext(
  lowerText: string,
  start: number,
  end: number,
  words: readonly string[],
  windowBefore = 60,
  windowAfter = Math.ceil(windowBefore / 3),
): boolean {
  const from = Math.max(0, start - windowBefore);
  const to = Math.min(lowerText.length, end + windowAfter);
  // Search only the window: searching to the end of the text for every match would make
  // texts with many matches quadratic.
  const window = lowerText.slice(from, to);
  const matchStart = start - from;
  const matchEnd = end - from;
  for (const word of words) {
    let at = window.indexOf(word);
    while (at !== -1) {
      const outside = at + word.length <= matchStart || at >= matchEnd;
      if (outside && isWholeWord(window, at, at + word.length)) {
        // Word boundaries at the window's edges must be checked against the whole text.
        if (isWholeWord(lowerText, from + at, from + at + word.length)) return true;
      }
      at = window.indexOf(word, at + 1);
    }
  }
  return false;
}

export function patternRecognizer(spec: PatternRecognizerSpec): Recognizer {
  const boost = spec.contextBoost ?? 0.35;
  const windowBefore = spec.contextWindow ?? 60;
  const validatedScore = spec.validatedScore ?? 0.95;
  for (const p of spec.patterns) {
    if (!p.regex.global) throw new Error(`pattern ${spec.name}/${p.name} needs the g flag`);
  }
  const stickyPatterns = spec.matchStarts ? spec.patterns.map((p) => new RegExp(p.regex.source, p.regex.flags + 'y')) : [];
  return {
    name: spec.name,
    entityTypes: [spec.type],
    keywords: spec.keywords,
    languages: spec.languages,
    ...(spec.wantsKeywordHits ? { wantsKeywordHits: true } : {}),
    find(input) {
      const found: DetectedEntity[] = [];
      const ranges = spec.matchStarts?.(input);
      for (let p = 0; p < spec.patterns.length; p++) {
        const pattern = spec.patterns[p]!;
        pattern.regex.lastIndex = 0;
        const matches = ranges === undefined ? input.text.matchAll(pattern.regex) : matchesInRanges(input.text, stickyPatterns[p]!, ranges);
        for (const match of matches) {
          const groupIndex = pattern.group ?? 0;
          const value = match[groupIndex];
          if (value === undefined || value.length === 0) continue;
          const start =
            groupIndex === 0 ? match.index : match.index + match[0].indexOf(value);
          const end = start + value.length;
          let score = pattern.score;
          let subtype = pattern.subtype ?? spec.subtype;
          let validated: boolean | undefined;
          if (spec.validate) {
            const verdict = spec.validate(value, input, start);
            const valid = typeof verdict === 'boolean' ? verdict : verdict.valid;
            if (!valid) continue;
            validated = true;
            if (typeof verdict === 'object') {
              if (verdict.score !== undefined) score = verdict.score;
              else score = Math.max(score, validatedScore);
              if (verdict.subtype !== undefined) subtype = verdict.subtype;
            } else score = Math.max(score, validatedScore);
          }
          if (spec.context && spec.context.length > 0) {
            const near = hasContext(input.lowerText, start, end, spec.context, windowBefore);
            if (near) score = Math.min(1, score + boost);
            else if (spec.requireContext) continue;
          }
          const entity: DetectedEntity = {
            type: spec.type,
            start,
            end,
            score,
            text: value,
            recognizer: spec.name,
          };
          if (subtype !== undefined) entity.subtype = subtype;
          if (validated) entity.validated = true;
          found.push(entity);
        }
      }
      return found;
    },
  };
}
