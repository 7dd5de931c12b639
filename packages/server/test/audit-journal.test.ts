/**
 * The audit journal of the embedded database (audit/journaled-audit-log.ts): a write-ahead
 * record is durable once journaled, moves into audit_log in batches, is seen by every reader
 * of the services' database at once, survives a crash of the process (replayed at open), and
 * the chain stays whole when someone else moves its head.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../src/audit/audit-log.ts';
import { AuditJournal, AuditJournalError, auditJournalPath, readAuditJournal, replayAuditJournal } from '../src/audit/audit-journal.ts';
import { AuditBacklogError, JournaledAuditLog, journalFlushedFirst, MAX_UNIMPORTED } from '../src/audit/journaled-audit-log.ts';
import { verifyAuditChain } from '../src/audit/verify.ts';
import type { Database } from '../src/db/database.ts';
import { toNumber } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { openPglite } from '../src/db/pglite.ts';
import { createTestDatabase, type TestDatabase } from './support/databases.ts';

const countRows = async (db: Database): Promise<number> => toNumber((await db.query<{ n: unknown }>('SELECT count(*) AS n FROM audit_log')).rows[0]!.n);

describe('audit journal (embedded database)', () => {
  let testDb: TestDatabase;
  let journalPath: string;
  let journal: AuditJournal | undefined;

  beforeEach(async () => {
    testDb = await createTestDatabase('pglite');
    journalPath = auditJournalPath(testDb.db.dataFolder!);
  });
  afterEach(async () => {
    try {
      journal?.close();
    } catch {
      // already closed by the log
    }
    journal = undefined;
    await testDb.dispose();
  });

  const openLog = async (db: Database = testDb.db, options: Parameters<typeof JournaledAuditLog.open>[2] = {}) => {
    journal = AuditJournal.open(journalPath, { sync: false });
    return JournaledAuditLog.open(db, journal, options);
  };

  it('holds a record durably before it is in audit_log, then imports it; readers through the view see it at once', async () => {
    const log = await openLog();
    const request = await log.append({ kind: 'request', requestId: 'req-1', details: { model: 'assistant', entities: { EMAIL: 1 } } });
    await log.append({ kind: 'completion', requestId: 'req-1', refersTo: request.id, details: { status: 'ok' } });
    // Journaled (on disk), not yet imported: the import waits for others to join it.
    const journaled = readAuditJournal(journalPath).records;
    expect(journaled.map((record) => [record.id, record.kind, record.refersTo])).toEqual([
      [1, 'request', null],
      [2, 'completion', 1],
    ]);
    expect(journaled[1]!.prevHash).toBe(journaled[0]!.hash);
    expect(await countRows(testDb.db)).toBe(0);
    // Any statement through the services' view imports first.
    const view = journalFlushedFirst(testDb.db, log);
    expect(await countRows(view)).toBe(2);
    expect(statSync(journalPath).size).toBe(0); // all imported: the journal is emptied
    const chain = await verifyAuditChain(view);
    expect(chain).toMatchObject({ ok: true, checkedRows: 2 });
    expect(chain.lastHash).toBe(journaled[1]!.hash);
    await log.close();
  });

  it('imports by itself shortly after, many records in one statement', async () => {
    let inserts = 0;
    const counting: Database = {
      ...testDb.db,
      query: (sql, params, options) => {
        if (sql.includes('INSERT INTO audit_log')) inserts++;
        return testDb.db.query(sql, params, options);
      },
    };
    const log = await openLog(counting);
    for (let index = 0; index < 50; index++) await log.append({ kind: 'request', requestId: `r${index}`, details: { index } });
    expect(log.unimported).toBe(50);
    await expect.poll(() => log.unimported, { timeout: 2_000 }).toBe(0);
    expect(inserts).toBe(1);
    expect(await countRows(testDb.db)).toBe(50);
    expect((await verifyAuditChain(testDb.db)).ok).toBe(true);
    await log.close();
  });

  it('a crash (SIGKILL) before the import loses nothing: the next open replays the journal', async () => {
    await testDb.db.close(); // the child process takes the folder
    const folder = testDb.db.dataFolder!;
    const script = `
      import { AuditJournal, auditJournalPath } from './src/audit/audit-journal.ts';
      import { JournaledAuditLog } from './src/audit/journaled-audit-log.ts';
      import { openPglite } from './src/db/pglite.ts';
      const db = await openPglite(${JSON.stringify(folder)});
      const log = await JournaledAuditLog.open(db, AuditJournal.open(auditJournalPath(db.dataFolder), { sync: false }));
      for (let i = 0; i < 300; i++) await log.append({ kind: 'request', requestId: 'crash-' + i, details: { i } });
      process.kill(process.pid, 'SIGKILL'); // before the import timer could fire
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: join(import.meta.dirname, '..'), encoding: 'utf8', timeout: 60_000 });
    expect(child.signal).toBe('SIGKILL');
    expect(readAuditJournal(journalPath).records).toHaveLength(300);

    const reopened = await openPglite(folder); // the dead child's lock is taken over
    try {
      await migrate(reopened);
      expect(await countRows(reopened)).toBe(0);
      expect(await replayAuditJournal(reopened, journalPath)).toEqual({ replayed: 300, droppedTornLine: false });
      expect(await countRows(reopened)).toBe(300);
      expect(await verifyAuditChain(reopened)).toMatchObject({ ok: true, checkedRows: 300 });
      expect(statSync(journalPath).size).toBe(0);
      // Replaying again changes nothing.
      expect(await replayAuditJournal(reopened, journalPath)).toEqual({ replayed: 0, droppedTornLine: false });
    } finally {
      await reopened.close();
    }
    testDb.db = await openPglite(folder); // for dispose
  });

  it('replay skips records already imported, drops a torn last line, and refuses a journal that does not continue the chain', async () => {
    const log = await openLog();
    for (let index = 0; index < 3; index++) await log.append({ kind: 'admin', details: { index } });
    const lines = readFileSync(journalPath, 'utf8');
    await log.flush(); // imported: the journal is now empty
    // Put back the three imported lines, plus one more record's first half (a write the process died in).
    writeFileSync(journalPath, lines + lines.split('\n')[0]!.slice(0, 40));
    expect(await replayAuditJournal(testDb.db, journalPath)).toEqual({ replayed: 0, droppedTornLine: true });
    expect(await countRows(testDb.db)).toBe(3);

    const [first] = readAuditJournal(journalPath).records;
    expect(first).toBeUndefined();
    const foreign = JSON.parse(lines.split('\n')[0]!) as Record<string, unknown>;
    writeFileSync(journalPath, JSON.stringify({ ...foreign, id: 4, prevHash: 'f'.repeat(64) }) + '\n');
    await expect(replayAuditJournal(testDb.db, journalPath)).rejects.toThrow(AuditJournalError);
    expect(readAuditJournal(journalPath).records).toHaveLength(1); // kept as it was, for inspection
    writeFileSync(journalPath, '{"not":"a record"}\n');
    await expect(replayAuditJournal(testDb.db, journalPath)).rejects.toThrow(/line 1 is not an audit record/);
    writeFileSync(journalPath, '');
    await log.close();
  });

  it('when the head moves behind its back, links what it has not imported again and the chain verifies', async () => {
    const moved: number[] = [];
    const log = await openLog(testDb.db, { onChainMoved: (relinked) => moved.push(relinked) });
    await log.append({ kind: 'admin', details: { step: 'journaled-1' } });
    await log.append({ kind: 'admin', details: { step: 'journaled-2' } });
    // Another writer on the raw database (not through the view): the head moves to 1.
    await new AuditLog(testDb.db).append({ kind: 'admin', details: { step: 'direct' } });
    await log.flush();
    expect(moved).toEqual([2]);
    expect(await countRows(testDb.db)).toBe(3);
    expect(await verifyAuditChain(testDb.db)).toMatchObject({ ok: true, checkedRows: 3 });
    // Appends go on from the real end.
    await log.append({ kind: 'admin', details: { step: 'after' } });
    await log.flush();
    expect(await verifyAuditChain(testDb.db)).toMatchObject({ ok: true, checkedRows: 4 });
    await log.close();
  });

  it('while the database refuses imports, appends stay durable and are retried; past the backlog bound they fail (closed)', async () => {
    let refusing = true;
    const errors: unknown[] = [];
    const flaky: Database = {
      ...testDb.db,
      query: (sql, params, options) => {
        if (refusing && sql.includes('INSERT INTO audit_log')) return Promise.reject(new Error('database unavailable'));
        return testDb.db.query(sql, params, options);
      },
    };
    const log = await openLog(flaky, { onImportError: (error) => errors.push(error) });
    await log.append({ kind: 'request', requestId: 'while-down', details: {} });
    await expect(log.flush()).rejects.toThrow('database unavailable');
    await expect.poll(() => errors.length, { timeout: 2_000 }).toBeGreaterThan(0); // the timer's retry failed too
    expect(readAuditJournal(journalPath).records).toHaveLength(1);
    for (let index = log.unimported; index < MAX_UNIMPORTED; index++) await log.append({ kind: 'admin', details: { index } });
    await expect(log.append({ kind: 'request', requestId: 'one-too-many', details: {} })).rejects.toThrow(AuditBacklogError);
    refusing = false;
    await log.flush();
    expect(log.unimported).toBe(0);
    expect(await countRows(testDb.db)).toBe(MAX_UNIMPORTED);
    expect((await verifyAuditChain(testDb.db)).ok).toBe(true);
    await log.close();
  }, 60_000);
});
