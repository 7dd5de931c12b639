/**
 * Masking keeps the shape (length, separators) and reveals at most a few characters.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { maskValue } from '../src/operators.ts';
import type { EntityType } from '../src/types.ts';

const IDENTIFIER_TYPES: EntityType[] = ['CREDIT_CARD', 'PHONE', 'FR_NIR', 'FR_SIRET', 'PASSPORT', 'SECRET', 'IP_ADDRESS'];
const identifier = fc
  .array(fc.oneof(fc.constantFrom(' ', '-', '.', '/', ':'), fc.constantFrom(...'0123456789ABCDEFabcdef'.split(''))), {
    minLength: 1,
    maxLength: 40,
  })
  .map((chars) => chars.join(''));

const isAlphanumeric = (c: string) => /[0-9A-Za-z]/.test(c);

describe('maskValue', () => {
  it('identifiers: same length, separators in place, at most the last 4 alphanumerics shown', () => {
    fc.assert(
      fc.property(fc.constantFrom(...IDENTIFIER_TYPES), identifier, (type, value) => {
        const masked = maskValue(type, value, 'fr');
        expect(masked).toHaveLength(value.length);
        let revealed = 0;
        for (let i = 0; i < value.length; i++) {
          const original = value[i]!;
          if (!isAlphanumeric(original)) expect(masked[i]).toBe(original);
          else if (masked[i] !== '*') {
            expect(masked[i]).toBe(original);
            revealed++;
          }
        }
        const alphanumerics = [...value].filter(isAlphanumeric).length;
        expect(revealed).toBe(alphanumerics >= 8 ? 4 : 0);
      }),
      { numRuns: 500 },
    );
  });

  it('IBAN: at most the first 4 and the last 5 alphanumerics shown', () => {
    fc.assert(
      fc.property(identifier, (value) => {
        const masked = maskValue('IBAN', value, 'fr');
        const shown = [...masked].filter(isAlphanumeric).length;
        expect(shown).toBeLessThanOrEqual(9);
        expect(masked).toHaveLength(value.length);
      }),
      { numRuns: 300 },
    );
  });

  it('names keep only initials', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('Jean', 'Éloïse', 'de', 'Saint-Exupéry', "d'Arc"), { minLength: 1, maxLength: 4 }), (words) => {
        const value = words.join(' ');
        const masked = maskValue('PERSON', value, 'fr');
        expect(masked).toHaveLength(value.length);
        for (const word of masked.split(/[\s'-]+/)) expect(word.slice(1)).toMatch(/^\**$/);
      }),
    );
  });
});
