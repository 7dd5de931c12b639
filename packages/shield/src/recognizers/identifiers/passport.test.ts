import { describe, expect, it } from 'vitest';
import type { RecognizerInput } from '../../types.ts';
import { passportRecognizer } from './passport.ts';

const input = (text: string): RecognizerInput => ({ text, lowerText: text.toLowerCase(), language: 'fr' });
const find = (text: string) => passportRecognizer.find(input(text));

describe('PASSPORT recognizer', () => {
  it('finds French passports (2 digits, 2 letters, 5 digits) in context', () => {
    expect(find('Passeport n° 12AB34567').map((e) => [e.text, e.subtype])).toEqual([['12AB34567', 'fr']]);
  });

  it('finds generic passport numbers in context', () => {
    expect(find('passport number: 533123456').map((e) => e.text)).toEqual(['533123456']);
    expect(find('Passport C01X00T47').map((e) => e.text)).toEqual(['C01X00T47']);
    expect(find('Passport AB12CD3').map((e) => e.text)).toEqual([]); // fewer than 5 digits
    expect(find('Passport no. K1234567').map((e) => e.text)).toEqual(['K1234567']);
  });

  it('needs context and rejects words and short numbers', () => {
    expect(find('12AB34567')).toEqual([]);
    expect(find('passeport PERDU')).toEqual([]);
    expect(find('passeport 1234')).toEqual([]);
  });
});
