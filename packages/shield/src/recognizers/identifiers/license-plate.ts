/**
 * French licence plates. SIV (since 2009) "AB-123-CD": letters I, O and U are never issued,
 * SS and WW are excluded on the left, SS on the right, 000 is never issued. The dashed form is
 * distinctive enough alone; spaced/compact SIV and the old FNI "1234 AB 56" need a vehicle word.
 */
import { patternRecognizer } from '../../pattern-recognizer.ts';
import { withContext } from './context.ts';

const SIV_LETTER = '[A-HJ-NP-TV-Z]';

export function isValidSivPlate(value: string): boolean {
  const compact = value.replace(/[ -]/g, '').toUpperCase();
  if (!/^[A-HJ-NP-TV-Z]{2}\d{3}[A-HJ-NP-TV-Z]{2}$/.test(compact)) return false;
  const left = compact.slice(0, 2);
  const right = compact.slice(5);
  if (left === 'SS' || left === 'WW' || right === 'SS') return false;
  return compact.slice(2, 5) !== '000';
}

/** FNI department suffix: 01–95, 2A/2B, overseas 971–976. */
function isFniDepartment(department: string): boolean {
  if (department === '2A' || department === '2B') return true;
  const n = Number(department);
  if (department.length === 3) return n >= 971 && n <= 976;
  return n >= 1 && n <= 95;
}

const VEHICLE_CONTEXT = [
  'immatriculation', 'immatriculé', 'immatriculée', 'plaque', 'véhicule', 'vehicule', 'voiture', 'license plate',
  'licence plate', 'number plate', 'registration', 'vehicle', 'moto', 'camion', 'fourrière', 'pv',
];

export const sivPlateRecognizer = withContext(
  patternRecognizer({
    name: 'fr-license-plate',
    type: 'LICENSE_PLATE',
    subtype: 'siv',
    keywords: ['-'],
    patterns: [{ name: 'siv-dashed', regex: new RegExp(`\\b${SIV_LETTER}{2}-\\d{3}-${SIV_LETTER}{2}\\b`, 'g'), score: 0.5 }],
    validatedScore: 0.75,
    validate: (value) => isValidSivPlate(value),
  }),
  { words: VEHICLE_CONTEXT, boost: 0.2 },
);

export const contextualPlateRecognizer = withContext(
  patternRecognizer({
    name: 'fr-license-plate-context',
    type: 'LICENSE_PLATE',
    keywords: VEHICLE_CONTEXT,
    patterns: [
      { name: 'siv-spaced', regex: new RegExp(`\\b${SIV_LETTER}{2} ?\\d{3} ?${SIV_LETTER}{2}\\b`, 'g'), score: 0.5, subtype: 'siv' },
      { name: 'fni', regex: /\b\d{1,4}[ -]?[A-Z]{1,3}[ -]?(?:\d{2,3}|2[AB])\b/g, score: 0.5, subtype: 'fni' },
    ],
    validatedScore: 0.5,
    validate(value) {
      if (/^[A-Z]{2}/.test(value)) return isValidSivPlate(value);
      const department = /(\d{2,3}|2[AB])$/.exec(value)?.[1] ?? '';
      return isFniDepartment(department);
    },
  }),
  { words: VEHICLE_CONTEXT, boost: 0.3, required: true },
);
