import { useState, type FormEvent } from 'react';
import { authApi } from '../api/endpoints.ts';
import { navigate } from '../app/router.ts';
import { ErrorNotice, SuccessNotice } from '../components/ErrorNotice.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { AuthLayout } from './AuthLayout.tsx';

/** First start: the one-time link from the server log creates the first administrator. */
export function SetupPage({ token }: { token: string | null }) {
  const { t } = useI18n();
  const headingRef = usePageTitle(t('setup.title'));
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState(false);
  const [submitting, setSubmitting] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!token) return;
    setSubmitting(true);
    setError(undefined);
    try {
      await authApi.setup({ token, email: email.trim(), password, displayName: displayName.trim() || undefined });
      setDone(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <AuthLayout>
      <h1 ref={headingRef} tabIndex={-1}>
        {t('setup.title')}
      </h1>
      {done ? (
        <>
          <SuccessNotice message={t('setup.done')} />
          <button type="button" className="button-primary button-block" onClick={() => navigate('/login', { replace: true })}>
            {t('login.submit')}
          </button>
        </>
      ) : !token ? (
        <div className="notice notice-error" role="alert">
          <p>{t('setup.noToken')}</p>
        </div>
      ) : (
        <>
          <p className="lead">{t('setup.intro')}</p>
          <form onSubmit={submit} className="form" noValidate>
            <div className="field">
              <label htmlFor="setup-email">{t('common.email')}</label>
              <input id="setup-email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="setup-name">{t('common.displayName')}</label>
              <input id="setup-name" autoComplete="name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="setup-password">{t('common.password')}</label>
              <input
                id="setup-password"
                type="password"
                autoComplete="new-password"
                minLength={12}
                maxLength={256}
                required
                aria-describedby="setup-password-hint"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
              <p id="setup-password-hint" className="hint">
                {t('setup.passwordHint')}
              </p>
            </div>
            <ErrorNotice error={error} />
            <button type="submit" className="button-primary button-block" disabled={submitting || !email || password.length < 12}>
              {t('setup.submit')}
            </button>
          </form>
        </>
      )}
    </AuthLayout>
  );
}
