/**
 * The two database back-ends every DB-touching suite runs on:
 *  - PGlite in a fresh temporary folder (removed afterwards);
 *  - PostgreSQL at REMPART_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test,
 *    trust auth), isolated in a randomly named schema that is dropped afterwards.
 * Set REMPART_TEST_POSTGRES_URL=off to run the PGlite half only (it is then reported as skipped).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { openPglite } from '../../src/db/pglite.ts';
import { openPostgres, quoteIdentifier } from '../../src/db/postgres.ts';

export const postgresTestUrl = process.env.REMPART_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const postgresEnabled = postgresTestUrl !== 'off';

export type BackendName = 'pglite' | 'postgres';
export const backendNames: BackendName[] = ['pglite', 'postgres'];

export interface TestDatabase {
  db: Database;
  /** How the app/CLI would address this database (config `database`). */
  location: { url?: string; dataDir: string; schema?: string };
  /** A scratch folder for this run (data dir, secret key…). */
  scratchDir: string;
  dispose(): Promise<void>;
}

/** A fresh, migrated database on the given back-end. */
export async function createTestDatabase(backend: BackendName, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const scratchDir = mkdtempSync(join(tmpdir(), 'rempart-test-'));
  let db: Database;
  let location: TestDatabase['location'];
  let dropSchema: (() => Promise<void>) | undefined;
  if (backend === 'pglite') {
    const dataDir = join(scratchDir, 'pglite');
    db = await openPglite(dataDir);
    location = { url: `pglite:${dataDir}`, dataDir: scratchDir };
  } else {
    const schema = `rempart_test_${randomBytes(6).toString('hex')}`;
    await adminQuery(`CREATE SCHEMA ${quoteIdentifier(schema)}`);
    db = await openPostgres({ url: postgresTestUrl, schema, maxConnections: 8 });
    location = { url: postgresTestUrl, dataDir: scratchDir, schema };
    dropSchema = () => adminQuery(`DROP SCHEMA ${quoteIdentifier(schema)} CASCADE`);
  }
  if (options.migrate !== false) await migrate(db);
  return {
    db,
    location,
    scratchDir,
    dispose: async () => {
      await db.close().catch(() => {});
      await dropSchema?.();
      rmSync(scratchDir, { recursive: true, force: true });
    },
  };
}

let postgresStarted: Promise<void> | undefined;

/**
 * The local cluster may be stopped (fresh machine, reboot): start it once, the Debian way,
 * when the default URL is used and nothing answers.
 */
async function connectAdmin(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: postgresTestUrl });
  try {
    await client.connect();
    return client;
  } catch (error) {
    const refused = (error as NodeJS.ErrnoException).code === 'ECONNREFUSED';
    if (!refused || process.env.REMPART_TEST_POSTGRES_URL || !existsSync('/etc/postgresql')) throw error;
    postgresStarted ??= Promise.resolve().then(() => {
      for (const version of readdirSync('/etc/postgresql')) {
        execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], { stdio: 'ignore' });
      }
    });
    await postgresStarted;
    const retry = new pg.Client({ connectionString: postgresTestUrl });
    await retry.connect();
    return retry;
  }
}

async function adminQuery(sql: string): Promise<void> {
  const client = await connectAdmin();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
