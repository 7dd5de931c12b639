/**
 * Test fixtures: builds valid identifiers from their checksum rules (used by the tests in this
 * folder and in ../contacts). Deterministic: digits come from a seeded generator.
 */
import { frVatKey, mod97 } from './validators.ts';

/** Small seeded generator (LCG) so fixtures are the same on every run. */
export function seededDigits(seed: number): (count: number) => string {
  let state = seed >>> 0;
  return (count) => {
    let out = '';
    for (let i = 0; i < count; i++) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      out += String((state >>> 24) % 10);
    }
    return out;
  };
}

/** Appends the Luhn check digit to `partial`. */
export function withLuhnDigit(partial: string): string {
  for (let d = 0; d <= 9; d++) {
    const candidate = partial + d;
    let sum = 0;
    let double = false;
    for (let i = candidate.length - 1; i >= 0; i--) {
      let v = candidate.charCodeAt(i) - 48;
      if (double) {
        v *= 2;
        if (v > 9) v -= 9;
      }
      sum += v;
      double = !double;
    }
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable: one digit always completes a Luhn sum');
}

/** IBAN from a country and BBAN: check digits = 98 − mod97(BBAN + country + "00"). */
export function makeIban(country: string, bban: string): string {
  const check = 98 - mod97(bban + country + '00');
  return country + String(check).padStart(2, '0') + bban;
}

/** NIR from its 13 first characters (2A/2B allowed): key = 97 − (number mod 97). */
export function makeNir(first13: string): string {
  const numeric = first13.replace(/2A/i, '19').replace(/2B/i, '18');
  return first13 + String(97 - mod97(numeric)).padStart(2, '0');
}

export function makeSiren(first8: string): string {
  return withLuhnDigit(first8);
}

export function makeSiret(siren: string, nic4: string): string {
  return withLuhnDigit(siren + nic4);
}

export function makeFrVat(siren: string): string {
  return 'FR' + String(frVatKey(siren)).padStart(2, '0') + siren;
}

/** Groups a compact value by 4 characters, as printed on cards and IBANs. */
export function groupBy4(value: string, separator = ' '): string {
  return value.replace(/(.{4})(?=.)/g, `$1${separator}`);
}
