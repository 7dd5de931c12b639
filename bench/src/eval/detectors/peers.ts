/**
 * The TypeScript peers, with their outputs mapped to our taxonomy. Labels that map to nothing
 * of ours are dropped (neither hits nor false positives): peers are only scored on the types
 * they claim. How spans are obtained:
 * - openredaction: `detect()` returns typed detections with positions; used as is.
 * - redact-pii: returns redacted text only, each finding replaced by a fixed word naming its
 *   built-in (`PHONE_NUMBER`, `PERSON_NAME`…); spans come from aligning the redacted text with
 *   the original (./span-diff.ts).
 * - @redactpii/node: redacted text only, one global replacement. We chain one `Redactor` per
 *   rule, in the library's own rule order, each with its own private-use replacement, which
 *   is what `new Redactor()` does internally; then align as above. Its NAME rule replaces the
 *   greeting with the name ("Hi David Johnson"): the greeting is trimmed off the span.
 */
import { SyncRedactor } from 'redact-pii';
import { Redactor } from '@redactpii/node';
import { OpenRedaction } from 'openredaction';
import type { Detector, EntityType, PredictedSpan } from '../types.ts';
import { spansFromRedaction } from './span-diff.ts';

export interface AlignmentStats {
  texts: number;
  failed: number;
  mergedAdjacent: number;
}

const PUA = (i: number) => String.fromCharCode(0xe000 + i);

// ---- redact-pii ----------------------------------------------------------------------

const REDACT_PII_BUILTINS = [
  'creditCardNumber',
  'streetAddress',
  'zipcode',
  'phoneNumber',
  'ipAddress',
  'usSocialSecurityNumber',
  'emailAddress',
  'username',
  'password',
  'credentials',
  'digits',
  'url',
] as const;

const REDACT_PII_MAP: Record<string, EntityType> = {
  creditCardNumber: 'CREDIT_CARD',
  streetAddress: 'ADDRESS',
  phoneNumber: 'PHONE',
  ipAddress: 'IP_ADDRESS',
  emailAddress: 'EMAIL',
  password: 'SECRET',
  credentials: 'SECRET',
  names: 'PERSON',
};

export function redactPiiDetector(stats: AlignmentStats): Detector {
  // redact-pii 3.4 ignores per-built-in `replaceWith` (composition.ts uses only
  // globalReplaceWith or the built-in's SNAKE_CASE name), so the fixed names are the tokens.
  const tokens = new Map<string, string>(REDACT_PII_BUILTINS.map((name) => [snakeUpper(name), name]));
  tokens.set('PERSON_NAME', 'names');
  const redactor = new SyncRedactor();
  return {
    name: 'redact-pii',
    supportedTypes: [...new Set(Object.values(REDACT_PII_MAP))],
    description:
      'redact-pii 3.4 `new SyncRedactor()` (all built-ins on); spans recovered by aligning the redacted text, whose replacements are the fixed words CREDIT_CARD_NUMBER, PHONE_NUMBER, …, PERSON_NAME (texts already containing those words may fail to align: counted below). Mapped: ' +
      Object.entries(REDACT_PII_MAP).map(([k, v]) => `${k}→${v}`).join(', ') +
      '; zipcode, digits, url, username, usSocialSecurityNumber are not ours and dropped.',
    detect(text): PredictedSpan[] {
      return mapped(alignOrCount(text, redactor.redact(text), tokens, stats), REDACT_PII_MAP);
    },
  };
}

/** `creditCardNumber` → `CREDIT_CARD_NUMBER`, as lodash.snakeCase(...).toUpperCase() does for these names. */
function snakeUpper(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}

// ---- @redactpii/node -----------------------------------------------------------------

/** Rule order of `new Redactor()` (its default rules object). */
const REDACTPII_NODE_RULES = ['CREDIT_CARD', 'EMAIL', 'NAME', 'PHONE', 'SSN'] as const;
const REDACTPII_NODE_MAP: Record<string, EntityType> = {
  CREDIT_CARD: 'CREDIT_CARD',
  EMAIL: 'EMAIL',
  NAME: 'PERSON',
  PHONE: 'PHONE',
};
const GREETING = /^(?:\.\s+)?(?:hey there|dear|hi|hello|greetings|hey)\s+/i;

export function redactpiiNodeDetector(stats: AlignmentStats): Detector {
  const tokens = new Map<string, string>();
  const chain = REDACTPII_NODE_RULES.map((rule, i) => {
    tokens.set(PUA(i), rule);
    return new Redactor({ rules: { [rule]: true }, globalReplaceWith: PUA(i) });
  });
  return {
    name: '@redactpii/node',
    supportedTypes: [...new Set(Object.values(REDACTPII_NODE_MAP))],
    description:
      '@redactpii/node 1.0.17, default rules (normal mode), one single-rule Redactor per rule chained in the library order; spans by alignment; greeting trimmed from NAME spans. SSN is not ours and dropped.',
    detect(text): PredictedSpan[] {
      let redacted = text;
      for (const r of chain) redacted = r.redact(redacted);
      const spans = alignOrCount(text, redacted, tokens, stats).map((s) => {
        if (s.label !== 'NAME') return s;
        const g = GREETING.exec(text.slice(s.start, s.end));
        return g && g[0].length < s.end - s.start ? { ...s, start: s.start + g[0].length } : s;
      });
      return mapped(spans, REDACTPII_NODE_MAP);
    },
  };
}

// ---- openredaction -------------------------------------------------------------------

const OPENREDACTION_MAP: Record<string, EntityType> = {
  NAME: 'PERSON',
  PERSON: 'PERSON',
  EMAIL: 'EMAIL',
  PHONE: 'PHONE',
  PHONE_INTERNATIONAL: 'PHONE',
  PHONE_LINE_NUMBER: 'PHONE',
  PHONE_UK: 'PHONE',
  PHONE_UK_MOBILE: 'PHONE',
  PHONE_US: 'PHONE',
  IBAN: 'IBAN',
  UK_BANK_ACCOUNT_IBAN: 'IBAN',
  SWIFT_BIC: 'BIC',
  CREDIT_CARD: 'CREDIT_CARD',
  FRENCH_SOCIAL_SECURITY: 'FR_NIR',
  VAT_NUMBER: 'FR_VAT',
  FRENCH_LICENSE_PLATE: 'LICENSE_PLATE',
  LICENSE_PLATE: 'LICENSE_PLATE',
  INTERNATIONAL_LICENSE_PLATE: 'LICENSE_PLATE',
  ADDRESS_STREET: 'ADDRESS',
  ADDRESS_PO_BOX: 'ADDRESS',
  DATE_OF_BIRTH: 'DATE_OF_BIRTH',
  IPV4: 'IP_ADDRESS',
  IPV6: 'IP_ADDRESS',
  URL_WITH_AUTH: 'URL_CREDENTIALS',
  PASSPORT_UK: 'PASSPORT',
  PASSPORT_US: 'PASSPORT',
  PASSPORT_MRZ_TD1: 'PASSPORT',
  PASSPORT_MRZ_TD3: 'PASSPORT',
  // credentials
  AWS_ACCESS_KEY: 'SECRET',
  AWS_SECRET_KEY: 'SECRET',
  AZURE_STORAGE_KEY: 'SECRET',
  BEARER_TOKEN: 'SECRET',
  DATABASE_CONNECTION: 'SECRET',
  DOCKER_AUTH: 'SECRET',
  FIREBASE_API_KEY: 'SECRET',
  GCP_SERVICE_ACCOUNT: 'SECRET',
  GENERIC_API_KEY: 'SECRET',
  GENERIC_SECRET: 'SECRET',
  GITHUB_TOKEN: 'SECRET',
  GOOGLE_API_KEY: 'SECRET',
  HEROKU_API_KEY: 'SECRET',
  JWT_TOKEN: 'SECRET',
  KUBERNETES_SECRET: 'SECRET',
  MAILGUN_API_KEY: 'SECRET',
  NPM_TOKEN: 'SECRET',
  OAUTH_CLIENT_SECRET: 'SECRET',
  OAUTH_TOKEN: 'SECRET',
  OPENAI_API_KEY: 'SECRET',
  PRIVATE_KEY: 'SECRET',
  PYPI_TOKEN: 'SECRET',
  SENDGRID_API_KEY: 'SECRET',
  SLACK_TOKEN: 'SECRET',
  SLACK_WEBHOOK: 'SECRET',
  SSH_PRIVATE_KEY: 'SECRET',
  STRIPE_API_KEY: 'SECRET',
  TWILIO_API_KEY: 'SECRET',
};

export function openRedactionDetector(): Detector {
  const engine = new OpenRedaction();
  return {
    name: 'openredaction',
    supportedTypes: [...new Set(Object.values(OPENREDACTION_MAP))],
    description:
      'openredaction 1.1.5 `new OpenRedaction()` defaults, `await detect(text)`; detections with positions used directly. ' +
      `${Object.keys(OPENREDACTION_MAP).length} of its labels mapped to ours (see OPENREDACTION_MAP in bench/src/eval/detectors/peers.ts); all its other labels (usernames, gamer tags, zip codes, dates, …) dropped.`,
    async detect(text): Promise<PredictedSpan[]> {
      const result = await engine.detect(text);
      const out: PredictedSpan[] = [];
      for (const d of result.detections) {
        const type = OPENREDACTION_MAP[d.type];
        if (type) out.push({ type, start: d.position[0], end: d.position[1], sourceLabel: d.type });
      }
      return out;
    },
  };
}

// ---- helpers -------------------------------------------------------------------------

function alignOrCount(original: string, redacted: string, tokens: ReadonlyMap<string, string>, stats: AlignmentStats) {
  const r = spansFromRedaction(original, redacted, tokens);
  stats.texts++;
  if (!r.aligned) stats.failed++;
  stats.mergedAdjacent += r.mergedAdjacent;
  return r.spans;
}

function mapped(spans: { start: number; end: number; label: string }[], map: Record<string, EntityType>): PredictedSpan[] {
  const out: PredictedSpan[] = [];
  for (const s of spans) {
    const type = map[s.label];
    if (type) out.push({ type, start: s.start, end: s.end, sourceLabel: s.label });
  }
  return out;
}
