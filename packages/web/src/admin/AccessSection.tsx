/** Model allow-lists per group: the configuration's, or an override chosen here. */
import { useState } from 'react';
import { adminApi } from '../api/endpoints.ts';
import type { Group } from '../api/types.ts';
import { ErrorNotice, SuccessNotice } from '../components/ErrorNotice.tsx';
import { useAsync } from '../components/useAsync.ts';
import { useI18n } from '../i18n/i18n.tsx';

export function AccessSection({ readOnly }: { readOnly: boolean }) {
  const { t } = useI18n();
  const groups = useAsync(() => adminApi.groups(), []);
  const providers = useAsync(() => adminApi.providers(), []);
  const [error, setError] = useState<unknown>();
  const [message, setMessage] = useState<string>();
  const modelIds = providers.data?.models.map((model) => model.id) ?? [];

  async function save(group: Group, models: string[] | null) {
    setError(undefined);
    setMessage(undefined);
    try {
      await adminApi.setGroupModels(group.id, models);
      groups.reload();
      setMessage(t('common.saved'));
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <section aria-labelledby="access-title">
      <h2 id="access-title">{t('admin.access')}</h2>
      {readOnly && <p className="notice notice-info">{t('admin.readOnly')}</p>}
      <ErrorNotice error={groups.error ?? providers.error} onRetry={() => (groups.reload(), providers.reload())} />
      <ErrorNotice error={error} />
      <SuccessNotice message={message} />
      {groups.data?.items.map((group) => (
        <GroupModels key={group.id} group={group} modelIds={modelIds} readOnly={readOnly} onSave={(models) => void save(group, models)} />
      ))}
      {groups.data && groups.data.items.length === 0 && <p>{t('common.none')}</p>}
    </section>
  );
}

function GroupModels({ group, modelIds, readOnly, onSave }: { group: Group; modelIds: string[]; readOnly: boolean; onSave(models: string[] | null): void }) {
  const { t } = useI18n();
  const [selected, setSelected] = useState<Set<string>>(new Set(group.models ?? []));
  return (
    <fieldset className="card" disabled={readOnly}>
      <legend>{t('groups.editModels', { name: group.name })}</legend>
      <p className="meta">{group.models === null ? t('groups.modelsDefault') : group.models.join(', ') || t('common.none')}</p>
      <div className="row-actions">
        {modelIds.map((id) => (
          <label key={id} className="quiz-choice">
            <input
              type="checkbox"
              checked={selected.has(id)}
              onChange={(event) => {
                const next = new Set(selected);
                if (event.target.checked) next.add(id);
                else next.delete(id);
                setSelected(next);
              }}
            />
            {id}
          </label>
        ))}
      </div>
      {!readOnly && (
        <div className="row-actions">
          <button type="button" className="button-primary button-small" onClick={() => onSave([...selected])}>
            {t('common.save')}
          </button>
          <button type="button" className="button-secondary button-small" onClick={() => onSave(null)}>
            {t('groups.useConfig')}
          </button>
        </div>
      )}
    </fieldset>
  );
}
