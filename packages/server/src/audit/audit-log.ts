import type { Database } from '../db/database.ts';
import { canonicalJson } from './canonical-json.ts';
import { chainAppendStatement, linkAll, readChainHead, type ChainHead, type LinkedAuditRecord, type UnlinkedAuditRecord } from './chain-append.ts';
import type { AuditDetails, AuditKind } from './record.ts';

export interface AuditEntry {
  kind: AuditKind;
  requestId?: string;
  refersTo?: number;
  userId?: string;
  apiKeyId?: string;
  details: AuditDetails;
}

export interface AppendedAuditEntry {
  id: number;
  hash: string;
  createdAt: Date;
}

export interface AppendOptions {
  /**
   * The caller does not wait for this record before answering anyone (a completion written
   * after the response was sent): it is not written on its own but with the next record that
   * is waited for (the next request's write-ahead record), or after DEFER_MS at most. Saves a
   * statement per request without delaying any write-ahead record.
   */
  deferrable?: boolean;
}

interface PendingAppend {
  record: UnlinkedAuditRecord;
  resolve(appended: AppendedAuditEntry): void;
  reject(error: unknown): void;
}

/**
 * Audit details hold categories, counts, hashes, names and numbers. A long string there is
 * almost certainly text that should not be kept (a prompt, an upstream error echoing it):
 * refused, as a last line of defence.
 */
export const MAX_DETAIL_STRING_LENGTH = 512;

export class AuditDetailsError extends Error {
  readonly code = 'AUDIT_DETAILS_INVALID';
}

/**
 * An entry ready to link: details validated (no long strings) and in canonical JSON. Throws
 * for unhashable details, so one bad entry never fails a whole batch.
 */
export function unlinkedRecord(entry: AuditEntry, createdAt: Date): UnlinkedAuditRecord {
  const detailsJson = canonicalJson(entry.details);
  checkDetailStrings(entry.details, 'details');
  return {
    kind: entry.kind,
    requestId: entry.requestId ?? null,
    refersTo: entry.refersTo ?? null,
    userId: entry.userId ?? null,
    apiKeyId: entry.apiKeyId ?? null,
    detailsJson,
    createdAt,
  };
}

export function appendedOf(record: LinkedAuditRecord): AppendedAuditEntry {
  return { id: record.id, hash: record.hash, createdAt: new Date(record.createdAt) };
}

function checkDetailStrings(value: unknown, path: string): void {
  if (typeof value === 'string') {
    if (value.length > MAX_DETAIL_STRING_LENGTH) {
      throw new AuditDetailsError(
        `audit details ${path} is ${value.length} characters long (max ${MAX_DETAIL_STRING_LENGTH}): audit records hold categories, counts and hashes, never text`,
      );
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => checkDetailStrings(item, `${path}[${index}]`));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, member] of Object.entries(value)) checkDetailStrings(member, `${path}.${key}`);
  }
}

/** At most this many records per statement (bounded statement size). */
export const MAX_BATCH = 200;

/**
 * Batches up to this size use a named statement, one per size (the SQL depends only on the
 * size): on PGlite it is prepared once, not parsed and planned on every append. The
 * journal's imports (tens of records every 20 ms, journaled-audit-log.ts) are the usual
 * batches there; on PostgreSQL `pg` ignores the name (database.ts).
 */
export const MAX_PREPARED_BATCH = 64;

/** A deferrable record waits at most this long for a record to share a statement with. */
export const DEFER_MS = 100;

/** At most this many attempts when other instances keep appending in between. */
const MAX_ATTEMPTS = 100;

/**
 * Appends records to the hash chain. Appends are serialised twice:
 *  - in the process, a queue; whatever accumulated while a write ran goes into the next one
 *    (group commit: throughput grows with load);
 *  - across processes/instances, by compare-and-set on the chain head row: one statement
 *    moves the head from the (id, hash) this process last saw to the new end *and* inserts
 *    the rows, or does nothing if the head moved (another instance appended); then the head
 *    is re-read and the batch re-linked. The UPDATE row-locks the head, so two instances
 *    never both succeed from the same head, and the chain never forks.
 * One autocommit statement per batch: a single round trip on the request's critical path.
 * Before each batch the writer yields once to the event loop, so that requests whose I/O is
 * already pending can join it: with an embedded database (PGlite runs each statement
 * synchronously on this thread) no append could otherwise ever wait for another, and group
 * commit would degrade to one statement per record under load.
 * `append` resolves only once the record is committed (durable).
 */
export class AuditLog {
  readonly #db: Database;
  protected readonly now: () => Date;
  #queue: PendingAppend[] = [];
  #writing: Promise<void> | undefined;
  #deferTimer: NodeJS.Timeout | undefined;
  /** The chain's end as last seen by this process (undefined: read it first). */
  #head: ChainHead | undefined;

  constructor(db: Database, options: { now?: () => Date } = {}) {
    this.#db = db;
    this.now = options.now ?? (() => new Date());
  }

  append(entry: AuditEntry, options: AppendOptions = {}): Promise<AppendedAuditEntry> {
    // Refuse unhashable details now, so one bad entry cannot fail a whole batch.
    let record: UnlinkedAuditRecord;
    try {
      record = unlinkedRecord(entry, this.now());
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.#queue.push({ record, resolve, reject });
      if (!options.deferrable) this.#writing ??= this.#drain();
      else if (!this.#writing) this.#deferTimer ??= setTimeout(() => this.#writeDeferred(), DEFER_MS);
    });
  }

  /** Writes what was accepted (flush); call before closing the database. */
  async close(): Promise<void> {
    await this.flush();
  }

  /** Resolves once every append made so far is written (or failed): call before closing the database. */
  async flush(): Promise<void> {
    if (this.#queue.length > 0) this.#writing ??= this.#drain();
    while (this.#writing) await this.#writing;
  }

  #writeDeferred(): void {
    this.#deferTimer = undefined;
    if (this.#queue.length > 0) this.#writing ??= this.#drain();
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        await new Promise<void>((resolve) => setImmediate(resolve)); // let pending requests join the batch
        if (this.#deferTimer) {
          clearTimeout(this.#deferTimer); // deferred records go with this batch
          this.#deferTimer = undefined;
        }
        const batch = this.#queue.splice(0, MAX_BATCH);
        try {
          const appended = await this.#writeBatch(batch);
          batch.forEach((pending, index) => pending.resolve(appended[index]!));
        } catch (error) {
          this.#head = undefined; // unknown state: re-read before the next write
          for (const pending of batch) pending.reject(error);
        }
      }
    } finally {
      this.#writing = undefined;
    }
  }

  async #writeBatch(batch: PendingAppend[]): Promise<AppendedAuditEntry[]> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const head = this.#head ?? (await readChainHead(this.#db));
      const linked = linkAll(head, batch.map((pending) => pending.record));
      const statement = chainAppendStatement(head, linked);
      const written = await this.#db.query(statement.sql, statement.params, preparedName(batch.length));
      if (written.rowCount === batch.length) {
        const last = linked[linked.length - 1]!;
        this.#head = { lastId: last.id, lastHash: last.hash };
        return linked.map(appendedOf);
      }
      this.#head = undefined; // another instance appended since: re-read and re-link
    }
    throw new Error(`could not append to the audit chain after ${MAX_ATTEMPTS} attempts (constant contention)`);
  }
}

/** The named statement for a batch of this size (see MAX_PREPARED_BATCH). */
export function preparedName(size: number): { name: string } | undefined {
  return size <= MAX_PREPARED_BATCH ? { name: `rempart_audit_append_${size}` } : undefined;
}
