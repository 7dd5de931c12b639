/** Quotas (editable by admins; providers and models: CatalogueSection.tsx). */
import { useId, useRef, useState, type FormEvent } from 'react';
import { adminApi } from '../api/endpoints.ts';
import type { QuotasInfo } from '../api/types.ts';
import { ErrorNotice, SuccessNotice } from '../components/ErrorNotice.tsx';
import { useAsync } from '../components/useAsync.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { formatDate } from '../pages/format.ts';
import { fieldName, parseQuotaForm, quotaFormFrom, type QuotaFieldName, type QuotaForm } from './quota-form.ts';

export function QuotasSection({ readOnly }: { readOnly: boolean }) {
  const { t, language } = useI18n();
  const quotas = useAsync(() => adminApi.quotas(), []);
  return (
    <section aria-labelledby="quotas-title">
      <h2 id="quotas-title">{t('admin.quotas')}</h2>
      <p className="hint">{t('quotas.intro')}</p>
      {readOnly && <p className="notice notice-info">{t('admin.readOnly')}</p>}
      <ErrorNotice error={quotas.error} onRetry={quotas.reload} />
      {quotas.data && (
        <>
          {quotas.data.source && (
            <p className="meta" data-testid="quotas-source">
              {t('quotas.source', {
                source: quotas.data.source === 'database' ? t('quotas.sourceDatabase') : t('quotas.sourceConfig'),
                date: quotas.data.updatedAt ? formatDate(quotas.data.updatedAt, language) : '—',
              })}
            </p>
          )}
          <QuotasForm initial={quotas.data} readOnly={readOnly} onSaved={quotas.setData} />
        </>
      )}
    </section>
  );
}

const LIMIT_LABELS = { requestsPerMinute: 'quotas.requestsPerMinute', tokensPerDay: 'quotas.tokensPerDay' } as const;
const SCOPE_LABELS = { perUser: 'quotas.perUser', perKey: 'quotas.perKey' } as const;
const LIMITS = ['requestsPerMinute', 'tokensPerDay'] as const;
const SCOPES = ['perUser', 'perKey'] as const;

/** Four fields, empty = no limit; each wrong field says so next to it, and nothing is sent. */
function QuotasForm({ initial, readOnly, onSaved }: { initial: QuotasInfo; readOnly: boolean; onSaved(info: QuotasInfo): void }) {
  const { t } = useI18n();
  const [form, setForm] = useState<QuotaForm>(() => quotaFormFrom(initial));
  const [invalid, setInvalid] = useState<QuotaFieldName[]>([]);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string>();
  const [error, setError] = useState<unknown>();
  const idPrefix = useId();
  const inputRefs = useRef(new Map<QuotaFieldName, HTMLInputElement>());

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaved(undefined);
    setError(undefined);
    const parsed = parseQuotaForm(form);
    setInvalid(parsed.invalid);
    if (!parsed.quotas) {
      inputRefs.current.get(parsed.invalid[0]!)?.focus();
      return;
    }
    setSaving(true);
    try {
      const result = await adminApi.saveQuotas(parsed.quotas);
      setForm(quotaFormFrom(result));
      setSaved(t('quotas.saved'));
      onSaved(result);
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form onSubmit={(event) => void save(event)} noValidate>
      <div className="table-wrap">
        <table className="quotas-table">
          <thead>
            <tr>
              <td />
              {SCOPES.map((scope) => (
                <th key={scope} scope="col">
                  {t(SCOPE_LABELS[scope])}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {LIMITS.map((limit) => (
              <tr key={limit}>
                <th scope="row">{t(LIMIT_LABELS[limit])}</th>
                {SCOPES.map((scope) => {
                  const name = fieldName(limit, scope);
                  const id = `${idPrefix}-${limit}-${scope}`;
                  const wrong = invalid.includes(name);
                  return (
                    <td key={scope}>
                      <label htmlFor={id} className="visually-hidden">
                        {t('quotas.field', { limit: t(LIMIT_LABELS[limit]), scope: t(SCOPE_LABELS[scope]) })}
                      </label>
                      <input
                        id={id}
                        ref={(element) => {
                          if (element) inputRefs.current.set(name, element);
                          else inputRefs.current.delete(name);
                        }}
                        inputMode="numeric"
                        autoComplete="off"
                        value={form[name]}
                        placeholder={t('quotas.unlimited')}
                        readOnly={readOnly}
                        aria-invalid={wrong || undefined}
                        aria-describedby={wrong ? `${id}-error` : `${idPrefix}-hint`}
                        data-testid={`quota-${name}`}
                        onChange={(event) => {
                          setForm((previous) => ({ ...previous, [name]: event.target.value }));
                          setSaved(undefined);
                        }}
                      />
                      {wrong && (
                        <p id={`${id}-error`} className="hint hint-error">
                          {t('quotas.invalid')}
                        </p>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p id={`${idPrefix}-hint`} className="hint">
        {t('quotas.emptyUnlimited')}
      </p>
      {invalid.length > 0 && (
        <p className="notice notice-error" role="alert">
          {t('quotas.fixErrors')}
        </p>
      )}
      <ErrorNotice error={error} />
      <SuccessNotice message={saved} />
      {!readOnly && (
        <button type="submit" className="button-primary" disabled={saving}>
          {saving ? t('common.saving') : t('common.save')}
        </button>
      )}
    </form>
  );
}
