import { describe, expect, it } from 'vitest';
import { foldAccents, foldedLowerText } from './text-views.ts';
import type { RecognizerInput } from './types.ts';

/** The folding definition, character by character (the table must agree with it). */
function referenceFold(char: string): string {
  const code = char.charCodeAt(0);
  const punctuation: Record<number, string> = { 0x2019: "'", 0x2018: "'", 0x02bc: "'", 0x2010: '-', 0x2011: '-', 0x202f: ' ', 0x2009: ' ', 0xa0: ' ' };
  if (punctuation[code] !== undefined) return punctuation[code]!;
  if (code < 0x80 || code > 0x24f) return char;
  const base = char.normalize('NFD').replace(/\p{M}/gu, '');
  return base.length === 1 ? base : char;
}

describe('foldAccents', () => {
  it('folds every code unit as the NFD definition does, one unit for one unit', () => {
    for (let code = 0; code < 0x3000; code++) {
      const char = String.fromCharCode(code);
      expect(foldAccents(char), code.toString(16)).toBe(referenceFold(char));
    }
  });

  it('keeps offsets, and returns ASCII text itself', () => {
    const text = 'l’été à noël, déjà\u00a0vu\u202f: œuvre';
    const folded = foldAccents(text);
    expect(folded).toBe("l'ete a noel, deja vu : œuvre");
    expect(folded).toHaveLength(text.length);
    const ascii = 'plain ascii text';
    expect(foldAccents(ascii)).toBe(ascii);
  });
});

describe('foldedLowerText', () => {
  it('computes the folded view once per input and caches it there', () => {
    const input: RecognizerInput = { text: 'Été', lowerText: 'été', language: 'fr' };
    expect(foldedLowerText(input)).toBe('ete');
    expect(input.foldedLowerText).toBe('ete');
    input.foldedLowerText = 'cached';
    expect(foldedLowerText(input)).toBe('cached');
  });
});
