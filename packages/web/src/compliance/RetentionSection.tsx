/** Retention periods (from the configuration), purge runs, and a purge on demand (administrators). */
import { useState } from 'react';
import { ErrorNotice, SuccessNotice } from '../components/ErrorNotice.tsx';
import { useAsync } from '../components/useAsync.ts';
import { complianceApi, csvUrls } from './api.ts';
import { CsvLink } from './CsvLink.tsx';
import { useComplianceText, useDateFormat } from './messages.ts';

export function RetentionSection({ canPurge }: { canPurge: boolean }) {
  const ct = useComplianceText();
  const formatDate = useDateFormat();
  const info = useAsync(() => complianceApi.retention(), []);
  const [error, setError] = useState<unknown>();
  const [message, setMessage] = useState<string>();
  const [running, setRunning] = useState(false);

  const purge = async () => {
    setError(undefined);
    setMessage(undefined);
    setRunning(true);
    try {
      await complianceApi.purge();
      setMessage(ct('retention.done'));
      info.reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setRunning(false);
    }
  };

  const retention = info.data?.retention;
  return (
    <section aria-labelledby="retention-title">
      <h2 id="retention-title">{ct('section.retention')}</h2>
      <ErrorNotice error={info.error ?? error} onRetry={info.reload} />
      <SuccessNotice message={message} />
      {retention && (
        <div className="row-actions">
          <CsvLink href={csvUrls.retention()} table={ct('retention.config')} />
        </div>
      )}
      {retention && (
        <div className="table-wrap">
          <table>
            <caption>{ct('retention.config')}</caption>
            <tbody>
              <tr>
                <th scope="row">{ct('retention.conversations')}</th>
                <td>{ct('retention.daysValue', { days: retention.conversationDays })}</td>
              </tr>
              <tr>
                <th scope="row">{ct('retention.documents')}</th>
                <td>{retention.documentDays === null ? ct('retention.keep') : ct('retention.daysValue', { days: retention.documentDays })}</td>
              </tr>
              <tr>
                <th scope="row">{ct('retention.audit')}</th>
                <td>{ct('retention.monthsValue', { months: retention.auditMonths })}</td>
              </tr>
            </tbody>
          </table>
        </div>
      )}
      <div className="row-actions">
        <h3>{ct('retention.runs')}</h3>
        <CsvLink href={csvUrls.purgeRuns()} table={ct('retention.runs')} />
      </div>
      {canPurge ? (
        <button type="button" className="button-primary" onClick={() => void purge()} disabled={running}>
          {ct('retention.runNow')}
        </button>
      ) : (
        <p className="hint">{ct('retention.adminOnly')}</p>
      )}
      {info.data && info.data.runs.length === 0 && <p>{ct('none')}</p>}
      {info.data && info.data.runs.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{ct('retention.started')}</th>
                <th scope="col">{ct('retention.trigger')}</th>
                <th scope="col">{ct('rights.status')}</th>
                <th scope="col">{ct('retention.deleted')}</th>
              </tr>
            </thead>
            <tbody>
              {info.data.runs.map((run) => (
                <tr key={run.id}>
                  <td>{formatDate(run.startedAt)}</td>
                  <td>{run.trigger}</td>
                  <td>{run.status}</td>
                  <td>
                    {Object.entries(run.progress)
                      .map(([step, progress]) => `${step}: ${progress.deleted}`)
                      .join(' · ')}
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
