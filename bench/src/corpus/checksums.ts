/**
 * Checksum arithmetic for the French business corpus, written independently from the shield's
 * validators on purpose: if both shared one implementation, a bug there would make the corpus
 * agree with the detector and the evaluation would measure nothing.
 */

/** Luhn (mod 10) digit that makes `digits + check` valid. */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  // Walking from the right, the digit next to the future check digit is doubled.
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function isLuhnValid(digits: string): boolean {
  if (!/^\d{2,}$/.test(digits)) return false;
  return luhnCheckDigit(digits.slice(0, -1)) === Number(digits[digits.length - 1]);
}

/** ISO 7064 mod 97-10 over an alphanumeric string (A=10 … Z=35), computed in chunks. */
export function mod97(alphanumeric: string): number {
  let remainder = 0;
  for (const ch of alphanumeric.toUpperCase()) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 && code <= 90 ? String(code - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder;
}

/** The two IBAN check digits for a country and a BBAN. */
export function ibanCheckDigits(country: string, bban: string): string {
  const check = 98 - mod97(bban + country + '00');
  return String(check).padStart(2, '0');
}

export function isIbanValid(iban: string): boolean {
  const compact = iban.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{8,30}$/.test(compact)) return false;
  return mod97(compact.slice(4) + compact.slice(0, 4)) === 1;
}

/** French RIB key: 97 − ((89 × bank + 15 × branch + 3 × account) mod 97), letters mapped per the RIB table. */
export function ribKey(bank: string, branch: string, account: string): string {
  const ribLetters: Record<string, string> = {};
  'ABCDEFGHI'.split('').forEach((l, i) => (ribLetters[l] = String(i + 1)));
  'JKLMNOPQR'.split('').forEach((l, i) => (ribLetters[l] = String(i + 1)));
  'STUVWXYZ'.split('').forEach((l, i) => (ribLetters[l] = String(i + 2)));
  const numericAccount = account
    .toUpperCase()
    .split('')
    .map((c) => ribLetters[c] ?? c)
    .join('');
  const total = (89n * BigInt(bank) + 15n * BigInt(branch) + 3n * BigInt(numericAccount)) % 97n;
  return String(97n - total).padStart(2, '0');
}

/**
 * NIR key: 97 − (NIR mod 97). Corsica departments 2A / 2B are replaced by 19 / 18 for the
 * computation only (the printed number keeps the letters).
 */
export function nirKey(nir13: string): string {
  const numeric = nir13.toUpperCase().replace('2A', '19').replace('2B', '18');
  if (!/^\d{13}$/.test(numeric)) throw new Error(`not a 13-character NIR body: ${nir13}`);
  return String(97n - (BigInt(numeric) % 97n)).padStart(2, '0');
}

export function isNirValid(nir: string): boolean {
  const compact = nir.replace(/\s+/g, '').toUpperCase();
  if (!/^[12]\d{4}(\d{2}|2A|2B)\d{6}\d{2}$/.test(compact)) return false;
  return nirKey(compact.slice(0, 13)) === compact.slice(13);
}

/** French intra-EU VAT key for a SIREN: (12 + 3 × (SIREN mod 97)) mod 97. */
export function frVatKey(siren: string): string {
  return String((12 + 3 * (Number(siren) % 97)) % 97).padStart(2, '0');
}
