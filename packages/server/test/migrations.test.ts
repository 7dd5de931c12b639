import { afterEach, describe, expect, it } from 'vitest';
import { listMigrations, migrate, migrationStatus } from '../src/db/migrate.ts';
import { backendNames, createTestDatabase, postgresEnabled, type TestDatabase } from './support/databases.ts';

describe.each(backendNames)('migrations on %s', (backend) => {
  const skip = backend === 'postgres' && !postgresEnabled;
  let testDb: TestDatabase | undefined;
  afterEach(async () => {
    await testDb?.dispose();
    testDb = undefined;
  });

  it.skipIf(skip)('apply once, then are a no-op (idempotent), and report readiness', async () => {
    testDb = await createTestDatabase(backend, { migrate: false });
    const { db } = testDb;
    expect(await migrationStatus(db)).toMatchObject({ ready: false, applied: 0 });

    const firstRun = await migrate(db);
    expect(firstRun).toEqual(listMigrations().map((migration) => migration.version));
    expect(await migrate(db)).toEqual([]);
    expect(await migrationStatus(db)).toEqual({ ready: true, applied: firstRun.length, expected: firstRun.length });

    const tables = await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`,
    );
    expect(tables.rows.map((row) => row.table_name)).toEqual(
      expect.arrayContaining(['users', 'groups', 'user_groups', 'api_keys', 'audit_log', 'audit_chain_head', 'vaults', 'usage_counters']),
    );
  });

  it.skipIf(skip)('run concurrently (two instances starting at once) without applying twice', async () => {
    testDb = await createTestDatabase(backend, { migrate: false });
    const results = await Promise.all([migrate(testDb.db), migrate(testDb.db)]);
    expect(results.flat().sort()).toEqual(listMigrations().map((migration) => migration.version));
  });

  it.skipIf(skip)('make the audit log append-only (UPDATE and DELETE refused)', async () => {
    testDb = await createTestDatabase(backend);
    const { db } = testDb;
    await db.query(
      `INSERT INTO audit_log (id, created_at, kind, details, prev_hash, hash) VALUES (1, now(), 'admin', '{}', 'x', 'y')`,
    );
    await expect(db.query(`UPDATE audit_log SET kind = 'other'`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
  });
});
