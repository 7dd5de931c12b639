/** Every error becomes a human sentence with a next step, in the UI language. */
import { isApiError } from '../api/http.ts';
import { isMessageKey, type Translate } from '../i18n/i18n.tsx';

export function describeError(error: unknown, t: Translate): string {
  if (!isApiError(error)) return t('error.generic');
  const { code, problem } = error;
  if (code === 'RATE_LIMITED') {
    const seconds = typeof problem.retryAfterSeconds === 'number' ? problem.retryAfterSeconds : undefined;
    return seconds ? t('error.RATE_LIMITED', { seconds }) : t('error.RATE_LIMITED_SHORT');
  }
  if (code === 'POLICY_INVALID') return t('error.POLICY_INVALID', { detail: problem.detail ?? '' });
  if (code === 'VALIDATION_FAILED' && Array.isArray(problem.errors)) {
    const fields = (problem.errors as { path?: unknown; message?: unknown }[])
      .map((issue) => `${String(issue.path ?? '')}: ${String(issue.message ?? '')}`)
      .join('; ');
    return `${t('error.VALIDATION_FAILED')} (${fields})`;
  }
  const key = `error.${code}`;
  if (isMessageKey(key)) return t(key);
  if (error.status >= 500) return t('error.INTERNAL');
  // An unexpected code: the server's own sentence says what to do (it is written for people).
  return problem.detail ? `${t('error.generic')} ${t('error.details', { detail: problem.detail })}` : t('error.generic');
}
