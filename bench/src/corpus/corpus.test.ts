import { describe, expect, it } from 'vitest';
import { frVatKey, isIbanValid, isLuhnValid, isNirValid, luhnCheckDigit, mod97, nirKey, ribKey } from './checksums.ts';
import { generateCorpus } from './generate.ts';

describe('checksums (public reference values)', () => {
  it('Luhn accepts known card and SIRET test numbers and rejects a one-digit change', () => {
    expect(isLuhnValid('4111111111111111')).toBe(true);
    expect(isLuhnValid('4012888888881881')).toBe(true);
    expect(isLuhnValid('73282932000074')).toBe(true);
    expect(isLuhnValid('4111111111111112')).toBe(false);
    expect(luhnCheckDigit('732829320')).toBe(luhnCheckDigit('732829320'));
    expect(luhnCheckDigit('7992739871')).toBe(3);
  });
  it('IBAN mod-97 accepts published examples, spaced or not, and rejects a typo', () => {
    expect(isIbanValid('FR1420041010050500013M02606')).toBe(true);
    expect(isIbanValid('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(isIbanValid('DE89370400440532013000')).toBe(true);
    expect(isIbanValid('FR1420041010050500013M02607')).toBe(false);
    expect(mod97('3214282912345698765432161182')).toBe(1);
  });
  it('RIB key matches the published example (20041 01005 0500013M026 → 06)', () => {
    expect(ribKey('20041', '01005', '0500013M026')).toBe('06');
  });
  it('NIR key: published example, and Corsica replaced by 19/18 for the computation', () => {
    expect(nirKey('2550814168025')).toBe('38');
    expect(isNirValid('2 55 08 14 168 025 38')).toBe(true);
    expect(isNirValid('2 55 08 14 168 025 39')).toBe(false);
    const corsica = '1850' + '5' + '2A' + '123' + '456';
    const key = nirKey(corsica);
    expect(key).toBe(String(97n - (BigInt('1850519123456') % 97n)).padStart(2, '0'));
    expect(isNirValid(corsica + key)).toBe(true);
  });
  it('FR VAT key: FR32 123456789', () => {
    expect(frVatKey('123456789')).toBe('32');
  });
});

describe('generated French corpus', () => {
  const docs = generateCorpus({ seed: 7, documents: 150 });

  it('is deterministic for a seed', () => {
    expect(generateCorpus({ seed: 7, documents: 150 })).toEqual(docs);
    expect(generateCorpus({ seed: 8, documents: 150 })).not.toEqual(docs);
  });

  it('has exact, non-overlapping spans', () => {
    for (const d of docs) {
      const sorted = [...d.spans].sort((a, b) => a.start - b.start);
      sorted.forEach((s, i) => {
        expect(d.text.slice(s.start, s.end)).toBe(s.value);
        if (i > 0) expect(s.start).toBeGreaterThanOrEqual(sorted[i - 1]!.end);
      });
    }
  });

  it('plants only checksum-valid identifiers', () => {
    const all = docs.flatMap((d) => d.spans);
    const digits = (s: string) => s.replace(/\D/g, '');
    for (const s of all) {
      if (s.type === 'IBAN') expect(isIbanValid(s.value), s.value).toBe(true);
      if (s.type === 'CREDIT_CARD') expect(isLuhnValid(digits(s.value)), s.value).toBe(true);
      if (s.type === 'FR_NIR') expect(isNirValid(s.value), s.value).toBe(true);
      if (s.type === 'FR_SIREN') expect(digits(s.value)).toMatch(/^\d{9}$/);
      if (s.type === 'FR_SIREN') expect(isLuhnValid(digits(s.value)), s.value).toBe(true);
      if (s.type === 'FR_SIRET') expect(digits(s.value)).toMatch(/^\d{14}$/);
      if (s.type === 'FR_SIRET') expect(isLuhnValid(digits(s.value)), s.value).toBe(true);
      if (s.type === 'FR_VAT') {
        const compact = s.value.replace(/\s/g, '');
        expect(compact.slice(2, 4)).toBe(frVatKey(compact.slice(4)));
      }
      if (s.type === 'LICENSE_PLATE') expect(s.value).toMatch(/^[A-HJ-NP-TV-Z]{2}[- ]\d{3}[- ][A-HJ-NP-TV-Z]{2}$/);
    }
  });

  it('covers every annotated type, Corsican NIRs and several phone writings', () => {
    const types = new Set(docs.flatMap((d) => d.spans.map((s) => s.type)));
    expect([...types].sort()).toEqual(
      ['ADDRESS', 'CREDIT_CARD', 'DATE_OF_BIRTH', 'EMAIL', 'FR_NIR', 'FR_SIREN', 'FR_SIRET', 'FR_VAT', 'IBAN', 'LICENSE_PLATE', 'PERSON', 'PHONE'].sort(),
    );
    const nirs = docs.flatMap((d) => d.spans.filter((s) => s.type === 'FR_NIR').map((s) => s.value));
    expect(nirs.some((n) => /2[AB]/.test(n))).toBe(true);
    const phones = docs.flatMap((d) => d.spans.filter((s) => s.type === 'PHONE').map((s) => s.value));
    expect(phones.some((p) => p.startsWith('+33 (0)'))).toBe(true);
    expect(phones.some((p) => /^0\d\.\d\d\./.test(p))).toBe(true);
    expect(phones.some((p) => p.startsWith('0033'))).toBe(true);
  });
});
