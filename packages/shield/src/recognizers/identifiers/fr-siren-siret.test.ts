import { describe, expect, it } from 'vitest';
import type { RecognizerInput } from '../../types.ts';
import { createAnalyzer } from '../../analyzer.ts';
import { frSirenRecognizer, frSiretRecognizer } from './fr-siren-siret.ts';
import { identifierRecognizers } from './index.ts';
import { makeSiren, makeSiret, seededDigits } from './test-values.ts';

const input = (text: string): RecognizerInput => ({ text, lowerText: text.toLowerCase(), language: 'fr' });
const sirets = (text: string) => frSiretRecognizer.find(input(text)).map((e) => e.text);
const sirens = (text: string) => frSirenRecognizer.find(input(text)).map((e) => e.text);

describe('FR_SIRET recognizer', () => {
  it('finds compact and spaced SIRETs, validated, scoring higher with context', () => {
    expect(sirets('SIRET 732 829 320 00074 et 73282932000074')).toEqual(['732 829 320 00074', '73282932000074']);
    const [withContext] = frSiretRecognizer.find(input('SIRET : 73282932000074'));
    const [bare] = frSiretRecognizer.find(input('73282932000074'));
    expect(withContext!.validated).toBe(true);
    expect(withContext!.score).toBeGreaterThan(bare!.score);
  });

  it('rejects a failed Luhn check and accepts La Poste establishments', () => {
    expect(sirets('SIRET 73282932000075')).toEqual([]);
    expect(sirets('La Poste, SIRET 356 000 000 49909')).toEqual(['356 000 000 49909']);
  });

  it('accepts generated SIRETs', () => {
    const next = seededDigits(21);
    for (let i = 0; i < 20; i++) {
      const siret = makeSiret(makeSiren(next(8)), next(4));
      expect(sirets(`siret ${siret}`)).toEqual([siret]);
    }
  });
});

describe('FR_SIREN recognizer', () => {
  it('needs context and a valid Luhn check', () => {
    expect(sirens('SIREN 732 829 320')).toEqual(['732 829 320']);
    expect(sirens('RCS Paris 732829320')).toEqual(['732829320']);
    expect(sirens('732 829 320')).toEqual([]);
    expect(sirens('SIREN 732 829 321')).toEqual([]);
  });

  it('does not take the first 9 digits of a SIRET or of a longer number', () => {
    expect(sirens('société, SIRET 732 829 320 00074')).toEqual([]);
    expect(sirens('société, commande 1 732 829 320')).toEqual([]);
  });

  it('loses to the SIRET in the analyzer when both could apply', () => {
    const analyzer = createAnalyzer({ recognizers: identifierRecognizers() });
    const found = analyzer.analyze('La société (SIREN) a le SIRET 73282932000074.');
    expect(found.map((e) => [e.type, e.text])).toEqual([['FR_SIRET', '73282932000074']]);
  });
});
