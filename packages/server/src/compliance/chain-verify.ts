/**
 * The audit verification the console shows: the foundation's chain walk (audit/verify.ts)
 * extended with what compliance adds — retention purges (the chain then starts at the purge
 * anchor instead of the genesis hash) and signed checkpoints (each one's signature, and the
 * row it pins still having the signed hash, which catches a chain rewritten with recomputed
 * hashes).
 */
import { readAuditAnchor, verifyAuditChain, type AuditAnchor, type ChainVerification } from '../audit/verify.ts';
import type { Database, Queryable } from '../db/database.ts';
import { checkpointFromRow, checkpointSignatureProblem } from './checkpoints.ts';

export type { AuditAnchor };

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

// The row shape and its mapping belong to the audit module; re-exported for the compliance callers.
export { AUDIT_COLUMNS, auditRecordFromRow, type AuditRow as AuditRowData } from '../audit/verify.ts';

/** The purge anchor (audit/verify.ts reads it for every chain walk). */
export const readAnchor: (db: Queryable) => Promise<AuditAnchor> = readAuditAnchor;

export async function verifyAuditTrail(db: Database, options: { currentKeyId?: string } = {}): Promise<FullVerification> {
  const anchor = await readAnchor(db);
  // The foundation's walk, from the purge anchor (the genesis hash when nothing was purged).
  const chain = await verifyAuditChain(db, { from: anchor });
  const checkpoints = await verifyCheckpoints(db, anchor, options.currentKeyId);
  const ok = chain.ok && checkpoints.firstProblem === undefined;
  const result: FullVerification = { ...chain, ok, anchor, checkpoints, verifiedAt: new Date().toISOString() };
  if (chain.ok && checkpoints.firstProblem) {
    result.firstBrokenLink = { rowId: checkpoints.firstProblem.checkpointId, reason: checkpoints.firstProblem.reason };
  }
  return result;
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
