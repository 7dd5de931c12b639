/** Publish a new charter version (everyone accepts again) and see who accepted which version. */
import { useState } from 'react';
import { adminApi, charterApi } from '../api/endpoints.ts';
import { ErrorNotice, SuccessNotice } from '../components/ErrorNotice.tsx';
import { useAsync } from '../components/useAsync.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Markdown } from '../markdown/Markdown.tsx';
import { formatDate } from '../pages/format.ts';

export function CharterSection({ readOnly }: { readOnly: boolean }) {
  const { t, language } = useI18n();
  const charter = useAsync(() => charterApi.get(), []);
  const acceptances = useAsync(() => adminApi.charterAcceptances(), []);
  const [draft, setDraft] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [published, setPublished] = useState<number>();
  const text = draft ?? charter.data?.current?.contentMarkdown ?? '';

  async function publish() {
    setError(undefined);
    setPublished(undefined);
    try {
      const result = await adminApi.publishCharter(text);
      setPublished(result.version);
      setDraft(undefined);
      charter.reload();
      acceptances.reload();
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <section aria-labelledby="admin-charter-title">
      <h2 id="admin-charter-title">{t('admin.charter')}</h2>
      <ErrorNotice error={charter.error} onRetry={charter.reload} />
      {charter.data?.current ? <p className="meta">{t('adminCharter.current', { version: charter.data.current.version })}</p> : <p>{t('charter.none')}</p>}
      {!readOnly && (
        <>
          <div className="field">
            <label htmlFor="charter-draft">{t('adminCharter.edit')}</label>
            <textarea id="charter-draft" rows={12} value={text} onChange={(event) => setDraft(event.target.value)} />
          </div>
          <ErrorNotice error={error} />
          <SuccessNotice message={published !== undefined ? t('adminCharter.published', { version: published }) : undefined} />
          <button type="button" className="button-primary" disabled={text.trim() === '' || draft === undefined} onClick={() => void publish()}>
            {t('adminCharter.publish')}
          </button>
          {draft !== undefined && (
            <div className="card">
              <h3>{t('adminCharter.preview')}</h3>
              <Markdown source={draft} />
            </div>
          )}
        </>
      )}
      {readOnly && charter.data?.current && (
        <div className="card">
          <Markdown source={charter.data.current.contentMarkdown} />
        </div>
      )}
      <h3>{t('adminCharter.acceptances')}</h3>
      <ErrorNotice error={acceptances.error} onRetry={acceptances.reload} />
      {acceptances.data && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('adminCharter.user')}</th>
                <th scope="col">{t('adminCharter.acceptedVersion')}</th>
                <th scope="col">{t('adminCharter.acceptedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {acceptances.data.items.map((row) => (
                <tr key={row.user.id}>
                  <td>{row.user.email}</td>
                  <td>{row.acceptedVersion === acceptances.data?.currentVersion ? `${row.acceptedVersion} ✓` : row.acceptedVersion}</td>
                  <td>{formatDate(row.acceptedAt, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
