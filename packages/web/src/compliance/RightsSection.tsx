/** People's rights requests: register, find the data, export it, erase it, with the one-month deadline. */
import { useState, type FormEvent } from 'react';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { ErrorNotice, SuccessNotice } from '../components/ErrorNotice.tsx';
import { useAsync } from '../components/useAsync.ts';
import { BASE, complianceApi, type RightsKind, type RightsRequest } from './api.ts';
import { CsvLink } from './CsvLink.tsx';
import { useComplianceText, useDateFormat, type ComplianceKey } from './messages.ts';

const KINDS: RightsKind[] = ['access', 'erasure', 'portability'];

export function RightsSection() {
  const ct = useComplianceText();
  const formatDate = useDateFormat();
  const requests = useAsync(() => complianceApi.rights(), []);
  const [error, setError] = useState<unknown>();
  const [message, setMessage] = useState<string>();
  const [found, setFound] = useState<{ id: string; counts: Record<string, number> }>();
  const [erasing, setErasing] = useState<RightsRequest>();

  const act = async (work: () => Promise<void>) => {
    setError(undefined);
    setMessage(undefined);
    try {
      await work();
      requests.reload();
    } catch (caught) {
      setError(caught);
    }
  };

  const create = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    void act(async () => {
      await complianceApi.createRights({
        kind: String(form.get('kind')) as RightsKind,
        subjectEmail: String(form.get('email')),
        identifiers: String(form.get('identifiers') ?? '')
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line.length >= 3),
      });
      formElement.reset();
    });
  };

  return (
    <section aria-labelledby="rights-title">
      <div className="row-actions">
        <h2 id="rights-title">{ct('section.rights')}</h2>
        <CsvLink href={`${BASE}/rights?format=csv`} table={ct('rights.list')} />
      </div>
      <ErrorNotice error={error} />
      <SuccessNotice message={message} />
      <form className="card form" onSubmit={create} aria-labelledby="rights-new-title">
        <h3 id="rights-new-title">{ct('rights.new')}</h3>
        <div className="field">
          <label htmlFor="rights-kind">{ct('rights.kind')}</label>
          <select id="rights-kind" name="kind" defaultValue="access">
            {KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {ct(`rights.kind.${kind}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="rights-email">{ct('rights.email')}</label>
          <input id="rights-email" name="email" type="email" required />
        </div>
        <div className="field">
          <label htmlFor="rights-identifiers">{ct('rights.identifiers')}</label>
          <textarea id="rights-identifiers" name="identifiers" rows={2} />
        </div>
        <button type="submit" className="button-primary">
          {ct('rights.create')}
        </button>
      </form>

      <h3>{ct('rights.list')}</h3>
      <ErrorNotice error={requests.error} onRetry={requests.reload} />
      {requests.data && requests.data.items.length === 0 && <p>{ct('none')}</p>}
      {requests.data && requests.data.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{ct('rights.email')}</th>
                <th scope="col">{ct('rights.kind')}</th>
                <th scope="col">{ct('rights.status')}</th>
                <th scope="col">{ct('rights.due')}</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {requests.data.items.map((request) => (
                <tr key={request.id}>
                  <td>{request.subjectEmail}</td>
                  <td>{ct(`rights.kind.${request.kind}`)}</td>
                  <td>{ct(`rights.status.${request.status}` as ComplianceKey)}</td>
                  <td>
                    {formatDate(request.dueAt)}{' '}
                    {request.overdue ? <strong className="late">{ct('rights.overdue')}</strong> : request.daysLeft !== null && <span className="meta">{ct('rights.daysLeft', { days: request.daysLeft })}</span>}
                  </td>
                  <td className="row-actions">
                    <button type="button" className="button-secondary button-small" onClick={() => void act(async () => setFound({ id: request.id, ...(await complianceApi.searchRights(request.id)) }))}>
                      {ct('rights.search')}
                    </button>
                    <a className="button button-quiet button-small" href={`${BASE}/rights/${request.id}/export?format=json`} download>
                      {ct('rights.exportJson')}
                    </a>
                    <a className="button button-quiet button-small" href={`${BASE}/rights/${request.id}/export?format=csv`} download>
                      {ct('rights.exportCsv')}
                    </a>
                    {request.status === 'open' && request.kind === 'erasure' && (
                      <button type="button" className="button-danger button-small" onClick={() => setErasing(request)}>
                        {ct('rights.erase')}
                      </button>
                    )}
                    {request.status === 'open' && request.kind !== 'erasure' && (
                      <button type="button" className="button-quiet button-small" onClick={() => void act(async () => void (await complianceApi.closeRights(request.id)))}>
                        {ct('rights.close')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {found && (
        <div className="card" aria-labelledby="rights-found-title">
          <h3 id="rights-found-title">{ct('rights.found')}</h3>
          <dl className="counts">
            {Object.entries(found.counts).map(([store, count]) => (
              <div key={store}>
                <dt>{ct(`rights.store.${store}` as ComplianceKey)}</dt>
                <dd>{count}</dd>
              </div>
            ))}
          </dl>
        </div>
      )}

      <ConfirmDialog
          open={erasing !== undefined}
          message={ct('rights.eraseConfirm', { email: erasing?.subjectEmail ?? '' })}
          confirmLabel={ct('rights.erase')}
          onCancel={() => setErasing(undefined)}
          onConfirm={() => {
            const request = erasing;
            setErasing(undefined);
            if (!request) return;
            void act(async () => {
              const { erasure } = await complianceApi.eraseRights(request.id);
              setMessage(ct('rights.erased', { account: erasure.accountDeleted ? '✓' : '—', vault: erasure.vaultEntriesRemoved, messages: erasure.messagesRedacted, passages: erasure.passagesRedacted }));
            });
          }}
        />
    </section>
  );
}
