/**
 * Payment card numbers: Luhn plus a known issuer prefix and length. Grouping must look like a
 * card (4-4-4-4[-3], Amex/Diners 4-6-5/4-6-4, or compact), so runs of unrelated numbers are
 * not stitched together. A card right after another number ("4012888888881881 4012-8888-…")
 * is still a card; groups inside an IBAN lose the overlap to the validated IBAN.
 */
import { patternRecognizer } from '../../pattern-recognizer.ts';
import { withContext } from './context.ts';
import { DIGIT_KEYWORDS } from './numeric.ts';
import { validCardBrand } from './validators.ts';

const CARD_CONTEXT = [
  'card', 'credit', 'debit', 'carte', 'cb', 'crédit', 'visa', 'mastercard', 'amex', 'paiement', 'payment', 'pan', 'cvv', 'expiry',
];

/**
 * Shapes that collide with other identifiers get a lower base score so a validated SIRET or NIR
 * wins the overlap: 12–13 digit cards, UATP (1…, 15 digits, like a NIR) and Maestro lengths
 * other than 16/19 (a 14-digit SIRET starting 50/56–69 passes Luhn as often as a card).
 */
function isAmbiguousShape(brand: string, length: number): boolean {
  if (length < 14 || brand === 'uatp') return true;
  return brand === 'maestro' && length !== 16 && length !== 19;
}

export const creditCardRecognizer = withContext(
  patternRecognizer({
    name: 'credit-card',
    type: 'CREDIT_CARD',
    keywords: DIGIT_KEYWORDS,
    patterns: [
      {
        // One pass: 4-4-4-4[-3] with one separator kind, Amex/Diners 4-6-5/4-6-4, or compact 12–19.
        // Not when glued to a token by a colon ("5057360789233961:Aowb…" is a Telegram bot token).
        name: 'card',
        regex: /\b\d{4}(?:([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{3})?|([ -])\d{6}\2\d{4,5}|\d{8,15})\b(?!:\w)/g,
        score: 0.5,
      },
    ],
    validate(value) {
      const digits = value.replace(/[ -]/g, '');
      const brand = validCardBrand(digits);
      if (brand === undefined) return false;
      return { valid: true, score: isAmbiguousShape(brand, digits.length) ? 0.6 : 0.9, subtype: brand };
    },
  }),
  { words: CARD_CONTEXT, boost: 0.3 },
);
