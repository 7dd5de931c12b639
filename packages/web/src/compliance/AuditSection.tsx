/**
 * The audit trail: chain status (the same verification as `rempart audit verify`, from the purge
 * anchor, with signed checkpoints), filters, the aggregated view, records without identities,
 * an individual trail behind a recorded reason, checkpoints, exports and alerts.
 */
import { useState, type FormEvent } from 'react';
import { ErrorNotice, SuccessNotice } from '../components/ErrorNotice.tsx';
import { useAsync } from '../components/useAsync.ts';
import { BASE, complianceApi, csvUrls, downloadPost, type AuditFilters, type AuditRecordView } from './api.ts';
import { CsvLink } from './CsvLink.tsx';
import { useComplianceText, useDateFormat, type ComplianceKey } from './messages.ts';

const KINDS = ['request', 'completion', 'failure', 'refusal', 'admin'];
const LOCATIONS = ['on-premise', 'eu', 'non-eu'];

export function AuditSection() {
  const ct = useComplianceText();
  const [filters, setFilters] = useState<AuditFilters>({});
  const verification = useAsync(() => complianceApi.verify(), []);
  const summary = useAsync(() => complianceApi.summary(filters), [JSON.stringify(filters)]);
  const records = useAsync(() => complianceApi.records(filters), [JSON.stringify(filters)]);

  const applyFilters = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next: AuditFilters = {};
    for (const name of ['kind', 'model', 'provider', 'location', 'category', 'decision'] as const) {
      const value = String(form.get(name) ?? '').trim();
      if (value) next[name] = value;
    }
    setFilters(next);
  };

  const status = verification.data;
  return (
    <>
      <section aria-labelledby="chain-title">
        <h2 id="chain-title">{ct('audit.chain')}</h2>
        <ErrorNotice error={verification.error} onRetry={verification.reload} />
        {status && (
          <p className={status.ok ? 'status-ok' : 'status-broken'} role="status" data-testid="chain-status">
            {status.ok
              ? ct('audit.intact', { rows: status.checkedRows, checkpoints: status.checkpoints.checked })
              : ct('audit.broken', { row: status.firstBrokenLink?.rowId ?? '?', reason: status.firstBrokenLink?.reason ?? '' })}
            {status.anchor.anchorId > 0 && <> · {ct('audit.anchor', { id: status.anchor.anchorId })}</>}
          </p>
        )}
        <button type="button" className="button-secondary" onClick={verification.reload} disabled={verification.loading}>
          {ct('audit.verify')}
        </button>
      </section>

      <section aria-labelledby="filters-title">
        <h2 id="filters-title">{ct('audit.filters')}</h2>
        <form className="filters" onSubmit={applyFilters}>
          <SelectField name="kind" label={ct('audit.kind')} options={KINDS} anyLabel={ct('audit.any')} />
          <TextField name="model" label={ct('audit.model')} />
          <TextField name="provider" label={ct('audit.provider')} />
          <SelectField name="location" label={ct('audit.location')} options={LOCATIONS} anyLabel={ct('audit.any')} optionLabel={(value) => ct(`location.${value}` as ComplianceKey)} />
          <TextField name="category" label={ct('audit.category')} placeholder="PERSON" />
          <TextField name="decision" label={ct('audit.decision')} />
          <button type="submit" className="button-secondary">
            {ct('apply')}
          </button>
        </form>
      </section>

      <section aria-labelledby="summary-title">
        <div className="row-actions">
          <h2 id="summary-title">{ct('audit.summary')}</h2>
          <CsvLink href={csvUrls.auditSummary(filters)} table={ct('audit.summary')} />
        </div>
        <ErrorNotice error={summary.error} onRetry={summary.reload} />
        {summary.data && (
          <>
            <p>{ct('audit.total', { count: summary.data.total })}</p>
            <div className="counts">
              <CountTable title={ct('audit.kind')} rows={summary.data.byKind} />
              <CountTable title={ct('audit.model')} rows={summary.data.byModel} />
              <CountTable title={ct('audit.location')} rows={summary.data.byLocation} />
              <CountTable title={ct('audit.category')} rows={summary.data.entitiesByType} />
              <CountTable title={ct('audit.decision')} rows={summary.data.byDecision} />
            </div>
          </>
        )}
      </section>

      <section aria-labelledby="records-title">
        <div className="row-actions">
          <h2 id="records-title">{ct('audit.records')}</h2>
          <CsvLink href={csvUrls.auditRecords(filters)} table={ct('audit.records')} />
        </div>
        <ErrorNotice error={records.error} onRetry={records.reload} />
        {records.data && <RecordsTable items={records.data.items} individual={false} />}
      </section>

      <IndividualTrail filters={filters} />
      <CheckpointsAndExport />
      <AlertsAndAccess />
    </>
  );
}

function TextField({ name, label, placeholder }: { name: string; label: string; placeholder?: string }) {
  return (
    <div className="field">
      <label htmlFor={`audit-${name}`}>{label}</label>
      <input id={`audit-${name}`} name={name} placeholder={placeholder} />
    </div>
  );
}

function SelectField({ name, label, options, anyLabel, optionLabel }: { name: string; label: string; options: string[]; anyLabel: string; optionLabel?: (value: string) => string }) {
  return (
    <div className="field">
      <label htmlFor={`audit-${name}`}>{label}</label>
      <select id={`audit-${name}`} name={name} defaultValue="">
        <option value="">{anyLabel}</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {optionLabel ? optionLabel(option) : option}
          </option>
        ))}
      </select>
    </div>
  );
}

function CountTable({ title, rows }: { title: string; rows: { key: string; count: number }[] }) {
  const ct = useComplianceText();
  return (
    // Focusable so that a table wider than its grid cell can be scrolled with the keyboard.
    <div className="table-wrap" tabIndex={0} role="region" aria-label={title}>
      <table>
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{title}</th>
            <th scope="col">{ct('count')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <td>{row.key}</td>
              <td>{row.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RecordsTable({ items, individual }: { items: AuditRecordView[]; individual: boolean }) {
  const ct = useComplianceText();
  const formatDate = useDateFormat();
  if (items.length === 0) return <p>{ct('none')}</p>;
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={individual ? ct('audit.individual') : ct('audit.records')}>
      <table>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{ct('audit.time')}</th>
            <th scope="col">{ct('audit.kind')}</th>
            {individual && <th scope="col">{ct('audit.user')}</th>}
            <th scope="col">{ct('audit.model')}</th>
            <th scope="col">{ct('audit.location')}</th>
            <th scope="col">{ct('audit.category')}</th>
            <th scope="col">{ct('audit.decision')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id}>
              <td>{item.id}</td>
              <td>{formatDate(item.createdAt)}</td>
              <td>{item.kind}</td>
              {individual && <td>{item.userEmail ?? item.userId ?? '—'}</td>}
              <td>{item.model ?? '—'}</td>
              <td>{item.location ? ct(`location.${item.location}` as ComplianceKey) : '—'}</td>
              <td>{item.categories.join(', ') || '—'}</td>
              <td>{item.decision ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function IndividualTrail({ filters }: { filters: AuditFilters }) {
  const ct = useComplianceText();
  const [error, setError] = useState<unknown>();
  const [items, setItems] = useState<AuditRecordView[]>();
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const userId = String(form.get('userId') ?? '').trim();
    setError(undefined);
    try {
      const result = await complianceApi.trail({ filters: { ...filters, ...(userId ? { userId } : {}) }, reason: String(form.get('reason') ?? '') });
      setItems(result.items);
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <section aria-labelledby="trail-title">
      <h2 id="trail-title">{ct('audit.individual')}</h2>
      <p className="hint">{ct('audit.individualHint')}</p>
      <form className="card form" onSubmit={(event) => void submit(event)}>
        <div className="field">
          <label htmlFor="trail-user">{ct('audit.userId')}</label>
          <input id="trail-user" name="userId" />
        </div>
        <div className="field">
          <label htmlFor="trail-reason">{ct('audit.reason')}</label>
          <textarea id="trail-reason" name="reason" required minLength={15} rows={2} />
        </div>
        <button type="submit" className="button-primary">
          {ct('audit.showTrail')}
        </button>
      </form>
      <ErrorNotice error={error} />
      {items && (
        <>
          <SuccessNotice message={ct('audit.individualShown')} />
          <RecordsTable items={items} individual />
        </>
      )}
    </section>
  );
}

function CheckpointsAndExport() {
  const ct = useComplianceText();
  const formatDate = useDateFormat();
  const checkpoints = useAsync(() => complianceApi.checkpoints(), []);
  const [error, setError] = useState<unknown>();
  const sign = async () => {
    setError(undefined);
    try {
      await complianceApi.createCheckpoint();
      checkpoints.reload();
    } catch (caught) {
      setError(caught);
    }
  };
  const exportPeriod = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setError(undefined);
    try {
      await downloadPost(
        `${BASE}/audit/export`,
        { from: new Date(`${String(form.get('from'))}T00:00:00Z`).toISOString(), to: new Date(`${String(form.get('to'))}T23:59:59Z`).toISOString(), reason: String(form.get('reason') ?? '') },
        'rempart-audit.jsonl',
      );
    } catch (caught) {
      setError(caught);
    }
  };
  const today = new Date().toISOString().slice(0, 10);
  return (
    <section aria-labelledby="checkpoints-title">
      <h2 id="checkpoints-title">{ct('audit.checkpoints')}</h2>
      <ErrorNotice error={error ?? checkpoints.error} />
      <div className="row-actions">
        <button type="button" className="button-secondary" onClick={() => void sign()}>
          {ct('audit.createCheckpoint')}
        </button>
        <a className="button button-quiet" href={`${BASE}/audit/public-key`} download>
          {ct('audit.publicKey')}
        </a>
        <a className="button button-quiet" href={`${BASE}/audit/verify-script`} download>
          {ct('audit.verifyScript')}
        </a>
        <CsvLink href={csvUrls.checkpoints()} table={ct('audit.checkpoints')} />
        {checkpoints.data && <span className="meta">{ct('audit.keyId', { keyId: checkpoints.data.keyId })}</span>}
      </div>
      {checkpoints.data && checkpoints.data.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{ct('audit.time')}</th>
                <th scope="col">{ct('audit.kind')}</th>
                <th scope="col">{ct('audit.chain')}</th>
              </tr>
            </thead>
            <tbody>
              {checkpoints.data.items.slice(0, 10).map((checkpoint) => (
                <tr key={checkpoint.id}>
                  <td>{checkpoint.id}</td>
                  <td>{formatDate(checkpoint.createdAt)}</td>
                  <td>{checkpoint.kind}</td>
                  <td>
                    <code>
                      {checkpoint.lastId} · {checkpoint.lastHash.slice(0, 16)}…
                    </code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>{ct('audit.export')}</h3>
      <form className="card filters" onSubmit={(event) => void exportPeriod(event)}>
        <div className="field">
          <label htmlFor="export-from">{ct('from')}</label>
          <input id="export-from" name="from" type="date" required defaultValue={today} />
        </div>
        <div className="field">
          <label htmlFor="export-to">{ct('to')}</label>
          <input id="export-to" name="to" type="date" required defaultValue={today} />
        </div>
        <div className="field">
          <label htmlFor="export-reason">{ct('audit.reason')}</label>
          <input id="export-reason" name="reason" required minLength={15} />
        </div>
        <button type="submit" className="button-secondary">
          {ct('audit.exportButton')}
        </button>
      </form>
    </section>
  );
}

function AlertsAndAccess() {
  const ct = useComplianceText();
  const formatDate = useDateFormat();
  const alerts = useAsync(() => complianceApi.alerts(), []);
  const access = useAsync(() => complianceApi.accessLog(), []);
  const acknowledge = async (id: string) => {
    await complianceApi.acknowledge(id);
    alerts.reload();
  };
  return (
    <section aria-labelledby="alerts-title">
      <div className="row-actions">
        <h2 id="alerts-title">{ct('audit.alerts')}</h2>
        <CsvLink href={csvUrls.alerts()} table={ct('audit.alerts')} />
      </div>
      <ErrorNotice error={alerts.error} onRetry={alerts.reload} />
      {alerts.data && alerts.data.items.length === 0 && <p>{ct('none')}</p>}
      {alerts.data && alerts.data.items.length > 0 && (
        <ul className="alert-list">
          {alerts.data.items.slice(0, 20).map((alert) => (
            <li key={alert.id}>
              <span className={alert.acknowledgedAt ? '' : 'late'}>{formatDate(alert.createdAt)}</span> — {alert.summary} {alert.actorEmail && <>({alert.actorEmail})</>}{' '}
              {!alert.acknowledgedAt && (
                <button type="button" className="button-quiet button-small" onClick={() => void acknowledge(alert.id)}>
                  {ct('audit.acknowledge')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <div className="row-actions">
        <h3>{ct('audit.accessLog')}</h3>
        <CsvLink href={csvUrls.accessLog()} table={ct('audit.accessLog')} />
      </div>
      {access.data && access.data.items.length === 0 && <p>{ct('none')}</p>}
      {access.data && access.data.items.length > 0 && (
        <ul>
          {access.data.items.slice(0, 20).map((entry) => (
            <li key={entry.id}>
              {formatDate(entry.createdAt)} — {entry.readerEmail ?? '—'} : « {entry.reason} »
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
