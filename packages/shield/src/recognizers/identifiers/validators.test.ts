import { describe, expect, it } from 'vitest';
import {
  cardBrand,
  checkFrVat,
  compact,
  frVatKey,
  isValidBic,
  isValidIban,
  isValidNir,
  isValidSiren,
  isValidSiret,
  luhnValid,
  mod97,
  nirKey,
  validCardBrand,
} from './validators.ts';
import { makeIban, makeNir, makeSiren, makeSiret, seededDigits, withLuhnDigit } from './test-values.ts';

describe('luhn', () => {
  it('accepts well-known valid numbers and rejects a changed digit', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('79927398710')).toBe(false);
  });
  it('rejects non-digits and empty strings', () => {
    expect(luhnValid('')).toBe(false);
    expect(luhnValid('4111 1111 1111 1111')).toBe(false);
  });
  it('accepts every generated check digit', () => {
    const next = seededDigits(1);
    for (let i = 0; i < 50; i++) expect(luhnValid(withLuhnDigit(next(13)))).toBe(true);
  });
});

describe('mod97', () => {
  it('reads letters as 10..35 and never overflows on long strings', () => {
    expect(mod97('97')).toBe(0);
    expect(mod97('A')).toBe(10);
    expect(mod97('9'.repeat(60))).toBe(Number(BigInt('9'.repeat(60)) % 97n));
    expect(mod97('a')).toBe(-1);
  });
});

describe('isValidIban', () => {
  it('accepts published examples', () => {
    for (const iban of ['FR1420041010050500013M02606', 'DE89370400440532013000', 'GB29NWBK60161331926819', 'NO9386011117947', 'MT84MALT011000012345MTLCAST001S']) {
      expect(isValidIban(iban)).toBe(true);
    }
  });
  it('rejects a wrong check digit, a wrong length and an unknown country', () => {
    expect(isValidIban('FR1420041010050500013M02607')).toBe(false);
    expect(isValidIban('DE8937040044053201300')).toBe(false);
    expect(isValidIban('AM47212110090000000235698740')).toBe(false);
    expect(isValidIban('US64SVBKUS6S3300958879')).toBe(false);
  });
  it('accepts generated IBANs for several countries', () => {
    const next = seededDigits(2);
    expect(isValidIban(makeIban('FR', next(23)))).toBe(true);
    expect(isValidIban(makeIban('BE', next(12)))).toBe(true);
    expect(isValidIban(makeIban('ES', next(20)))).toBe(true);
  });
});

describe('NIR', () => {
  it('computes the key as 97 − (number mod 97)', () => {
    expect(nirKey('1850578006084')).toBe(97 - (1850578006084 % 97));
  });
  it('handles Corsica: 2A counts as 19 and 2B as 18', () => {
    expect(nirKey('185052A006084')).toBe(97 - (1850519006084 % 97));
    expect(nirKey('185052B006084')).toBe(97 - (1850518006084 % 97));
    expect(isValidNir(makeNir('185052A006084'))).toBe(true);
    expect(isValidNir(makeNir('2850 52B 006 084'.replace(/ /g, '')))).toBe(true);
  });
  it('accepts generated numbers and rejects a wrong key', () => {
    const nir = makeNir('2931275123456');
    expect(isValidNir(nir)).toBe(true);
    const wrongKey = nir.slice(0, 13) + String((Number(nir.slice(13)) % 97) + 1).padStart(2, '0');
    expect(isValidNir(wrongKey)).toBe(false);
  });
  it('rejects impossible structure: first digit, month, length', () => {
    expect(isValidNir(makeNir('5850578006084'))).toBe(false);
    expect(isValidNir(makeNir('1851378006084'))).toBe(false);
    expect(isValidNir(makeNir('185057800608'))).toBe(false);
  });
});

describe('SIREN / SIRET', () => {
  it('accepts real published numbers', () => {
    expect(isValidSiren('732829320')).toBe(true);
    expect(isValidSiret('73282932000074')).toBe(true);
  });
  it('rejects a changed digit', () => {
    expect(isValidSiren('732829321')).toBe(false);
    expect(isValidSiret('73282932000075')).toBe(false);
  });
  it('applies the La Poste exception (SIREN 356000000: digit sum a multiple of 5)', () => {
    expect(isValidSiret('35600000000048')).toBe(true); // head office, passes Luhn
    expect(isValidSiret('35600000049909')).toBe(true); // digit sum 45, fails Luhn
    expect(luhnValid('35600000049909')).toBe(false);
    expect(isValidSiret('35600000049900')).toBe(false); // digit sum 36, fails Luhn
    // The exception is La Poste's only: another SIREN with a digit sum of 45 still needs Luhn.
    expect(isValidSiret('73282932000072')).toBe(false); // digit sum 45 but not La Poste, fails Luhn
  });
  it('accepts generated numbers', () => {
    const next = seededDigits(3);
    for (let i = 0; i < 20; i++) {
      const siren = makeSiren(next(8));
      expect(isValidSiren(siren)).toBe(true);
      expect(isValidSiret(makeSiret(siren, next(4)))).toBe(true);
    }
  });
});

describe('French VAT', () => {
  it('computes the key (12 + 3 × (SIREN mod 97)) mod 97', () => {
    expect(frVatKey('732829320')).toBe(44);
    expect(checkFrVat('FR44732829320')).toBe('valid');
    expect(checkFrVat('FR45732829320')).toBe('invalid');
  });
  it('accepts alphanumeric keys only on a Luhn-valid SIREN', () => {
    expect(checkFrVat('FRK7732829320')).toBe('alpha-key');
    expect(checkFrVat('FRK7732829321')).toBe('invalid');
    expect(checkFrVat('FRO7732829320')).toBe('invalid');
  });
});

describe('BIC', () => {
  it('checks format and country code', () => {
    expect(isValidBic('BNPAFRPP')).toBe(true);
    expect(isValidBic('BNPAFRPPXXX')).toBe(true);
    expect(isValidBic('DEUTDEFF500')).toBe(true);
    expect(isValidBic('BNPAQQPP')).toBe(false);
    expect(isValidBic('BNPAFRPPXX')).toBe(false);
    expect(isValidBic('bnpafrpp')).toBe(false);
  });
});

describe('cards', () => {
  it('names the brand from prefix and length', () => {
    expect(cardBrand('4111111111111111')).toBe('visa');
    expect(cardBrand('5555555555554444')).toBe('mastercard');
    expect(cardBrand('2221000000000009')).toBe('mastercard');
    expect(cardBrand('371449635398431')).toBe('amex');
    expect(cardBrand('30569309025904')).toBe('diners');
    expect(cardBrand('6011000400000000')).toBe('discover');
    expect(cardBrand('3528000700000000')).toBe('jcb');
    expect(cardBrand('6759649826438453')).toBe('maestro');
    expect(cardBrand('122000000000003')).toBe('uatp');
    expect(cardBrand('9111111111111111')).toBeUndefined();
    expect(cardBrand('41111111111111')).toBeUndefined(); // Visa has no 14-digit numbers
  });
  it('requires Luhn on top of the brand', () => {
    expect(validCardBrand('4111111111111111')).toBe('visa');
    expect(validCardBrand('4111111111111112')).toBeUndefined();
  });
});

describe('compact', () => {
  it('removes spaces, dots, dashes and non-breaking spaces', () => {
    expect(compact('1 85\u00a005.78-006')).toBe('1850578006');
  });
});
