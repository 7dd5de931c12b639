/**
 * The retention purge deletes exactly what has expired — conversations with their messages and
 * vaults, stray vaults, documents with their search index, audit rows up to a signed checkpoint —
 * and a purge that dies between batches resumes where it stopped with the same cutoffs.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/audit-log.ts';
import { verifyAuditChain } from '../../src/audit/verify.ts';
import { verifyAuditTrail } from '../../src/compliance/chain-verify.ts';
import { createCheckpoint } from '../../src/compliance/checkpoints.ts';
import { complianceConfigSchema, DEFAULT_COMPLIANCE_CONFIG } from '../../src/compliance/config-schema.ts';
import { releaseLease, tryTakeLease } from '../../src/compliance/leases.ts';
import { listPurgeRuns, purgeCutoffs, runPurge } from '../../src/compliance/purge.ts';
import { loadSigningKey } from '../../src/compliance/signing-key.ts';
import { keyFingerprint } from '../../src/secrets/secret-key.ts';
import { createUser } from '../../src/users/users.ts';
import { VaultStore } from '../../src/vault/vault-store.ts';
import { backendNames, createTestDatabase, postgresEnabled, type TestDatabase } from '../support/databases.ts';
import { daysAgo, plantConversation, plantDocument, plantVault, resetAuditChain, tamper } from './fixtures.ts';

describe('retention configuration', () => {
  it('defaults: conversations 30 days, audit 12 months, documents kept', () => {
    expect(DEFAULT_COMPLIANCE_CONFIG.retention).toEqual({ conversationDays: 30, documentDays: null, auditMonths: 12 });
  });
  it('refuses audit retention below six months', () => {
    const parsed = complianceConfigSchema.safeParse({ retention: { auditMonths: 5 } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/at least 6 months/);
    expect(complianceConfigSchema.safeParse({ retention: { auditMonths: 6 } }).success).toBe(true);
  });
  it('computes audit cutoffs in calendar months', () => {
    const cutoffs = purgeCutoffs({ conversationDays: 30, documentDays: 90, auditMonths: 12 }, new Date('2026-11-23T10:00:00Z'));
    expect(cutoffs).toEqual({ conversations: '2026-10-24T10:00:00.000Z', documents: '2026-08-25T10:00:00.000Z', audit: '2025-11-23T10:00:00.000Z' });
  });
});

describe.each(backendNames)('retention purge on %s', (backend) => {
  const skip = backend === 'postgres' && !postgresEnabled;
  let testDb: TestDatabase;
  let vaultStore: VaultStore;
  let userId: string;
  const now = new Date();
  const retention = { conversationDays: 30, documentDays: 90, auditMonths: 12 };

  beforeAll(async () => {
    if (skip) return;
    testDb = await createTestDatabase(backend);
    const key = randomBytes(32);
    vaultStore = new VaultStore(testDb.db, { key, keyId: keyFingerprint(key), source: 'environment' });
    userId = (await createUser(testDb.db, { email: 'purge@example.org' })).id;
  });
  afterAll(async () => {
    await testDb?.dispose();
  });
  beforeEach(async () => {
    if (skip) return;
    await resetAuditChain(testDb.db);
    await testDb.db.query('DELETE FROM conversations');
    await testDb.db.query('DELETE FROM vaults');
    await testDb.db.query('DELETE FROM documents');
  });

  async function plantAll() {
    const expired: string[] = [];
    const kept: string[] = [];
    for (let index = 0; index < 7; index++) {
      const id = await plantConversation(testDb.db, { userId, updatedAt: daysAgo(now, 31 + index) });
      await plantVault(testDb.db, vaultStore, { conversationId: id, ownerId: userId, entries: [{ type: 'PERSON', value: `Old ${index}` }] });
      expired.push(id);
    }
    for (const age of [1, 29]) {
      const id = await plantConversation(testDb.db, { userId, updatedAt: daysAgo(now, age) });
      await plantVault(testDb.db, vaultStore, { conversationId: id, ownerId: userId, entries: [{ type: 'PERSON', value: 'Recent' }] });
      kept.push(id);
    }
    // A /v1 conversation's vault (no workspace conversation): expired and recent.
    await plantVault(testDb.db, vaultStore, { conversationId: 'v1-old', ownerId: userId, entries: [{ type: 'PERSON', value: 'X' }], updatedAt: daysAgo(now, 40) });
    await plantVault(testDb.db, vaultStore, { conversationId: 'v1-new', ownerId: userId, entries: [{ type: 'PERSON', value: 'Y' }], updatedAt: daysAgo(now, 2) });
    const oldDocument = await plantDocument(testDb.db, { ownerId: userId, createdAt: daysAgo(now, 91), text: 'ancien rapport' });
    const newDocument = await plantDocument(testDb.db, { ownerId: userId, createdAt: daysAgo(now, 89), text: 'rapport récent' });
    // Audit: 5 expired request/completion pairs (13 months old), a checkpoint, 2 recent pairs.
    const oldLog = new AuditLog(testDb.db, { now: () => new Date(now.getTime() - 400 * 86_400_000) });
    for (let index = 0; index < 5; index++) {
      const request = await oldLog.append({ kind: 'request', details: { model: 'm' } });
      await oldLog.append({ kind: 'completion', refersTo: request.id, details: { status: 'ok' } });
    }
    await createCheckpoint(testDb.db, loadSigningKey({ environmentValue: undefined, dataDir: testDb.scratchDir }), { kind: 'on_demand' });
    const recentLog = new AuditLog(testDb.db);
    for (let index = 0; index < 2; index++) {
      const request = await recentLog.append({ kind: 'request', details: { model: 'm' } });
      await recentLog.append({ kind: 'completion', refersTo: request.id, details: { status: 'ok' } });
    }
    return { expired, kept, oldDocument, newDocument };
  }

  async function state() {
    const ids = async (sql: string) => (await testDb.db.query<{ id: string }>(sql)).rows.map((row) => String(row.id)).sort();
    return {
      conversations: await ids('SELECT id FROM conversations'),
      messages: (await ids('SELECT conversation_id AS id FROM messages')).length,
      vaults: await ids('SELECT conversation_id AS id FROM vaults'),
      documents: await ids('SELECT id FROM documents'),
      chunks: (await ids('SELECT id FROM document_chunks')).length,
      auditIds: (await testDb.db.query<{ id: number }>('SELECT id::int AS id FROM audit_log ORDER BY id')).rows.map((row) => row.id),
    };
  }

  it.skipIf(skip)('removes exactly what has expired, and the audit chain still verifies', async () => {
    const planted = await plantAll();
    const auditLog = new AuditLog(testDb.db);
    const run = await runPurge({ db: testDb.db, auditLog, retention, batchSize: 3, trigger: 'cli', now });
    expect(run.status).toBe('done');
    const after = await state();
    expect(after.conversations).toEqual([...planted.kept].sort());
    expect(after.messages).toBe(2);
    expect(after.vaults).toEqual([...planted.kept, 'v1-new'].sort());
    expect(after.documents).toEqual([planted.newDocument]);
    expect(after.chunks).toBe(1);
    // Rows 1..10 expired (and pinned by the checkpoint); 11..14 recent; then the purge's own records.
    expect(after.auditIds[0]).toBe(11);
    const [recorded] = await listPurgeRuns(testDb.db, 1);
    expect(recorded!.progress).toEqual({
      conversations: { deleted: 7, done: true },
      vaults: { deleted: 1, done: true },
      documents: { deleted: 1, done: true },
      audit: { deleted: 10, done: true },
    });
    expect(await verifyAuditTrail(testDb.db)).toMatchObject({ ok: true, anchor: { anchorId: 10 } });
    // The purge is itself audited (start and end, with counts).
    const actions = await testDb.db.query<{ action: string }>(`SELECT details->>'action' AS action FROM audit_log WHERE kind = 'admin' ORDER BY id`);
    expect(actions.rows.map((row) => row.action)).toEqual(['retention.purge.start', 'retention.purge.done']);
    // Idempotent: a second run deletes nothing more.
    const second = await runPurge({ db: testDb.db, auditLog, retention, batchSize: 3, trigger: 'cli', now });
    expect(Object.values(second.progress).map((step) => step?.deleted)).toEqual([0, 0, 0, 0]);
    expect((await state()).conversations).toEqual([...planted.kept].sort());
  });

  it.skipIf(skip)('the chain walk (rempart audit verify) starts at the purge anchor, and still finds tampering after it', async () => {
    await plantAll();
    await runPurge({ db: testDb.db, auditLog: new AuditLog(testDb.db), retention, batchSize: 3, trigger: 'cli', now });
    const intact = await verifyAuditChain(testDb.db);
    expect(intact).toMatchObject({ ok: true, purgedThrough: 10 });
    expect(intact.firstBrokenLink).toBeUndefined();
    const rows = (await state()).auditIds;
    expect(intact.checkedRows).toBe(rows.length); // every kept row, none before the anchor

    // A field changed in the first kept row.
    await tamper(testDb.db, `UPDATE audit_log SET details = jsonb_set(details, '{model}', '"other"') WHERE id = 11`);
    expect(await verifyAuditChain(testDb.db)).toMatchObject({ ok: false, firstBrokenLink: { rowId: 11, reason: expect.stringMatching(/a field was changed/) } });
    await tamper(testDb.db, `UPDATE audit_log SET details = jsonb_set(details, '{model}', '"m"') WHERE id = 11`);
    expect((await verifyAuditChain(testDb.db)).ok).toBe(true);

    // A kept row deleted.
    await tamper(testDb.db, 'DELETE FROM audit_log WHERE id = 12');
    expect(await verifyAuditChain(testDb.db)).toMatchObject({ ok: false, purgedThrough: 10, firstBrokenLink: { rowId: 12, reason: expect.stringMatching(/row 12 is missing/) } });
    // The first kept row deleted too: the next one does not follow the anchor.
    await tamper(testDb.db, 'DELETE FROM audit_log WHERE id = 11');
    expect(await verifyAuditChain(testDb.db)).toMatchObject({ ok: false, firstBrokenLink: { rowId: 11, reason: expect.stringMatching(/row 11 is missing/) } });
    // The same verdict as the console's verification (which also checks the signed checkpoints).
    expect((await verifyAuditTrail(testDb.db)).firstBrokenLink).toEqual((await verifyAuditChain(testDb.db)).firstBrokenLink);
  });

  it.skipIf(skip)('the chain walk refuses an anchor moved past rows that are still there, or not matching the first kept row', async () => {
    await plantAll();
    await runPurge({ db: testDb.db, auditLog: new AuditLog(testDb.db), retention, batchSize: 3, trigger: 'cli', now });
    const anchor = (await testDb.db.query<{ hash: string }>('SELECT anchor_hash AS hash FROM audit_anchor')).rows[0]!.hash;
    // Someone moves the anchor forward to hide rows 11 and 12 without deleting them.
    const row12 = (await testDb.db.query<{ hash: string }>('SELECT hash FROM audit_log WHERE id = 12')).rows[0]!.hash;
    await testDb.db.query('UPDATE audit_anchor SET anchor_id = 12, anchor_hash = $1', [row12]);
    expect(await verifyAuditChain(testDb.db)).toMatchObject({ ok: false, firstBrokenLink: { rowId: 12, reason: expect.stringMatching(/older than the purge anchor \(12\) yet still present/) } });
    // An anchor hash that the first kept row does not follow.
    await testDb.db.query(`UPDATE audit_anchor SET anchor_id = 10, anchor_hash = repeat('1', 64)`);
    expect(await verifyAuditChain(testDb.db)).toMatchObject({
      ok: false,
      firstBrokenLink: { rowId: 11, reason: expect.stringMatching(/does not match the anchor hash \(row 10\)/) },
    });
    await testDb.db.query('UPDATE audit_anchor SET anchor_hash = $1', [anchor]);
    expect((await verifyAuditChain(testDb.db)).ok).toBe(true);
  });

  it.skipIf(skip)('does not purge audit rows that no signed checkpoint covers yet', async () => {
    const oldLog = new AuditLog(testDb.db, { now: () => new Date(now.getTime() - 400 * 86_400_000) });
    await oldLog.append({ kind: 'request', details: { model: 'm' } });
    await runPurge({ db: testDb.db, auditLog: new AuditLog(testDb.db), retention, batchSize: 10, trigger: 'cli', now });
    expect((await state()).auditIds[0]).toBe(1);
  });

  it.skipIf(skip)('resumes after a crash between batches and ends with the same result', async () => {
    const planted = await plantAll();
    const auditLog = new AuditLog(testDb.db);
    let batches = 0;
    await expect(
      runPurge({
        db: testDb.db,
        auditLog,
        retention,
        batchSize: 2,
        trigger: 'schedule',
        now,
        afterBatch: () => {
          if (++batches === 2) throw new Error('simulated crash');
        },
      }),
    ).rejects.toThrow('simulated crash');
    const halfway = await state();
    expect(halfway.conversations).toHaveLength(planted.expired.length + planted.kept.length - 4);
    const [failed] = await listPurgeRuns(testDb.db, 1);
    expect(failed).toMatchObject({ status: 'failed', progress: { conversations: { deleted: 4, done: false } } });

    // Resumed later: the original cutoffs are kept even though "now" moved on by a week.
    const resumed = await runPurge({ db: testDb.db, auditLog, retention, batchSize: 2, trigger: 'schedule', now: new Date(now.getTime() + 7 * 86_400_000) });
    expect(resumed).toMatchObject({ id: failed!.id, resumed: true, status: 'done' });
    expect(resumed.cutoffs).toEqual(failed!.cutoffs);
    const after = await state();
    expect(after.conversations).toEqual([...planted.kept].sort());
    expect(after.documents).toEqual([planted.newDocument]);
    expect(after.auditIds[0]).toBe(11);
    const [done] = await listPurgeRuns(testDb.db, 1);
    expect(done!.progress.conversations).toEqual({ deleted: 7, done: true });
    expect(done!.progress.audit).toEqual({ deleted: 10, done: true });
    expect((await verifyAuditTrail(testDb.db)).ok).toBe(true);
  });

  it.skipIf(skip)('lets one instance at a time hold the purge lease; an expired lease is taken over', async () => {
    expect(await tryTakeLease(testDb.db, 'purge-test', 60_000, 'instance-a')).toBe(true);
    expect(await tryTakeLease(testDb.db, 'purge-test', 60_000, 'instance-b')).toBe(false);
    expect(await tryTakeLease(testDb.db, 'purge-test', 60_000, 'instance-a')).toBe(true); // renewal
    await testDb.db.query(`UPDATE compliance_leases SET expires_at = now() - interval '1 second' WHERE name = 'purge-test'`);
    expect(await tryTakeLease(testDb.db, 'purge-test', 60_000, 'instance-b')).toBe(true);
    await releaseLease(testDb.db, 'purge-test', 'instance-b');
    expect(await tryTakeLease(testDb.db, 'purge-test', 60_000, 'instance-a')).toBe(true);
  });
});
