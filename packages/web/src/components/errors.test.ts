import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/http.ts';
import { translator } from '../i18n/i18n.tsx';
import { describeError } from './errors.ts';

const t = translator('fr');

describe('describeError', () => {
  it('words known codes with a next step', () => {
    expect(describeError(new ApiError({ status: 401, code: 'INVALID_CREDENTIALS' }), t)).toBe('Adresse e-mail ou mot de passe incorrect.');
    expect(describeError(new ApiError({ status: 0, code: 'NETWORK_ERROR' }), t)).toContain('Vérifiez votre connexion');
  });

  it('says how long to wait when rate limited', () => {
    expect(describeError(new ApiError({ status: 429, code: 'RATE_LIMITED', retryAfterSeconds: 42 }), t)).toBe('Trop de tentatives. Patientez 42 s puis réessayez.');
    expect(describeError(new ApiError({ status: 429, code: 'RATE_LIMITED' }), t)).toContain('Patientez un instant');
  });

  it('lists the fields of a validation error', () => {
    const error = new ApiError({ status: 400, code: 'VALIDATION_FAILED', errors: [{ path: 'email', message: 'invalid email' }] });
    expect(describeError(error, t)).toContain('email: invalid email');
  });

  it('falls back to the server sentence for an unknown code, and to a generic one for the rest', () => {
    expect(describeError(new ApiError({ status: 409, code: 'SOMETHING_NEW', detail: 'Do this instead.' }), t)).toContain('Do this instead.');
    expect(describeError(new ApiError({ status: 502, code: 'BAD_GATEWAY' }), t)).toBe(t('error.INTERNAL'));
    expect(describeError(new Error('boom'), t)).toBe(t('error.generic'));
  });
});
