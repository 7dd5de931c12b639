import { describe, expect, it } from 'vitest';
import { parseQuotaForm, parseQuotaValue, quotaFormFrom } from './quota-form.ts';

describe('quota form', () => {
  it('shows null and absent limits as empty fields, numbers as typed', () => {
    expect(quotaFormFrom({ requestsPerMinute: { perUser: 600, perKey: null }, tokensPerDay: { perUser: 200000 } })).toEqual({
      'requestsPerMinute.perUser': '600',
      'requestsPerMinute.perKey': '',
      'tokensPerDay.perUser': '200000',
      'tokensPerDay.perKey': '',
    });
  });

  it('reads empty as no limit and whole numbers ≥ 1, with group spaces', () => {
    expect(parseQuotaValue('')).toEqual({ value: null });
    expect(parseQuotaValue('   ')).toEqual({ value: null });
    expect(parseQuotaValue('1')).toEqual({ value: 1 });
    expect(parseQuotaValue(' 200 000 ')).toEqual({ value: 200000 });
    expect(parseQuotaValue('200\u202f000')).toEqual({ value: 200000 });
  });

  it('refuses zero, negatives, decimals, words and numbers too large to be exact', () => {
    for (const text of ['0', '-5', '1.5', '1,5', '1e3', 'abc', '12a', '99999999999999999999']) {
      expect(parseQuotaValue(text), text).toEqual({ error: 'invalid' });
    }
  });

  it('builds the PUT body with null for no limit, or names every invalid field', () => {
    expect(
      parseQuotaForm({ 'requestsPerMinute.perUser': '600', 'requestsPerMinute.perKey': '', 'tokensPerDay.perUser': '200 000', 'tokensPerDay.perKey': '5000' }),
    ).toEqual({ quotas: { requestsPerMinute: { perUser: 600, perKey: null }, tokensPerDay: { perUser: 200000, perKey: 5000 } }, invalid: [] });
    expect(
      parseQuotaForm({ 'requestsPerMinute.perUser': '0', 'requestsPerMinute.perKey': '', 'tokensPerDay.perUser': 'x', 'tokensPerDay.perKey': '' }),
    ).toEqual({ invalid: ['requestsPerMinute.perUser', 'tokensPerDay.perUser'] });
  });
});
