/**
 * The one database abstraction the server uses: PostgreSQL's dialect, `$1` parameters,
 * two implementations (embedded PGlite, a real PostgreSQL through `pg`). Queries written
 * against it must run unchanged on both, so keep to portable SQL.
 */
export interface QueryResult<Row> {
  rows: Row[];
  /** Rows inserted/updated/deleted (or returned, for SELECT). */
  rowCount: number;
}

export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
  /** Runs a script of several statements without parameters (migrations). */
  runScript(sql: string): Promise<void>;
}

export interface QueryOptions {
  /**
   * A hot statement, always with the same SQL text under this name. PGlite prepares it once
   * and then only binds and executes it, in one protocol message (no re-parse, no re-plan).
   * PostgreSQL ignores it: `pg` already sends an unnamed statement in one round trip, a named
   * one measured no faster there, and it would break behind a transaction-pooling proxy.
   * Semantics are unchanged either way.
   */
  name?: string;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** The embedded database's folder (absent: in memory, or PostgreSQL); it holds the audit journal. */
  readonly dataFolder?: string;
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<QueryResult<Row>>;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** PostgreSQL's int8/numeric come back as strings from `pg` and as numbers from PGlite. */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') return Number(value);
  throw new TypeError(`expected a number from the database, got ${typeof value}`);
}

/** Timestamps come back as Date from both drivers; accept strings for robustness. */
export function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'string' || typeof value === 'number') return new Date(value);
  throw new TypeError(`expected a timestamp from the database, got ${typeof value}`);
}

/** bytea: Buffer from `pg`, Uint8Array from PGlite. */
export function toBuffer(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError(`expected bytes from the database, got ${typeof value}`);
}
