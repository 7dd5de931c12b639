/**
 * Extends the foundation's chain tests (test/audit-chain.test.ts) with what compliance adds:
 * signed checkpoints (a rewritten chain with recomputed hashes is caught), verification from
 * the purge anchor (tampering after a purge is still found and located), and the key.
 */
import { createPublicKey, verify } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/audit-log.ts';
import { hashRecord } from '../../src/audit/record.ts';
import { auditRecordFromRow, AUDIT_COLUMNS, verifyAuditTrail, type AuditRowData } from '../../src/compliance/chain-verify.ts';
import { createCheckpoint, listCheckpoints } from '../../src/compliance/checkpoints.ts';
import { DEFAULT_COMPLIANCE_CONFIG } from '../../src/compliance/config-schema.ts';
import { runPurge } from '../../src/compliance/purge.ts';
import { loadSigningKey, SIGNING_KEY_FILE, type SigningKey } from '../../src/compliance/signing-key.ts';
import { backendNames, createTestDatabase, postgresEnabled, type TestDatabase } from '../support/databases.ts';
import { resetAuditChain, tamper } from './fixtures.ts';

describe('audit signing key', () => {
  it('is generated once in the data folder (0600) and read back the same', async () => {
    const testDb = await createTestDatabase('pglite', { migrate: false });
    try {
      const first = loadSigningKey({ environmentValue: undefined, dataDir: testDb.scratchDir });
      const again = loadSigningKey({ environmentValue: undefined, dataDir: testDb.scratchDir });
      expect(first.source).toBe('generated');
      expect(again.source).toBe('file');
      expect(again.keyId).toBe(first.keyId);
      expect(statSync(join(testDb.scratchDir, SIGNING_KEY_FILE)).mode & 0o077).toBe(0);
      const fromEnvironment = loadSigningKey({
        environmentValue: readFileSync(join(testDb.scratchDir, SIGNING_KEY_FILE), 'utf8').replaceAll('\n', '\\n'),
        dataDir: '/nonexistent',
      });
      expect(fromEnvironment).toMatchObject({ source: 'environment', keyId: first.keyId });
    } finally {
      await testDb.dispose();
    }
  });
  it('refuses a key that is not Ed25519', () => {
    expect(() => loadSigningKey({ environmentValue: 'not a key', dataDir: '/nonexistent' })).toThrow(/PKCS#8/);
  });
});

describe.each(backendNames)('audit checkpoints and verification on %s', (backend) => {
  const skip = backend === 'postgres' && !postgresEnabled;
  let testDb: TestDatabase;
  let key: SigningKey;
  let auditLog: AuditLog;

  beforeAll(async () => {
    if (skip) return;
    testDb = await createTestDatabase(backend);
    key = loadSigningKey({ environmentValue: undefined, dataDir: testDb.scratchDir });
  });
  afterAll(async () => {
    await testDb?.dispose();
  });
  beforeEach(async () => {
    if (skip) return;
    await resetAuditChain(testDb.db);
    auditLog = new AuditLog(testDb.db);
  });

  async function appendRows(count: number, createdAt?: Date): Promise<void> {
    const log = createdAt ? new AuditLog(testDb.db, { now: () => createdAt }) : auditLog;
    for (let index = 0; index < count; index++) {
      const request = await log.append({ kind: 'request', requestId: `r${index}`, details: { model: 'local', entities: { PERSON: 1 } } });
      await log.append({ kind: 'completion', refersTo: request.id, details: { status: 'ok' } });
    }
  }

  it.skipIf(skip)('signs the chain head; the signature verifies with the public key alone (as an outside verifier would)', async () => {
    await appendRows(3);
    const checkpoint = (await createCheckpoint(testDb.db, key, { kind: 'on_demand' }))!;
    expect(checkpoint.lastId).toBe(6);
    const ok = verify(null, Buffer.from(checkpoint.payload), createPublicKey(checkpoint.publicKeyPem), Buffer.from(checkpoint.signature, 'base64'));
    expect(ok).toBe(true);
    expect(JSON.parse(checkpoint.payload)).toMatchObject({ lastId: 6, lastHash: checkpoint.lastHash, previousCheckpointHash: null });
    const second = (await createCheckpoint(testDb.db, key, { kind: 'on_demand' }))!;
    expect(JSON.parse(second.payload).previousCheckpointHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it.skipIf(skip)('makes one daily checkpoint per UTC day, whoever asks', async () => {
    await appendRows(1);
    const now = new Date('2026-11-20T08:00:00Z');
    expect(await createCheckpoint(testDb.db, key, { kind: 'daily', now })).toBeDefined();
    expect(await createCheckpoint(testDb.db, key, { kind: 'daily', now: new Date('2026-11-20T23:00:00Z') })).toBeUndefined();
    expect(await createCheckpoint(testDb.db, key, { kind: 'daily', now: new Date('2026-11-21T00:01:00Z') })).toBeDefined();
    expect((await listCheckpoints(testDb.db)).map((c) => c.day)).toEqual(['2026-11-21', '2026-11-20']);
  });

  it.skipIf(skip)('catches a chain rewritten with recomputed hashes through the signed checkpoint, and locates it', async () => {
    await appendRows(3);
    const checkpoint = (await createCheckpoint(testDb.db, key, { kind: 'daily' }))!;
    expect((await verifyAuditTrail(testDb.db, { currentKeyId: key.keyId })).ok).toBe(true);
    // The attacker changes row 2 and recomputes every hash after it: the bare chain walk is fooled…
    const rows = await testDb.db.query<AuditRowData>(`SELECT ${AUDIT_COLUMNS} FROM audit_log ORDER BY id`);
    let previousHash = rows.rows[0]!.hash;
    for (const row of rows.rows.slice(1)) {
      const record = auditRecordFromRow(row);
      if (record.id === 2) record.details = { status: 'failed' };
      record.prevHash = previousHash;
      const hash = hashRecord(record);
      await tamper(testDb.db, 'UPDATE audit_log SET details = $2::jsonb, prev_hash = $3, hash = $4 WHERE id = $1', [
        record.id,
        JSON.stringify(record.details),
        record.prevHash,
        hash,
      ]);
      previousHash = hash;
    }
    await testDb.db.query('UPDATE audit_chain_head SET last_hash = $1', [previousHash]);
    const verification = await verifyAuditTrail(testDb.db, { currentKeyId: key.keyId });
    // …the signed checkpoint is not.
    expect(verification.ok).toBe(false);
    expect(verification.checkpoints.firstProblem).toMatchObject({ checkpointId: checkpoint.id });
    expect(verification.firstBrokenLink!.reason).toMatch(/row 6 no longer has the hash signed/);
  });

  it.skipIf(skip)('catches a forged checkpoint signature', async () => {
    await appendRows(1);
    const checkpoint = (await createCheckpoint(testDb.db, key, { kind: 'on_demand' }))!;
    await testDb.db.query('UPDATE audit_checkpoints SET payload = replace(payload, $2, $3) WHERE id = $1', [checkpoint.id, '"lastId":2', '"lastId":1']);
    const verification = await verifyAuditTrail(testDb.db);
    expect(verification.ok).toBe(false);
    expect(verification.checkpoints.firstProblem?.reason).toMatch(/signature does not match/);
  });

  describe('after a retention purge (verification starts at the anchor)', () => {
    async function purgeOldRows(): Promise<void> {
      const old = new Date(Date.now() - 400 * 86_400_000);
      await appendRows(4, old); // rows 1..8, expired
      await createCheckpoint(testDb.db, key, { kind: 'on_demand' });
      await appendRows(3); // rows 9..14, kept
      await runPurge({ db: testDb.db, auditLog, retention: DEFAULT_COMPLIANCE_CONFIG.retention, batchSize: 3, trigger: 'cli' });
    }

    it.skipIf(skip)('still verifies, from the anchor', async () => {
      await purgeOldRows();
      const verification = await verifyAuditTrail(testDb.db);
      expect(verification).toMatchObject({ ok: true, anchor: { anchorId: 8 } });
      const remaining = await testDb.db.query<{ id: number }>('SELECT min(id)::int AS id FROM audit_log');
      expect(remaining.rows[0]!.id).toBe(9);
    });

    it.skipIf(skip)('locates a changed field', async () => {
      await purgeOldRows();
      await tamper(testDb.db, `UPDATE audit_log SET details = '{"model":"other"}'::jsonb WHERE id = 11`);
      expect((await verifyAuditTrail(testDb.db)).firstBrokenLink).toEqual({ rowId: 11, reason: expect.stringMatching(/field was changed/) });
    });

    it.skipIf(skip)('locates a deleted row', async () => {
      await purgeOldRows();
      await tamper(testDb.db, 'DELETE FROM audit_log WHERE id = 12');
      expect((await verifyAuditTrail(testDb.db)).firstBrokenLink).toEqual({ rowId: 12, reason: expect.stringMatching(/missing/) });
    });

    it.skipIf(skip)('locates swapped rows (order)', async () => {
      await purgeOldRows();
      // Swap the contents of rows 10 and 11 (ids stay, content moves).
      await tamper(
        testDb.db,
        `UPDATE audit_log a SET kind = b.kind, refers_to = NULL, details = b.details, prev_hash = b.prev_hash, hash = b.hash, created_at = b.created_at, request_id = b.request_id
           FROM audit_log b WHERE (a.id, b.id) IN ((10, 11), (11, 10))`,
      );
      const link = (await verifyAuditTrail(testDb.db)).firstBrokenLink!;
      expect(link.rowId).toBe(10);
      expect(link.reason).toMatch(/prev_hash|changed/);
    });

    it.skipIf(skip)('locates rows deleted right after the anchor', async () => {
      await purgeOldRows();
      await tamper(testDb.db, 'DELETE FROM audit_log WHERE id IN (9, 10)');
      expect((await verifyAuditTrail(testDb.db)).firstBrokenLink?.rowId).toBe(9);
    });

    it.skipIf(skip)('locates rows cut from the end', async () => {
      await purgeOldRows();
      await tamper(testDb.db, 'DELETE FROM audit_log WHERE id >= 13');
      expect((await verifyAuditTrail(testDb.db)).firstBrokenLink?.rowId).toBe(13);
    });
  });
});
