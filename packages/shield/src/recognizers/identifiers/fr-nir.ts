/**
 * French social security number (NIR): 13 characters + 2-digit key, compact or spaced the way
 * it is printed on the carte Vitale ("1 85 05 78 006 084 36"), Corsica 2A/2B included.
 */
import { patternRecognizer } from '../../pattern-recognizer.ts';
import { withContext } from './context.ts';
import { DIGIT_KEYWORDS, NOT_AFTER_NUMBER, NOT_BEFORE_NUMBER } from './numeric.ts';
import { compact, isValidNir } from './validators.ts';

const SEP = '[ .]?';

const NIR_CONTEXT = [
  'nir', 'sécurité sociale', 'securite sociale', 'sécu', 'secu', 'insee', 'vitale', 'social security', 'ssn', 'assuré', 'assure',
];

// sex/kind, year, month, department (or 2A/2B), commune, order, key.
const NIR_PATTERN =
  `${NOT_AFTER_NUMBER}\\b[123478]${SEP}\\d{2}${SEP}\\d{2}${SEP}(?:\\d{2}|2[AaBb])${SEP}\\d{3}${SEP}\\d{3}${SEP}\\d{2}\\b` +
  NOT_BEFORE_NUMBER;

export const frNirRecognizer = withContext(
  patternRecognizer({
    name: 'fr-nir',
    type: 'FR_NIR',
    keywords: DIGIT_KEYWORDS,
    patterns: [
      { name: 'nir', regex: new RegExp(NIR_PATTERN, 'g'), score: 0.5 },
    ],
    validate: (value) => isValidNir(compact(value).toUpperCase()),
  }),
  { words: NIR_CONTEXT, boost: 0.1 },
);
