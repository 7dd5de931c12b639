import { describe, expect, it } from 'vitest';
import { spansFromRedaction } from './span-diff.ts';

const T = new Map([
  ['\uE000', 'EMAIL'],
  ['\uE001', 'PHONE'],
  ['PERSON_NAME', 'NAME'],
]);

describe('spansFromRedaction', () => {
  it('recovers spans at the start, middle and end', () => {
    const original = 'a@b.fr wrote to Jane, call 555-1234';
    const redacted = '\uE000 wrote to PERSON_NAME, call \uE001';
    const r = spansFromRedaction(original, redacted, T);
    expect(r.aligned).toBe(true);
    expect(r.spans.map((s) => [original.slice(s.start, s.end), s.label])).toEqual([
      ['a@b.fr', 'EMAIL'],
      ['Jane', 'NAME'],
      ['555-1234', 'PHONE'],
    ]);
  });

  it('does not stop at a literal that also occurs inside the redacted value', () => {
    const original = 'mail: x at y at z.fr at noon';
    // the peer redacted "x at y at z.fr"; the next literal " at noon" also starts with " at "
    const r = spansFromRedaction(original, 'mail: \uE000 at noon', T);
    expect(r.spans.map((s) => original.slice(s.start, s.end))).toEqual(['x at y at z.fr']);
  });

  it('backtracks when the first occurrence of a literal leads to a dead end', () => {
    const original = 'call 12 34, or 56 78, or me';
    const redacted = 'call \uE001, or \uE001, or me';
    const r = spansFromRedaction(original, redacted, T);
    expect(r.spans.map((s) => original.slice(s.start, s.end))).toEqual(['12 34', '56 78']);
  });

  it('merges adjacent tokens and reports it', () => {
    const r = spansFromRedaction('x 12ab y', 'x \uE001\uE000 y', T);
    expect(r.mergedAdjacent).toBe(1);
    expect(r.spans).toEqual([{ start: 2, end: 6, label: 'PHONE' }]);
  });

  it('returns no span and aligned=false when the texts cannot correspond', () => {
    expect(spansFromRedaction('hello', 'bye \uE000', T)).toEqual({ spans: [], aligned: false, mergedAdjacent: 0 });
    expect(spansFromRedaction('same', 'same', T)).toEqual({ spans: [], aligned: true, mergedAdjacent: 0 });
  });
});
