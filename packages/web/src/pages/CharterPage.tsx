import { useState } from 'react';
import { charterApi } from '../api/endpoints.ts';
import { useSession } from '../app/session.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { useAsync } from '../components/useAsync.ts';
import { usePageTitle } from '../components/usePageTitle.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Markdown } from '../markdown/Markdown.tsx';
import { AuthLayout } from './AuthLayout.tsx';

/** The usage charter to accept before first use, and again whenever a new version is published. */
export function CharterPage() {
  const { t } = useI18n();
  const { refresh, signOut } = useSession();
  const headingRef = usePageTitle(t('charter.title'));
  const charter = useAsync(() => charterApi.get(), []);
  const [checked, setChecked] = useState(false);
  const [error, setError] = useState<unknown>();
  const [submitting, setSubmitting] = useState(false);

  async function accept() {
    const version = charter.data?.current?.version;
    if (version === undefined) return;
    setSubmitting(true);
    setError(undefined);
    try {
      await charterApi.accept(version);
      await refresh();
    } catch (failure) {
      setError(failure);
      setSubmitting(false);
      charter.reload(); // CHARTER_VERSION_OUTDATED: show the new text
      setChecked(false);
    }
  }

  const current = charter.data?.current;
  return (
    <AuthLayout wide>
      <h1 ref={headingRef} tabIndex={-1}>
        {t('charter.title')}
      </h1>
      {charter.data?.acceptedVersion ? (
        <p className="notice notice-info">{t('charter.changed', { version: current?.version ?? '' })}</p>
      ) : (
        <p className="lead">{t('charter.intro')}</p>
      )}
      <ErrorNotice error={charter.error} onRetry={charter.reload} />
      {charter.loading && !charter.data && <p role="status">{t('app.loading')}</p>}
      {current && (
        <>
          <p className="meta">{t('charter.version', { version: current.version })}</p>
          <section className="charter-text" aria-label={t('charter.title')} tabIndex={0}>
            <Markdown source={current.contentMarkdown} />
          </section>
          <div className="checkbox-field">
            <input id="charter-accept" type="checkbox" checked={checked} onChange={(e) => setChecked(e.target.checked)} />
            <label htmlFor="charter-accept">{t('charter.accept')}</label>
          </div>
          <ErrorNotice error={error} />
          <div className="row-actions">
            <button type="button" className="button-primary" disabled={!checked || submitting} onClick={() => void accept()}>
              {t('charter.acceptButton')}
            </button>
            <button type="button" className="button-quiet" onClick={() => void signOut()}>
              {t('app.signOut')}
            </button>
          </div>
        </>
      )}
      {charter.data && !current && <p>{t('charter.none')}</p>}
    </AuthLayout>
  );
}
