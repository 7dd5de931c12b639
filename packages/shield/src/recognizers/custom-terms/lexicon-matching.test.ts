import { describe, expect, it } from 'vitest';
import { Lexicon, foldAccents, foldTerm, leftmostLongest, prefilterKeyword } from './lexicon-matching.ts';

describe('foldAccents', () => {
  it('strips accents and normalises apostrophes and spaces without moving offsets', () => {
    const text = 'garde à vue, l’hôpital, ÉTÉ\u00a0reçu, cœur';
    const folded = foldAccents(text.toLowerCase());
    expect(folded).toBe("garde a vue, l'hopital, ete recu, cœur");
    expect(folded.length).toBe(text.length);
  });

  it('returns ASCII text unchanged', () => {
    const text = 'plain ascii text';
    expect(foldAccents(text)).toBe(text);
  });
});

describe('Lexicon', () => {
  it('finds whole words, leftmost-longest, with stems', () => {
    const lexicon = new Lexicon<string>()
      .add(foldTerm('secret'), 'secret')
      .add(foldTerm('secret défense'), 'secret-defense')
      .add(foldTerm('diabét*'), 'diabetes');
    const text = foldAccents('SECRET DÉFENSE : diabétique, diabète, prédiabète, secrets'.toLowerCase());
    expect(lexicon.match(text).map((m) => [text.slice(m.start, m.end), m.value])).toEqual([
      ['secret defense', 'secret-defense'],
      ['diabetique', 'diabetes'],
      ['diabete', 'diabetes'],
    ]);
  });

  it('keeps the first value of a key added twice', () => {
    const lexicon = new Lexicon<number>().add('orion', 1).add('orion', 2);
    expect(lexicon.match('orion').map((m) => m.value)).toEqual([1]);
  });
});

describe('leftmostLongest', () => {
  it('keeps the earliest, then longest, non-overlapping spans', () => {
    const spans = [
      { start: 5, end: 9 },
      { start: 0, end: 4 },
      { start: 0, end: 6 },
      { start: 6, end: 8 },
    ];
    expect(leftmostLongest(spans)).toEqual([
      { start: 0, end: 6 },
      { start: 6, end: 8 },
    ]);
  });
});

describe('prefilterKeyword', () => {
  it('picks the longest run free of accents, apostrophes, spaces and stars', () => {
    expect(prefilterKeyword('Séropositif')).toBe('ropositif');
    expect(prefilterKeyword("atteint d'un cancer")).toBe('atteint');
    expect(prefilterKeyword('diabét*')).toBe('diab');
    expect(prefilterKeyword('VIH')).toBe('vih');
  });
});
