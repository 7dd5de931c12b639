import { describe, expect, it } from 'vitest';
import { isWholeWord, KeywordIndex } from './keyword-index.ts';

describe('KeywordIndex', () => {
  it('finds every occurrence, overlapping ones included', () => {
    const index = new KeywordIndex<string>().add('he', 'a').add('she', 'b').add('hers', 'c').add('his', 'd');
    const hits = index.findAll('ushers').map((h) => [h.keyword, h.start, h.end]);
    expect(hits).toEqual([
      ['she', 1, 4],
      ['he', 2, 4],
      ['hers', 2, 6],
    ]);
  });

  it('collects payloads of keywords shared by several owners', () => {
    const index = new KeywordIndex<number>().add('token', 1).add('token', 2).add('key', 3);
    expect([...index.matchedValues('my token here')].sort()).toEqual([1, 2]);
    expect(index.keywordCount).toBe(2);
  });

  it('matches nothing in a text without keywords, and ignores empty keywords', () => {
    const index = new KeywordIndex().add('', true).add('abc', true);
    expect(index.findAll('xyz xyz')).toEqual([]);
    expect(index.keywordCount).toBe(1);
  });

  it('handles accented and multi-word keywords', () => {
    const index = new KeywordIndex().add('arrêt maladie', true).add('né le', true);
    const hits = index.findAll('il est en arrêt maladie, né le 3 mai');
    expect(hits.map((h) => h.keyword)).toEqual(['arrêt maladie', 'né le']);
  });

  it('scales to thousands of keywords', () => {
    const index = new KeywordIndex<number>();
    for (let i = 0; i < 5000; i++) index.add(`client${i}x`, i);
    const found = index.findAll('contrat client4321x et client17x signé');
    expect(found.map((h) => h.values[0])).toEqual([4321, 17]);
  });

  it('reports every occurrence of tracked keywords while collecting payloads', () => {
    const index = new KeywordIndex<number>().add('ne', 1).add('nee', 2).add('e', 3).add('date', 4);
    index.trackHits((value) => value === 1 || value === 2);
    const hits: [number, number, number, string][] = [];
    const found = index.matchedValues('nee, ne, date', (value, start, end, keyword) => hits.push([value, start, end, keyword]));
    expect([...found].sort()).toEqual([1, 2, 3, 4]);
    expect(hits).toEqual([
      [1, 0, 2, 'ne'],
      [2, 0, 3, 'nee'],
      [1, 5, 7, 'ne'],
    ]);
    // Without a callback, the same payloads.
    expect([...index.matchedValues('nee, ne, date')].sort()).toEqual([1, 2, 3, 4]);
  });

  it('refuses additions after the automaton is built', () => {
    const index = new KeywordIndex().add('a', true).build();
    expect(() => index.add('b', true)).toThrow(/after build/);
  });
});

describe('isWholeWord', () => {
  it('rejects matches glued to letters, digits or accented letters', () => {
    expect(isWholeWord('un arès là', 3, 7)).toBe(true);
    expect(isWholeWord('parèsse', 1, 5)).toBe(false);
    expect(isWholeWord('x1abc', 2, 5)).toBe(false);
    expect(isWholeWord('(abc)', 1, 4)).toBe(true);
  });
});
