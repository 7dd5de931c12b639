/**
 * CSV export of every console table that had none: the audit summary, checkpoints, alerts, the
 * access log, retention settings and purge runs. Each through the real API: its header, a data
 * row equal to what the JSON (and so the console) shows, and nothing more of the audit
 * details (no filters used, no reason hashes, no signatures, no identities the table hides).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkspace, type Workspace } from '../api/support/workspace.ts';

const CONFIG = `
providers:
  local: { type: offline }
models:
  local-llm: { provider: local }
compliance:
  retention: { conversationDays: 45, documentDays: 180, auditMonths: 12 }
`;

const REASON = 'Concern #31: checking which model received the payroll file';

function parseCsv(body: string): string[][] {
  expect(body.endsWith('\r\n')).toBe(true);
  // The tables under test hold no quoted commas except where a test says so.
  return body.slice(0, -2).split('\r\n').map((line) => line.split(','));
}

describe('CSV of every console table', () => {
  let workspace: Workspace;

  beforeAll(async () => {
    workspace = await startWorkspace('pglite', { configYaml: CONFIG });
    const { auditLog } = workspace.app.services;
    const request = await auditLog.append({
      kind: 'request',
      userId: workspace.user.id,
      details: { model: 'local-llm', provider: 'local', location: 'on-premise', entities: { PERSON: 2 }, typesFound: ['PERSON'], decision: 'forwarded', secretNote: 'DETAIL-NEVER-EXPORTED' },
    });
    await auditLog.append({ kind: 'completion', refersTo: request.id, details: { status: 'ok' } });
    // A reasoned read (access log + alert), a checkpoint, a purge run.
    const trail = await workspace.dpo.client.post('/api/compliance/audit/trails', { reason: REASON, filters: { userId: workspace.user.id } });
    expect(trail.status).toBe(200);
    expect((await workspace.dpo.client.post('/api/compliance/audit/checkpoints')).status).toBe(201);
    expect((await workspace.admin.client.post('/api/compliance/retention/purge')).status).toBe(200);
  });
  afterAll(async () => {
    await workspace?.app.close();
  });

  async function csv(path: string, fileName: string): Promise<string[][]> {
    const response = await workspace.dpo.client.get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${fileName}"`);
    const body = response.body as string;
    expect(body).not.toContain('DETAIL-NEVER-EXPORTED');
    return parseCsv(body);
  }

  it('audit summary: one row per count shown, the total first, filters applied', async () => {
    const rows = await csv('/api/compliance/audit/summary?format=csv', 'rempart-audit-summary.csv');
    const json = (await workspace.dpo.client.get('/api/compliance/audit/summary')).body;
    expect(rows[0]).toEqual(['dimension', 'key', 'count']);
    expect(rows[1]).toEqual(['total', 'all', String(json.total)]);
    expect(rows).toContainEqual(['category', 'PERSON', '2']);
    expect(rows).toContainEqual(['model', 'local-llm', '1']);
    expect(rows).toContainEqual(['location', 'on-premise', '1']);
    const shown = 1 + ['byKind', 'byModel', 'byLocation', 'entitiesByType', 'byDecision'].reduce((sum, key) => sum + json[key].length, 0);
    expect(rows).toHaveLength(1 + shown);
    const filtered = await csv('/api/compliance/audit/summary?format=csv&kind=completion', 'rempart-audit-summary.csv');
    expect(filtered[1]).toEqual(['total', 'all', '1']);
    expect(filtered).toContainEqual(['kind', 'completion', '1']);
    expect(filtered.some((row) => row[1] === 'request')).toBe(false);
  });

  it('checkpoints: id, time, kind, chain position and hash, key; no signature or payload', async () => {
    const rows = await csv('/api/compliance/audit/checkpoints?format=csv', 'rempart-audit-checkpoints.csv');
    const [checkpoint] = (await workspace.dpo.client.get('/api/compliance/audit/checkpoints')).body.items;
    expect(rows[0]).toEqual(['id', 'created_at', 'kind', 'last_id', 'last_hash', 'key_id']);
    expect(rows[1]).toEqual([String(checkpoint.id), checkpoint.createdAt, 'on_demand', String(checkpoint.lastId), checkpoint.lastHash, checkpoint.keyId]);
    expect(rows).toHaveLength(2);
    const body = rows.flat().join(' ');
    expect(body).not.toContain(checkpoint.signature);
    expect(body).not.toContain('BEGIN PUBLIC KEY');
  });

  it('alerts: time, kind, summary, who, acknowledged; not the reason nor its hash', async () => {
    const rows = await csv('/api/compliance/alerts?format=csv', 'rempart-alerts.csv');
    const [alert] = (await workspace.dpo.client.get('/api/compliance/alerts')).body.items;
    expect(rows[0]).toEqual(['created_at', 'kind', 'summary', 'actor_email', 'acknowledged_at']);
    expect(rows[1]).toEqual([alert.createdAt, 'audit_trail_read', 'A privileged account read individual audit trails.', workspace.dpo.email, '']);
    const record = await workspace.app.services.db.query<{ details: { reasonSha256: string } }>(`SELECT details FROM audit_log WHERE details->>'action' = 'compliance.alert.audit_trail_read'`);
    const text = rows.flat().join(' ');
    expect(text).not.toContain(record.rows[0]!.details.reasonSha256);
    expect(text).not.toContain('payroll');
    expect(text).not.toContain(workspace.user.id);
    // Acknowledged: the time appears; ?unacknowledged=true leaves it out.
    await workspace.admin.client.post(`/api/compliance/alerts/${alert.id}/acknowledge`);
    const acknowledged = await csv('/api/compliance/alerts?format=csv', 'rempart-alerts.csv');
    expect(acknowledged[1]![4]).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(await csv('/api/compliance/alerts?format=csv&unacknowledged=true', 'rempart-alerts.csv')).toEqual([rows[0]]);
  });

  it('access log: time, reader, reason as shown; not the trail filters (whose trail was read)', async () => {
    const rows = await csv('/api/compliance/audit/access-log?format=csv', 'rempart-audit-access-log.csv');
    const [entry] = (await workspace.dpo.client.get('/api/compliance/audit/access-log')).body.items;
    expect(entry.scope).toBeDefined();
    expect(rows[0]).toEqual(['created_at', 'reader_email', 'reason']);
    // The reason holds no comma, so the row splits cleanly.
    expect(rows[1]).toEqual([entry.createdAt, workspace.dpo.email, REASON]);
    expect(rows).toHaveLength(2);
    expect(rows.flat().join(' ')).not.toContain(workspace.user.id);
  });

  it('retention settings: one row per kind of data', async () => {
    const rows = await csv('/api/compliance/retention?format=csv', 'rempart-retention.csv');
    expect(rows).toEqual([
      ['data', 'retention', 'unit'],
      ['conversations', '45', 'days'],
      ['documents', '180', 'days'],
      ['audit', '12', 'months'],
    ]);
    // The JSON answer is unchanged.
    expect((await workspace.dpo.client.get('/api/compliance/retention')).body).toMatchObject({ retention: { conversationDays: 45, documentDays: 180, auditMonths: 12 }, runs: [expect.objectContaining({ trigger: 'api' })] });
  });

  it('purge runs: start, end, trigger, status and rows deleted per step', async () => {
    const rows = await csv('/api/compliance/retention/runs?format=csv', 'rempart-purge-runs.csv');
    const [run] = (await workspace.dpo.client.get('/api/compliance/retention/runs')).body.items;
    expect(rows[0]).toEqual(['started_at', 'finished_at', 'trigger', 'status', 'conversations_deleted', 'vaults_deleted', 'documents_deleted', 'audit_deleted']);
    expect(rows[1]).toEqual([run.startedAt, run.finishedAt, 'api', 'done', '0', '0', '0', '0']);
    expect(rows).toHaveLength(2);
  });

  it('plain users get none of them', async () => {
    for (const path of ['/api/compliance/audit/summary?format=csv', '/api/compliance/audit/checkpoints?format=csv', '/api/compliance/alerts?format=csv', '/api/compliance/audit/access-log?format=csv', '/api/compliance/retention?format=csv', '/api/compliance/retention/runs?format=csv']) {
      expect((await workspace.user.client.get(path)).status).toBe(403);
      expect((await workspace.anonymous.get(path)).status).toBe(401);
    }
  });
});
