/**
 * Matching rules (documented in bench/README.md):
 * - exact: same type and same boundaries, one-to-one. For PERSON, a leading civil title
 *   (M., Mme, MM., Mr., Dr, Sir, Lord, juge…) is removed from BOTH the gold and the predicted
 *   span before comparing, so "M. John Hirst" and "John Hirst" match either way round.
 * - overlap: a prediction is correct when it shares at least one character with a gold span
 *   of the same type; a gold span is found when some same-type prediction overlaps it.
 *   Precision and recall are computed on those two counts (not one-to-one): recall answers
 *   "was this value masked at all", precision "did this finding hit something real".
 * - don't-care: a prediction that matches no gold span but overlaps a don't-care region
 *   declared for its type is dropped from both counts.
 */
import type { DontCareSpan, EntityType, GoldSpan, PredictedSpan, Span } from './types.ts';

const PERSON_TITLE =
  /^(?:(?:MM|Mmes|Mme|Mlles|Mlle|Me|M|Dr|Pr|Mrs|Mr|Ms|Miss|Sir|Lord|Lady|Dame|[Jj]uge|Monsieur|Messieurs|Madame|Mesdames|Mademoiselle|Maître|Docteur|Professeur)(?:\.?\s+|\.(?=\p{Lu})|(?<=Mmes?)(?=\p{Lu}))(?:et\s+)?)+/u;

/** Offsets of a PERSON span without its leading title(s); unchanged when nothing would remain. */
export function stripPersonTitle(text: string, span: Span): { start: number; end: number } {
  const value = text.slice(span.start, span.end);
  const m = PERSON_TITLE.exec(value);
  if (!m || m[0].length >= value.length) return { start: span.start, end: span.end };
  return { start: span.start + m[0].length, end: span.end };
}

function comparable(text: string, span: Span): { start: number; end: number } {
  return span.type === 'PERSON' ? stripPersonTitle(text, span) : { start: span.start, end: span.end };
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

export interface TypeCounts {
  /** exact, one-to-one */
  exactTp: number;
  exactFp: number;
  exactFn: number;
  /** overlap-based */
  overlapPredHit: number;
  overlapPredTotal: number;
  overlapGoldHit: number;
  goldTotal: number;
  /** predictions dropped by don't-care regions */
  ignored: number;
}

export function emptyCounts(): TypeCounts {
  return { exactTp: 0, exactFp: 0, exactFn: 0, overlapPredHit: 0, overlapPredTotal: 0, overlapGoldHit: 0, goldTotal: 0, ignored: 0 };
}

export function addCounts(into: TypeCounts, from: TypeCounts): void {
  for (const key of Object.keys(into) as (keyof TypeCounts)[]) into[key] += from[key];
}

export interface CaseErrors {
  /** gold spans not matched exactly (value and, when overlapped, what was predicted) */
  missed: { type: EntityType; gold: string; predictedOverlap?: string }[];
  /** predictions matching no gold exactly */
  spurious: { type: EntityType; predicted: string; label: string; overlapsGold: boolean }[];
}

/**
 * Scores one text for the given types. Predictions and gold of other types are ignored.
 */
export function scoreCase(
  text: string,
  gold: readonly GoldSpan[],
  predicted: readonly PredictedSpan[],
  types: readonly EntityType[],
  dontCare: readonly DontCareSpan[] = [],
): { counts: Map<EntityType, TypeCounts>; errors: CaseErrors } {
  const counts = new Map<EntityType, TypeCounts>();
  const errors: CaseErrors = { missed: [], spurious: [] };
  for (const type of types) {
    const c = emptyCounts();
    const g = gold.filter((s) => s.type === type).map((s) => ({ span: s, cmp: comparable(text, s) }));
    const p = predicted.filter((s) => s.type === type).map((s) => ({ span: s, cmp: comparable(text, s) }));
    c.goldTotal = g.length;

    // exact, one-to-one: identical comparable boundaries
    const goldUsed = new Set<number>();
    const predExact = new Set<number>();
    p.forEach((pred, pi) => {
      const gi = g.findIndex((gs, i) => !goldUsed.has(i) && gs.cmp.start === pred.cmp.start && gs.cmp.end === pred.cmp.end);
      if (gi >= 0) {
        goldUsed.add(gi);
        predExact.add(pi);
      }
    });

    const predOverlapHit = p.map((pred) => g.some((gs) => overlaps(gs.cmp, pred.cmp)));
    const ignoredPred = p.map(
      (pred, pi) => !predExact.has(pi) && !predOverlapHit[pi] && dontCare.some((d) => d.types.includes(type) && overlaps(d, pred.span)),
    );
    const ignored = ignoredPred.filter(Boolean).length;

    c.ignored = ignored;
    c.exactTp = predExact.size;
    c.exactFp = p.length - predExact.size - ignored;
    c.exactFn = g.length - goldUsed.size;
    c.overlapPredTotal = p.length - ignored;
    c.overlapPredHit = predOverlapHit.filter(Boolean).length;
    c.overlapGoldHit = g.filter((gs) => p.some((pred) => overlaps(gs.cmp, pred.cmp))).length;
    counts.set(type, c);

    g.forEach((gs, gi) => {
      if (goldUsed.has(gi)) return;
      const over = p.find((pred) => overlaps(gs.cmp, pred.cmp));
      errors.missed.push({
        type,
        gold: text.slice(gs.span.start, gs.span.end),
        ...(over ? { predictedOverlap: text.slice(over.span.start, over.span.end) } : {}),
      });
    });
    p.forEach((pred, pi) => {
      if (predExact.has(pi) || ignoredPred[pi]) return;
      errors.spurious.push({
        type,
        predicted: text.slice(pred.span.start, pred.span.end),
        label: pred.span.sourceLabel,
        overlapsGold: predOverlapHit[pi] ?? false,
      });
    });
  }
  return { counts, errors };
}

export interface Prf {
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export function prf(tpPred: number, predTotal: number, tpGold: number, goldTotal: number): Prf {
  const precision = predTotal === 0 ? null : tpPred / predTotal;
  const recall = goldTotal === 0 ? null : tpGold / goldTotal;
  // Nothing predicted on a type with gold (or nothing right) is an F1 of 0, not "undefined".
  const f1 =
    precision === 0 || recall === 0 ? 0 : precision === null || recall === null ? null : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

export function exactPrf(c: TypeCounts): Prf {
  return prf(c.exactTp, c.exactTp + c.exactFp, c.exactTp, c.exactTp + c.exactFn);
}

export function overlapPrf(c: TypeCounts): Prf {
  return prf(c.overlapPredHit, c.overlapPredTotal, c.overlapGoldHit, c.goldTotal);
}
