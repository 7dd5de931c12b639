import type { Database } from '../db/database.ts';
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
}

interface AuditRow {
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

const PAGE_SIZE = 1000;

/**
 * Walks the whole chain in id order and reports the first broken link: a missing row (ids
 * are contiguous from 1), a prev_hash that is not the previous row's hash (rows reordered,
 * replaced or removed), a hash that does not match the row's content (a field changed), or
 * a chain head that disagrees with the last row (rows removed at the end).
 */
export async function verifyAuditChain(db: Database): Promise<ChainVerification> {
  let expectedId = 1;
  let previousHash = GENESIS_HASH;
  let checkedRows = 0;
  const broken = (rowId: number, reason: string): ChainVerification => ({
    ok: false,
    checkedRows,
    lastHash: previousHash,
    firstBrokenLink: { rowId, reason },
  });

  for (;;) {
    const page = await db.query<AuditRow>(
      `SELECT id, created_at, kind, request_id, refers_to, user_id, api_key_id, details, prev_hash, hash
         FROM audit_log WHERE id >= $1 ORDER BY id LIMIT ${PAGE_SIZE}`,
      [expectedId],
    );
    for (const row of page.rows) {
      const record = recordFromRow(row);
      if (record.id !== expectedId) {
        return broken(expectedId, `row ${expectedId} is missing (the next row is ${record.id}): rows were deleted`);
      }
      if (record.prevHash !== previousHash) {
        return broken(
          record.id,
          expectedId === 1
            ? 'prev_hash of the first row is not the genesis hash'
            : `prev_hash does not match the hash of row ${expectedId - 1}: rows were reordered, replaced or removed`,
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
  return { ok: true, checkedRows, lastHash: previousHash };
}

function recordFromRow(row: AuditRow): AuditRecord {
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
