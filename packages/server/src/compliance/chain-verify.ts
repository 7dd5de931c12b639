/**
 * The audit verification the console shows: the foundation's chain walk (audit/verify.ts)
 * extended with what compliance adds — retention purges (the chain then starts at the purge
 * anchor instead of the genesis hash) and signed checkpoints (each one's signature, and the
 * row it pins still having the signed hash, which catches a chain rewritten with recomputed
 * hashes).
 */
import { verifyAuditChain, type BrokenLink, type ChainVerification } from '../audit/verify.ts';
import { hashRecord, type AuditDetails, type AuditKind, type AuditRecord } from '../audit/record.ts';
import type { Database, Queryable } from '../db/database.ts';
import { toDate, toNumber } from '../db/database.ts';
import { checkpointFromRow, checkpointSignatureProblem } from './checkpoints.ts';

export interface AuditAnchor {
  /** Rows up to this id were purged (0: none). */
  anchorId: number;
  /** Hash of row anchorId (genesis when none purged). */
  anchorHash: string;
}

export interface CheckpointCheck {
  checked: number;
  /** Checkpoints signed by another key than the instance's current one (key ids). */
  foreignKeyIds: string[];
  firstProblem?: { checkpointId: number; reason: string };
}

export interface FullVerification extends ChainVerification {
  anchor: AuditAnchor;
  checkpoints: CheckpointCheck;
  verifiedAt: string;
}

export interface AuditRowData {
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

export function auditRecordFromRow(row: AuditRowData): AuditRecord {
  return {
    id: toNumber(row.id),
    createdAt: toDate(row.created_at),
    kind: row.kind as AuditKind,
    requestId: row.request_id,
    refersTo: row.refers_to === null ? null : toNumber(row.refers_to),
    userId: row.user_id,
    apiKeyId: row.api_key_id,
    details: (typeof row.details === 'string' ? JSON.parse(row.details) : row.details) as AuditDetails,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export async function readAnchor(db: Queryable): Promise<AuditAnchor> {
  const result = await db.query<{ anchor_id: unknown; anchor_hash: string }>('SELECT anchor_id, anchor_hash FROM audit_anchor WHERE id = 1');
  const row = result.rows[0];
  if (!row) throw new Error('audit anchor row is missing (migrations not applied?)');
  return { anchorId: toNumber(row.anchor_id), anchorHash: row.anchor_hash };
}

const PAGE_SIZE = 1000;

export async function verifyAuditTrail(db: Database, options: { currentKeyId?: string } = {}): Promise<FullVerification> {
  const anchor = await readAnchor(db);
  // Nothing purged: the foundation's walk from the genesis hash is the verification.
  const chain = anchor.anchorId === 0 ? await verifyAuditChain(db) : await verifyFromAnchor(db, anchor);
  const checkpoints = await verifyCheckpoints(db, anchor, options.currentKeyId);
  const ok = chain.ok && checkpoints.firstProblem === undefined;
  const result: FullVerification = { ...chain, ok, anchor, checkpoints, verifiedAt: new Date().toISOString() };
  if (chain.ok && checkpoints.firstProblem) {
    result.firstBrokenLink = { rowId: checkpoints.firstProblem.checkpointId, reason: checkpoints.firstProblem.reason };
  }
  return result;
}

/** The same walk as audit/verify.ts, from the purge anchor instead of row 1. */
async function verifyFromAnchor(db: Database, anchor: AuditAnchor): Promise<ChainVerification> {
  let expectedId = anchor.anchorId + 1;
  let previousHash = anchor.anchorHash;
  let checkedRows = 0;
  const broken = (rowId: number, reason: string): ChainVerification => {
    const firstBrokenLink: BrokenLink = { rowId, reason };
    return { ok: false, checkedRows, lastHash: previousHash, firstBrokenLink };
  };
  const stray = await db.query<{ id: unknown }>('SELECT max(id) AS id FROM audit_log WHERE id <= $1', [anchor.anchorId]);
  if (stray.rows[0]?.id !== null && stray.rows[0]?.id !== undefined) {
    return broken(toNumber(stray.rows[0].id), `row ${toNumber(stray.rows[0].id)} is older than the purge anchor (${anchor.anchorId}) yet still present`);
  }
  for (;;) {
    const page = await db.query<AuditRowData>(`SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE id >= $1 ORDER BY id LIMIT ${PAGE_SIZE}`, [expectedId]);
    for (const row of page.rows) {
      const record = auditRecordFromRow(row);
      if (record.id !== expectedId) return broken(expectedId, `row ${expectedId} is missing (the next row is ${record.id}): rows were deleted`);
      if (record.prevHash !== previousHash) {
        return broken(
          record.id,
          expectedId === anchor.anchorId + 1
            ? `prev_hash of the first row after the purge anchor does not match the anchor hash (row ${anchor.anchorId})`
            : `prev_hash does not match the hash of row ${expectedId - 1}: rows were reordered, replaced or removed`,
        );
      }
      if (hashRecord(record) !== record.hash) return broken(record.id, "hash does not match the row's content: a field was changed");
      previousHash = record.hash;
      expectedId++;
      checkedRows++;
    }
    if (page.rows.length < PAGE_SIZE) break;
  }
  const head = await db.query<{ last_id: unknown; last_hash: string }>('SELECT last_id, last_hash FROM audit_chain_head WHERE id = 1');
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

/** Each checkpoint after the anchor: valid signature, and its row still has the signed hash. */
async function verifyCheckpoints(db: Queryable, anchor: AuditAnchor, currentKeyId: string | undefined): Promise<CheckpointCheck> {
  const rows = await db.query<Parameters<typeof checkpointFromRow>[0] & { row_hash: string | null }>(
    `SELECT c.id, c.kind, c.day, c.last_id, c.last_hash, c.payload, c.signature, c.key_id, c.public_key, c.created_at,
            l.hash AS row_hash
       FROM audit_checkpoints c LEFT JOIN audit_log l ON l.id = c.last_id
      WHERE c.last_id > $1 ORDER BY c.id`,
    [anchor.anchorId],
  );
  const foreign = new Set<string>();
  let checked = 0;
  for (const row of rows.rows) {
    const checkpoint = checkpointFromRow(row);
    const problem = checkpointSignatureProblem(checkpoint);
    if (problem) return { checked, foreignKeyIds: [...foreign], firstProblem: { checkpointId: checkpoint.id, reason: problem } };
    if (row.row_hash === null) {
      return { checked, foreignKeyIds: [...foreign], firstProblem: { checkpointId: checkpoint.id, reason: `row ${checkpoint.lastId}, signed by checkpoint ${checkpoint.id}, is missing` } };
    }
    if (row.row_hash !== checkpoint.lastHash) {
      return {
        checked,
        foreignKeyIds: [...foreign],
        firstProblem: {
          checkpointId: checkpoint.id,
          reason: `row ${checkpoint.lastId} no longer has the hash signed by checkpoint ${checkpoint.id} (${checkpoint.createdAt.toISOString()}): the chain was rewritten`,
        },
      };
    }
    if (currentKeyId && checkpoint.keyId !== currentKeyId) foreign.add(checkpoint.keyId);
    checked++;
  }
  return { checked, foreignKeyIds: [...foreign] };
}
