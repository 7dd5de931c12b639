import { useState, type FormEvent } from 'react';
import { meApi } from '../api/endpoints.ts';
import { setCsrfToken } from '../api/http.ts';
import { navigate } from '../app/router.ts';
import { useSession } from '../app/session.tsx';
import { CopyButton } from '../components/CopyButton.tsx';
import { ErrorNotice, SuccessNotice } from '../components/ErrorNotice.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { TotpField } from './MfaPage.tsx';

/** TOTP enrolment (required for administrators): secret shown once, confirmed by a first code. */
export function MfaEnrolPage() {
  const { t } = useI18n();
  const { refresh } = useSession();
  const headingRef = usePageTitle(t('mfa.enrolTitle'));
  const [enrolment, setEnrolment] = useState<{ secret: string; otpauthUri: string }>();
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function start() {
    setBusy(true);
    setError(undefined);
    try {
      setEnrolment(await meApi.enrolMfa());
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  async function confirm(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const result = await meApi.confirmMfa(code);
      setCsrfToken(result.csrfToken);
      setDone(true);
      await refresh();
    } catch (failure) {
      setError(failure);
      setCode('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="page page-narrow">
      <h1 ref={headingRef} tabIndex={-1}>
        {t('mfa.enrolTitle')}
      </h1>
      {done ? (
        <>
          <SuccessNotice message={t('mfa.enabled')} />
          <button type="button" className="button-primary" onClick={() => navigate('/admin')}>
            {t('nav.admin')}
          </button>
        </>
      ) : (
        <>
          <p className="lead">{t('mfa.enrolIntro')}</p>
          {!enrolment ? (
            <button type="button" className="button-primary" disabled={busy} onClick={() => void start()}>
              {t('mfa.enrolStart')}
            </button>
          ) : (
            <form onSubmit={confirm} className="form" noValidate>
              <div className="field">
                <span className="label" id="mfa-secret-label">
                  {t('mfa.secret')}
                </span>
                <div className="secret-row">
                  <code aria-labelledby="mfa-secret-label" data-testid="mfa-secret">
                    {enrolment.secret}
                  </code>
                  <CopyButton text={enrolment.secret} label={t('common.copy')} />
                </div>
              </div>
              <div className="field">
                <span className="label">{t('mfa.uri')}</span>
                <a className="break" href={enrolment.otpauthUri}>
                  {enrolment.otpauthUri}
                </a>
              </div>
              <TotpField id="mfa-enrol-code" value={code} onChange={setCode} />
              <button type="submit" className="button-primary" disabled={busy || code.length !== 6}>
                {t('mfa.submit')}
              </button>
            </form>
          )}
          <ErrorNotice error={error} />
        </>
      )}
    </div>
  );
}
