/**
 * `query(sql, params, { name })`: a hot statement prepared once (PGlite: bound and executed
 * in one protocol message). It must behave exactly like the plain query: same values, same
 * types back, same errors, never inside another caller's transaction, and a failure must
 * not leave the name unusable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendNames, createTestDatabase, postgresEnabled, type TestDatabase } from './support/databases.ts';

describe.each(backendNames)('named statements on %s', (backend) => {
  let testDb: TestDatabase;
  const skip = backend === 'postgres' && !postgresEnabled;

  beforeAll(async () => {
    if (skip) return;
    testDb = await createTestDatabase(backend, { migrate: false });
    await testDb.db.runScript(
      'CREATE TABLE prepared_probe (id bigint PRIMARY KEY, at timestamptz NOT NULL, label text, doc jsonb, flag boolean, ids uuid)',
    );
  });
  afterAll(async () => {
    await testDb?.dispose();
  });

  const insert =
    'INSERT INTO prepared_probe (id, at, label, doc, flag, ids) VALUES ($1::bigint, $2::timestamptz, $3::text, $4::jsonb, $5::boolean, $6::uuid)';
  const select = 'SELECT id, at, label, doc, flag, ids FROM prepared_probe WHERE id >= $1::bigint ORDER BY id';

  it.skipIf(skip)('gives the same rows, types and row counts as the plain query', async () => {
    const { db } = testDb;
    const at = new Date('2026-11-23T10:00:00.123Z');
    const rows: unknown[][] = [
      [1, at.toISOString(), "l'apostrophe \\ et \"guillemets\"", '{"a":[1,2],"é":"ü"}', true, '00000000-0000-4000-8000-000000000001'],
      [2, at, null, { nested: { n: 1 } }, false, null],
      [3, at, 'x', null, null, '00000000-0000-4000-8000-000000000003'],
    ];
    for (const [index, params] of rows.entries()) {
      const written = await db.query(insert, params, { name: 'probe_insert' });
      expect(written.rowCount, `row ${index}`).toBe(1);
    }
    const plain = await db.query(select, [1]);
    const named = await db.query(select, [1], { name: 'probe_select' });
    const namedAgain = await db.query(select, [2], { name: 'probe_select' });
    expect(named).toEqual(plain);
    expect(plain.rows).toHaveLength(3);
    expect(namedAgain.rows).toEqual(plain.rows.slice(1));
    expect(plain.rows[1]).toMatchObject({ label: null, doc: { nested: { n: 1 } }, flag: false, ids: null });
    expect(plain.rows[0]).toMatchObject({ label: "l'apostrophe \\ et \"guillemets\"", doc: { a: [1, 2], é: 'ü' }, flag: true });
  });

  it.skipIf(skip)('reports errors like the plain query, then works again under the same name', async () => {
    const { db } = testDb;
    const at = new Date().toISOString();
    await expect(db.query(insert, [1, at, 'duplicate', null, null, null], { name: 'probe_insert' })).rejects.toMatchObject({ code: '23505' });
    await expect(db.query(insert, [50, 'not a date', null, null, null, null], { name: 'probe_insert' })).rejects.toThrow();
    expect((await db.query(insert, [51, at, 'after errors', null, null, null], { name: 'probe_insert' })).rowCount).toBe(1);
    // A statement that cannot even be prepared fails, and the name can then be used with valid SQL.
    await expect(db.query('SELECT * FROM no_such_table WHERE id = $1', [1], { name: 'probe_broken' })).rejects.toMatchObject({ code: '42P01' });
    await expect(db.query('SELECT * FROM no_such_table WHERE id = $1', [1], { name: 'probe_broken' })).rejects.toMatchObject({ code: '42P01' });
  });

  it.skipIf(skip)('never runs inside another caller’s transaction', async () => {
    const { db } = testDb;
    const at = new Date().toISOString();
    let releaseTransaction!: () => void;
    const held = new Promise<void>((resolve) => (releaseTransaction = resolve));
    const transaction = db
      .transaction(async (tx) => {
        await tx.query(insert, [100, at, 'in a transaction', null, null, null]);
        await held;
        throw new Error('rolled back on purpose');
      })
      .catch((error: unknown) => error);
    // Issued while the transaction is open: must wait for it, and survive its rollback.
    await new Promise((resolve) => setTimeout(resolve, 10));
    const outside = db.query(insert, [101, at, 'outside', null, null, null], { name: 'probe_insert' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    releaseTransaction();
    expect(await transaction).toBeInstanceOf(Error);
    expect((await outside).rowCount).toBe(1);
    const kept = await db.query<{ id: unknown }>('SELECT id FROM prepared_probe WHERE id IN (100, 101) ORDER BY id');
    expect(kept.rows.map((row) => Number(row.id))).toEqual([101]);
  });
});
