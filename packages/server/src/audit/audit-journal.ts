/**
 * The write-ahead journal of the audit chain on the embedded database: an append-only file of
 * linked records (id, hashes and all) beside PGlite's files, in the folder the process holds
 * the lock of. A write-ahead record is durable once its line is written here (one write, a few
 * µs); the records move into `audit_log` in batches, off the request's path (audit-log.ts), and
 * the file is emptied once they all have. Opening the database replays what a crash left
 * (`replayAuditJournal`), so a record that was journaled is never lost.
 *
 * Durability is the embedded database's own: PGlite writes its files without ever calling
 * fsync (measured with strace), so its commits survive a crash of the process, not of the
 * machine. The journal does the same by default; `database.auditJournalSync: true` adds an
 * fdatasync per write (≈ 0.2 ms on this machine's disk) to survive a power cut too.
 */
import { closeSync, existsSync, fdatasyncSync, fstatSync, ftruncateSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { chainAppendStatement, readChainHead, type LinkedAuditRecord } from './chain-append.ts';

export const AUDIT_JOURNAL_FILE = 'rempart-audit-journal.jsonl';

/** The journal's path in an embedded database's folder. */
export function auditJournalPath(dataFolder: string): string {
  return join(dataFolder, AUDIT_JOURNAL_FILE);
}

const hash = z.string().regex(/^[0-9a-f]{64}$/);
const journalLineSchema = z
  .object({
    id: z.number().int().positive(),
    createdAt: z.string().datetime({ offset: true }),
    kind: z.enum(['request', 'completion', 'failure', 'refusal', 'admin']),
    requestId: z.string().nullable(),
    refersTo: z.number().int().positive().nullable(),
    userId: z.string().nullable(),
    apiKeyId: z.string().nullable(),
    detailsJson: z.string().min(2),
    prevHash: hash,
    hash,
  })
  .strict();

/** The file grows by appends; once it passes this size it is rewritten with the records not yet imported. */
const COMPACT_BYTES = 1024 * 1024;

export class AuditJournal {
  readonly path: string;
  readonly #sync: boolean;
  #fd: number;
  #size: number;

  private constructor(path: string, fd: number, sync: boolean) {
    this.path = path;
    this.#fd = fd;
    this.#sync = sync;
    this.#size = fstatSync(fd).size;
  }

  /** Opens (creates) the journal for appending. Replay it first (`replayAuditJournal`). */
  static open(path: string, options: { sync: boolean }): AuditJournal {
    return new AuditJournal(path, openSync(path, 'a', 0o600), options.sync);
  }

  /** Writes the records durably (returns once written; throws when the disk refuses). */
  write(records: readonly LinkedAuditRecord[]): void {
    try {
      this.#size += writeLines(this.#fd, records, this.#sync);
    } catch (error) {
      // Never leave half a line for the next record to follow (the journal would not parse).
      ftruncateSync(this.#fd, this.#size);
      throw error;
    }
  }

  /**
   * Called after records were imported: `remaining` are those still to import. Empties the
   * file when none remain; past COMPACT_BYTES, replaces it (atomically, by rename) with only
   * `remaining`, so it stays bounded under a load that never lets it empty.
   */
  imported(remaining: readonly LinkedAuditRecord[]): void {
    if (remaining.length === 0) {
      if (this.#size > 0) {
        ftruncateSync(this.#fd, 0);
        this.#size = 0;
      }
      return;
    }
    if (this.#size < COMPACT_BYTES) return;
    this.replaceWith(remaining);
  }

  /** Replaces the whole file with `records` (temporary file + rename: never a half-written journal). */
  replaceWith(records: readonly LinkedAuditRecord[]): void {
    const temporary = `${this.path}.new`;
    const fd = openSync(temporary, 'w', 0o600);
    try {
      writeLines(fd, records, this.#sync);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, this.path);
    closeSync(this.#fd);
    this.#fd = openSync(this.path, 'a', 0o600);
    this.#size = fstatSync(this.#fd).size;
  }

  close(): void {
    closeSync(this.#fd);
  }
}

/** Writes `records` as JSON lines, all of their bytes (fdatasync when `sync`); returns the bytes written. */
function writeLines(fd: number, records: readonly LinkedAuditRecord[], sync: boolean): number {
  const bytes = Buffer.from(records.map((record) => JSON.stringify(record) + '\n').join(''), 'utf8');
  let written = 0;
  while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
  if (sync) fdatasyncSync(fd);
  return bytes.length;
}

export class AuditJournalError extends Error {
  readonly code = 'AUDIT_JOURNAL_INVALID';
}

/**
 * The journal's records, in order. A last line without its newline is a write the process
 * died in: that record was never acknowledged (nothing was sent for it), so it is dropped and
 * reported. Any other unreadable line is an error: the chain cannot be continued blindly.
 */
export function readAuditJournal(path: string): { records: LinkedAuditRecord[]; droppedTornLine: boolean } {
  if (!existsSync(path)) return { records: [], droppedTornLine: false };
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const tail = lines.pop()!; // '' when the file ends with a newline
  const records = lines.map((line, index) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new AuditJournalError(`${path}: line ${index + 1} is not JSON`);
    }
    const checked = journalLineSchema.safeParse(parsed);
    if (!checked.success) throw new AuditJournalError(`${path}: line ${index + 1} is not an audit record (${checked.error.issues[0]?.message ?? 'invalid'})`);
    return checked.data;
  });
  return { records, droppedTornLine: tail !== '' };
}

/** Records per statement when replaying (bounded statement size). */
const REPLAY_BATCH = 200;

/**
 * Moves into `audit_log` the journaled records a stopped process had not imported yet (those
 * past the chain head), then empties the journal. Run when the embedded database is opened,
 * before anything else appends. Records already imported are skipped; a journal that does not
 * continue the chain where the database ends is refused (nothing is guessed or re-linked).
 */
export async function replayAuditJournal(db: Database, path: string): Promise<{ replayed: number; droppedTornLine: boolean }> {
  rmSync(`${path}.new`, { force: true }); // a rewrite the process died in: the journal itself is whole (rename is atomic)
  const { records, droppedTornLine } = readAuditJournal(path);
  let head = await readChainHead(db);
  const pending = records.filter((record) => record.id > head.lastId);
  let replayed = 0;
  for (let start = 0; start < pending.length; start += REPLAY_BATCH) {
    const batch = pending.slice(start, start + REPLAY_BATCH);
    batch.forEach((record, index) => {
      const previous = index === 0 ? head : { lastId: batch[index - 1]!.id, lastHash: batch[index - 1]!.hash };
      if (record.id !== previous.lastId + 1 || record.prevHash !== previous.lastHash) {
        throw new AuditJournalError(
          `${path}: record ${record.id} does not continue the audit chain (it ends at ${previous.lastId}); the journal was kept as it is — run \`rempart audit verify\` and contact support`,
        );
      }
    });
    const statement = chainAppendStatement(head, batch);
    const written = await db.query(statement.sql, statement.params);
    if (written.rowCount !== batch.length) throw new AuditJournalError(`${path}: the audit chain head moved while the journal was replayed`);
    head = { lastId: batch[batch.length - 1]!.id, lastHash: batch[batch.length - 1]!.hash };
    replayed += batch.length;
  }
  if (records.length > 0 || droppedTornLine) {
    // Everything is in the database now: start the next run with an empty journal.
    const fd = openSync(path, 'r+');
    try {
      ftruncateSync(fd, 0);
    } finally {
      closeSync(fd);
    }
  }
  return { replayed, droppedTornLine };
}
