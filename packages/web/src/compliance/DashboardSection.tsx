/** Dashboard: aggregates only, each chart with its table as CSV. */
import { useState, type FormEvent, type ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { useAsync } from '../components/useAsync.ts';
import { BASE, complianceApi, query } from './api.ts';
import { CsvLink } from './CsvLink.tsx';
import { useComplianceText, type ComplianceKey } from './messages.ts';

const COLORS = { forwarded: '#1d4ed8', blocked: '#b42318', failed: '#b54708', bar: '#0e7490' };

function ChartCard({ title, csv, children }: { title: string; csv: string; children: ReactNode }) {
  return (
    <div className="chart-card">
      <header>
        <h3>{title}</h3>
        <CsvLink href={csv} table={title} />
      </header>
      {children}
    </div>
  );
}

export function DashboardSection() {
  const ct = useComplianceText();
  const [period, setPeriod] = useState<{ from?: string; to?: string }>({});
  const dashboard = useAsync(() => complianceApi.dashboard(period.from, period.to), [period.from, period.to]);
  const csv = (table: string) => `${BASE}/dashboard/${table}.csv${query({ from: period.from, to: period.to })}`;
  const locationLabel = (location: string) => (['on-premise', 'eu', 'non-eu'].includes(location) ? ct(`location.${location}` as ComplianceKey) : location);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const from = String(form.get('from') || '');
    const to = String(form.get('to') || '');
    setPeriod({ ...(from ? { from: new Date(`${from}T00:00:00Z`).toISOString() } : {}), ...(to ? { to: new Date(`${to}T23:59:59Z`).toISOString() } : {}) });
  };

  const data = dashboard.data;
  return (
    <section aria-labelledby="dashboard-title">
      <h2 id="dashboard-title">{ct('section.dashboard')}</h2>
      <p className="hint">{ct('dashboard.aggregatesOnly')}</p>
      <form className="filters" onSubmit={submit} aria-label={ct('period')}>
        <div className="field">
          <label htmlFor="dashboard-from">{ct('from')}</label>
          <input id="dashboard-from" name="from" type="date" />
        </div>
        <div className="field">
          <label htmlFor="dashboard-to">{ct('to')}</label>
          <input id="dashboard-to" name="to" type="date" />
        </div>
        <button type="submit" className="button-secondary">
          {ct('apply')}
        </button>
      </form>
      <ErrorNotice error={dashboard.error} onRetry={dashboard.reload} />
      {!data && !dashboard.error && <p role="status">{ct('loading')}</p>}
      {data && (
        <div className="chart-grid">
          <ChartCard title={ct('dashboard.requests')} csv={csv('requests-per-day')}>
            <div className="chart-box" role="img" aria-label={ct('dashboard.requests')}>
              <ResponsiveContainer>
                <BarChart data={data.requestsPerDay}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="day" tickFormatter={(day: string) => day.slice(5)} fontSize={11} />
                  <YAxis allowDecimals={false} fontSize={11} />
                  <Tooltip />
                  <Legend />
                  <Bar dataKey="forwarded" name={ct('dashboard.forwarded')} stackId="requests" fill={COLORS.forwarded} />
                  <Bar dataKey="blocked" name={ct('dashboard.blocked')} stackId="requests" fill={COLORS.blocked} />
                  <Bar dataKey="failed" name={ct('dashboard.failed')} stackId="requests" fill={COLORS.failed} />
                </BarChart>
              </ResponsiveContainer>
            </div>
          </ChartCard>
          <ChartCard title={ct('dashboard.entities')} csv={csv('entities-by-type')}>
            <div className="chart-box" role="img" aria-label={ct('dashboard.entities')}>
              <ResponsiveContainer>
                <BarChart data={data.entitiesByType} layout="vertical" margin={{ left: 40 }}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis type="number" allowDecimals={false} fontSize={11} />
                  <YAxis type="category" dataKey="type" width={130} fontSize={11} />
                  <Tooltip />
                  <Bar dataKey="count" name={ct('count')} fill={COLORS.bar} />
                </BarChart>
              </ResponsiveContainer>
            </div>
          </ChartCard>
          <ChartCard title={ct('dashboard.blockedReasons')} csv={csv('blocked-by-reason')}>
            <div className="chart-box" role="img" aria-label={ct('dashboard.blockedReasons')}>
              <ResponsiveContainer>
                <BarChart data={data.blockedByReason}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="reason" fontSize={11} />
                  <YAxis allowDecimals={false} fontSize={11} />
                  <Tooltip />
                  <Bar dataKey="count" name={ct('count')} fill={COLORS.blocked} />
                </BarChart>
              </ResponsiveContainer>
            </div>
          </ChartCard>
          <ChartCard title={ct('dashboard.locations')} csv={csv('requests-by-location')}>
            <div className="chart-box" role="img" aria-label={ct('dashboard.locations')}>
              <ResponsiveContainer>
                <BarChart data={data.requestsByLocation.map((row) => ({ ...row, label: locationLabel(row.location) }))}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="label" fontSize={11} />
                  <YAxis allowDecimals={false} fontSize={11} />
                  <Tooltip />
                  <Bar dataKey="count" name={ct('count')} fill={COLORS.forwarded} />
                </BarChart>
              </ResponsiveContainer>
            </div>
          </ChartCard>
          <ChartCard title={ct('dashboard.training')} csv={csv('training')}>
            <p>
              {data.charter.currentVersion === null ? ct('dashboard.charterNone') : ct('dashboard.charter', { version: data.charter.currentVersion })}
              {data.charter.currentVersion !== null && <> — {ct('dashboard.ofActive', { count: data.charter.accepted, total: data.charter.activeUsers })}</>}
            </p>
            <Progress value={data.charter.accepted} total={data.charter.activeUsers} label={ct('dashboard.charter', { version: data.charter.currentVersion ?? 0 })} />
            <ul className="module-progress">
              {data.training.map((module) => (
                <li key={module.moduleId}>
                  {module.title} — {ct('dashboard.ofActive', { count: module.passed, total: module.activeUsers })}
                  <Progress value={module.passed} total={module.activeUsers} label={module.title} />
                </li>
              ))}
            </ul>
            <CsvLink href={csv('charter')} table={ct('dashboard.charter', { version: data.charter.currentVersion ?? 0 })} />
          </ChartCard>
        </div>
      )}
    </section>
  );
}

function Progress({ value, total, label }: { value: number; total: number; label: string }) {
  const percent = total > 0 ? Math.round((value / total) * 100) : 0;
  return (
    <div className="progress" role="progressbar" aria-label={label} aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100}>
      <span style={{ width: `${percent}%` }} />
    </div>
  );
}
