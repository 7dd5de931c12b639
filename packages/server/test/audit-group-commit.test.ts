import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuditLog, DEFER_MS } from '../src/audit/audit-log.ts';
import { canonicalJson } from '../src/audit/canonical-json.ts';
import { hashRecord, hashRecordWithDetailsJson, type AuditJson, type AuditKind } from '../src/audit/record.ts';
import { verifyAuditChain } from '../src/audit/verify.ts';
import type { Database } from '../src/db/database.ts';
import { createTestDatabase, type TestDatabase } from './support/databases.ts';

describe('audit record hash with precomputed details JSON', () => {
  it('is the hash of the whole record in canonical JSON', () => {
    const json: fc.Arbitrary<AuditJson> = fc.jsonValue() as fc.Arbitrary<AuditJson>;
    const text = fc.option(fc.string(), { nil: null });
    fc.assert(
      fc.property(
        fc.record({
          id: fc.integer({ min: 1, max: 2 ** 40 }),
          createdAt: fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }),
          kind: fc.constantFrom<AuditKind>('request', 'completion', 'failure', 'refusal', 'admin'),
          requestId: text,
          refersTo: fc.option(fc.integer({ min: 1, max: 2 ** 40 }), { nil: null }),
          userId: text,
          apiKeyId: text,
          details: fc.dictionary(fc.string(), json),
          prevHash: fc.string(),
        }),
        (record) => {
          expect(hashRecordWithDetailsJson(record, canonicalJson(record.details))).toBe(hashRecord(record));
        },
      ),
    );
  });
});

describe('audit group commit on PGlite (statements run synchronously on the event loop)', () => {
  let testDb: TestDatabase;
  let statements = 0;
  let countingDb: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase('pglite');
    countingDb = {
      ...testDb.db,
      query: (sql, params) => {
        if (sql.includes('INSERT INTO audit_log')) statements++;
        return testDb.db.query(sql, params);
      },
    };
  });
  afterAll(async () => {
    await testDb?.dispose();
  });
  beforeEach(() => {
    statements = 0;
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  /** A few turns of the event loop (real ones: only setTimeout is faked in the tests below). */
  const turns = async (count: number) => {
    for (let i = 0; i < count; i++) await new Promise((resolve) => setImmediate(resolve));
  };

  it('groups appends made by separate I/O callbacks into one statement', async () => {
    const log = new AuditLog(countingDb);
    const appended = await Promise.all(
      Array.from({ length: 30 }, (_, index) => new Promise<number>((resolve, reject) => {
        setImmediate(() => log.append({ kind: 'request', requestId: `grouped-${index}`, details: { index } }).then((entry) => resolve(entry.id), reject));
      })),
    );
    expect(new Set(appended).size).toBe(30);
    expect(statements).toBeLessThan(30);
    expect(statements).toBeGreaterThan(0);
    expect((await verifyAuditChain(testDb.db)).ok).toBe(true);
  });

  it('writes a deferrable record with the next awaited one, in the same statement', async () => {
    const log = new AuditLog(countingDb);
    const first = await log.append({ kind: 'request', requestId: 'deferred-1', details: {} });
    statements = 0;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }); // the defer delay never elapses here
    const completion = log.append({ kind: 'completion', requestId: 'deferred-1', refersTo: first.id, details: { status: 'ok' } }, { deferrable: true });
    await turns(20);
    expect(statements).toBe(0); // not written on its own
    const next = await log.append({ kind: 'request', requestId: 'deferred-2', details: {} });
    const written = await completion;
    expect(statements).toBe(1);
    expect(written.id).toBe(first.id + 1);
    expect(next.id).toBe(first.id + 2);
    expect((await verifyAuditChain(testDb.db)).ok).toBe(true);
  });

  it(`writes a lone deferrable record once ${DEFER_MS} ms have passed, and at flush at once`, async () => {
    const log = new AuditLog(countingDb);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const alone = log.append({ kind: 'completion', requestId: 'alone', details: {} }, { deferrable: true });
    await turns(20);
    expect(statements).toBe(0);
    vi.advanceTimersByTime(DEFER_MS);
    expect((await alone).id).toBeGreaterThan(0);
    expect(statements).toBe(1);

    const flushed = log.append({ kind: 'completion', requestId: 'flushed', details: {} }, { deferrable: true });
    await log.flush();
    const rows = await testDb.db.query(`SELECT 1 FROM audit_log WHERE request_id = 'flushed'`);
    expect(rows.rows).toHaveLength(1);
    await flushed;
  });
});
