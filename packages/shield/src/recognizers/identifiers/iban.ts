/**
 * IBAN, any country, compact or grouped (spaces or dashes). The regex finds a country code,
 * two check digits and a run of characters; the run is then cut at the country's exact
 * ISO 13616 length, so text glued after a grouped IBAN ("… 8901 X") is not swallowed.
 */
import type { DetectedEntity, Recognizer } from '../../types.ts';
import { hasNearbyWord } from './context.ts';
import { isWordChar } from '../../keyword-index.ts';
import { IBAN_LENGTHS, isValidIban } from './validators.ts';

// One optional separator (space, dash, no-break space) before each character: unambiguous,
// so no backtracking blow-up.
const IBAN_CANDIDATE = /\b[A-Za-z]{2}\d{2}(?:[ \-\u00a0\u202f]?[A-Za-z0-9]){11,30}/g;
const IBAN_SEPARATOR = /[ \-\u00a0\u202f]/g;

const IBAN_CONTEXT = ['iban', 'rib', 'bic', 'compte', 'account', 'virement', 'transfer', 'bank', 'banque', 'bancaire'];

/** Exclusive end of the IBAN inside `candidate` once `length` alphanumerics are read, or -1. */
function cutAtLength(candidate: string, length: number): number {
  let count = 0;
  for (let i = 0; i < candidate.length; i++) {
    const c = candidate[i]!;
    if (c === ' ' || c === '-' || c === '\u00a0' || c === '\u202f') continue;
    count++;
    if (count === length) return i + 1;
  }
  return -1;
}

/** Mixed case ("LV80 bANK …") is a typo or not an IBAN; all-upper and all-lower are accepted. */
function consistentCase(value: string): boolean {
  return value === value.toUpperCase() || value === value.toLowerCase();
}

export const ibanRecognizer: Recognizer = {
  name: 'iban',
  entityTypes: ['IBAN'],
  find(input) {
    const found: DetectedEntity[] = [];
    IBAN_CANDIDATE.lastIndex = 0;
    let match: RegExpExecArray | null;
    while ((match = IBAN_CANDIDATE.exec(input.text)) !== null) {
      // The candidate may run into the next IBAN ("… 189 ou FR76 …"): resume right after the
      // country code of a rejected candidate, or after the accepted IBAN.
      const start = match.index;
      IBAN_CANDIDATE.lastIndex = start + 4;
      const country = match[0].slice(0, 2).toUpperCase();
      const length = IBAN_LENGTHS[country];
      if (length === undefined) continue;
      const cut = cutAtLength(match[0], length);
      if (cut === -1) continue;
      const end = start + cut;
      // A compact IBAN followed directly by more letters/digits is part of something longer.
      if (isWordChar(input.text, end)) continue;
      const value = match[0].slice(0, cut);
      if (!consistentCase(value)) continue;
      // Spaces of both kinds count as one separator style; mixing spaces and dashes does not.
      const separators = value.match(IBAN_SEPARATOR)?.map((c) => (c === '-' ? '-' : ' '));
      if (separators && new Set(separators).size > 1) continue;
      if (!isValidIban(value.replace(IBAN_SEPARATOR, '').toUpperCase())) continue;
      IBAN_CANDIDATE.lastIndex = end;
      const near = hasNearbyWord(input.lowerText, start, end, IBAN_CONTEXT);
      found.push({
        type: 'IBAN',
        subtype: country,
        start,
        end,
        score: near ? 1 : 0.95,
        text: value,
        recognizer: 'iban',
        validated: true,
      });
    }
    return found;
  },
};
