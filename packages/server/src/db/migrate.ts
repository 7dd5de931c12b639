import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toNumber, type Database } from './database.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
const fileNamePattern = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** The migrations shipped with this build, in order (files `NNNN_name.sql`). */
export function listMigrations(directory = migrationsDir): Migration[] {
  const migrations = readdirSync(directory)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = fileNamePattern.exec(file);
      if (!match) throw new Error(`migration file ${file} is not named NNNN_name.sql`);
      return { version: Number(match[1]), name: match[2]!, sql: readFileSync(join(directory, file), 'utf8') };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`migrations must be numbered 0001, 0002, … without gaps (found ${migration.version} at position ${index + 1})`);
    }
  });
  return migrations;
}

// Arbitrary constant: the advisory lock instances take while migrating (one migrates, others wait).
const MIGRATION_LOCK_KEY = 7_265_001;

/**
 * Applies the pending migrations, each in its own transaction with its bookkeeping row.
 * Idempotent; safe when several instances start at once. Returns the versions applied now.
 */
export async function migrate(db: Database, migrations = listMigrations()): Promise<number[]> {
  // Under the lock too: concurrent CREATE TABLE IF NOT EXISTS can still collide in PostgreSQL.
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.runScript(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    integer PRIMARY KEY,
      name       text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
  });
  const applied: number[] = [];
  for (const migration of migrations) {
    const didApply = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      const existing = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
      if (existing.rows.length > 0) return false;
      await tx.runScript(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      return true;
    });
    if (didApply) applied.push(migration.version);
  }
  return applied;
}

/** Readiness: the database answers and every shipped migration is applied. */
export async function migrationStatus(
  db: Database,
  migrations = listMigrations(),
): Promise<{ ready: boolean; applied: number; expected: number }> {
  const expected = migrations.length;
  const table = await db.query<{ present: boolean }>(
    "SELECT to_regclass('schema_migrations') IS NOT NULL AS present",
  );
  if (!table.rows[0]?.present) return { ready: false, applied: 0, expected };
  const result = await db.query<{ count: unknown }>('SELECT count(*) AS count FROM schema_migrations');
  const applied = toNumber(result.rows[0]?.count ?? 0);
  return { ready: applied >= expected, applied, expected };
}
