import { describe, expect, it } from 'vitest';
import type { RecognizerInput } from '../../types.ts';
import { dateOfBirthRecognizer, isPlausibleBirthDate } from './date-of-birth.ts';

const input = (text: string): RecognizerInput => ({ text, lowerText: text.toLowerCase(), language: 'fr' });
const spans = (text: string) => dateOfBirthRecognizer.find(input(text)).map((e) => e.text);

describe('date validation', () => {
  it('accepts real dates in either day/month order and rejects impossible ones', () => {
    expect(isPlausibleBirthDate('12/03/1985')).toBe(true);
    expect(isPlausibleBirthDate('03/25/1985')).toBe(true);
    expect(isPlausibleBirthDate('31/02/1985')).toBe(false);
    expect(isPlausibleBirthDate('29/02/2000')).toBe(true);
    expect(isPlausibleBirthDate('29/02/1999')).toBe(false);
    expect(isPlausibleBirthDate('1985-13-01')).toBe(false);
    expect(isPlausibleBirthDate('12 mars 1850')).toBe(false);
  });
});

describe('DATE_OF_BIRTH recognizer', () => {
  it('finds numeric dates after French birth words', () => {
    expect(spans('Né le 12/03/1985 à Lyon')).toEqual(['12/03/1985']);
    expect(spans('née le 01.02.90')).toEqual(['01.02.90']);
    expect(spans('Date de naissance : 1985-03-12')).toEqual(['1985-03-12']);
    expect(spans('DOB 1985/03/12')).toEqual(['1985/03/12']);
  });

  it('finds written French and English dates', () => {
    expect(spans('né le 1er janvier 1990')).toEqual(['1er janvier 1990']);
    expect(spans('née le 14 juillet 1975')).toEqual(['14 juillet 1975']);
    expect(spans('NÉE LE 15 FÉVRIER 1980, né le 2 Août 1979')).toEqual(['15 FÉVRIER 1980', '2 Août 1979']);
    expect(spans('born on March 12, 1985')).toEqual(['March 12, 1985']);
    expect(spans('DOB: 12th of March 1985')).toEqual(['12th of March 1985']);
  });

  it('needs birth context and a real date', () => {
    expect(spans('Réunion le 12/03/2024 à 10h')).toEqual([]);
    expect(spans('né le 31/02/1985')).toEqual([]);
    expect(spans('Facture du 12 mars 2024')).toEqual([]);
  });

  it('marks findings as validated dates', () => {
    expect(dateOfBirthRecognizer.find(input('DOB 05/06/1977'))[0]?.validated).toBe(true);
  });
});
