import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../src/audit/audit-log.ts';
import { canonicalJson } from '../src/audit/canonical-json.ts';
import { verifyAuditChain } from '../src/audit/verify.ts';
import { openPostgres } from '../src/db/postgres.ts';
import { backendNames, createTestDatabase, postgresEnabled, type TestDatabase } from './support/databases.ts';

describe('canonical JSON', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x', null], c: true }, u: undefined })).toBe(
      '{"a":{"c":true,"d":[1,"x",null]},"b":1}',
    );
  });
  it('refuses values JSON cannot represent faithfully', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/non-finite/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/function/);
  });
});

describe.each(backendNames)('audit chain on %s', (backend) => {
  const skip = backend === 'postgres' && !postgresEnabled;
  let testDb: TestDatabase;
  let auditLog: AuditLog;

  beforeAll(async () => {
    if (skip) return;
    testDb = await createTestDatabase(backend);
  });
  afterAll(async () => {
    await testDb?.dispose();
  });
  beforeEach(async () => {
    if (skip) return;
    // Each test starts from an empty chain.
    await testDb.db.transaction(async (tx) => {
      await tx.runScript(`SET LOCAL rempart.audit_purge = 'on'`);
      await tx.query('DELETE FROM audit_log');
      await tx.query(`UPDATE audit_chain_head SET last_id = 0, last_hash = repeat('0', 64)`);
    });
    auditLog = new AuditLog(testDb.db);
  });

  async function appendRequestAndCompletion(requestId: string) {
    const request = await auditLog.append({
      kind: 'request',
      requestId,
      userId: '00000000-0000-4000-8000-000000000001',
      details: { model: 'm', entities: { PERSON: 2, IBAN: 1 }, decision: 'pseudonymise' },
    });
    const completion = await auditLog.append({
      kind: 'completion',
      requestId,
      refersTo: request.id,
      details: { status: 200, latencyMs: 12.5, tokens: { prompt: 10, completion: 3 } },
    });
    return { request, completion };
  }

  async function tamper(sql: string, params: unknown[] = []) {
    await testDb.db.runScript('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    try {
      await testDb.db.query(sql, params);
    } finally {
      await testDb.db.runScript('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    }
  }

  it.skipIf(skip)('appends linked records, completions referencing their request, and verifies', async () => {
    expect(await verifyAuditChain(testDb.db)).toMatchObject({ ok: true, checkedRows: 0 });
    const first = await appendRequestAndCompletion('req-1');
    await appendRequestAndCompletion('req-2');
    expect(first.request.id).toBe(1);
    expect(first.completion.id).toBe(2);

    const rows = await testDb.db.query<{ id: unknown; refers_to: unknown; prev_hash: string; hash: string }>(
      'SELECT id, refers_to, prev_hash, hash FROM audit_log ORDER BY id',
    );
    expect(rows.rows.map((row) => Number(row.refers_to ?? 0))).toEqual([0, 1, 0, 3]);
    expect(rows.rows[1]!.prev_hash).toBe(rows.rows[0]!.hash);
    expect(await verifyAuditChain(testDb.db)).toEqual({ ok: true, checkedRows: 4, lastHash: rows.rows[3]!.hash });
  });

  it.skipIf(skip)('detects and locates a changed field', async () => {
    for (let i = 0; i < 3; i++) await appendRequestAndCompletion(`req-${i}`);
    await tamper(`UPDATE audit_log SET details = jsonb_set(details, '{entities,PERSON}', '0') WHERE id = 3`);
    expect(await verifyAuditChain(testDb.db)).toMatchObject({
      ok: false,
      checkedRows: 2,
      firstBrokenLink: { rowId: 3, reason: expect.stringMatching(/field was changed/) },
    });
  });

  it.skipIf(skip)('detects a changed timestamp or actor', async () => {
    for (let i = 0; i < 2; i++) await appendRequestAndCompletion(`req-${i}`);
    await tamper(`UPDATE audit_log SET created_at = created_at - interval '1 day' WHERE id = 2`);
    expect((await verifyAuditChain(testDb.db)).firstBrokenLink?.rowId).toBe(2);
  });

  it.skipIf(skip)('detects and locates a deleted row (middle and end)', async () => {
    for (let i = 0; i < 3; i++) await appendRequestAndCompletion(`req-${i}`);
    await tamper('DELETE FROM audit_log WHERE id = 6');
    expect(await verifyAuditChain(testDb.db)).toMatchObject({
      ok: false,
      firstBrokenLink: { rowId: 6, reason: expect.stringMatching(/missing at the end/) },
    });
    await tamper('DELETE FROM audit_log WHERE id = 4');
    expect(await verifyAuditChain(testDb.db)).toMatchObject({
      ok: false,
      checkedRows: 3,
      firstBrokenLink: { rowId: 4, reason: expect.stringMatching(/row 4 is missing/) },
    });
  });

  it.skipIf(skip)('detects reordered rows', async () => {
    for (let i = 0; i < 3; i++) await appendRequestAndCompletion(`req-${i}`);
    // Swap rows 2 and 3 (through a free id, the primary key forbids a direct swap).
    await tamper('UPDATE audit_log SET refers_to = NULL');
    await tamper('UPDATE audit_log SET id = 1000 WHERE id = 2');
    await tamper('UPDATE audit_log SET id = 2 WHERE id = 3');
    await tamper('UPDATE audit_log SET id = 3 WHERE id = 1000');
    const verification = await verifyAuditChain(testDb.db);
    expect(verification.ok).toBe(false);
    expect(verification.firstBrokenLink?.rowId).toBe(2);
  });

  it.skipIf(skip)('keeps a valid chain under many concurrent appends (group commit)', async () => {
    const appended = await Promise.all(
      Array.from({ length: 300 }, (_, index) =>
        auditLog.append({ kind: 'request', requestId: `c-${index}`, details: { index } }),
      ),
    );
    expect(new Set(appended.map((entry) => entry.id)).size).toBe(300);
    expect(await verifyAuditChain(testDb.db)).toMatchObject({ ok: true, checkedRows: 300 });
  });

  it.skipIf(skip)('keeps a valid chain when two instances append at once', async () => {
    // A second instance: its own in-process queue and chain-head cache (and, on PostgreSQL,
    // its own connection pool), so the compare-and-set on the head must re-link batches.
    const secondInstanceDb =
      backend === 'postgres'
        ? await openPostgres({ url: testDb.location.url!, schema: testDb.location.schema, maxConnections: 4 })
        : undefined;
    try {
      const instances = [auditLog, new AuditLog(secondInstanceDb ?? testDb.db)];
      await Promise.all(
        Array.from({ length: 200 }, (_, index) =>
          instances[index % 2]!.append({ kind: 'request', requestId: `i-${index}`, details: { index } }),
        ),
      );
      expect(await verifyAuditChain(testDb.db)).toMatchObject({ ok: true, checkedRows: 200 });
    } finally {
      await secondInstanceDb?.close();
    }
  });

  it.skipIf(skip)('flush() waits for every append accepted so far (clean shutdown)', async () => {
    const pending = Array.from({ length: 20 }, (_, index) => auditLog.append({ kind: 'admin', details: { index } }));
    await auditLog.flush();
    const count = await testDb.db.query<{ count: unknown }>('SELECT count(*) AS count FROM audit_log');
    expect(Number(count.rows[0]!.count)).toBe(20);
    await Promise.all(pending);
  });

  it.skipIf(skip)('refuses details that cannot be hashed, without failing other appends', async () => {
    const good = auditLog.append({ kind: 'admin', details: { action: 'ok' } });
    await expect(auditLog.append({ kind: 'admin', details: { bad: Number.POSITIVE_INFINITY } })).rejects.toThrow(
      /non-finite/,
    );
    await expect(auditLog.append({ kind: 'failure', details: { upstreamError: 'x'.repeat(600) } })).rejects.toThrow(
      /details\.upstreamError is 600 characters long .* never text/,
    );
    await expect(good).resolves.toMatchObject({ id: 1 });
  });
});
