import pg from 'pg';
import type { Database, Queryable, QueryResult } from './database.ts';

export interface PostgresOptions {
  url: string;
  /** Schema to work in (search_path); tests isolate each run in its own schema. */
  schema?: string;
  maxConnections?: number;
}

/** A real PostgreSQL through a `pg` connection pool (scale-out mode: several instances). */
export async function openPostgres(options: PostgresOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    // search_path set at connection start so every pooled connection works in the schema.
    ...(options.schema ? { options: `-c search_path=${quoteIdentifier(options.schema)}` } : {}),
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const client = await pool.connect(); // fail fast with a clear error if unreachable
  client.release();
  return {
    kind: 'postgres',
    query: (sql, params) => runQuery(pool, sql, params),
    runScript: async (sql) => {
      await pool.query(sql);
    },
    transaction: async (work) => {
      const connection = await pool.connect();
      try {
        await connection.query('BEGIN');
        const result = await work({
          query: (sql, params) => runQuery(connection, sql, params),
          runScript: async (sql) => {
            await connection.query(sql);
          },
        } satisfies Queryable);
        await connection.query('COMMIT');
        return result;
      } catch (error) {
        await connection.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        connection.release();
      }
    },
    close: () => pool.end(),
  };
}

async function runQuery<Row>(
  target: pg.Pool | pg.PoolClient,
  sql: string,
  params: readonly unknown[] | undefined,
): Promise<QueryResult<Row>> {
  // pg's row type constraint is QueryResultRow; our Row is the caller's declared shape.
  const result = await target.query(sql, params as unknown[] | undefined);
  return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
