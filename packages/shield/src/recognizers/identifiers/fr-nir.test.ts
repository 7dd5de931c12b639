import { describe, expect, it } from 'vitest';
import type { RecognizerInput } from '../../types.ts';
import { frNirRecognizer } from './fr-nir.ts';
import { makeNir } from './test-values.ts';

const input = (text: string): RecognizerInput => ({ text, lowerText: text.toLowerCase(), language: 'fr' });
const spans = (text: string) => frNirRecognizer.find(input(text)).map((e) => e.text);

/** Prints a NIR the way the carte Vitale does: 1 85 05 78 006 084 36. */
const spaced = (nir: string) =>
  [nir[0], nir.slice(1, 3), nir.slice(3, 5), nir.slice(5, 7), nir.slice(7, 10), nir.slice(10, 13), nir.slice(13)].join(' ');

describe('FR_NIR recognizer', () => {
  const nir = makeNir('1850578006084');

  it('finds compact, spaced and dotted NIRs, validated', () => {
    const dotted = spaced(nir).replace(/ /g, '.');
    const text = `NIR ${nir}, sécu ${spaced(nir)}, ou ${dotted}`;
    const found = frNirRecognizer.find(input(text));
    expect(found.map((e) => e.text)).toEqual([nir, spaced(nir), dotted]);
    expect(found.every((e) => e.validated && e.score >= 0.95)).toBe(true);
  });

  it('handles Corsica 2A and 2B', () => {
    const corsicaA = makeNir('285052A006084');
    const corsicaB = makeNir('185052b006084');
    expect(spans(`assurée n° ${spaced(corsicaA)}`)).toEqual([spaced(corsicaA)]);
    expect(spans(corsicaB)).toEqual([corsicaB]);
  });

  it('rejects a wrong key', () => {
    const wrong = nir.slice(0, 13) + (nir.slice(13) === '01' ? '02' : '01');
    expect(spans(wrong)).toEqual([]);
    // The brief's layout example: right shape, but its key would be 91.
    expect(spans('1 85 05 78 006 084 36')).toEqual([]);
    expect(spans('1 85 05 78 006 084 91')).toEqual(['1 85 05 78 006 084 91']);
  });

  it('rejects numbers embedded in longer digit sequences', () => {
    expect(spans(`9${nir}`)).toEqual([]);
    expect(spans(`${spaced(nir)} 12`)).toEqual([]);
  });
});
