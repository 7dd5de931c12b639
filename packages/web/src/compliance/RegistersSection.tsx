/** The AI-system register (with transfer and AI Act Annex III warnings) and the generated reports. */
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { useAsync } from '../components/useAsync.ts';
import { BASE, complianceApi } from './api.ts';
import { CsvLink } from './CsvLink.tsx';
import { useComplianceText, type ComplianceKey } from './messages.ts';

export function RegistersSection() {
  const ct = useComplianceText();
  const register = useAsync(() => complianceApi.aiSystems(), []);
  return (
    <>
      <section aria-labelledby="ai-register-title">
        <div className="row-actions">
          <h2 id="ai-register-title">{ct('registers.ai')}</h2>
          <CsvLink href={`${BASE}/registers/ai-systems?format=csv`} table={ct('registers.ai')} />
        </div>
        <ErrorNotice error={register.error} onRetry={register.reload} />
        {register.data && (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{ct('audit.model')}</th>
                  <th scope="col">{ct('audit.location')}</th>
                  <th scope="col">{ct('registers.purpose')}</th>
                  <th scope="col">{ct('registers.transferBasis')}</th>
                  <th scope="col">{ct('registers.noTraining')}</th>
                  <th scope="col">{ct('registers.retention')}</th>
                  <th scope="col">{ct('registers.riskClass')}</th>
                  <th scope="col">{ct('registers.warnings')}</th>
                </tr>
              </thead>
              <tbody>
                {register.data.items.map((system) => (
                  <tr key={system.model}>
                    <th scope="row">
                      {system.model}
                      <div className="meta">{system.provider}</div>
                    </th>
                    <td>{ct(`location.${system.location}` as ComplianceKey)}</td>
                    <td>
                      {system.purpose}
                      {system.useCases.length > 0 && <div className="meta">{system.useCases.join(' · ')}</div>}
                    </td>
                    <td>{system.transferBasis ?? '—'}</td>
                    <td>{system.noTraining ? ct('registers.yes') : ct('registers.no')}</td>
                    <td>{system.providerRetentionDays === undefined ? '—' : ct('registers.days', { days: system.providerRetentionDays })}</td>
                    <td>{system.riskClass}</td>
                    <td>
                      {system.annexIii.length + system.warnings.length === 0 ? (
                        '—'
                      ) : (
                        <ul className="warning-list">
                          {system.annexIii.map((hit) => (
                            <li key={`${hit.point}-${hit.useCase}`}>
                              <strong>{ct('registers.annexIii', { point: hit.point, title: hit.title })}</strong>
                            </li>
                          ))}
                          {system.warnings.map((warning) => (
                            <li key={warning}>{warning}</li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="reports-title">
        <h2 id="reports-title">{ct('registers.reports')}</h2>
        <ul className="report-list">
          {(
            [
              ['records-of-processing', 'registers.art30'],
              ['dpia', 'registers.dpia'],
            ] as const
          ).map(([slug, label]) => (
            <li key={slug}>
              {ct(label)} —{' '}
              <a href={`${BASE}/reports/${slug}?format=md`} download>
                {ct('registers.markdown')}
              </a>{' '}
              ·{' '}
              <a href={`${BASE}/reports/${slug}?format=pdf`} download>
                {ct('registers.pdf')}
              </a>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
