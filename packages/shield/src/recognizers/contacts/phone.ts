/**
 * Phone numbers. One linear regex collects digit runs with phone-like separators (space, dot,
 * dash, parentheses, "(0)", an extension); each run is then classified, dropping trailing
 * groups while it fits no plan ("06 12 34 56 78 12 fois" keeps the number, not the "12"):
 *  - international "+CC…" / "00CC…": national number length must fit the country's plan
 *    (table in phone-plans.ts; unknown codes: generic E.164 length, lower score);
 *  - French national 0X XX XX XX XX (spaced, dotted, dashed or compact);
 *  - North American layout (415) 555-0132 / 415-555-0132: validated when area and exchange
 *    codes start 2–9, a lower score otherwise (the layout alone is a strong signal);
 *  - other national numbers with a trunk 0 and separators ("0490 75 40 81"): plausible, low score;
 *  - anything else of 7–15 digits only next to a phone word (Tél., mobile, fax, call me…).
 * A bare run of digits without separators or context is never a phone number.
 */
import type { DetectedEntity, Recognizer, RecognizerInput } from '../../types.ts';
import { hasNearbyWord } from '../identifiers/context.ts';
import { isWordChar } from '../../keyword-index.ts';
import { DIGIT_KEYWORDS } from '../identifiers/numeric.ts';
import { matchInternationalPlan } from './phone-plans.ts';

// Separator then one digit, or a parenthesised group: each step consumes at least one digit
// or parenthesis, so the repetition cannot backtrack combinatorially.
// Separators: space, dot, dash, and the no-break spaces French typography puts in numbers.
const PHONE_CANDIDATE =
  /(?<![\w+.\-/])(?:\+|\b00|\(\+\d{1,3}\)[ .\-\u00a0\u202f]?)?(?:\(\d{1,4}\)[ .\-\u00a0\u202f]?)?\d(?:[ .\-\u00a0\u202f]?\d|[ .\-\u00a0\u202f]?\(\d{1,4}\)[ .\-\u00a0\u202f]?\d)*(?:[ ]?(?:x|ext\.?|poste)[ ]?\d{1,5}\b)?/g;

// Words that also carry other meanings in prose are left out: French "tel" ("such"; "tel:" and
// "tel." stay), "ligne" ("en ligne"), "standard".
export const PHONE_CONTEXT = [
  'phone', 'telephone', 'téléphone', 'tél', 'tel:', 'tel.', 'mobile', 'portable', 'cell', 'cellphone', 'fax', 'desk',
  'office', 'fixe', 'gsm', 'sms', 'whatsapp', 'call', 'calling', 'appeler', 'appelez', 'rappeler', 'joindre', 'joignable',
  'contact', 'message', 'messages', 'texto', 'hotline', 'dial', 'answering', 'reach', 'numéro de téléphone', 'phone number',
];

interface PhoneVerdict {
  score: number;
  validated: boolean;
  subtype: string;
  /** Plausible only next to a phone word. */
  needsContext: boolean;
}

const DATE_LIKE = /^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})(?:\s|$)/;
const DOTTED_QUAD = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
/** 3-2-4 with dashes is the US social security number layout, not a phone layout. */
const SSN_LAYOUT = /^\d{3}-\d{2}-\d{4}$/;

/** Digits of a candidate and the lengths of its digit groups, in one pass (hot path). */
function digitGroups(candidate: string): { digits: string; groups: number[] } {
  let digits = '';
  const groups: number[] = [];
  let current = 0;
  for (let i = 0; i < candidate.length; i++) {
    const c = candidate.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digits += candidate[i];
      current++;
    } else if (current > 0) {
      groups.push(current);
      current = 0;
    }
  }
  if (current > 0) groups.push(current);
  return { digits, groups };
}

/** Classifies a candidate (extension already removed); undefined when it is no phone number. */
export function classifyPhone(written: string): PhoneVerdict | undefined {
  // "(+33) 6 …" is "+33 6 …" with decoration.
  const candidate = written.startsWith('(+') ? written.replace(/^\((\+\d{1,3})\)/, '$1') : written;
  const international = candidate.startsWith('+') || candidate.startsWith('00');
  // "(0)" after the country code is the trunk prefix, written for national callers only.
  const { digits, groups } = digitGroups(international ? candidate.replace('(0)', '') : candidate);
  // Dates, dotted quads and SSNs have 3–4 groups; the regexes only run on those shapes.
  if (groups.length <= 4 && (DATE_LIKE.test(candidate) || DOTTED_QUAD.test(candidate) || SSN_LAYOUT.test(candidate))) {
    return undefined;
  }
  if (international) {
    const plan = matchInternationalPlan(candidate.startsWith('+') ? digits : digits.slice(2));
    if (!plan) return undefined;
    return plan.known
      ? { score: 0.85, validated: true, subtype: `+${plan.countryCode}`, needsContext: false }
      : { score: 0.5, validated: false, subtype: 'e164', needsContext: false };
  }
  if (digits.length < 7 || digits.length > 15) return undefined;
  if (digits.length === 10 && digits[0] === '0' && digits[1] !== '0' && (groups.length === 1 || groups.every((g) => g === 2))) {
    return { score: groups.length === 1 ? 0.6 : 0.8, validated: true, subtype: 'fr', needsContext: false };
  }
  if (groups.length >= 3 && groups.length <= 4 && NANP_LAYOUT.test(candidate)) {
    // The 3-3-4 layout alone is a strong phone signal; valid area/exchange codes make it a plan.
    return isNanpPlan(digits)
      ? { score: 0.7, validated: true, subtype: 'nanp', needsContext: false }
      : { score: 0.55, validated: false, subtype: 'nanp-layout', needsContext: false };
  }
  if (digits[0] === '0' && digits[1] !== '0' && digits.length >= 9 && digits.length <= 12 && groups.length >= 2) {
    return { score: 0.55, validated: false, subtype: 'national', needsContext: false };
  }
  return { score: 0.45, validated: false, subtype: 'generic', needsContext: true };
}

const NANP_LAYOUT = /^(?:1[ .\-])?(?:\(\d{3}\) ?|\d{3}[ .\-])\d{3}[ .\-]\d{4}$/;

/** North American plan: area and exchange codes start with 2–9. */
function isNanpPlan(digits: string): boolean {
  const national = digits.length === 11 ? digits.slice(1) : digits;
  return national.length === 10 && national[0]! >= '2' && national[3]! >= '2';
}

interface GroupPrefix {
  /** End of the prefix in the run (exclusive), right after a digit group. */
  end: number;
  /** Digits in the prefix. */
  digits: number;
}

/** Prefixes of a run ending after each digit group, longest first. */
function groupPrefixes(run: string): GroupPrefix[] {
  const prefixes: GroupPrefix[] = [];
  let digits = 0;
  for (let i = 0; i < run.length; i++) {
    const c = run.charCodeAt(i);
    if (c < 48 || c > 57) continue;
    digits++;
    const next = run.charCodeAt(i + 1);
    if (!(next >= 48 && next <= 57)) prefixes.push({ end: i + 1, digits });
  }
  return prefixes.reverse();
}

/** No plan has subscriber numbers shorter than this (national significant number + prefix). */
const MIN_DIGITS = 7;
/** E.164 allows 15 digits; with a 00 prefix and a written trunk "(0)" a run may show 18. */
const MAX_DIGITS = 18;

function countDigits(value: string): number {
  let count = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) count++;
  }
  return count;
}

function findPhones(input: RecognizerInput): DetectedEntity[] {
  const { text } = input;
  const found: DetectedEntity[] = [];
  PHONE_CANDIDATE.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = PHONE_CANDIDATE.exec(text)) !== null) {
    const start = match.index;
    // Most candidates are short numbers ("12", "2024"): reject them before any string work.
    if (countDigits(match[0]) < MIN_DIGITS) continue;
    const extension = /[ ]?(?:x|ext\.?|poste)[ ]?\d{1,5}$/.exec(match[0]);
    // Try the whole run, then without its last groups; a validated plan beats a weaker reading
    // of a longer run ("06 12 34 56 78 12 fois" is a French number followed by "12"). Only
    // prefixes with a plausible digit count are classified.
    const run = extension ? match[0].slice(0, extension.index) : match[0];
    let verdict: PhoneVerdict | undefined;
    let candidate: string | undefined;
    for (const prefix of groupPrefixes(run)) {
      if (prefix.digits > MAX_DIGITS) continue;
      if (prefix.digits < MIN_DIGITS) break;
      const text = run.slice(0, prefix.end);
      const reading = classifyPhone(text);
      if (reading && (!verdict || (reading.validated && !verdict.validated))) {
        verdict = reading;
        candidate = text;
        if (reading.validated) break;
      }
    }
    if (!verdict || candidate === undefined) continue;
    // The extension belongs to the number only when nothing was trimmed before it.
    const kept = extension && candidate.length === extension.index ? match[0] : candidate;
    const end = start + kept.length;
    if (isWordChar(text, end)) continue;
    const near = hasNearbyWord(input.lowerText, start, end, PHONE_CONTEXT);
    if (verdict.needsContext && !near) continue;
    const score = Math.min(1, verdict.score + (near ? (verdict.needsContext ? 0.35 : 0.15) : 0));
    const entity: DetectedEntity = {
      type: 'PHONE',
      subtype: verdict.subtype,
      start,
      end,
      score,
      text: kept,
      recognizer: 'phone',
    };
    if (verdict.validated) entity.validated = true;
    found.push(entity);
    // Resume right after what was kept, so trimmed groups can start the next number.
    PHONE_CANDIDATE.lastIndex = end;
  }
  return found;
}

export const phoneRecognizer: Recognizer = {
  name: 'phone',
  entityTypes: ['PHONE'],
  keywords: DIGIT_KEYWORDS,
  find: findPhones,
};
