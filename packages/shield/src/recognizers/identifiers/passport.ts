/**
 * Passport numbers, only near a passport word: the French format (2 digits, 2 letters,
 * 5 digits) and a generic 6–9 character upper-case alphanumeric number holding digits.
 */
import { patternRecognizer } from '../../pattern-recognizer.ts';
import { withContext } from './context.ts';

const PASSPORT_CONTEXT = ['passeport', 'passport', 'passeports', 'passports'];

export const passportRecognizer = withContext(
  patternRecognizer({
    name: 'passport',
    type: 'PASSPORT',
    keywords: ['passeport', 'passport'],
    patterns: [
      { name: 'fr-passport', regex: /\b\d{2}[A-Z]{2}\d{5}\b/g, score: 0.6, subtype: 'fr' },
      // Generic: at least 5 digits so ordinary upper-case words and acronyms never qualify.
      { name: 'generic', regex: /\b(?!\d{2}[A-Z]{2}\d{5}\b)(?=(?:[A-Z]*\d){5})[A-Z0-9]{6,9}\b/g, score: 0.4 },
    ],
  }),
  { words: PASSPORT_CONTEXT, boost: 0.35, required: true },
);
