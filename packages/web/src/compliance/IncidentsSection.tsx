/** The incident register: GDPR 72-hour and AI Act Art. 73 clocks, opened from workspace concerns. */
import { useState, type FormEvent } from 'react';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { useAsync } from '../components/useAsync.ts';
import { BASE, complianceApi, type Clock, type Incident } from './api.ts';
import { CsvLink } from './CsvLink.tsx';
import { useComplianceText, useDateFormat } from './messages.ts';

export function IncidentsSection() {
  const ct = useComplianceText();
  const formatDate = useDateFormat();
  const incidents = useAsync(() => complianceApi.incidents(), []);
  const concerns = useAsync(() => complianceApi.pendingConcerns(), []);
  const [error, setError] = useState<unknown>();

  const act = async (work: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await work();
      incidents.reload();
      concerns.reload();
    } catch (caught) {
      setError(caught);
    }
  };

  const create = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const ai = String(form.get('ai') ?? '');
    const concernId = String(form.get('concern') ?? '');
    const awareAt = String(form.get('awareAt') ?? '');
    void act(async () => {
      await complianceApi.createIncident({
        title: String(form.get('title')),
        description: String(form.get('description') ?? ''),
        personalDataBreach: form.get('breach') === 'on',
        aiSeriousIncident: ai === '' ? null : (ai as NonNullable<Incident['aiSeriousIncident']>),
        ...(awareAt ? { awareAt: new Date(awareAt).toISOString() } : {}),
        ...(concernId ? { concernId } : {}),
      });
      formElement.reset();
    });
  };

  const clock = (value: Clock | null) => {
    if (!value) return '—';
    if (value.done) return <span className={value.late ? 'late' : 'status-ok'}>{value.late ? ct('incidents.late') : ct('incidents.done')}</span>;
    return (
      <span className={value.late ? 'late' : ''}>
        {formatDate(value.deadline)} — {value.late ? ct('incidents.late') : ct('incidents.hoursLeft', { hours: value.hoursLeft ?? 0 })}
      </span>
    );
  };

  return (
    <section aria-labelledby="incidents-title">
      <div className="row-actions">
        <h2 id="incidents-title">{ct('incidents.list')}</h2>
        <CsvLink href={`${BASE}/incidents?format=csv`} table={ct('incidents.list')} />
      </div>
      <ErrorNotice error={error} />
      <ErrorNotice error={incidents.error} onRetry={incidents.reload} />
      {incidents.data && incidents.data.items.length === 0 && <p>{ct('none')}</p>}
      {incidents.data && incidents.data.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{ct('incidents.titleField')}</th>
                <th scope="col">{ct('rights.status')}</th>
                <th scope="col">{ct('incidents.awareAt')}</th>
                <th scope="col">{ct('incidents.gdprClock')}</th>
                <th scope="col">{ct('incidents.aiClock')}</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {incidents.data.items.map((incident) => (
                <tr key={incident.id}>
                  <th scope="row">
                    {incident.title}
                    {incident.description && <div className="meta">{incident.description}</div>}
                  </th>
                  <td>{ct(`incidents.status.${incident.status}`)}</td>
                  <td>{formatDate(incident.awareAt)}</td>
                  <td>{clock(incident.gdprClock)}</td>
                  <td>{clock(incident.aiActClock)}</td>
                  <td className="row-actions">
                    {incident.gdprClock && !incident.gdprClock.done && (
                      <button type="button" className="button-secondary button-small" onClick={() => void act(() => complianceApi.updateIncident(incident.id, { status: 'notified', authorityNotifiedAt: new Date().toISOString() }))}>
                        {ct('incidents.markNotified')}
                      </button>
                    )}
                    {incident.aiActClock && !incident.aiActClock.done && (
                      <button type="button" className="button-secondary button-small" onClick={() => void act(() => complianceApi.updateIncident(incident.id, { status: 'notified', aiReportedAt: new Date().toISOString() }))}>
                        {ct('incidents.markReported')}
                      </button>
                    )}
                    {incident.status !== 'closed' && (
                      <button type="button" className="button-quiet button-small" onClick={() => void act(() => complianceApi.updateIncident(incident.id, { status: 'closed' }))}>
                        {ct('incidents.closeIncident')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <form className="card form" onSubmit={create} aria-labelledby="incident-new-title">
        <h3 id="incident-new-title">{ct('incidents.new')}</h3>
        <div className="field">
          <label htmlFor="incident-concern">{ct('incidents.fromConcern')}</label>
          <select id="incident-concern" name="concern" defaultValue="">
            <option value="">{ct('incidents.noConcern')}</option>
            {concerns.data?.items.map((concern) => (
              <option key={concern.id} value={concern.id}>
                {formatDate(concern.createdAt)} — {concern.category}: {concern.description.slice(0, 80)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="incident-title">{ct('incidents.titleField')}</label>
          <input id="incident-title" name="title" required minLength={3} />
        </div>
        <div className="field">
          <label htmlFor="incident-description">{ct('incidents.description')}</label>
          <textarea id="incident-description" name="description" rows={2} />
        </div>
        <div className="checkbox-field">
          <input id="incident-breach" name="breach" type="checkbox" />
          <label htmlFor="incident-breach">{ct('incidents.breach')}</label>
        </div>
        <div className="field">
          <label htmlFor="incident-ai">{ct('incidents.aiSerious')}</label>
          <select id="incident-ai" name="ai" defaultValue="">
            <option value="">{ct('incidents.ai.none')}</option>
            <option value="standard">{ct('incidents.ai.standard')}</option>
            <option value="death">{ct('incidents.ai.death')}</option>
            <option value="widespread">{ct('incidents.ai.widespread')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="incident-aware">{ct('incidents.awareAt')}</label>
          <input id="incident-aware" name="awareAt" type="datetime-local" />
        </div>
        <button type="submit" className="button-primary">
          {ct('incidents.create')}
        </button>
      </form>
    </section>
  );
}
