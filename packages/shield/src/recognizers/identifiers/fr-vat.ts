/**
 * French intra-EU VAT number: FR + 2-character key + SIREN. Numeric keys are checked exactly;
 * alphanumeric keys (an unpublished algorithm) are accepted when the SIREN passes Luhn, with a
 * lower score and subtype `alpha-key`.
 */
import { patternRecognizer } from '../../pattern-recognizer.ts';
import { withContext } from './context.ts';
import { NOT_BEFORE_NUMBER } from './numeric.ts';
import { checkFrVat, compact } from './validators.ts';

export const frVatRecognizer = withContext(
  patternRecognizer({
    name: 'fr-vat',
    type: 'FR_VAT',
    keywords: ['fr'],
    patterns: [
      {
        name: 'fr-vat',
        regex: new RegExp(`\\bFR[ ]?[0-9A-HJ-NP-Z]{2}[ .]?\\d{3}[ .]?\\d{3}[ .]?\\d{3}\\b${NOT_BEFORE_NUMBER}`, 'gi'),
        score: 0.5,
      },
    ],
    validate(value) {
      const verdict = checkFrVat(compact(value).toUpperCase());
      if (verdict === 'invalid') return false;
      return verdict === 'valid' ? { valid: true, score: 0.95 } : { valid: true, score: 0.6, subtype: 'alpha-key' };
    },
  }),
  { words: ['tva', 'vat', 'intracommunautaire', 'intra-communautaire', 'numéro de tva', 'tax'], boost: 0.2 },
);
