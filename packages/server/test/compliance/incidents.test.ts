/**
 * The incident register's AI Act serious-incident clock (Art. 73) through the API: 15 days
 * (standard), 10 days (a person died), 2 days (widespread infringement or critical
 * infrastructure), counted from awareness; done once reported, late when past the deadline;
 * independent of the GDPR 72-hour clock. (The GDPR clock: compliance-api.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkspace, type Workspace } from '../api/support/workspace.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('incident register: AI Act serious-incident clock', () => {
  let workspace: Workspace;

  beforeAll(async () => {
    workspace = await startWorkspace('pglite');
  });
  afterAll(async () => {
    await workspace?.app.close();
  });

  it.each([
    ['standard', 15],
    ['death', 10],
    ['widespread', 2],
  ] as const)('%s: reported within %i days of awareness', async (kind, days) => {
    const { dpo } = workspace;
    const awareAt = new Date(Date.now() - 12 * HOUR).toISOString();
    const created = await dpo.client.post('/api/compliance/incidents', { title: `Serious incident (${kind})`, aiSeriousIncident: kind, awareAt });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ aiSeriousIncident: kind, personalDataBreach: false, gdprClock: null, status: 'open' });
    const clock = created.body.aiActClock;
    expect(clock.deadline).toBe(new Date(Date.parse(awareAt) + days * DAY).toISOString());
    expect(clock.hoursLeft).toBeCloseTo(days * 24 - 12, 0);
    expect(clock).toMatchObject({ done: false, late: false });

    // Listed with the same clock, and in the CSV with the AI Act deadline.
    const listed = (await dpo.client.get('/api/compliance/incidents')).body.items.find((item: { id: string }) => item.id === created.body.id);
    expect(listed.aiActClock.deadline).toBe(clock.deadline);
    const csv = (await dpo.client.get('/api/compliance/incidents?format=csv')).body as string;
    const header = csv.split('\r\n')[0]!.split(',');
    const row = csv.split('\r\n').find((line) => line.startsWith(created.body.id))!.split(',');
    expect(row[header.indexOf('ai_serious_incident')]).toBe(kind);
    expect(row[header.indexOf('ai_act_deadline')]).toBe(clock.deadline);
    expect(row[header.indexOf('gdpr_deadline')]).toBe('');

    // Reported in time: the clock stops, not late.
    const reported = await dpo.client.patch(`/api/compliance/incidents/${created.body.id}`, { status: 'notified', aiReportedAt: new Date().toISOString() });
    expect(reported.status).toBe(200);
    expect(reported.body.aiActClock).toMatchObject({ deadline: clock.deadline, done: true, late: false, hoursLeft: null });
  });

  it.each([
    ['standard', 15],
    ['death', 10],
    ['widespread', 2],
  ] as const)('%s: late one hour after %i days, still late when reported afterwards', async (kind, days) => {
    const { dpo } = workspace;
    const awareAt = new Date(Date.now() - (days * DAY + HOUR)).toISOString();
    const created = await dpo.client.post('/api/compliance/incidents', { title: `Late serious incident (${kind})`, aiSeriousIncident: kind, awareAt });
    expect(created.body.aiActClock).toMatchObject({ done: false, late: true });
    expect(created.body.aiActClock.hoursLeft).toBeCloseTo(-1, 0);
    // One hour less late: not yet late (the boundary is the kind's own, not another kind's).
    const inTime = await dpo.client.post('/api/compliance/incidents', { title: `In-time serious incident (${kind})`, aiSeriousIncident: kind, awareAt: new Date(Date.now() - (days * DAY - HOUR)).toISOString() });
    expect(inTime.body.aiActClock).toMatchObject({ done: false, late: false });
    expect(inTime.body.aiActClock.hoursLeft).toBeCloseTo(1, 0);

    const overview = (await dpo.client.get('/api/compliance/overview')).body;
    expect(overview.incidents.late).toBeGreaterThanOrEqual(1);

    const reported = await dpo.client.patch(`/api/compliance/incidents/${created.body.id}`, { aiReportedAt: new Date().toISOString() });
    expect(reported.body.aiActClock).toMatchObject({ done: true, late: true, hoursLeft: null });
  });

  it('a breach that is also a serious AI incident runs both clocks independently', async () => {
    const { dpo } = workspace;
    const awareAt = new Date(Date.now() - 80 * HOUR).toISOString();
    const created = await dpo.client.post('/api/compliance/incidents', { title: 'Model disclosed patient records', personalDataBreach: true, aiSeriousIncident: 'death', awareAt });
    expect(created.body.gdprClock).toMatchObject({ deadline: new Date(Date.parse(awareAt) + 72 * HOUR).toISOString(), late: true, done: false });
    expect(created.body.aiActClock).toMatchObject({ deadline: new Date(Date.parse(awareAt) + 10 * DAY).toISOString(), late: false, done: false });
    expect(created.body.aiActClock.hoursLeft).toBeCloseTo(240 - 80, 0);

    // Notifying the authority (GDPR) does not stop the AI Act clock, and vice versa.
    const notified = await dpo.client.patch(`/api/compliance/incidents/${created.body.id}`, { authorityNotifiedAt: new Date().toISOString() });
    expect(notified.body.gdprClock).toMatchObject({ done: true, late: true });
    expect(notified.body.aiActClock).toMatchObject({ done: false, late: false });
    const reported = await dpo.client.patch(`/api/compliance/incidents/${created.body.id}`, { aiReportedAt: new Date().toISOString() });
    expect(reported.body.aiActClock).toMatchObject({ done: true, late: false });
    expect(reported.body.gdprClock).toMatchObject({ done: true, late: true });
  });

  it('refuses an unknown serious-incident kind, and plain users cannot see the register', async () => {
    const refused = await workspace.dpo.client.post('/api/compliance/incidents', { title: 'Unknown kind', aiSeriousIncident: 'minor' });
    expect(refused.status).toBe(400);
    expect((await workspace.user.client.get('/api/compliance/incidents')).status).toBe(403);
  });
});
