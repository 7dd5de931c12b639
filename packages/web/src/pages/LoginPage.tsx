import { useState, type FormEvent } from 'react';
import { authApi } from '../api/endpoints.ts';
import { setCsrfToken } from '../api/http.ts';
import { useSession } from '../app/session.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { isMessageKey, useI18n } from '../i18n/i18n.tsx';
import { AuthLayout } from './AuthLayout.tsx';

export function LoginPage({ oidcLabel, oidcEnabled, redirectError }: { oidcEnabled: boolean; oidcLabel?: string; redirectError?: string }) {
  const { t } = useI18n();
  const { refresh } = useSession();
  const headingRef = usePageTitle(t('login.title'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitting(true);
    setError(undefined);
    try {
      const result = await authApi.login(email.trim(), password);
      setCsrfToken(result.csrfToken);
      await refresh();
    } catch (failure) {
      setError(failure);
      setSubmitting(false);
    }
  }

  const redirectKey = redirectError ? `error.${redirectError}` : undefined;
  return (
    <AuthLayout>
      <h1 ref={headingRef} tabIndex={-1}>
        {t('login.title')}
      </h1>
      <p className="lead">{t('login.intro')}</p>
      {redirectKey && (
        <div className="notice notice-error" role="alert">
          <p>{isMessageKey(redirectKey) ? t(redirectKey) : t('error.OIDC_FAILED')}</p>
        </div>
      )}
      {oidcEnabled && (
        <>
          <a className="button button-primary button-block" href={authApi.oidcLoginUrl('/chat')}>
            {oidcLabel ? t('login.sso', { label: oidcLabel }) : t('login.ssoDefault')}
          </a>
          <p className="divider">
            <span>{t('login.or')}</span>
          </p>
        </>
      )}
      <form onSubmit={submit} className="form" noValidate>
        <div className="field">
          <label htmlFor="login-email">{t('common.email')}</label>
          <input id="login-email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="login-password">{t('common.password')}</label>
          <input
            id="login-password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <ErrorNotice error={error} />
        <button type="submit" className={oidcEnabled ? 'button-secondary button-block' : 'button-primary button-block'} disabled={submitting || !email || !password}>
          {submitting ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
      <p className="hint">{t('login.setupHint')}</p>
    </AuthLayout>
  );
}
