/**
 * Linking records onto the audit chain and the one compare-and-set statement that appends
 * them: shared by the direct writer (audit-log.ts) and the journal's import and replay.
 */
import type { Database } from '../db/database.ts';
import { toNumber } from '../db/database.ts';
import { hashRecordWithDetailsJson, type AuditKind } from './record.ts';

/** What a record says, linked or not. */
interface AuditRecordFields {
  kind: AuditKind;
  requestId: string | null;
  refersTo: number | null;
  userId: string | null;
  apiKeyId: string | null;
  /** canonicalJson(details), computed once (validation, hash and column). */
  detailsJson: string;
}

/** What a caller appends (the chain gives it its id, previous hash and hash). */
export interface UnlinkedAuditRecord extends AuditRecordFields {
  createdAt: Date;
}

/** One linked record, as written to the journal and then to `audit_log`. */
export interface LinkedAuditRecord extends AuditRecordFields {
  id: number;
  /** ISO 8601 (the journal is JSON). */
  createdAt: string;
  prevHash: string;
  hash: string;
}

export interface ChainHead {
  lastId: number;
  lastHash: string;
}

export async function readChainHead(db: Pick<Database, 'query'>): Promise<ChainHead> {
  const head = await db.query<{ last_id: unknown; last_hash: string }>('SELECT last_id, last_hash FROM audit_chain_head WHERE id = 1');
  const row = head.rows[0];
  if (!row) throw new Error('audit chain head is missing (migrations not applied?)');
  return { lastId: toNumber(row.last_id), lastHash: row.last_hash };
}

/**
 * The one statement that moves the chain head from `head` to the last of `records` (already
 * linked onto it) and inserts them, or does nothing if the head is elsewhere (compare-and-set:
 * another writer appended): rowCount tells which.
 */
export function chainAppendStatement(head: ChainHead, records: readonly LinkedAuditRecord[]): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (value: unknown) => `$${params.push(value)}`;
  const valueLists = records.map(
    (record) =>
      `(${p(record.id)}::bigint, ${p(record.createdAt)}::timestamptz, ${p(record.kind)}::text, ` +
      `${p(record.requestId)}::text, ${p(record.refersTo)}::bigint, ${p(record.userId)}::uuid, ` +
      `${p(record.apiKeyId)}::uuid, ${p(record.detailsJson)}::jsonb, ${p(record.prevHash)}::text, ${p(record.hash)}::text)`,
  );
  const last = records[records.length - 1]!;
  const base = params.length;
  params.push(last.id, last.hash, head.lastId, head.lastHash);
  const sql = `WITH moved_head AS (
      UPDATE audit_chain_head SET last_id = $${base + 1}, last_hash = $${base + 2}
       WHERE id = 1 AND last_id = $${base + 3} AND last_hash = $${base + 4}
      RETURNING 1
    )
    INSERT INTO audit_log (id, created_at, kind, request_id, refers_to, user_id, api_key_id, details, prev_hash, hash)
    SELECT * FROM (VALUES ${valueLists.join(', ')}) AS new_rows
     WHERE EXISTS (SELECT 1 FROM moved_head)`;
  return { sql, params };
}

/** A linked record made unlinked again (to link it elsewhere). */
export function unlinked(record: LinkedAuditRecord): UnlinkedAuditRecord {
  const { id: _id, prevHash: _prevHash, hash: _hash, createdAt, ...rest } = record;
  return { ...rest, createdAt: new Date(createdAt) };
}

/** Links `record` right after `head` (id, previous hash, its own hash). */
export function linkRecord(head: ChainHead, record: UnlinkedAuditRecord): LinkedAuditRecord {
  const placed = { ...record, id: head.lastId + 1, prevHash: head.lastHash };
  return { ...placed, createdAt: record.createdAt.toISOString(), hash: hashRecordWithDetailsJson(placed, record.detailsJson) };
}

/** Links `records` one after the other onto `head`. */
export function linkAll(head: ChainHead, records: readonly UnlinkedAuditRecord[]): LinkedAuditRecord[] {
  const linked: LinkedAuditRecord[] = [];
  let previous = head;
  for (const record of records) {
    const next = linkRecord(previous, record);
    linked.push(next);
    previous = { lastId: next.id, lastHash: next.hash };
  }
  return linked;
}
