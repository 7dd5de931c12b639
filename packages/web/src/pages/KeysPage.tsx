/** The user's API keys: create (shown once), list, revoke. */
import { useState, type FormEvent } from 'react';
import { meApi } from '../api/endpoints.ts';
import type { ApiKey } from '../api/types.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { CopyButton } from '../components/CopyButton.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { useAsync } from '../components/useAsync.ts';
import { usePageTitle } from '../components/usePageTitle.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { formatDate } from './format.ts';

export function KeysPage() {
  const { t, language } = useI18n();
  const headingRef = usePageTitle(t('keys.title'));
  const keys = useAsync(() => meApi.apiKeys(), []);
  const [name, setName] = useState('');
  const [expiresAt, setExpiresAt] = useState('');
  const [created, setCreated] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey>();

  async function create(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const result = await meApi.createApiKey({ name: name.trim(), expiresAt: expiresAt ? new Date(`${expiresAt}T23:59:59`).toISOString() : undefined });
      setCreated(result.key);
      setName('');
      setExpiresAt('');
      keys.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  async function revoke(key: ApiKey) {
    setError(undefined);
    try {
      await meApi.revokeApiKey(key.id);
      keys.reload();
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <div className="page">
      <h1 ref={headingRef} tabIndex={-1}>
        {t('keys.title')}
      </h1>
      <p className="lead">{t('keys.intro', { baseUrl: `${location.origin}/v1` })}</p>
      <section className="card" aria-labelledby="new-key-title">
        <h2 id="new-key-title">{t('keys.create')}</h2>
        <form className="inline-form" onSubmit={create}>
          <div className="field">
            <label htmlFor="key-name">{t('keys.name')}</label>
            <input id="key-name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="key-expires">{t('keys.expiresAt')}</label>
            <input id="key-expires" type="date" value={expiresAt} onChange={(e) => setExpiresAt(e.target.value)} />
          </div>
          <button type="submit" className="button-primary" disabled={busy || name.trim() === ''}>
            {t('keys.create')}
          </button>
        </form>
        {created && (
          <div className="notice notice-success" role="status">
            <p>
              <strong>{t('keys.createdTitle')}</strong> — {t('keys.createdWarning')}
            </p>
            <div className="secret-row">
              <code data-testid="new-api-key">{created}</code>
              <CopyButton text={created} label={t('common.copy')} className="button-secondary" />
            </div>
          </div>
        )}
        <ErrorNotice error={error} />
      </section>
      <h2>{t('keys.list')}</h2>
      <ErrorNotice error={keys.error} onRetry={keys.reload} />
      {keys.data && keys.data.items.length === 0 && <p>{t('keys.none')}</p>}
      {keys.data && keys.data.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('keys.name')}</th>
                <th scope="col">{t('keys.prefix')}</th>
                <th scope="col">{t('common.createdAt')}</th>
                <th scope="col">{t('keys.lastUsed')}</th>
                <th scope="col">{t('keys.expires')}</th>
                <th scope="col">{t('common.status')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {keys.data.items.map((key) => (
                <tr key={key.id}>
                  <td>{key.name}</td>
                  <td>
                    <code>{key.prefix}…</code>
                  </td>
                  <td>{formatDate(key.createdAt, language)}</td>
                  <td>{key.lastUsedAt ? formatDate(key.lastUsedAt, language) : t('common.never')}</td>
                  <td>{key.expiresAt ? formatDate(key.expiresAt, language) : t('common.never')}</td>
                  <td>{key.revokedAt ? t('keys.revoked', { date: formatDate(key.revokedAt, language) }) : t('keys.active')}</td>
                  <td>
                    {!key.revokedAt && (
                      <button type="button" className="button-quiet" onClick={() => setRevoking(key)} aria-label={`${t('keys.revoke')} ${key.name}`}>
                        {t('keys.revoke')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog
        open={revoking !== undefined}
        message={t('keys.revokeConfirm', { name: revoking?.name ?? '' })}
        confirmLabel={t('keys.revoke')}
        onCancel={() => setRevoking(undefined)}
        onConfirm={() => {
          const key = revoking;
          setRevoking(undefined);
          if (key) void revoke(key);
        }}
      />
    </div>
  );
}
