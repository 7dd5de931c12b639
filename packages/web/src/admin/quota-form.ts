/**
 * The quotas form (contract C): four text fields, empty = no limit (null), otherwise a whole
 * number ≥ 1. Parsing says which field is wrong rather than letting the server refuse the lot.
 */
import type { Limits, Quotas } from '../api/types.ts';

export const QUOTA_FIELDS = [
  ['requestsPerMinute', 'perUser'],
  ['requestsPerMinute', 'perKey'],
  ['tokensPerDay', 'perUser'],
  ['tokensPerDay', 'perKey'],
] as const;

export type QuotaLimit = (typeof QUOTA_FIELDS)[number][0];
export type QuotaScope = (typeof QUOTA_FIELDS)[number][1];
export type QuotaFieldName = `${QuotaLimit}.${QuotaScope}`;
export type QuotaForm = Record<QuotaFieldName, string>;

export const fieldName = (limit: QuotaLimit, scope: QuotaScope): QuotaFieldName => `${limit}.${scope}`;

/** null and absent (an older server leaves unlimited keys out) both show as an empty field. */
export function quotaFormFrom(quotas: Quotas): QuotaForm {
  const form = {} as QuotaForm;
  for (const [limit, scope] of QUOTA_FIELDS) {
    const value = (quotas[limit] as Limits | undefined)?.[scope];
    form[fieldName(limit, scope)] = typeof value === 'number' ? String(value) : '';
  }
  return form;
}

/** Digits, with spaces (or the non-breaking spaces French number formatting uses) between groups. */
const WHOLE_NUMBER = /^\d+$/;

export function parseQuotaValue(text: string): { value: number | null } | { error: 'invalid' } {
  const compact = text.replace(/[\s\u00a0\u202f_]/g, '');
  if (compact === '') return { value: null };
  if (!WHOLE_NUMBER.test(compact)) return { error: 'invalid' };
  const value = Number(compact);
  if (!Number.isSafeInteger(value) || value < 1) return { error: 'invalid' };
  return { value };
}

export function parseQuotaForm(form: QuotaForm): { quotas: Quotas; invalid: [] } | { quotas?: undefined; invalid: QuotaFieldName[] } {
  const quotas: Quotas = { requestsPerMinute: {}, tokensPerDay: {} };
  const invalid: QuotaFieldName[] = [];
  for (const [limit, scope] of QUOTA_FIELDS) {
    const name = fieldName(limit, scope);
    const parsed = parseQuotaValue(form[name]);
    if ('error' in parsed) invalid.push(name);
    else quotas[limit][scope] = parsed.value;
  }
  return invalid.length > 0 ? { invalid } : { quotas, invalid: [] };
}
