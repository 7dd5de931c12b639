/** Everyone's API keys, for revoking a leaked or orphaned one. */
import { useState } from 'react';
import { adminApi } from '../api/endpoints.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { useAsync } from '../components/useAsync.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { formatDate } from '../pages/format.ts';

export function ApiKeysSection() {
  const { t, language } = useI18n();
  const keys = useAsync(() => adminApi.apiKeys(), []);
  const [error, setError] = useState<unknown>();
  return (
    <section aria-labelledby="admin-keys-title">
      <h2 id="admin-keys-title">{t('admin.apiKeys')}</h2>
      <ErrorNotice error={keys.error} onRetry={keys.reload} />
      <ErrorNotice error={error} />
      {keys.data && keys.data.items.length === 0 && <p>{t('keys.none')}</p>}
      {keys.data && keys.data.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('adminCharter.user')}</th>
                <th scope="col">{t('keys.name')}</th>
                <th scope="col">{t('keys.prefix')}</th>
                <th scope="col">{t('keys.lastUsed')}</th>
                <th scope="col">{t('common.status')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {keys.data.items.map((key) => (
                <tr key={key.id}>
                  <td>{key.userEmail}</td>
                  <td>{key.name}</td>
                  <td>
                    <code>{key.prefix}…</code>
                  </td>
                  <td>{key.lastUsedAt ? formatDate(key.lastUsedAt, language) : t('common.never')}</td>
                  <td>{key.revokedAt ? t('keys.revoked', { date: formatDate(key.revokedAt, language) }) : t('keys.active')}</td>
                  <td>
                    {!key.revokedAt && (
                      <button
                        type="button"
                        className="button-quiet button-small"
                        aria-label={`${t('keys.revoke')} ${key.name} (${key.userEmail})`}
                        onClick={() =>
                          adminApi.revokeApiKey(key.id).then(
                            () => keys.reload(),
                            (failure: unknown) => setError(failure),
                          )
                        }
                      >
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
    </section>
  );
}
