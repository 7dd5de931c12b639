import { describe, expect, it } from 'vitest';
import type { RecognizerInput } from '../../types.ts';
import { bicRecognizer } from './bic.ts';

const input = (text: string): RecognizerInput => ({ text, lowerText: text.toLowerCase(), language: 'fr' });
const spans = (text: string) => bicRecognizer.find(input(text)).map((e) => e.text);

describe('BIC recognizer', () => {
  it('finds 8- and 11-character codes in banking context', () => {
    expect(spans('BIC : BNPAFRPP')).toEqual(['BNPAFRPP']);
    expect(spans('code SWIFT DEUTDEFF500 pour le virement')).toEqual(['DEUTDEFF500']);
    expect(spans('IBAN FR76 3000 6000 0112 3456 7890 189, BIC/SWIFT: SOGEFRPP')).toEqual(['SOGEFRPP']);
  });

  it('requires its BIC/SWIFT label or a bank word nearby', () => {
    expect(spans('BNPAFRPP')).toEqual([]);
    expect(spans('banque : BNPAFRPP')).toEqual(['BNPAFRPP']);
    expect(spans('virement : BNPAFRPP')).toEqual([]);
    expect(spans('IL EST ABSOLUMENT IMPORTANT')).toEqual([]);
  });

  it('ignores shouted banking words that happen to fit the format', () => {
    expect(spans('BIC BNPAFRPP, VIREMENT BANCAIRE')).toEqual(['BNPAFRPP']);
    expect(spans('Banque : VIREMENT BANCAIRE')).toEqual([]);
  });

  it('rejects unknown country codes, wrong lengths and lower case', () => {
    expect(spans('BIC BNPAQQPP')).toEqual([]);
    expect(spans('BIC BNPAFRPPXX')).toEqual([]);
    expect(spans('bic bnpafrpp')).toEqual([]);
  });
});
