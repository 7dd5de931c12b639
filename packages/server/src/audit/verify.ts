import type { Database, Queryable } from '../db/database.ts';
import { toDate, toNumber } from '../db/database.ts';
import { GENESIS_HASH, hashRecord, type AuditDetails, type AuditKind, type AuditRecord } from './record.ts';

export interface BrokenLink {
  /** The row where the chain stops holding (for a missing row: the id that should be there). */
  rowId: number;
  reason: string;
}

export interface ChainVerification {
  ok: boolean;
  /** Rows checked (all of them when ok). */
  checkedRows: number;
  lastHash: string;
  firstBrokenLink?: BrokenLink;
  /** Rows 1…purgedThrough were removed by a retention purge; the walk started after them (absent: none purged). */
  purgedThrough?: number;
}

/**
 * Where the chain starts: a retention purge (compliance/purge.ts) deletes the oldest rows and
 * records, in the one-row table audit_anchor, the id and hash of the last row it removed.
 */
export interface AuditAnchor {
  /** Rows up to this id were purged (0: none). */
  anchorId: number;
  /** Hash of row anchorId (the genesis hash when none purged). */
  anchorHash: string;
}

export async function readAuditAnchor(db: Queryable): Promise<AuditAnchor> {
  const result = await db.query<{ anchor_id: unknown; anchor_hash: string }>('SELECT anchor_id, anchor_hash FROM audit_anchor WHERE id = 1');
  const row = result.rows[0];
  if (!row) throw new Error('audit anchor row is missing (migrations not applied?)');
  return { anchorId: toNumber(row.anchor_id), anchorHash: row.anchor_hash };
}

/** An audit_log row as both drivers return it (AUDIT_COLUMNS). */
export interface AuditRow {
  id: unknown;
  created_at: unknown;
  kind: string;
  request_id: string | null;
  refers_to: unknown;
  user_id: string | null;
  api_key_id: string | null;
  details: unknown;
  prev_hash: string;
  hash: string;
}

export const AUDIT_COLUMNS = 'id, created_at, kind, request_id, refers_to, user_id, api_key_id, details, prev_hash, hash';

const PAGE_SIZE = 1000;

/**
 * Walks the chain in id order from the purge anchor (row 1 and the genesis hash when nothing
 * was purged; `options.from` to give the anchor already read) and reports the first broken
 * link: a row older than the anchor still present, a missing row (ids are contiguous), a
 * prev_hash that is not the previous row's hash (rows reordered, replaced or removed; for the
 * first kept row, the anchor's hash), a hash that does not match the row's content (a field
 * changed), or a chain head that disagrees with the last row (rows removed at the end).
 * The anchor itself is vouched for by the signed checkpoints (compliance/chain-verify.ts).
 */
export async function verifyAuditChain(db: Database, options: { from?: AuditAnchor } = {}): Promise<ChainVerification> {
  const anchor = options.from ?? (await readAuditAnchor(db));
  const purged = anchor.anchorId > 0 ? { purgedThrough: anchor.anchorId } : {};
  let expectedId = anchor.anchorId + 1;
  let previousHash = anchor.anchorHash;
  let checkedRows = 0;
  const broken = (rowId: number, reason: string): ChainVerification => ({
    ok: false,
    checkedRows,
    lastHash: previousHash,
    firstBrokenLink: { rowId, reason },
    ...purged,
  });

  if (anchor.anchorId > 0) {
    const stray = await db.query<{ id: unknown }>('SELECT max(id) AS id FROM audit_log WHERE id <= $1', [anchor.anchorId]);
    const strayId = stray.rows[0]?.id;
    if (strayId !== null && strayId !== undefined) {
      return broken(toNumber(strayId), `row ${toNumber(strayId)} is older than the purge anchor (${anchor.anchorId}) yet still present`);
    }
  }

  for (;;) {
    const page = await db.query<AuditRow>(
      `SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE id >= $1 ORDER BY id LIMIT ${PAGE_SIZE}`,
      [expectedId],
    );
    for (const row of page.rows) {
      const record = auditRecordFromRow(row);
      if (record.id !== expectedId) {
        return broken(expectedId, `row ${expectedId} is missing (the next row is ${record.id}): rows were deleted`);
      }
      if (record.prevHash !== previousHash) {
        return broken(
          record.id,
          expectedId !== anchor.anchorId + 1
            ? `prev_hash does not match the hash of row ${expectedId - 1}: rows were reordered, replaced or removed`
            : anchor.anchorId === 0
              ? 'prev_hash of the first row is not the genesis hash'
              : `prev_hash of the first row after the purge anchor does not match the anchor hash (row ${anchor.anchorId})`,
        );
      }
      if (hashRecord(record) !== record.hash) {
        return broken(record.id, "hash does not match the row's content: a field was changed");
      }
      previousHash = record.hash;
      expectedId++;
      checkedRows++;
    }
    if (page.rows.length < PAGE_SIZE) break;
  }

  const head = await db.query<{ last_id: unknown; last_hash: string }>(
    'SELECT last_id, last_hash FROM audit_chain_head WHERE id = 1',
  );
  const headRow = head.rows[0];
  if (!headRow) return broken(expectedId, 'the chain head row is missing');
  const headId = toNumber(headRow.last_id);
  if (headId !== expectedId - 1 || headRow.last_hash !== previousHash) {
    return headId > expectedId - 1
      ? broken(expectedId, `rows ${expectedId}…${headId} are missing at the end of the chain (the head says ${headId})`)
      : broken(headId, `the chain head (row ${headId}) does not match the last row (${expectedId - 1})`);
  }
  return { ok: true, checkedRows, lastHash: previousHash, ...purged };
}

export function auditRecordFromRow(row: AuditRow): AuditRecord {
  return {
    id: toNumber(row.id),
    createdAt: toDate(row.created_at),
    kind: row.kind as AuditKind,
    requestId: row.request_id,
    refersTo: row.refers_to === null ? null : toNumber(row.refers_to),
    userId: row.user_id,
    apiKeyId: row.api_key_id,
    // jsonb comes back parsed from both drivers; canonical JSON makes key order irrelevant.
    details: (typeof row.details === 'string' ? JSON.parse(row.details) : row.details) as AuditDetails,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
