/**
 * "An alert when a privileged account reads or alters logs": besides reads and exports
 * (compliance-api.test.ts), a verification that finds a broken chain and a retention purge
 * that deletes audit rows each raise an alert the DPO sees through the API.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/audit-log.ts';
import { ComplianceService } from '../../src/compliance/compliance-service.ts';
import { startWorkspace, type Workspace } from '../api/support/workspace.ts';
import { resetAuditChain, tamper } from './fixtures.ts';

interface AlertItem {
  id: string;
  kind: string;
  actorId: string | null;
  actorEmail: string | null;
  summary: string;
  auditRecordId: number | null;
  recipients: string[];
  acknowledgedAt: string | null;
}

describe('alerts for altered logs', () => {
  let workspace: Workspace;

  beforeAll(async () => {
    workspace = await startWorkspace('pglite');
  });
  afterAll(async () => {
    await workspace?.app.close();
  });
  beforeEach(async () => {
    await resetAuditChain(workspace.app.services.db);
  });

  async function alertsOfKind(kind: string): Promise<AlertItem[]> {
    const response = await workspace.dpo.client.get('/api/compliance/alerts?unacknowledged=true');
    expect(response.status).toBe(200);
    return (response.body.items as AlertItem[]).filter((alert) => alert.kind === kind);
  }

  it('a verification that finds a changed row raises audit_chain_broken, naming the row, for the DPO and admins', async () => {
    const { app, dpo, admin, user } = workspace;
    const auditLog = app.services.auditLog;
    for (let index = 0; index < 3; index++) {
      const request = await auditLog.append({ kind: 'request', userId: user.id, details: { model: 'm', decision: 'forwarded' } });
      await auditLog.append({ kind: 'completion', refersTo: request.id, details: { status: 'ok' } });
    }
    // An intact chain raises nothing.
    expect((await dpo.client.get('/api/compliance/audit/verify')).body).toMatchObject({ ok: true });
    expect(await alertsOfKind('audit_chain_broken')).toEqual([]);

    const target = (await app.services.db.query<{ id: number }>(`SELECT id::int AS id FROM audit_log WHERE kind = 'request' ORDER BY id LIMIT 1 OFFSET 1`)).rows[0]!.id;
    await tamper(app.services.db, `UPDATE audit_log SET details = jsonb_set(details, '{model}', '"other"') WHERE id = $1`, [target]);

    const verification = await dpo.client.get('/api/compliance/audit/verify');
    expect(verification.status).toBe(200);
    expect(verification.body).toMatchObject({ ok: false, firstBrokenLink: { rowId: target } });

    const alerts = await alertsOfKind('audit_chain_broken');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ actorId: dpo.id, actorEmail: dpo.email, recipients: expect.arrayContaining([dpo.id, admin.id]), acknowledgedAt: null });
    expect(alerts[0]!.recipients).not.toContain(user.id);
    expect(alerts[0]!.summary).toContain(`at row ${target}`);
    // The alert is itself an audit record (appended after the broken row, so the chain still shows the break).
    const record = await app.services.db.query<{ details: Record<string, unknown> }>('SELECT details FROM audit_log WHERE id = $1', [alerts[0]!.auditRecordId]);
    expect(record.rows[0]!.details).toMatchObject({ action: 'compliance.alert.audit_chain_broken', alert: alerts[0]!.id, rowId: target });
    // The overview counts it.
    expect((await dpo.client.get('/api/compliance/overview')).body.alerts.unacknowledged).toBeGreaterThanOrEqual(1);
  });

  it('a deleted row is caught too, and the scheduled verification alerts without an actor', async () => {
    const { app, dpo } = workspace;
    const auditLog = app.services.auditLog;
    for (let index = 0; index < 4; index++) await auditLog.append({ kind: 'admin', details: { action: 'test.row', index } });
    const before = (await alertsOfKind('audit_chain_broken')).length;
    const victim = (await app.services.db.query<{ id: number }>(`SELECT id::int AS id FROM audit_log ORDER BY id LIMIT 1 OFFSET 2`)).rows[0]!.id;
    await tamper(app.services.db, 'DELETE FROM audit_log WHERE id = $1', [victim]);

    expect((await dpo.client.get('/api/compliance/audit/verify')).body).toMatchObject({ ok: false });
    const afterApi = await alertsOfKind('audit_chain_broken');
    expect(afterApi).toHaveLength(before + 1);

    // The same check through the service (what the daily job calls): an alert with no actor.
    const service = new ComplianceService(app.services, {});
    const verification = await service.verifyAndAlert();
    expect(verification.ok).toBe(false);
    const afterJob = await alertsOfKind('audit_chain_broken');
    expect(afterJob).toHaveLength(before + 2);
    expect(afterJob[0]).toMatchObject({ actorId: null, actorEmail: null });
  });

  it('a purge that deletes audit rows raises audit_purge; one that deletes none does not', async () => {
    const { app, dpo, admin } = workspace;
    // Nothing expired yet: a purge removes no audit row and raises no alert.
    expect((await admin.client.post('/api/compliance/retention/purge')).body).toMatchObject({ status: 'done', progress: { audit: { deleted: 0 } } });
    expect(await alertsOfKind('audit_purge')).toEqual([]);

    await resetAuditChain(app.services.db);
    // 3 request/completion pairs 13 months old, pinned by a signed checkpoint, then a recent row.
    const oldLog = new AuditLog(app.services.db, { now: () => new Date(Date.now() - 400 * 86_400_000) });
    for (let index = 0; index < 3; index++) {
      const request = await oldLog.append({ kind: 'request', details: { model: 'm' } });
      await oldLog.append({ kind: 'completion', refersTo: request.id, details: { status: 'ok' } });
    }
    expect((await dpo.client.post('/api/compliance/audit/checkpoints')).status).toBe(201);
    await app.services.auditLog.append({ kind: 'admin', details: { action: 'test.recent' } });

    const purge = await admin.client.post('/api/compliance/retention/purge');
    expect(purge.status).toBe(200);
    expect(purge.body).toMatchObject({ status: 'done', progress: { audit: { deleted: 6, done: true } } });

    const alerts = await alertsOfKind('audit_purge');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ actorId: admin.id, actorEmail: admin.email, recipients: expect.arrayContaining([dpo.id, admin.id]) });
    expect(alerts[0]!.summary).toMatch(/removed 6 expired audit records/);
    const record = await app.services.db.query<{ details: Record<string, unknown> }>('SELECT details FROM audit_log WHERE id = $1', [alerts[0]!.auditRecordId]);
    expect(record.rows[0]!.details).toMatchObject({ action: 'compliance.alert.audit_purge', run: purge.body.id });
    // The chain still verifies from its new anchor.
    expect((await dpo.client.get('/api/compliance/audit/verify')).body).toMatchObject({ ok: true });

    // Run again: nothing more to delete, no second alert.
    expect((await admin.client.post('/api/compliance/retention/purge')).body.progress.audit.deleted).toBe(0);
    expect(await alertsOfKind('audit_purge')).toHaveLength(1);
  });
});
