/**
 * The protection policy as a grid: one row per entity type, one column per destination (plus
 * "all destinations"), each cell an action or "inherits". Validated with the shield's own
 * parsePolicy before it is sent; the server validates again and applies it at once.
 */
import { useEffect, useState } from 'react';
import { ACTIONS, DESTINATIONS, ENTITY_TYPES, parsePolicy, type Action, type Destination, type PolicyInput } from '@rempart/shield';
import { adminApi } from '../api/endpoints.ts';
import { ErrorNotice, SuccessNotice } from '../components/ErrorNotice.tsx';
import { useAsync } from '../components/useAsync.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { entityLabel } from '../i18n/entity-labels.ts';
import { formatDate } from '../pages/format.ts';

type Column = 'rules' | Destination;
const COLUMNS: Column[] = ['rules', ...DESTINATIONS];

interface EditablePolicy {
  input: PolicyInput;
  customTermsText: string;
}

function toEditable(policy: unknown): EditablePolicy {
  const input = (policy && typeof policy === 'object' ? structuredClone(policy) : { default: 'pseudonymize' }) as PolicyInput;
  const customTermsText = (input.customTerms ?? []).map((term) => term.term).join('\n');
  return { input, customTermsText };
}

function rulesOf(input: PolicyInput, column: Column): Record<string, Action> | undefined {
  return column === 'rules' ? input.rules : input.destinations?.[column];
}

function withCell(input: PolicyInput, column: Column, type: string, action: Action | ''): PolicyInput {
  const next = structuredClone(input);
  const rules = { ...(rulesOf(next, column) ?? {}) };
  if (action === '') delete rules[type];
  else rules[type] = action;
  if (column === 'rules') next.rules = rules;
  else next.destinations = { ...(next.destinations ?? {}), [column]: rules };
  return next;
}

export function PolicySection({ readOnly }: { readOnly: boolean }) {
  const { t, language } = useI18n();
  const policy = useAsync(() => adminApi.policy(), []);
  const [editable, setEditable] = useState<EditablePolicy>();
  const [error, setError] = useState<unknown>();
  const [localError, setLocalError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (policy.data) setEditable(toEditable(policy.data.policy));
  }, [policy.data]);

  const columnLabel = (column: Column) => (column === 'rules' ? t('policy.allDestinations') : t(`chat.modelLocation.${column}`));

  async function save() {
    if (!editable) return;
    setSaved(false);
    setError(undefined);
    setLocalError(undefined);
    const previousTerms = new Map((editable.input.customTerms ?? []).map((term) => [term.term, term]));
    const terms = editable.customTermsText
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .map((term) => previousTerms.get(term) ?? { term });
    const candidate: PolicyInput = { ...editable.input, customTerms: terms.length > 0 ? terms : undefined };
    if (candidate.customTerms === undefined) delete candidate.customTerms;
    try {
      parsePolicy(candidate);
    } catch (failure) {
      setLocalError(failure instanceof Error ? failure.message : String(failure));
      return;
    }
    setBusy(true);
    try {
      const result = await adminApi.savePolicy(candidate);
      policy.setData(result);
      setSaved(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="policy-title">
      <h2 id="policy-title">{t('admin.policy')}</h2>
      <p className="lead">{t('policy.intro')}</p>
      {readOnly && <p className="notice notice-info">{t('admin.readOnly')}</p>}
      <ErrorNotice error={policy.error} onRetry={policy.reload} />
      {policy.data && (
        <p className="meta">
          {t('policy.source', { source: policy.data.source, date: policy.data.updatedAt ? formatDate(policy.data.updatedAt, language) : '—' })}
        </p>
      )}
      {editable && (
        <>
          <div className="field inline-field">
            <label htmlFor="policy-default">{t('policy.default')}</label>
            <select
              id="policy-default"
              value={editable.input.default ?? 'pseudonymize'}
              disabled={readOnly}
              onChange={(event) => setEditable({ ...editable, input: { ...editable.input, default: event.target.value as Action } })}
            >
              {ACTIONS.map((action) => (
                <option key={action} value={action}>
                  {t(`action.${action}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="table-wrap">
            <table className="policy-table">
              <thead>
                <tr>
                  <th scope="col">{t('policy.type')}</th>
                  {COLUMNS.map((column) => (
                    <th scope="col" key={column}>
                      {columnLabel(column)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {ENTITY_TYPES.map((type) => (
                  <tr key={type}>
                    <th scope="row">
                      {entityLabel(type, language)} <span className="meta">{type}</span>
                    </th>
                    {COLUMNS.map((column) => (
                      <td key={column}>
                        <select
                          aria-label={t('policy.cellLabel', { type: entityLabel(type, language), destination: columnLabel(column) })}
                          data-testid={`policy-${type}-${column}`}
                          className={rulesOf(editable.input, column)?.[type] ? `policy-set policy-${rulesOf(editable.input, column)?.[type]}` : undefined}
                          value={rulesOf(editable.input, column)?.[type] ?? ''}
                          disabled={readOnly}
                          onChange={(event) => setEditable({ ...editable, input: withCell(editable.input, column, type, event.target.value as Action | '') })}
                        >
                          <option value="">{t('policy.inherit')}</option>
                          {ACTIONS.map((action) => (
                            <option key={action} value={action}>
                              {t(`action.${action}`)}
                            </option>
                          ))}
                        </select>
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>{t('policy.customTerms')}</h3>
          <p className="hint">{t('policy.customTermsIntro')}</p>
          <div className="field">
            <label htmlFor="policy-terms">{t('policy.customTermsLabel')}</label>
            <textarea
              id="policy-terms"
              rows={5}
              disabled={readOnly}
              value={editable.customTermsText}
              onChange={(event) => setEditable({ ...editable, customTermsText: event.target.value })}
            />
          </div>
          {localError && (
            <div className="notice notice-error" role="alert">
              <p>{t('error.POLICY_INVALID', { detail: localError })}</p>
            </div>
          )}
          <ErrorNotice error={error} />
          <SuccessNotice message={saved ? t('policy.savedApplied') : undefined} />
          {!readOnly && (
            <button type="button" className="button-primary" disabled={busy} onClick={() => void save()}>
              {busy ? t('common.saving') : t('common.save')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
