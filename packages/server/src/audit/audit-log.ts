import type { Database } from '../db/database.ts';
import { toNumber } from '../db/database.ts';
import { canonicalJson } from './canonical-json.ts';
import { hashRecordWithDetailsJson, type AuditDetails, type AuditKind, type AuditRecord } from './record.ts';

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
  entry: AuditEntry;
  /** Canonical JSON of the details, computed once (validation, hash and column). */
  detailsJson: string;
  createdAt: Date;
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

/** At most this many records per transaction (bounded statement size). */
const MAX_BATCH = 200;

/**
 * Batches up to this size use a named statement, one per size (the SQL depends only on the
 * size): on PGlite it is prepared once, not parsed and planned on every append. The 1-2
 * record batches of low concurrency are where that cost sits on a request's critical path;
 * larger batches share it between their requests.
 */
const MAX_PREPARED_BATCH = 16;

/** A deferrable record waits at most this long for a record to share a statement with. */
export const DEFER_MS = 100;

/** At most this many attempts when other instances keep appending in between. */
const MAX_ATTEMPTS = 100;

interface ChainHead {
  lastId: number;
  lastHash: string;
}

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
  readonly #now: () => Date;
  #queue: PendingAppend[] = [];
  #writing: Promise<void> | undefined;
  #deferTimer: NodeJS.Timeout | undefined;
  /** The chain's end as last seen by this process (undefined: read it first). */
  #head: ChainHead | undefined;

  constructor(db: Database, options: { now?: () => Date } = {}) {
    this.#db = db;
    this.#now = options.now ?? (() => new Date());
  }

  append(entry: AuditEntry, options: AppendOptions = {}): Promise<AppendedAuditEntry> {
    // Refuse unhashable details now, so one bad entry cannot fail a whole batch.
    let detailsJson: string;
    try {
      detailsJson = canonicalJson(entry.details);
      checkDetailStrings(entry.details, 'details');
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.#queue.push({ entry, detailsJson, createdAt: this.#now(), resolve, reject });
      if (!options.deferrable) this.#writing ??= this.#drain();
      else if (!this.#writing) this.#deferTimer ??= setTimeout(() => this.#writeDeferred(), DEFER_MS);
    });
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
      const head = this.#head ?? (await readHead(this.#db));
      const linked = linkBatch(head, batch);
      const written = await this.#db.query(
        linked.sql,
        linked.params,
        batch.length <= MAX_PREPARED_BATCH ? { name: `rempart_audit_append_${batch.length}` } : undefined,
      );
      if (written.rowCount === batch.length) {
        this.#head = linked.newHead;
        return linked.appended;
      }
      this.#head = undefined; // another instance appended since: re-read and re-link
    }
    throw new Error(`could not append to the audit chain after ${MAX_ATTEMPTS} attempts (constant contention)`);
  }
}

async function readHead(db: Database): Promise<ChainHead> {
  const head = await db.query<{ last_id: unknown; last_hash: string }>(
    'SELECT last_id, last_hash FROM audit_chain_head WHERE id = 1',
  );
  const row = head.rows[0];
  if (!row) throw new Error('audit chain head is missing (migrations not applied?)');
  return { lastId: toNumber(row.last_id), lastHash: row.last_hash };
}

/** Hashes the batch onto `head` and builds the compare-and-set statement that writes it. */
function linkBatch(head: ChainHead, batch: PendingAppend[]) {
  let previousId = head.lastId;
  let previousHash = head.lastHash;
  const params: unknown[] = [];
  const valueLists: string[] = [];
  const appended: AppendedAuditEntry[] = [];
  for (const { entry, detailsJson, createdAt } of batch) {
    const record: Omit<AuditRecord, 'hash'> = {
      id: previousId + 1,
      createdAt,
      kind: entry.kind,
      requestId: entry.requestId ?? null,
      refersTo: entry.refersTo ?? null,
      userId: entry.userId ?? null,
      apiKeyId: entry.apiKeyId ?? null,
      details: entry.details,
      prevHash: previousHash,
    };
    const hash = hashRecordWithDetailsJson(record, detailsJson);
    const p = (value: unknown) => `$${params.push(value)}`;
    valueLists.push(
      `(${p(record.id)}::bigint, ${p(createdAt.toISOString())}::timestamptz, ${p(record.kind)}::text, ` +
        `${p(record.requestId)}::text, ${p(record.refersTo)}::bigint, ${p(record.userId)}::uuid, ` +
        `${p(record.apiKeyId)}::uuid, ${p(detailsJson)}::jsonb, ${p(record.prevHash)}::text, ${p(hash)}::text)`,
    );
    appended.push({ id: record.id, hash, createdAt });
    previousId = record.id;
    previousHash = hash;
  }
  const base = params.length;
  params.push(previousId, previousHash, head.lastId, head.lastHash);
  const sql = `WITH moved_head AS (
      UPDATE audit_chain_head SET last_id = $${base + 1}, last_hash = $${base + 2}
       WHERE id = 1 AND last_id = $${base + 3} AND last_hash = $${base + 4}
      RETURNING 1
    )
    INSERT INTO audit_log (id, created_at, kind, request_id, refers_to, user_id, api_key_id, details, prev_hash, hash)
    SELECT * FROM (VALUES ${valueLists.join(', ')}) AS new_rows
     WHERE EXISTS (SELECT 1 FROM moved_head)`;
  return { sql, params, appended, newHead: { lastId: previousId, lastHash: previousHash } };
}
