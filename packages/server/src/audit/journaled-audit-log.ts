/**
 * The audit log of the embedded database: write-ahead records are durable once journaled
 * (audit-journal.ts), and move into `audit_log` in batches off the request's path.
 *
 * Why: PGlite runs every statement on this thread, in WebAssembly; a committed insert costs
 * ≈ 0.4 ms of CPU there, on every request's critical path. A journal line costs a few µs, and
 * a batch of records imported together costs a fraction of one insert per record.
 *
 * The process owns the chain: the folder lock lets one process open the embedded database,
 * so the head kept here is the chain's end, and records are linked (id, hashes) when appended.
 * Whoever reads the database through `journalFlushedFirst(db)` (every service does) sees
 * every record appended before its statement: the journal is imported first. If the head
 * moved anyway (SQL run on the audit tables behind this object's back), the records not yet
 * imported are linked again onto the real head, loudly, and the chain stays whole.
 */
import type { Database } from '../db/database.ts';
import { appendedOf, AuditLog, MAX_BATCH, preparedName, unlinkedRecord, type AppendedAuditEntry, type AppendOptions, type AuditEntry } from './audit-log.ts';
import type { AuditJournal } from './audit-journal.ts';
import { chainAppendStatement, linkAll, linkRecord, readChainHead, unlinked, type ChainHead, type LinkedAuditRecord } from './chain-append.ts';

/** A record waits at most this long to be imported with others (a batch also goes as soon as it is full). */
export const IMPORT_DELAY_MS = 20;

/**
 * Journaled records not yet in the database, at most: past this (the database has refused the
 * imports for a while), appends fail, and so requests fail closed, rather than memory and
 * the journal growing without bound.
 */
export const MAX_UNIMPORTED = 20_000;

/** Retries of a failed import wait 100 ms, doubling up to this. */
const MAX_RETRY_DELAY_MS = 5_000;

export class AuditBacklogError extends Error {
  readonly code = 'AUDIT_BACKLOG';
}

export interface JournaledAuditLogOptions {
  now?: () => Date;
  /** An import failed (it is retried); for the log. */
  onImportError?: (error: unknown) => void;
  /** The head moved behind this process's back; `relinked` records were linked again. */
  onChainMoved?: (relinked: number) => void;
}

export class JournaledAuditLog extends AuditLog {
  readonly #db: Database;
  readonly #journal: AuditJournal;
  readonly #options: JournaledAuditLogOptions;
  /** The chain's end, journaled records included. */
  #head: ChainHead;
  /** Journaled, in chain order, not yet in the database. */
  #unimported: LinkedAuditRecord[] = [];
  /** Records journaled / imported since opening (flush waits for the first to reach the second). */
  #journaled = 0;
  #imported = 0;
  #importing: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #failures = 0;
  #closed = false;

  private constructor(db: Database, journal: AuditJournal, head: ChainHead, options: JournaledAuditLogOptions) {
    super(db, options.now ? { now: options.now } : {});
    this.#db = db;
    this.#journal = journal;
    this.#head = head;
    this.#options = options;
  }

  /** `db` is the database itself (not `journalFlushedFirst`'s view); replay the journal before (replayAuditJournal). */
  static async open(db: Database, journal: AuditJournal, options: JournaledAuditLogOptions = {}): Promise<JournaledAuditLog> {
    return new JournaledAuditLog(db, journal, await readChainHead(db), options);
  }

  /** Resolves once the record is journaled (durable), with its place in the chain. */
  override append(entry: AuditEntry, _options: AppendOptions = {}): Promise<AppendedAuditEntry> {
    try {
      if (this.#closed) throw new Error('the audit log is closed');
      if (this.#unimported.length >= MAX_UNIMPORTED) {
        throw new AuditBacklogError(`${this.#unimported.length} audit records could not be moved into the database yet; refusing more until they are`);
      }
      const record = linkRecord(this.#head, unlinkedRecord(entry, this.now()));
      this.#journal.write([record]); // throws if the disk refuses: then nothing changed
      this.#head = { lastId: record.id, lastHash: record.hash };
      this.#unimported.push(record);
      this.#journaled++;
      this.#schedule();
      return Promise.resolve(appendedOf(record));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Resolves once every record appended so far is in the database; rejects if an import fails. */
  override async flush(): Promise<void> {
    const target = this.#journaled;
    while (this.#imported < target) await this.#importNow();
  }

  /** Imports what is left (what fails stays in the journal, replayed at the next start) and closes the journal. */
  override async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      this.#closed = true;
      clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#journal.close();
    }
  }

  /** Journaled records not yet in the database (for metrics and tests). */
  get unimported(): number {
    return this.#unimported.length;
  }

  #schedule(): void {
    if (this.#timer || this.#importing || this.#closed || this.#unimported.length === 0) return;
    const delay =
      this.#failures > 0 ? Math.min(100 * 2 ** (this.#failures - 1), MAX_RETRY_DELAY_MS) : this.#unimported.length >= MAX_BATCH ? 0 : IMPORT_DELAY_MS;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#importNow().catch((error: unknown) => this.#options.onImportError?.(error));
    }, delay);
  }

  /** One batch; concurrent callers share it. Schedules the next batch when records remain. */
  #importNow(): Promise<void> {
    this.#importing ??= this.#importBatch().finally(() => {
      this.#importing = undefined;
      this.#schedule();
    });
    return this.#importing;
  }

  async #importBatch(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#unimported.slice(0, MAX_BATCH);
    if (batch.length === 0) return;
    const first = batch[0]!;
    const statement = chainAppendStatement({ lastId: first.id - 1, lastHash: first.prevHash }, batch);
    let rowCount: number;
    try {
      rowCount = (await this.#db.query(statement.sql, statement.params, preparedName(batch.length))).rowCount;
    } catch (error) {
      this.#failures++;
      throw error;
    }
    this.#failures = 0;
    if (rowCount === batch.length) {
      this.#unimported.splice(0, batch.length);
      this.#imported += batch.length;
      this.#journal.imported(this.#unimported);
      return;
    }
    // The head is not where the first record was linked: link everything not imported again.
    const head = await readChainHead(this.#db);
    const relinked = linkAll(head, this.#unimported.map(unlinked));
    this.#journal.replaceWith(relinked);
    this.#unimported = relinked;
    const last = relinked[relinked.length - 1];
    this.#head = last ? { lastId: last.id, lastHash: last.hash } : head;
    this.#options.onChainMoved?.(relinked.length);
  }
}

/**
 * The database as every service should see it next to a journaled audit log: each statement
 * first waits for the records appended before it to be in `audit_log` (read-your-writes for
 * the console, the checks, the purge), then runs as it would.
 */
export function journalFlushedFirst(db: Database, auditLog: JournaledAuditLog): Database {
  return {
    kind: db.kind,
    ...(db.dataFolder !== undefined ? { dataFolder: db.dataFolder } : {}),
    query: async (sql, params, options) => {
      await auditLog.flush();
      return db.query(sql, params, options);
    },
    runScript: async (sql) => {
      await auditLog.flush();
      return db.runScript(sql);
    },
    transaction: async (work) => {
      await auditLog.flush();
      return db.transaction(work);
    },
    close: () => db.close(),
  };
}
