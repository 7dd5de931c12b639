import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Database, Queryable, QueryResult } from './database.ts';
import { lockDataFolder } from './folder-lock.ts';

/**
 * Embedded PostgreSQL (WASM) in a data folder: the zero set-up default. One connection,
 * so transactions are naturally serialised inside the process; a data folder must be used by
 * one process at a time (the CLI and a running server should not share it concurrently).
 */
export async function openPglite(dataDir: string | undefined): Promise<Database> {
  let releaseLock: (() => void) | undefined;
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    releaseLock = lockDataFolder(dataDir);
  }
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dataDir ? { dataDir } : {});
  } catch (error) {
    releaseLock?.();
    throw error;
  }
  return {
    kind: 'pglite',
    query: (sql, params) => runQuery(pglite, sql, params),
    runScript: async (sql) => {
      await pglite.exec(sql);
    },
    transaction: (work) =>
      pglite.transaction((tx) =>
        work({
          query: (sql, params) => runQuery(tx, sql, params),
          runScript: async (sql) => {
            await tx.exec(sql);
          },
        } satisfies Queryable),
      ),
    close: async () => {
      try {
        await pglite.close();
      } finally {
        releaseLock?.();
      }
    },
  };
}

async function runQuery<Row>(
  target: PGlite | Transaction,
  sql: string,
  params: readonly unknown[] | undefined,
): Promise<QueryResult<Row>> {
  // PGlite's parameter list is typed any[]; our callers pass plain values.
  const result = await target.query<Row>(sql, params as unknown[] | undefined);
  return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
}
