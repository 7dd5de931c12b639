/**
 * Providers and models: rempart.yaml's (read-only, marked so) and those administrators add,
 * edit, test and delete here. API keys are write-only (the server says only whether one is set).
 * The DPO sees the same tables without the actions.
 */
import { useState, type FormEvent } from 'react';
import { adminApi } from '../api/endpoints.ts';
import type { CatalogueModel, CatalogueProvider, CatalogueSource, ProviderType } from '../api/types.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { ErrorNotice, SuccessNotice } from '../components/ErrorNotice.tsx';
import { useAsync } from '../components/useAsync.ts';
import { useI18n } from '../i18n/i18n.tsx';
import {
  apiKeyRequired,
  baseUrlRequired,
  LOCATIONS,
  modelFormFrom,
  modelRequest,
  NAME_PATTERN,
  PROVIDER_TYPES,
  providerFormFrom,
  providerRequest,
  type ModelForm,
  type ProviderForm,
} from './catalogue-form.ts';

type Pending = { kind: 'provider'; name: string } | { kind: 'model'; name: string };

export function CatalogueSection({ readOnly }: { readOnly: boolean }) {
  const { t } = useI18n();
  const info = useAsync(() => adminApi.providers(), []);
  const [error, setError] = useState<unknown>();
  const [message, setMessage] = useState<string>();
  const [editingProvider, setEditingProvider] = useState<CatalogueProvider>();
  const [editingModel, setEditingModel] = useState<CatalogueModel>();
  const [deleting, setDeleting] = useState<Pending>();
  const [testing, setTesting] = useState<string>();
  /** A connection test's result when the provider did not answer as expected (not an API error). */
  const [testFailure, setTestFailure] = useState<string>();

  async function act(action: () => Promise<unknown>, success = t('common.saved')): Promise<boolean> {
    setError(undefined);
    setTestFailure(undefined);
    setMessage(undefined);
    try {
      await action();
      info.reload();
      setMessage(success);
      return true;
    } catch (failure) {
      setError(failure);
      return false;
    }
  }

  async function test(name: string) {
    setError(undefined);
    setTestFailure(undefined);
    setMessage(undefined);
    setTesting(name);
    try {
      const result = await adminApi.testProvider(name);
      if (result.ok) setMessage(t('providers.testOk', { name, ms: result.latencyMs ?? 0 }));
      else setTestFailure(t('providers.testFailed', { name, message: result.message }));
    } catch (failure) {
      setError(failure);
    } finally {
      setTesting(undefined);
    }
  }

  const providers = info.data?.providers ?? [];
  const models = info.data?.models ?? [];
  const editable = (source: CatalogueSource) => !readOnly && source === 'admin';
  const providerChoices = providers.filter((provider) => provider.type !== 'offline').map((provider) => provider.name);

  return (
    <section aria-labelledby="providers-title">
      <h2 id="providers-title">{t('admin.providers')}</h2>
      <p className="hint">{t('providers.configNote')}</p>
      {readOnly && <p className="notice notice-info">{t('admin.readOnly')}</p>}
      <ErrorNotice error={info.error} onRetry={info.reload} />
      <ErrorNotice error={error} />
      {testFailure && (
        <p className="notice notice-error" role="alert">
          {testFailure}
        </p>
      )}
      <SuccessNotice message={message} />
      {info.data && (
        <>
          <h3>{t('providers.providers')}</h3>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('providers.name')}</th>
                  <th scope="col">{t('providers.type')}</th>
                  <th scope="col">{t('providers.location')}</th>
                  <th scope="col">{t('providers.baseUrl')}</th>
                  <th scope="col">{t('providers.apiKey')}</th>
                  <th scope="col">{t('providers.source')}</th>
                  <th scope="col">{t('providers.status')}</th>
                  {!readOnly && <th scope="col">{t('common.actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {providers.map((provider) => (
                  <tr key={`${provider.source}:${provider.name}`}>
                    <td>{provider.name}</td>
                    <td>{t(`providers.type.${provider.type}`)}</td>
                    <td>{t(`chat.modelLocation.${provider.location}`)}</td>
                    <td>{provider.baseUrl ? <code>{provider.baseUrl}</code> : '—'}</td>
                    <td>{provider.apiKeySet ? t('providers.apiKeySet') : t('providers.apiKeyNotSet')}</td>
                    <td>
                      <span className="badge">{t(`providers.source.${provider.source}`)}</span>
                    </td>
                    <td>{provider.problem ? t('providers.problem', { problem: provider.problem }) : t('providers.inService')}</td>
                    {!readOnly && (
                      <td>
                        <div className="row-actions">
                          <button
                            type="button"
                            className="button-quiet button-small"
                            disabled={testing !== undefined}
                            onClick={() => void test(provider.name)}
                            aria-label={t('providers.testAria', { name: provider.name })}
                          >
                            {testing === provider.name ? t('providers.testing') : t('providers.test')}
                          </button>
                          {editable(provider.source) && (
                            <>
                              <button type="button" className="button-quiet button-small" onClick={() => setEditingProvider(provider)} aria-label={t('providers.editAria', { name: provider.name })}>
                                {t('common.edit')}
                              </button>
                              <button type="button" className="button-quiet button-small" onClick={() => setDeleting({ kind: 'provider', name: provider.name })} aria-label={t('providers.deleteAria', { name: provider.name })}>
                                {t('common.delete')}
                              </button>
                            </>
                          )}
                        </div>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {!readOnly && (
            <ProviderFormCard
              key={editingProvider?.name ?? 'new'}
              editing={editingProvider}
              onCancel={() => setEditingProvider(undefined)}
              onSubmit={async (form) => {
                const done = editingProvider
                  ? await act(() => adminApi.updateProvider(editingProvider.name, providerRequest(form, editingProvider)))
                  : await act(() => adminApi.createProvider(providerRequest(form)));
                if (done) setEditingProvider(undefined);
                return done;
              }}
            />
          )}

          <h3>{t('providers.models')}</h3>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('chat.model')}</th>
                  <th scope="col">{t('providers.provider')}</th>
                  <th scope="col">{t('providers.upstreamModel')}</th>
                  <th scope="col">{t('providers.location')}</th>
                  <th scope="col">{t('providers.fallbacks')}</th>
                  <th scope="col">{t('providers.source')}</th>
                  <th scope="col">{t('providers.status')}</th>
                  {!readOnly && <th scope="col">{t('common.actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {models.map((model) => (
                  <tr key={`${model.source}:${model.id}`}>
                    <td>
                      {model.id}
                      {model.description && <div className="meta">{model.description}</div>}
                    </td>
                    <td>{model.provider}</td>
                    <td>
                      <code>{model.upstreamModel}</code>
                    </td>
                    <td>{t(`chat.modelLocation.${model.location}`)}</td>
                    <td>{model.fallbacks.join(', ') || '—'}</td>
                    <td>
                      <span className="badge">{t(`providers.source.${model.source}`)}</span>
                    </td>
                    <td>{model.problem ? t('providers.problem', { problem: model.problem }) : t('providers.inService')}</td>
                    {!readOnly && (
                      <td>
                        {editable(model.source) && (
                          <div className="row-actions">
                            <button type="button" className="button-quiet button-small" onClick={() => setEditingModel(model)} aria-label={t('providers.editModelAria', { name: model.id })}>
                              {t('common.edit')}
                            </button>
                            <button type="button" className="button-quiet button-small" onClick={() => setDeleting({ kind: 'model', name: model.id })} aria-label={t('providers.deleteModelAria', { name: model.id })}>
                              {t('common.delete')}
                            </button>
                          </div>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {!readOnly &&
            (providerChoices.length === 0 ? (
              <p className="hint">{t('providers.needProvider')}</p>
            ) : (
              <ModelFormCard
                key={editingModel?.id ?? 'new'}
                editing={editingModel}
                providers={providerChoices}
                onCancel={() => setEditingModel(undefined)}
                onSubmit={async (form) => {
                  const done = editingModel
                    ? await act(() => adminApi.updateModel(editingModel.id, modelRequest(form, editingModel)))
                    : await act(() => adminApi.createModel(modelRequest(form)));
                  if (done) setEditingModel(undefined);
                  return done;
                }}
              />
            ))}
        </>
      )}
      <ConfirmDialog
        open={deleting !== undefined}
        message={
          deleting?.kind === 'provider'
            ? t('providers.deleteConfirm', { name: deleting.name })
            : t('providers.deleteModelConfirm', { name: deleting?.name ?? '' })
        }
        confirmLabel={t('common.delete')}
        onCancel={() => setDeleting(undefined)}
        onConfirm={() => {
          const target = deleting;
          setDeleting(undefined);
          if (!target) return;
          void act(() => (target.kind === 'provider' ? adminApi.deleteProvider(target.name) : adminApi.deleteModel(target.name)), t('providers.deleted'));
        }}
      />
    </section>
  );
}

function ProviderFormCard({ editing, onSubmit, onCancel }: { editing?: CatalogueProvider; onSubmit(form: ProviderForm): Promise<boolean>; onCancel(): void }) {
  const { t } = useI18n();
  const [form, setForm] = useState<ProviderForm>(() => providerFormFrom(editing));
  const [busy, setBusy] = useState(false);
  const set = <Field extends keyof ProviderForm>(field: Field, value: ProviderForm[Field]) => setForm((current) => ({ ...current, [field]: value }));
  const prefix = editing ? 'edit-provider' : 'new-provider';
  const title = editing ? t('providers.edit', { name: editing.name }) : t('providers.add');
  const keyNeeded = apiKeyRequired(form.type) && !(editing?.apiKeySet && !form.removeApiKey);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      if ((await onSubmit(form)) && !editing) setForm(providerFormFrom());
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card inline-form catalogue-form" onSubmit={submit} aria-labelledby={`${prefix}-title`}>
      <h4 id={`${prefix}-title`}>{title}</h4>
      <div className="field">
        <label htmlFor={`${prefix}-name`}>{t('providers.name')}</label>
        <input
          id={`${prefix}-name`}
          required
          pattern={NAME_PATTERN}
          maxLength={63}
          autoComplete="off"
          disabled={editing !== undefined}
          aria-describedby={`${prefix}-name-hint`}
          value={form.name}
          onChange={(event) => set('name', event.target.value)}
        />
        <p id={`${prefix}-name-hint`} className="hint">
          {t('providers.nameHint')}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-type`}>{t('providers.type')}</label>
        <select id={`${prefix}-type`} value={form.type} onChange={(event) => set('type', event.target.value as ProviderType)}>
          {PROVIDER_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`providers.type.${type}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-location`}>{t('providers.location')}</label>
        <select id={`${prefix}-location`} value={form.location} onChange={(event) => set('location', event.target.value as ProviderForm['location'])}>
          {LOCATIONS.map((location) => (
            <option key={location} value={location}>
              {t(`chat.modelLocation.${location}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-url`}>{t('providers.baseUrl')}</label>
        <input
          id={`${prefix}-url`}
          type="url"
          required={baseUrlRequired(form.type)}
          autoComplete="off"
          aria-describedby={`${prefix}-url-hint`}
          value={form.baseUrl}
          onChange={(event) => set('baseUrl', event.target.value)}
        />
        <p id={`${prefix}-url-hint`} className="hint">
          {t('providers.baseUrlHint')}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-key`}>{t('providers.apiKey')}</label>
        <input
          id={`${prefix}-key`}
          type="password"
          autoComplete="new-password"
          required={keyNeeded}
          aria-describedby={`${prefix}-key-hint`}
          value={form.apiKey}
          onChange={(event) => set('apiKey', event.target.value)}
        />
        <p id={`${prefix}-key-hint`} className="hint">
          {editing?.apiKeySet ? `${t('providers.apiKeyKeep')} ${t('providers.apiKeyWriteOnly')}` : t('providers.apiKeyWriteOnly')}
        </p>
      </div>
      {editing?.apiKeySet && form.type === 'openai' && (
        <label className="quiz-choice">
          <input type="checkbox" checked={form.removeApiKey} disabled={form.apiKey !== ''} onChange={(event) => set('removeApiKey', event.target.checked)} />
          {t('providers.removeApiKey')}
        </label>
      )}
      {form.type === 'azure' && (
        <div className="field">
          <label htmlFor={`${prefix}-api-version`}>{t('providers.apiVersion')}</label>
          <input id={`${prefix}-api-version`} placeholder="2024-10-21" value={form.apiVersion} onChange={(event) => set('apiVersion', event.target.value)} />
        </div>
      )}
      <div className="row-actions">
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? t('common.saving') : editing ? t('common.save') : t('providers.add')}
        </button>
        {editing && (
          <button type="button" className="button-secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

function ModelFormCard({ editing, providers, onSubmit, onCancel }: { editing?: CatalogueModel; providers: string[]; onSubmit(form: ModelForm): Promise<boolean>; onCancel(): void }) {
  const { t } = useI18n();
  const [form, setForm] = useState<ModelForm>(() => modelFormFrom(editing, providers[0]));
  const [busy, setBusy] = useState(false);
  const set = (field: keyof ModelForm, value: string) => setForm((current) => ({ ...current, [field]: value }));
  const prefix = editing ? 'edit-model' : 'new-model';
  const title = editing ? t('providers.editModel', { name: editing.id }) : t('providers.addModel');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      if ((await onSubmit(form)) && !editing) setForm(modelFormFrom(undefined, providers[0]));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card inline-form catalogue-form" onSubmit={submit} aria-labelledby={`${prefix}-title`}>
      <h4 id={`${prefix}-title`}>{title}</h4>
      <div className="field">
        <label htmlFor={`${prefix}-name`}>{t('providers.modelName')}</label>
        <input
          id={`${prefix}-name`}
          required
          pattern={NAME_PATTERN}
          maxLength={63}
          autoComplete="off"
          disabled={editing !== undefined}
          aria-describedby={`${prefix}-name-hint`}
          value={form.name}
          onChange={(event) => set('name', event.target.value)}
        />
        <p id={`${prefix}-name-hint`} className="hint">
          {t('providers.nameHint')}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-provider`}>{t('providers.provider')}</label>
        <select id={`${prefix}-provider`} value={form.provider} onChange={(event) => set('provider', event.target.value)}>
          {providers.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-upstream`}>{t('providers.upstreamModel')}</label>
        <input id={`${prefix}-upstream`} maxLength={200} autoComplete="off" aria-describedby={`${prefix}-upstream-hint`} value={form.upstreamModel} onChange={(event) => set('upstreamModel', event.target.value)} />
        <p id={`${prefix}-upstream-hint`} className="hint">
          {t('providers.upstreamModelHint')}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-fallbacks`}>{t('providers.fallbacks')}</label>
        <input id={`${prefix}-fallbacks`} autoComplete="off" aria-describedby={`${prefix}-fallbacks-hint`} value={form.fallbacks} onChange={(event) => set('fallbacks', event.target.value)} />
        <p id={`${prefix}-fallbacks-hint`} className="hint">
          {t('providers.fallbacksHint')}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-description`}>{t('providers.description')}</label>
        <input id={`${prefix}-description`} maxLength={500} value={form.description} onChange={(event) => set('description', event.target.value)} />
      </div>
      <div className="row-actions">
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? t('common.saving') : editing ? t('common.save') : t('providers.addModel')}
        </button>
        {editing && (
          <button type="button" className="button-secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
