import { useState, type FormEvent } from 'react';
import { authApi } from '../api/endpoints.ts';
import { setCsrfToken } from '../api/http.ts';
import { useSession } from '../app/session.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { AuthLayout } from './AuthLayout.tsx';

/** The code field shared by login verification and enrolment: digits only, one-time-code autofill. */
export function TotpField({ value, onChange, id }: { value: string; onChange(value: string): void; id: string }) {
  const { t } = useI18n();
  return (
    <div className="field">
      <label htmlFor={id}>{t('mfa.code')}</label>
      <input
        id={id}
        className="totp-input"
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9]{6}"
        maxLength={6}
        required
        value={value}
        onChange={(event) => onChange(event.target.value.replace(/\D/g, '').slice(0, 6))}
      />
    </div>
  );
}

export function MfaPage() {
  const { t } = useI18n();
  const { refresh, signOut } = useSession();
  const headingRef = usePageTitle(t('mfa.title'));
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>();
  const [submitting, setSubmitting] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitting(true);
    setError(undefined);
    try {
      const result = await authApi.verifyMfa(code);
      setCsrfToken(result.csrfToken);
      await refresh();
    } catch (failure) {
      setError(failure);
      setCode('');
      setSubmitting(false);
    }
  }

  return (
    <AuthLayout>
      <h1 ref={headingRef} tabIndex={-1}>
        {t('mfa.title')}
      </h1>
      <p className="lead">{t('mfa.intro')}</p>
      <form onSubmit={submit} className="form" noValidate>
        <TotpField id="mfa-code" value={code} onChange={setCode} />
        <ErrorNotice error={error} />
        <button type="submit" className="button-primary button-block" disabled={submitting || code.length !== 6}>
          {t('mfa.submit')}
        </button>
      </form>
      <button type="button" className="button-quiet" onClick={() => void signOut()}>
        {t('app.signOut')}
      </button>
    </AuthLayout>
  );
}
