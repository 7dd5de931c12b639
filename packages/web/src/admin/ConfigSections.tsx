/** Read-only views of rempart.yaml: providers and models (with location), quotas. */
import { adminApi } from '../api/endpoints.ts';
import type { Limits } from '../api/types.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { useAsync } from '../components/useAsync.ts';
import { useI18n } from '../i18n/i18n.tsx';

export function ProvidersSection() {
  const { t } = useI18n();
  const info = useAsync(() => adminApi.providers(), []);
  return (
    <section aria-labelledby="providers-title">
      <h2 id="providers-title">{t('admin.providers')}</h2>
      <p className="hint">{t('providers.configNote')}</p>
      <ErrorNotice error={info.error} onRetry={info.reload} />
      {info.data && (
        <>
          <h3>{t('providers.providers')}</h3>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('groups.name')}</th>
                  <th scope="col">{t('providers.type')}</th>
                  <th scope="col">{t('providers.location')}</th>
                  <th scope="col">{t('providers.baseUrl')}</th>
                </tr>
              </thead>
              <tbody>
                {info.data.providers.map((provider) => (
                  <tr key={provider.name}>
                    <td>{provider.name}</td>
                    <td>{provider.type}</td>
                    <td>{t(`chat.modelLocation.${provider.location}`)}</td>
                    <td>{provider.baseUrl ? <code>{provider.baseUrl}</code> : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>{t('providers.models')}</h3>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('chat.model')}</th>
                  <th scope="col">{t('providers.provider')}</th>
                  <th scope="col">{t('providers.location')}</th>
                  <th scope="col">{t('providers.fallbacks')}</th>
                </tr>
              </thead>
              <tbody>
                {info.data.models.map((model) => (
                  <tr key={model.id}>
                    <td>{model.id}</td>
                    <td>{model.provider}</td>
                    <td>{t(`chat.modelLocation.${model.location}`)}</td>
                    <td>{model.fallbacks.join(', ') || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

export function QuotasSection() {
  const { t } = useI18n();
  const quotas = useAsync(() => adminApi.quotas(), []);
  const show = (value: number | undefined) => (value === undefined ? t('quotas.unlimited') : value.toLocaleString());
  const row = (label: string, limits: Limits | undefined) => (
    <tr>
      <th scope="row">{label}</th>
      <td>{show(limits?.perKey)}</td>
      <td>{show(limits?.perUser)}</td>
    </tr>
  );
  return (
    <section aria-labelledby="quotas-title">
      <h2 id="quotas-title">{t('admin.quotas')}</h2>
      <p className="hint">{t('quotas.intro')}</p>
      <ErrorNotice error={quotas.error} onRetry={quotas.reload} />
      {quotas.data && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <td />
                <th scope="col">{t('quotas.perKey')}</th>
                <th scope="col">{t('quotas.perUser')}</th>
              </tr>
            </thead>
            <tbody>
              {row(t('quotas.requestsPerMinute'), quotas.data.requestsPerMinute)}
              {row(t('quotas.tokensPerDay'), quotas.data.tokensPerDay)}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
