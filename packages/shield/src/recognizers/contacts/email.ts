/**
 * E-mail addresses, RFC 5322 practical subset extended to internationalised addresses
 * (RFC 6531/6532, IDN): dot-atom local part of letters, combining marks, digits and
 * `._%+-` (no leading, trailing or doubled dot, at most 64 code units), domain of labels of
 * letters, marks, digits and hyphens ending in an alphabetic or punycode TLD
 * (`jérôme.dupont@exemple.fr`, `françois@société.fr`, decomposed accents too). Found from
 * each '@' outwards, so the cost is linear in the text (a regex anchored on the local part
 * would rescan long words at every position).
 */
import type { DetectedEntity, Recognizer } from '../../types.ts';
import { hasNearbyWord } from '../identifiers/context.ts';

const DOMAIN_AFTER_AT =
  /(?:[\p{L}\p{N}](?:[\p{L}\p{M}\p{N}-]{0,61}[\p{L}\p{M}\p{N}])?\.)+(?:\p{L}[\p{L}\p{M}]{1,62}|xn--[A-Za-z0-9-]{1,59})(?![\p{L}\p{M}\p{N}-]|\.[\p{L}\p{N}])/uy;

const MAX_LOCAL_LENGTH = 64;

/** One code point (a surrogate pair included) that may stand in a local part beyond ASCII. */
const UNICODE_LOCAL_CHAR = /^[\p{L}\p{M}\p{N}]$/u;

function isAsciiLocalChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) ||
    code === 46 || code === 95 || code === 37 || code === 43 || code === 45 // . _ % + -
  );
}

/** Length (1 or 2 code units) of the local-part character ending just before `end`, or 0. */
function localCharBefore(text: string, end: number): number {
  if (end <= 0) return 0;
  const code = text.charCodeAt(end - 1);
  if (code < 0x80) return isAsciiLocalChar(code) ? 1 : 0;
  if (code >= 0xdc00 && code <= 0xdfff && end >= 2) {
    const high = text.charCodeAt(end - 2);
    if (high >= 0xd800 && high <= 0xdbff) return UNICODE_LOCAL_CHAR.test(text.slice(end - 2, end)) ? 2 : 0;
  }
  return UNICODE_LOCAL_CHAR.test(text.charAt(end - 1)) ? 1 : 0;
}

/** Start of the local part ending just before `at`, or -1 when there is none. */
function localPartStart(text: string, at: number): number {
  let start = at;
  let step = localCharBefore(text, start);
  while (step > 0 && at - start + step <= MAX_LOCAL_LENGTH) {
    start -= step;
    step = localCharBefore(text, start);
  }
  // A longer run than 64 characters is not a mailbox name.
  if (step > 0) return -1;
  while (start < at && text[start] === '.') start++; // sentence punctuation before the address
  if (start === at || text[at - 1] === '.') return -1;
  if (text.slice(start, at).includes('..')) return -1;
  return start;
}

/** True when `start` sits in a URL's user-info ("https://user:pass@host"): URL_CREDENTIALS' job. */
function insideUrlAuthority(text: string, start: number): boolean {
  // Look back a bounded distance only, so many addresses in a long text stay linear.
  const from = Math.max(0, start - 200);
  const scheme = text.slice(from, start).lastIndexOf('://');
  if (scheme === -1) return false;
  for (let i = from + scheme + 3; i < start; i++) {
    const c = text[i]!;
    if (c === '/' || c === '?' || c === '#' || c === ' ' || c === '\n' || c === '\t') return false;
  }
  return true;
}

const EMAIL_CONTEXT = ['email', 'e-mail', 'mail', 'courriel', 'adresse', 'contact', 'mél'];

export const emailRecognizer: Recognizer = {
  name: 'email',
  entityTypes: ['EMAIL'],
  keywords: ['@'],
  find(input) {
    const { text } = input;
    const found: DetectedEntity[] = [];
    let at = text.indexOf('@');
    while (at !== -1) {
      const start = localPartStart(text, at);
      if (start !== -1) {
        DOMAIN_AFTER_AT.lastIndex = at + 1;
        const domain = DOMAIN_AFTER_AT.exec(text);
        if (domain && !insideUrlAuthority(text, start)) {
          const end = at + 1 + domain[0].length;
          const near = hasNearbyWord(input.lowerText, start, end, EMAIL_CONTEXT);
          found.push({
            type: 'EMAIL',
            start,
            end,
            score: near ? 1 : 0.95,
            text: text.slice(start, end),
            recognizer: 'email',
            validated: true,
          });
        }
      }
      at = text.indexOf('@', at + 1);
    }
    return found;
  },
};
