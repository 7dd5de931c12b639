import { describe, expect, it } from 'vitest';
import type { RecognizerInput } from '../../types.ts';
import { frVatRecognizer } from './fr-vat.ts';
import { makeFrVat, makeSiren, seededDigits } from './test-values.ts';

const input = (text: string): RecognizerInput => ({ text, lowerText: text.toLowerCase(), language: 'fr' });
const find = (text: string) => frVatRecognizer.find(input(text));

describe('FR_VAT recognizer', () => {
  it('finds compact and spaced numbers with the right key', () => {
    expect(find('TVA FR44732829320').map((e) => e.text)).toEqual(['FR44732829320']);
    expect(find('TVA intracommunautaire : FR 44 732 829 320').map((e) => e.text)).toEqual(['FR 44 732 829 320']);
    expect(find('fr44732829320')[0]?.validated).toBe(true);
  });

  it('rejects a wrong numeric key', () => {
    expect(find('TVA FR45732829320')).toEqual([]);
  });

  it('accepts an alphanumeric key on a valid SIREN with a lower score', () => {
    const [alpha] = find('TVA FRK7732829320');
    expect(alpha?.subtype).toBe('alpha-key');
    expect(alpha!.score).toBeLessThan(find('TVA FR44732829320')[0]!.score);
    expect(find('TVA FRK7732829321')).toEqual([]);
  });

  it('accepts generated numbers and rejects letters glued before FR', () => {
    const next = seededDigits(31);
    for (let i = 0; i < 10; i++) {
      const vat = makeFrVat(makeSiren(next(8)));
      expect(find(vat).map((e) => e.text)).toEqual([vat]);
      expect(find(`X${vat}`)).toEqual([]);
    }
  });
});
