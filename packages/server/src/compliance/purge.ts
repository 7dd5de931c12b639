/**
 * The retention purge: deletes what has outlived its retention period, in batches, each
 * batch one transaction that also records the run's progress. A crash (or an error) between
 * batches leaves a run that is not done; the next purge resumes it with the cutoffs it
 * started with, so it deletes exactly what had expired then, and counts nothing twice.
 *
 * Order: conversations (messages, feedback and their vaults with them), vaults left without
 * a workspace conversation (/v1 callers' conversation ids), documents, then audit metadata.
 * Audit rows go from the oldest, only up to the last signed checkpoint, never leaving a row
 * whose `refers_to` points into the purged part, and the purge anchor (the last purged row's
 * hash) moves in the same transaction: what remains still verifies.
 */
import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Database, Queryable } from '../db/database.ts';
import { toDate, toNumber } from '../db/database.ts';
import type { ComplianceConfig } from './config-schema.ts';
import { latestCheckpoint } from './checkpoints.ts';

export const PURGE_STEPS = ['conversations', 'vaults', 'documents', 'audit'] as const;
export type PurgeStep = (typeof PURGE_STEPS)[number];

export interface PurgeCutoffs {
  /** ISO instants: rows older than these are expired; null = that store is not purged. */
  conversations: string;
  documents: string | null;
  audit: string;
}

export type PurgeProgress = Partial<Record<PurgeStep, { deleted: number; done: boolean }>>;

export interface PurgeRun {
  id: string;
  trigger: 'schedule' | 'api' | 'cli';
  status: 'running' | 'done' | 'failed';
  cutoffs: PurgeCutoffs;
  progress: PurgeProgress;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  /** True when this call resumed an unfinished run. */
  resumed?: boolean;
}

export interface PurgeOptions {
  db: Database;
  auditLog: AuditLog;
  retention: ComplianceConfig['retention'];
  batchSize: number;
  trigger: PurgeRun['trigger'];
  startedBy?: string;
  now?: Date;
  /** Called after each committed batch (the scheduler renews its lease; tests simulate a crash). */
  afterBatch?: (step: PurgeStep, deletedInBatch: number) => Promise<void> | void;
}

export function purgeCutoffs(retention: ComplianceConfig['retention'], now: Date): PurgeCutoffs {
  const days = (count: number) => new Date(now.getTime() - count * 86_400_000).toISOString();
  const audit = new Date(now);
  audit.setUTCMonth(audit.getUTCMonth() - retention.auditMonths);
  return {
    conversations: days(retention.conversationDays),
    documents: retention.documentDays === null ? null : days(retention.documentDays),
    audit: audit.toISOString(),
  };
}

interface RunRow {
  id: string;
  trigger: PurgeRun['trigger'];
  status: PurgeRun['status'];
  cutoffs: unknown;
  progress: unknown;
  error: string | null;
  started_at: unknown;
  finished_at: unknown;
}

const parseJson = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

function runFromRow(row: RunRow): PurgeRun {
  return {
    id: row.id,
    trigger: row.trigger,
    status: row.status,
    cutoffs: parseJson<PurgeCutoffs>(row.cutoffs),
    progress: parseJson<PurgeProgress>(row.progress),
    error: row.error,
    startedAt: toDate(row.started_at),
    finishedAt: row.finished_at === null ? null : toDate(row.finished_at),
  };
}

const RUN_COLUMNS = 'id, trigger, status, cutoffs, progress, error, started_at, finished_at';

export async function listPurgeRuns(db: Queryable, limit = 20): Promise<PurgeRun[]> {
  const result = await db.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM purge_runs ORDER BY started_at DESC LIMIT $1`, [limit]);
  return result.rows.map(runFromRow);
}

/** Runs (or resumes) a purge to the end. The caller holds the purge lease. */
export async function runPurge(options: PurgeOptions): Promise<PurgeRun> {
  const { db } = options;
  const unfinished = await db.query<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM purge_runs WHERE status <> 'done' ORDER BY started_at DESC LIMIT 1`,
  );
  let run: PurgeRun;
  if (unfinished.rows[0]) {
    run = { ...runFromRow(unfinished.rows[0]), resumed: true };
    await db.query(`UPDATE purge_runs SET status = 'running', error = NULL, updated_at = now() WHERE id = $1`, [run.id]);
  } else {
    const cutoffs = purgeCutoffs(options.retention, options.now ?? new Date());
    const id = randomUUID();
    await db.query(
      `INSERT INTO purge_runs (id, trigger, status, cutoffs, started_by) VALUES ($1, $2, 'running', $3::jsonb, $4)`,
      [id, options.trigger, JSON.stringify(cutoffs), options.startedBy ?? null],
    );
    run = { id, trigger: options.trigger, status: 'running', cutoffs, progress: {}, error: null, startedAt: new Date(), finishedAt: null, resumed: false };
  }
  await options.auditLog.append({
    kind: 'admin',
    ...(options.startedBy ? { userId: options.startedBy } : {}),
    details: { action: run.resumed ? 'retention.purge.resume' : 'retention.purge.start', run: run.id, trigger: options.trigger, cutoffs: { ...run.cutoffs } },
  });
  try {
    for (const step of PURGE_STEPS) {
      if (run.progress[step]?.done) continue;
      await purgeStep(options, run, step);
    }
  } catch (error) {
    await db.query(`UPDATE purge_runs SET status = 'failed', error = $2, updated_at = now() WHERE id = $1`, [run.id, String((error as Error).message ?? error).slice(0, 500)]);
    throw error;
  }
  await db.query(`UPDATE purge_runs SET status = 'done', finished_at = now(), updated_at = now() WHERE id = $1`, [run.id]);
  const deleted = Object.fromEntries(PURGE_STEPS.map((step) => [step, run.progress[step]?.deleted ?? 0]));
  await options.auditLog.append({
    kind: 'admin',
    ...(options.startedBy ? { userId: options.startedBy } : {}),
    details: { action: 'retention.purge.done', run: run.id, deleted },
  });
  return { ...run, status: 'done', finishedAt: new Date() };
}

async function purgeStep(options: PurgeOptions, run: PurgeRun, step: PurgeStep): Promise<void> {
  const progress = (run.progress[step] ??= { deleted: 0, done: false });
  for (;;) {
    const deletedInBatch = await options.db.transaction(async (tx) => {
      const deleted = await deleteBatch(tx, step, run.cutoffs, options.batchSize);
      progress.deleted += deleted;
      progress.done = deleted === 0;
      await tx.query(`UPDATE purge_runs SET progress = $2::jsonb, updated_at = now() WHERE id = $1`, [run.id, JSON.stringify(run.progress)]);
      return deleted;
    });
    if (deletedInBatch === 0) return;
    await options.afterBatch?.(step, deletedInBatch);
  }
}

/** Deletes at most `limit` expired rows of one store; returns how many. */
async function deleteBatch(tx: Queryable, step: PurgeStep, cutoffs: PurgeCutoffs, limit: number): Promise<number> {
  switch (step) {
    case 'conversations': {
      const expired = await tx.query<{ id: string }>(
        `SELECT id FROM conversations WHERE updated_at < $1 ORDER BY updated_at, id LIMIT $2`,
        [cutoffs.conversations, limit],
      );
      const ids = expired.rows.map((row) => row.id);
      if (ids.length === 0) return 0;
      await tx.query('DELETE FROM vaults WHERE conversation_id = ANY($1::text[])', [ids]);
      const deleted = await tx.query('DELETE FROM conversations WHERE id = ANY($1::uuid[])', [ids]);
      return deleted.rowCount;
    }
    case 'vaults': {
      // Vaults of /v1 conversations (no workspace conversation) expire like conversation content.
      const deleted = await tx.query(
        `DELETE FROM vaults WHERE conversation_id IN (
           SELECT conversation_id FROM vaults WHERE updated_at < $1 ORDER BY updated_at LIMIT $2)`,
        [cutoffs.conversations, limit],
      );
      return deleted.rowCount;
    }
    case 'documents': {
      if (cutoffs.documents === null) return 0;
      const deleted = await tx.query(
        `DELETE FROM documents WHERE id IN (SELECT id FROM documents WHERE created_at < $1 ORDER BY created_at LIMIT $2)`,
        [cutoffs.documents, limit],
      );
      return deleted.rowCount;
    }
    case 'audit':
      return deleteAuditBatch(tx, cutoffs.audit, limit);
  }
}

/**
 * The oldest `limit` audit rows that may go: older than the cutoff (and every row before
 * them too), already pinned by a signed checkpoint, and not referred to by a kept row.
 */
async function deleteAuditBatch(tx: Queryable, cutoff: string, limit: number): Promise<number> {
  const anchorRow = await tx.query<{ anchor_id: unknown }>('SELECT anchor_id FROM audit_anchor WHERE id = 1 FOR UPDATE');
  const anchorId = toNumber(anchorRow.rows[0]?.anchor_id ?? 0);
  const checkpoint = await latestCheckpoint(tx);
  if (!checkpoint || checkpoint.lastId <= anchorId) return 0;
  const firstKept = await tx.query<{ id: unknown }>('SELECT min(id) AS id FROM audit_log WHERE id > $1 AND created_at >= $2', [anchorId, cutoff]);
  const firstKeptId = firstKept.rows[0]?.id;
  let end = Math.min(checkpoint.lastId, firstKeptId === null || firstKeptId === undefined ? Number.MAX_SAFE_INTEGER : toNumber(firstKeptId) - 1);
  if (end <= anchorId) return 0;
  // A kept row referring into the segment pins it: stop before the earliest such reference.
  for (;;) {
    const pinned = await tx.query<{ id: unknown }>('SELECT min(refers_to) AS id FROM audit_log WHERE id > $1 AND refers_to > $2 AND refers_to <= $1', [end, anchorId]);
    const pinnedId = pinned.rows[0]?.id;
    if (pinnedId === null || pinnedId === undefined) break;
    end = toNumber(pinnedId) - 1;
    if (end <= anchorId) return 0;
  }
  let batchEnd = Math.min(end, anchorId + limit);
  // Keep a request and the rows referring to it together (extend the batch up to `end`).
  for (;;) {
    const referring = await tx.query<{ id: unknown }>('SELECT max(id) AS id FROM audit_log WHERE id > $1 AND id <= $2 AND refers_to > $3 AND refers_to <= $1', [batchEnd, end, anchorId]);
    const referringId = referring.rows[0]?.id;
    if (referringId === null || referringId === undefined) break;
    batchEnd = toNumber(referringId);
  }
  const last = await tx.query<{ hash: string }>('SELECT hash FROM audit_log WHERE id = $1', [batchEnd]);
  const lastHash = last.rows[0]?.hash;
  if (!lastHash) throw new Error(`audit row ${batchEnd} is missing: verify the chain before purging`);
  await tx.runScript(`SET LOCAL rempart.audit_purge = 'on'`);
  const deleted = await tx.query('DELETE FROM audit_log WHERE id > $1 AND id <= $2', [anchorId, batchEnd]);
  await tx.query('UPDATE audit_anchor SET anchor_id = $1, anchor_hash = $2, updated_at = now() WHERE id = 1', [batchEnd, lastHash]);
  return deleted.rowCount;
}
