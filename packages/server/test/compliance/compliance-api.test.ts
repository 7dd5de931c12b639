/**
 * The compliance console API on a real app: who may do what (plain users see nothing, the
 * auditor reads but cannot change policies or purge), reasoned access to individual trails
 * with alerts, signed export verified by the standalone script, rights requests, registers,
 * reports, incidents, dashboards.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComplianceService } from '../../src/compliance/compliance-service.ts';
import { listPurgeRuns } from '../../src/compliance/purge.ts';
import { startWorkspace, type Workspace } from '../api/support/workspace.ts';

const CONFIG = `
providers:
  local: { type: offline }
  claude: { type: anthropic, apiKey: test-key, location: non-eu }
models:
  local-llm: { provider: local }
  claude-sonnet: { provider: claude }
compliance:
  organisation: { name: ACME SAS, dpoContact: dpo@acme.example }
  retention: { conversationDays: 45, auditMonths: 12 }
  aiSystems:
    claude-sonnet: { purpose: Drafting letters, useCases: ["Tri des CV pour le recrutement"], noTraining: true }
`;

describe('compliance API', () => {
  let workspace: Workspace;

  beforeAll(async () => {
    workspace = await startWorkspace('pglite', { configYaml: CONFIG });
    const { auditLog } = workspace.app.services;
    for (const [model, location, entities] of [
      ['local-llm', 'on-premise', { PERSON: 2, IBAN: 1 }],
      ['claude-sonnet', 'non-eu', { PERSON: 1 }],
    ] as const) {
      const request = await auditLog.append({ kind: 'request', userId: workspace.user.id, details: { model, provider: model === 'local-llm' ? 'local' : 'claude', location, entities, typesFound: Object.keys(entities), decision: 'forwarded' } });
      await auditLog.append({ kind: 'completion', refersTo: request.id, details: { status: 'ok' } });
    }
    await auditLog.append({ kind: 'refusal', userId: workspace.other.id, details: { model: 'claude-sonnet', reason: 'SHIELD_BLOCKED', types: ['SPECIAL_CATEGORY'] } });
  });
  afterAll(async () => {
    await workspace?.app.close();
  });

  it('shows nothing of the console to plain users or anonymous callers', async () => {
    for (const path of ['/api/compliance/overview', '/api/compliance/audit/summary', '/api/compliance/rights', '/api/compliance/dashboard', '/api/compliance/registers/ai-systems']) {
      expect((await workspace.user.client.get(path)).status).toBe(403);
      expect((await workspace.anonymous.get(path)).status).toBe(401);
    }
    expect((await workspace.user.client.post('/api/compliance/audit/trails', { reason: 'curious about my colleagues', filters: {} })).body.code).toBe('FORBIDDEN');
  });

  it('lets the auditor (DPO) read compliance data but not change policies nor purge', async () => {
    const { dpo, admin } = workspace;
    expect((await dpo.client.get('/api/compliance/overview')).status).toBe(200);
    expect((await dpo.client.get('/api/compliance/audit/verify')).body).toMatchObject({ ok: true });
    const policy = (await admin.client.get('/api/admin/policy')).body.policy;
    expect((await dpo.client.put('/api/admin/policy', { policy })).status).toBe(403);
    const purge = await dpo.client.post('/api/compliance/retention/purge');
    expect(purge.body.code).toBe('FORBIDDEN');
    const adminPurge = await admin.client.post('/api/compliance/retention/purge');
    expect(adminPurge.status).toBe(200);
    expect(adminPurge.body).toMatchObject({ status: 'done', trigger: 'api' });
  });

  it('aggregates by default and lists records without who made them', async () => {
    const summary = (await workspace.dpo.client.get('/api/compliance/audit/summary')).body;
    expect(summary.entitiesByType).toEqual(expect.arrayContaining([{ key: 'PERSON', count: 3 }, { key: 'IBAN', count: 1 }]));
    expect(summary.byLocation).toEqual(expect.arrayContaining([{ key: 'non-eu', count: 1 }]));
    const records = (await workspace.dpo.client.get('/api/compliance/audit/records?kind=request&location=non-eu')).body;
    expect(records.individual).toBe(false);
    expect(records.items).toHaveLength(1);
    expect(records.items[0]).toMatchObject({ model: 'claude-sonnet', location: 'non-eu', categories: ['PERSON'] });
    expect(records.items[0]).not.toHaveProperty('userId');
    const csv = await workspace.dpo.client.get('/api/compliance/audit/records?format=csv&category=IBAN');
    expect(csv.body.split('\r\n')[0]).toBe('id,created_at,kind,model,provider,location,categories,decision,refers_to,hash');
    expect(csv.body.split('\r\n').filter(Boolean)).toHaveLength(2);
  });

  it('shows who only with a recorded reason, and alerts the DPO and admins', async () => {
    const { dpo, user } = workspace;
    const refused = await dpo.client.post('/api/compliance/audit/trails', { reason: 'because', filters: { userId: user.id } });
    expect(refused.body.code).toBe('REASON_REQUIRED');
    const reason = 'Concern #12: a user reports their IBAN was sent to a non-EU model';
    const trail = await dpo.client.post('/api/compliance/audit/trails', { reason, filters: { userId: user.id } });
    expect(trail.status).toBe(200);
    expect(trail.body.individual).toBe(true);
    expect(trail.body.items.every((item: { userEmail: string }) => item.userEmail === user.email)).toBe(true);
    const alerts = (await workspace.admin.client.get('/api/compliance/alerts?unacknowledged=true')).body.items;
    expect(alerts[0]).toMatchObject({ kind: 'audit_trail_read', actorEmail: dpo.email, recipients: expect.arrayContaining([dpo.id, workspace.admin.id]) });
    const accessLog = (await dpo.client.get('/api/compliance/audit/access-log')).body.items;
    expect(accessLog[0]).toMatchObject({ reason, readerEmail: dpo.email });
    // The chain holds the reason's hash, not its words.
    const chain = await workspace.app.services.db.query<{ details: Record<string, unknown> }>(`SELECT details FROM audit_log WHERE details->>'action' = 'compliance.alert.audit_trail_read'`);
    expect(chain.rows[0]!.details.reasonSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(chain.rows)).not.toContain('IBAN was sent');
    const acknowledged = await workspace.admin.client.post(`/api/compliance/alerts/${alerts[0].id}/acknowledge`);
    expect(acknowledged.body.acknowledgedBy).toBe(workspace.admin.id);
  });

  it('exports a period that the standalone script verifies, and catches a changed record', async () => {
    const { dpo, app } = workspace;
    expect((await dpo.client.post('/api/compliance/audit/checkpoints')).status).toBe(201);
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    // fetch: the JSON-lines body is not one JSON document (the test client would parse it).
    const response = await fetch(`${app.url}/api/compliance/audit/export`, {
      method: 'POST',
      headers: { authorization: `Bearer ${dpo.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ from, to, reason: 'Annual audit by the supervisory authority' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/rempart-audit-.*\.jsonl/);
    const exported = { body: await response.text() };
    const script = (await dpo.client.get('/api/compliance/audit/verify-script')).body as string;
    const publicKey = (await dpo.client.get('/api/compliance/audit/public-key')).body as string;
    const dir = app.config.dataDir;
    writeFileSync(join(dir, 'verify.mjs'), script);
    writeFileSync(join(dir, 'export.jsonl'), exported.body);
    writeFileSync(join(dir, 'key.pem'), publicKey);
    const output = execFileSync(process.execPath, [join(dir, 'verify.mjs'), join(dir, 'export.jsonl'), join(dir, 'key.pem')], { encoding: 'utf8' });
    expect(output).toMatch(/^OK: \d+ records verified/);
    const lines = (exported.body as string).trim().split('\n');
    const changed = JSON.parse(lines[2]!);
    changed.details = { ...changed.details, status: 'altered' };
    lines[2] = JSON.stringify(changed);
    writeFileSync(join(dir, 'tampered.jsonl'), lines.join('\n') + '\n');
    const tampered = spawnSync(process.execPath, [join(dir, 'verify.mjs'), join(dir, 'tampered.jsonl')], { encoding: 'utf8' });
    expect(tampered.status).toBe(1);
    expect(tampered.stderr).toMatch(new RegExp(`INVALID: record ${changed.id} was changed`));
    // Exporting is itself recorded and alerted.
    const alerts = (await dpo.client.get('/api/compliance/alerts')).body.items;
    expect(alerts.some((alert: { kind: string }) => alert.kind === 'audit_export')).toBe(true);
  });

  it('keeps the AI-system register with transfer and Annex III warnings', async () => {
    const items = (await workspace.dpo.client.get('/api/compliance/registers/ai-systems')).body.items;
    const claude = items.find((item: { model: string }) => item.model === 'claude-sonnet');
    expect(claude).toMatchObject({ location: 'non-eu', noTraining: true, annexIii: [{ point: '4(a)' }] });
    expect(claude.warnings.join(' ')).toMatch(/transfer basis/);
    expect(claude.warnings.join(' ')).toMatch(/Annex III \(4\(a\)\)/);
    const csv = await workspace.dpo.client.get('/api/compliance/registers/ai-systems?format=csv');
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
  });

  it('generates the Art. 30 record and the DPIA draft in Markdown and PDF', async () => {
    const markdown = await workspace.dpo.client.get('/api/compliance/reports/records-of-processing?format=md');
    expect(markdown.body).toMatch(/# Record of processing activities \(GDPR Art\. 30\)/);
    expect(markdown.body).toContain('ACME SAS');
    expect(markdown.body).toContain('45 days');
    const dpia = await workspace.dpo.client.get('/api/compliance/reports/dpia?format=md');
    expect(dpia.body).toMatch(/Annex III point 4\(a\)/);
    const pdf = await fetch(`${workspace.app.url}/api/compliance/reports/dpia?format=pdf`, { headers: { authorization: `Bearer ${workspace.dpo.apiKey}` } });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    expect(bytes.subarray(-6).toString('latin1')).toBe('%%EOF\n');
  });

  it('opens an incident from a concern with the GDPR 72-hour clock', async () => {
    const concern = await workspace.user.client.post('/api/concerns', { description: 'The answer quoted a customer IBAN', category: 'privacy' });
    expect(concern.status).toBe(201);
    const queue = (await workspace.dpo.client.get('/api/compliance/incidents/concerns')).body.items;
    expect(queue.map((item: { id: string }) => item.id)).toContain(concern.body.id);
    const awareAt = new Date(Date.now() - 10 * 3_600_000).toISOString();
    const incident = await workspace.dpo.client.post('/api/compliance/incidents', { title: 'IBAN disclosed', personalDataBreach: true, aiSeriousIncident: null, awareAt, concernId: concern.body.id });
    expect(incident.status).toBe(201);
    expect(incident.body.description).toMatch(/From a privacy concern/);
    expect(incident.body.gdprClock.deadline).toBe(new Date(Date.parse(awareAt) + 72 * 3_600_000).toISOString());
    expect(incident.body.gdprClock.hoursLeft).toBeCloseTo(62, 0);
    const notified = await workspace.dpo.client.patch(`/api/compliance/incidents/${incident.body.id}`, { status: 'notified', authorityNotifiedAt: new Date().toISOString() });
    expect(notified.body.gdprClock).toMatchObject({ done: true, late: false, hoursLeft: null });
  });

  it('serves dashboard aggregates and their CSV tables', async () => {
    const dashboard = (await workspace.dpo.client.get('/api/compliance/dashboard')).body;
    const today = dashboard.requestsPerDay.at(-1);
    expect(today).toMatchObject({ forwarded: 2, blocked: 1 });
    expect(dashboard.blockedByReason).toEqual([{ reason: 'SHIELD_BLOCKED', count: 1 }]);
    expect(dashboard.charter.activeUsers).toBe(4);
    const csv = await workspace.dpo.client.get('/api/compliance/dashboard/entities-by-type.csv');
    expect(csv.body).toMatch(/^type,count\r\nPERSON,3\r\nIBAN,1\r\n/);
  });

  it('runs a rights request end to end through the API', async () => {
    const { dpo, other } = workspace;
    const created = await dpo.client.post('/api/compliance/rights', { kind: 'access', subjectEmail: other.email });
    expect(created.status).toBe(201);
    expect(created.body.daysLeft).toBeGreaterThanOrEqual(27);
    const found = await dpo.client.post(`/api/compliance/rights/${created.body.id}/search`);
    expect(found.body.counts).toMatchObject({ account: 1, audit: 1, apiKeys: 1 });
    const csv = await dpo.client.get(`/api/compliance/rights/${created.body.id}/export?format=csv`);
    expect(csv.body).toContain(`account,${other.id},email,${other.email}`);
    expect((await dpo.client.post(`/api/compliance/rights/${created.body.id}/erase`)).body.code).toBe('NOT_AN_ERASURE_REQUEST');
    const closed = await dpo.client.post(`/api/compliance/rights/${created.body.id}/close`, { status: 'completed' });
    expect(closed.body.status).toBe('completed');
  });

  it('runs the scheduled jobs: one daily checkpoint, then a purge, and a second tick adds no checkpoint', async () => {
    const compliance = new ComplianceService(workspace.app.services, { REMPART_AUDIT_SIGNING_KEY: undefined });
    const { db } = workspace.app.services;
    const daily = async () => (await db.query<{ day: unknown }>(`SELECT day FROM audit_checkpoints WHERE kind = 'daily'`)).rows.length;
    const before = await daily();
    await compliance.runScheduledJobs();
    expect(await daily()).toBe(before + 1);
    const [run] = await listPurgeRuns(db, 1);
    expect(run).toMatchObject({ trigger: 'schedule', status: 'done' });
    await compliance.runScheduledJobs();
    expect(await daily()).toBe(before + 1);
    expect((await compliance.verify()).ok).toBe(true);
  });
});
