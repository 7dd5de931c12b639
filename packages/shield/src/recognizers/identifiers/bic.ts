/**
 * BIC / SWIFT codes. Eight or eleven upper-case letters are also ordinary shouted words
 * ("VIREMENT", "BANCAIRE" even carry valid country codes), so the code must sit near its label
 * (BIC, SWIFT) or a bank word, and not be one of the capitalised banking words written there.
 */
import { patternRecognizer } from '../../pattern-recognizer.ts';
import { withContext } from './context.ts';
import { isValidBic } from './validators.ts';

const BIC_CONTEXT = ['bic', 'swift', 'bic/swift', 'code bic', 'code swift', 'swift code', 'bic code', 'banque', 'bank'];

/** Upper-case words of BIC length (8 or 11) that appear in banking documents. */
const SHOUTED_WORDS = new Set([
  'VIREMENT', 'BANCAIRE', 'TRANSFER', 'BUSINESS', 'ACCOUNTS', 'PAYMENTS', 'DOMICILE', 'ECHEANCE', 'CREDITOR', 'DEBITEUR',
  'BANKCODE', 'IDENTITY', 'NATIONAL', 'PERSONAL', 'BENEFICIARY',
]);

export const bicRecognizer = withContext(
  patternRecognizer({
    name: 'bic',
    type: 'BIC',
    keywords: ['bic', 'swift', 'banque', 'bank'],
    patterns: [{ name: 'bic', regex: /\b[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?\b/g, score: 0.5 }],
    validatedScore: 0.55,
    validate: (value) => !SHOUTED_WORDS.has(value) && isValidBic(value),
  }),
  { words: BIC_CONTEXT, boost: 0.3, required: true },
);
