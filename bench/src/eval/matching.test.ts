import { describe, expect, it } from 'vitest';
import { exactPrf, overlapPrf, prf, scoreCase, stripPersonTitle } from './matching.ts';
import type { GoldSpan, PredictedSpan } from './types.ts';

const gold = (text: string, value: string, type: GoldSpan['type'] = 'PERSON'): GoldSpan => {
  const start = text.indexOf(value);
  return { type, start, end: start + value.length, value };
};
const pred = (text: string, value: string, type: PredictedSpan['type'] = 'PERSON'): PredictedSpan => {
  const start = text.indexOf(value);
  return { type, start, end: start + value.length, sourceLabel: 'test' };
};

describe('stripPersonTitle', () => {
  const cases: [string, string][] = [
    ['M. John Hirst', 'John Hirst'],
    ['Mme Oya Ersoy Ataman', 'Oya Ersoy Ataman'],
    ['MM. R. Reed', 'R. Reed'],
    ['M. et Mme Robins', 'Robins'],
    ['MmeE. Jagander', 'E. Jagander'],
    ['Sir John Freeland', 'John Freeland'],
    ['Mr. James Mar', 'James Mar'],
    ['Dr. Jennifer Holst', 'Jennifer Holst'],
    ['Martin Dupont', 'Martin Dupont'],
    ['Mercier', 'Mercier'],
    ['M.', 'M.'],
  ];
  it.each(cases)('%s → %s', (value, expected) => {
    const s = stripPersonTitle(value, { type: 'PERSON', start: 0, end: value.length });
    expect(value.slice(s.start, s.end)).toBe(expected);
  });
});

describe('scoreCase', () => {
  it('matches PERSON with or without the title either way round, exactly', () => {
    const text = 'Le requérant, M. John Hirst, et Mme Anne Roy.';
    const { counts } = scoreCase(text, [gold(text, 'M. John Hirst'), gold(text, 'Anne Roy')], [pred(text, 'John Hirst'), pred(text, 'Mme Anne Roy')], ['PERSON']);
    expect(counts.get('PERSON')).toMatchObject({ exactTp: 2, exactFp: 0, exactFn: 0 });
  });

  it('counts a partial span as an exact miss + false positive, but as an overlap hit', () => {
    const text = 'IBAN FR76 3000 6000 0112 3456 7890 189 merci';
    const { counts, errors } = scoreCase(text, [gold(text, 'FR76 3000 6000 0112 3456 7890 189', 'IBAN')], [pred(text, 'FR76 3000 6000', 'IBAN')], ['IBAN']);
    const c = counts.get('IBAN')!;
    expect(c).toMatchObject({ exactTp: 0, exactFp: 1, exactFn: 1, overlapPredHit: 1, overlapGoldHit: 1 });
    expect(exactPrf(c)).toEqual({ precision: 0, recall: 0, f1: 0 });
    expect(overlapPrf(c)).toEqual({ precision: 1, recall: 1, f1: 1 });
    expect(errors.missed[0]).toMatchObject({ gold: 'FR76 3000 6000 0112 3456 7890 189', predictedOverlap: 'FR76 3000 6000' });
  });

  it('ignores other types, and types outside the scored list', () => {
    const text = 'a@b.fr 06 12 34 56 78';
    const { counts } = scoreCase(text, [gold(text, 'a@b.fr', 'EMAIL')], [pred(text, 'a@b.fr', 'PHONE'), pred(text, '06 12 34 56 78', 'PHONE')], ['EMAIL']);
    expect([...counts.keys()]).toEqual(['EMAIL']);
    expect(counts.get('EMAIL')).toMatchObject({ exactTp: 0, exactFp: 0, exactFn: 1 });
  });

  it("drops unmatched predictions inside a don't-care region of their type only", () => {
    const text = 'I live in 75002 Paris, call 0612345678';
    const zip = text.indexOf('75002');
    const { counts } = scoreCase(
      text,
      [],
      [pred(text, '75002 Paris', 'ADDRESS'), pred(text, '0612345678', 'PHONE')],
      ['ADDRESS', 'PHONE'],
      [{ start: zip, end: zip + 5, types: ['ADDRESS'], label: 'ZIP_CODE' }],
    );
    expect(counts.get('ADDRESS')).toMatchObject({ exactFp: 0, ignored: 1, overlapPredTotal: 0 });
    expect(counts.get('PHONE')).toMatchObject({ exactFp: 1, ignored: 0 });
  });

  it('is one-to-one in exact mode: a duplicate prediction is a false positive', () => {
    const text = 'x a@b.fr y';
    const g = gold(text, 'a@b.fr', 'EMAIL');
    const p = pred(text, 'a@b.fr', 'EMAIL');
    const { counts } = scoreCase(text, [g], [p, { ...p }], ['EMAIL']);
    expect(counts.get('EMAIL')).toMatchObject({ exactTp: 1, exactFp: 1, overlapPredHit: 2 });
  });
});

describe('prf', () => {
  it('F1 is 0 when nothing is predicted on a type with gold, undefined without gold', () => {
    expect(prf(0, 0, 0, 5)).toEqual({ precision: null, recall: 0, f1: 0 });
    expect(prf(0, 0, 0, 0)).toEqual({ precision: null, recall: null, f1: null });
    expect(prf(3, 4, 3, 6).f1).toBeCloseTo(0.6, 10);
  });
});
