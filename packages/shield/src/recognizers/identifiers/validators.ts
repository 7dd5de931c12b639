/**
 * Pure checksum and structure validators for identifiers. Inputs are compact values
 * (separators already removed) unless stated otherwise. No allocation-heavy work: these run
 * on every candidate the regexes find.
 */

/** Removes the separators people type inside identifiers (spaces, dots, dashes, NBSP). */
export function compact(value: string): string {
  return value.replace(/[\s.\-\u00a0\u202f]/g, '');
}

/** True when every character is an ASCII digit (and there is at least one). */
export function isDigits(value: string): boolean {
  if (value.length === 0) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Luhn (mod 10) check over a digit string: cards, SIREN, SIRET. */
export function luhnValid(digits: string): boolean {
  if (!isDigits(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * Remainder modulo 97 of a long alphanumeric string read as ISO 7064 does (letters A=10 … Z=35),
 * computed digit by digit so it never overflows. Returns -1 on a character outside [0-9A-Z].
 */
export function mod97(value: string): number {
  let remainder = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) remainder = (remainder * 10 + (c - 48)) % 97;
    else if (c >= 65 && c <= 90) remainder = (remainder * 100 + (c - 55)) % 97;
    else return -1;
  }
  return remainder;
}

/** IBAN lengths per country (ISO 13616 registry, SWIFT release 2024, plus a few partial members). */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HN: 28, HR: 21, HU: 28,
  IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20,
  LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28,
  NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24,
  SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26,
  UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
};

/** IBAN check: known country, exact length, [0-9A-Z] only, mod-97 = 1. Input compact, upper-case. */
export function isValidIban(iban: string): boolean {
  const expected = IBAN_LENGTHS[iban.slice(0, 2)];
  if (expected === undefined || iban.length !== expected) return false;
  if (!isDigits(iban.slice(2, 4))) return false;
  return mod97(iban.slice(4) + iban.slice(0, 4)) === 1;
}

/** NIR (French social security number) key: 97 − (first 13 characters mod 97), Corsica 2A/2B handled. */
export function nirKey(nir13: string): number | undefined {
  if (nir13.length !== 13) return undefined;
  const upper = nir13.toUpperCase();
  const department = upper.slice(5, 7);
  // Corsica: the number is computed with 2A → 19 and 2B → 18 (i.e. minus 1,000,000 / 2,000,000).
  const numeric =
    department === '2A' ? upper.slice(0, 5) + '19' + upper.slice(7)
    : department === '2B' ? upper.slice(0, 5) + '18' + upper.slice(7)
    : upper;
  if (!isDigits(numeric)) return undefined;
  return 97 - mod97(numeric);
}

/**
 * NIR check on 15 compact characters: sex/kind digit (1, 2; 3, 4, 7, 8 for foreign-born and
 * provisional numbers), month 01–12 or the 20–42 / 50–99 codes used when the month is unknown,
 * department (digits or 2A/2B), and the key.
 */
export function isValidNir(nir: string): boolean {
  if (nir.length !== 15) return false;
  const kind = nir[0]!;
  if (!'123478'.includes(kind)) return false;
  const month = Number(nir.slice(3, 5));
  if (!isDigits(nir.slice(1, 5))) return false;
  if (!((month >= 1 && month <= 12) || (month >= 20 && month <= 42) || month >= 50)) return false;
  const key = nir.slice(13);
  if (!isDigits(key)) return false;
  return nirKey(nir.slice(0, 13)) === Number(key);
}

/** SIREN: 9 digits, Luhn. */
export function isValidSiren(siren: string): boolean {
  return siren.length === 9 && luhnValid(siren);
}

/** La Poste's establishments share SIREN 356000000 and their SIRETs fail Luhn by design. */
const LA_POSTE_SIREN = '356000000';

/**
 * SIRET: 14 digits, Luhn. La Poste exception: its establishments (SIREN 356000000) are
 * numbered so that the digit sum is a multiple of 5; the head office (…00048) passes Luhn.
 */
export function isValidSiret(siret: string): boolean {
  if (siret.length !== 14 || !isDigits(siret)) return false;
  if (luhnValid(siret)) return true;
  if (!siret.startsWith(LA_POSTE_SIREN)) return false;
  let sum = 0;
  for (let i = 0; i < siret.length; i++) sum += siret.charCodeAt(i) - 48;
  return sum % 5 === 0;
}

/** Numeric French VAT key of a SIREN: (12 + 3 × (SIREN mod 97)) mod 97. */
export function frVatKey(siren: string): number {
  return (12 + 3 * mod97(siren)) % 97;
}

export type FrVatVerdict = 'valid' | 'alpha-key' | 'invalid';

/**
 * French VAT number, compact upper-case `FRkk` + SIREN. A numeric key must match `frVatKey`.
 * Keys holding letters (issued to some entities, computed by an unpublished algorithm) are
 * accepted as `alpha-key` when the SIREN itself passes Luhn.
 */
export function checkFrVat(vat: string): FrVatVerdict {
  if (vat.length !== 13 || !vat.startsWith('FR')) return 'invalid';
  const key = vat.slice(2, 4);
  const siren = vat.slice(4);
  if (!isDigits(siren)) return 'invalid';
  if (isDigits(key)) return Number(key) === frVatKey(siren) ? 'valid' : 'invalid';
  if (!/^[0-9A-HJ-NP-Z]{2}$/.test(key)) return 'invalid';
  return isValidSiren(siren) ? 'alpha-key' : 'invalid';
}

/** ISO 3166-1 alpha-2 codes (officially assigned) plus XK (Kosovo, used by banks). */
export const ISO_COUNTRY_CODES: ReadonlySet<string> = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
    'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
    'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
    'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT ' +
    'MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
    'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG ' +
    'UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW XK'
  ).split(' '),
);

/** BIC (ISO 9362): 4-letter bank, valid country, 2-char location, optional 3-char branch. */
export function isValidBic(bic: string): boolean {
  if (!/^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/.test(bic)) return false;
  return ISO_COUNTRY_CODES.has(bic.slice(4, 6));
}

/** Card brands by prefix range and allowed lengths; first match wins (more specific first). */
interface CardRule {
  brand: string;
  /** Inclusive prefix ranges compared on the first `digits` digits. */
  ranges: readonly (readonly [number, number, number])[]; // [digits, from, to]
  lengths: readonly number[];
}

const CARD_RULES: readonly CardRule[] = [
  { brand: 'amex', ranges: [[2, 34, 34], [2, 37, 37]], lengths: [15] },
  { brand: 'diners', ranges: [[3, 300, 305], [3, 309, 309], [2, 36, 36], [2, 38, 39]], lengths: [14, 16, 17, 18, 19] },
  // Issued JCB ranges are 3528–3589; test-data generators use the whole 35 block, and a
  // Luhn-valid 16-digit 35… number is a card either way.
  { brand: 'jcb', ranges: [[2, 35, 35]], lengths: [16, 17, 18, 19] },
  { brand: 'jcb', ranges: [[4, 2131, 2131], [4, 1800, 1800]], lengths: [15] },
  { brand: 'mastercard', ranges: [[2, 51, 55], [4, 2221, 2720]], lengths: [16] },
  { brand: 'dankort', ranges: [[4, 5019, 5019]], lengths: [16] },
  { brand: 'discover', ranges: [[4, 6011, 6011], [3, 644, 649], [2, 65, 65], [6, 622126, 622925]], lengths: [16, 17, 18, 19] },
  { brand: 'unionpay', ranges: [[2, 62, 62]], lengths: [16, 17, 18, 19] },
  { brand: 'visa', ranges: [[1, 4, 4]], lengths: [13, 16, 19] },
  { brand: 'maestro', ranges: [[2, 50, 50], [2, 56, 69], [4, 604, 604]], lengths: [12, 13, 14, 15, 16, 17, 18, 19] },
  { brand: 'uatp', ranges: [[1, 1, 1]], lengths: [15] },
];

/** The card brand when the digits carry a known issuer prefix and length, else undefined. */
export function cardBrand(digits: string): string | undefined {
  for (const rule of CARD_RULES) {
    if (!rule.lengths.includes(digits.length)) continue;
    for (const [width, from, to] of rule.ranges) {
      // Maestro 0604: Number('0604') is 604, so the range is written without its leading zero.
      const prefix = Number(digits.slice(0, width));
      if (prefix >= from && prefix <= to) return rule.brand;
    }
  }
  return undefined;
}

/** Card check: Luhn and a known issuer prefix/length. Returns the brand or undefined. */
export function validCardBrand(digits: string): string | undefined {
  if (digits.length < 12 || digits.length > 19 || !luhnValid(digits)) return undefined;
  return cardBrand(digits);
}
