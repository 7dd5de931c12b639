import { describe, expect, it } from 'vitest';
import type { RecognizerInput } from '../../types.ts';
import { creditCardRecognizer } from './credit-card.ts';
import { seededDigits, withLuhnDigit } from './test-values.ts';

const input = (text: string): RecognizerInput => ({ text, lowerText: text.toLowerCase(), language: 'fr' });
const find = (text: string) => creditCardRecognizer.find(input(text)).sort((a, b) => a.start - b.start);

describe('credit card recognizer', () => {
  it('finds compact, dashed and spaced numbers with their brand', () => {
    const text = '4012888888881881 4012-8888-8888-1881 4012 8888 8888 1881';
    const found = find(text);
    expect(found.map((e) => [e.start, e.end])).toEqual([[0, 16], [17, 36], [37, 56]]);
    expect(found.every((e) => e.subtype === 'visa' && e.validated)).toBe(true);
  });

  it('finds Amex in 4-6-5 grouping and public test numbers of each brand', () => {
    expect(find('Amex 3714 496353 98431')[0]?.subtype).toBe('amex');
    for (const [number, brand] of [
      ['5555555555554444', 'mastercard'],
      ['6011000400000000', 'discover'],
      ['3528000700000000', 'jcb'],
      ['30569309025904', 'diners'],
      ['5019717010103742', 'dankort'],
    ] as const) {
      expect(find(`carte ${number}`)[0]?.subtype).toBe(brand);
    }
  });

  it('rejects a failed Luhn check and an unknown issuer', () => {
    expect(find('4012-8888-8888-1882')).toEqual([]);
    expect(find('36168002586008')).toEqual([]);
    expect(find(withLuhnDigit('910000000000000'))).toEqual([]);
  });

  it('leaves the numeric part of a colon-joined token alone', () => {
    expect(find('telegramToken=5057360789233961:Aowb1327iXyz')).toEqual([]);
    expect(find('carte 4111111111111111: expirée')).toHaveLength(1);
  });

  it('does not stitch unrelated groups together', () => {
    expect(find('codes 4012 8888 8888 18 81')).toEqual([]);
  });

  it('scores ambiguous shapes lower and raises the score near card words', () => {
    const uatp = find('122000000000003')[0]!;
    const visa = find('4111111111111111')[0]!;
    expect(uatp.score).toBeLessThan(visa.score);
    expect(find('ma carte bancaire 4111111111111111')[0]!.score).toBeGreaterThan(visa.score);
  });

  it('accepts generated Visa and Mastercard numbers', () => {
    const next = seededDigits(5);
    for (let i = 0; i < 20; i++) {
      expect(find(withLuhnDigit('4' + next(14)))[0]?.subtype).toBe('visa');
      expect(find(withLuhnDigit('53' + next(13)))[0]?.subtype).toBe('mastercard');
    }
  });
});
