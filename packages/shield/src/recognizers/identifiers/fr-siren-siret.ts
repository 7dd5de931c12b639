/**
 * French company identifiers. SIRET (14 digits) is recognised on its Luhn check (La Poste
 * exception included); a bare 9-digit SIREN is far too common a shape, so it needs context
 * (SIREN, RCS, société…) on top of its Luhn check.
 */
import { patternRecognizer } from '../../pattern-recognizer.ts';
import { withContext } from './context.ts';
import { DIGIT_KEYWORDS, NOT_AFTER_NUMBER, NOT_BEFORE_NUMBER } from './numeric.ts';
import { compact, isValidSiren, isValidSiret } from './validators.ts';

const SEP = '[ .]?';

const SIRET_CONTEXT = [
  'siret', 'établissement', 'etablissement', 'siège', 'siege', 'société', 'societe', 'entreprise', 'company', 'rcs', 'siren',
];

export const frSiretRecognizer = withContext(
  patternRecognizer({
    name: 'fr-siret',
    type: 'FR_SIRET',
    keywords: DIGIT_KEYWORDS,
    patterns: [
      {
        name: 'siret',
        regex: new RegExp(`${NOT_AFTER_NUMBER}\\b\\d{3}${SEP}\\d{3}${SEP}\\d{3}${SEP}\\d{5}\\b${NOT_BEFORE_NUMBER}`, 'g'),
        score: 0.5,
      },
    ],
    // Luhn alone accepts one random 14-digit number in ten: without context the score stays modest.
    validatedScore: 0.7,
    validate: (value) => isValidSiret(compact(value)),
  }),
  { words: SIRET_CONTEXT, boost: 0.3 },
);

const SIREN_CONTEXT = [
  'siren', 'rcs', 'société', 'societe', 'entreprise', 'sarl', 'sas', 'sasu', 'eurl', 'immatriculée', 'immatriculee',
  'immatriculation', 'registre du commerce', 'company', 'kbis', 'raison sociale', 'siret',
];

export const frSirenRecognizer = withContext(
  patternRecognizer({
    name: 'fr-siren',
    type: 'FR_SIREN',
    keywords: SIREN_CONTEXT,
    patterns: [
      {
        name: 'siren',
        regex: new RegExp(`${NOT_AFTER_NUMBER}\\b\\d{3}${SEP}\\d{3}${SEP}\\d{3}\\b${NOT_BEFORE_NUMBER}`, 'g'),
        score: 0.5,
      },
    ],
    validatedScore: 0.65,
    validate: (value) => isValidSiren(compact(value)),
  }),
  { words: SIREN_CONTEXT, boost: 0.3, required: true },
);
