/**
 * Signed checkpoints of the audit chain: the head (last id, last hash) signed with Ed25519,
 * each one naming the previous one's hash. A checkpoint pins everything before it: whoever
 * rewrites rows and recomputes every hash still cannot match a signed head.
 */
import { createHash, createPublicKey, sign, verify } from 'node:crypto';
import { canonicalJson } from '../audit/canonical-json.ts';
import type { Database, Queryable } from '../db/database.ts';
import { toDate, toNumber } from '../db/database.ts';
import type { SigningKey } from './signing-key.ts';

export type CheckpointKind = 'daily' | 'on_demand';

export interface Checkpoint {
  id: number;
  kind: CheckpointKind;
  /** UTC day of a daily checkpoint (YYYY-MM-DD). */
  day: string | null;
  lastId: number;
  lastHash: string;
  /** The signed bytes (canonical JSON). */
  payload: string;
  /** Base64 Ed25519 signature of `payload`. */
  signature: string;
  keyId: string;
  publicKeyPem: string;
  createdAt: Date;
}

interface CheckpointRow {
  id: unknown;
  kind: CheckpointKind;
  day: unknown;
  last_id: unknown;
  last_hash: string;
  payload: string;
  signature: string;
  key_id: string;
  public_key: string;
  created_at: unknown;
}

const COLUMNS = 'id, kind, day, last_id, last_hash, payload, signature, key_id, public_key, created_at';

export function checkpointFromRow(row: CheckpointRow): Checkpoint {
  const day = row.day === null ? null : row.day instanceof Date ? row.day.toISOString().slice(0, 10) : String(row.day).slice(0, 10);
  return {
    id: toNumber(row.id),
    kind: row.kind,
    day,
    lastId: toNumber(row.last_id),
    lastHash: row.last_hash,
    payload: row.payload,
    signature: row.signature,
    keyId: row.key_id,
    publicKeyPem: row.public_key,
    createdAt: toDate(row.created_at),
  };
}

export function payloadHash(payload: string): string {
  return createHash('sha256').update(payload).digest('hex');
}

/**
 * Signs the current chain head. A daily checkpoint is made once per UTC day (a second call the
 * same day — another instance, a restart — returns undefined).
 */
export async function createCheckpoint(
  db: Database,
  key: SigningKey,
  options: { kind: CheckpointKind; now?: Date },
): Promise<Checkpoint | undefined> {
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    // Reading the head FOR SHARE waits for an append in flight, so the head is a committed row.
    const head = await tx.query<{ last_id: unknown; last_hash: string }>('SELECT last_id, last_hash FROM audit_chain_head WHERE id = 1 FOR SHARE');
    const headRow = head.rows[0];
    if (!headRow) throw new Error('audit chain head is missing (migrations not applied?)');
    const previous = await latestCheckpoint(tx);
    const payload = canonicalJson({
      createdAt: now.toISOString(),
      kind: options.kind,
      lastHash: headRow.last_hash,
      lastId: toNumber(headRow.last_id),
      previousCheckpointHash: previous ? payloadHash(previous.payload) : null,
    });
    const signature = sign(null, Buffer.from(payload, 'utf8'), key.privateKey).toString('base64');
    const day = options.kind === 'daily' ? now.toISOString().slice(0, 10) : null;
    const inserted = await tx.query<CheckpointRow>(
      `INSERT INTO audit_checkpoints (kind, day, last_id, last_hash, payload, signature, key_id, public_key, created_at)
       VALUES ($1, $2::date, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (day) WHERE kind = 'daily' DO NOTHING
       RETURNING ${COLUMNS}`,
      [options.kind, day, toNumber(headRow.last_id), headRow.last_hash, payload, signature, key.keyId, key.publicKeyPem, now.toISOString()],
    );
    const row = inserted.rows[0];
    return row ? checkpointFromRow(row) : undefined;
  });
}

export async function latestCheckpoint(db: Queryable): Promise<Checkpoint | undefined> {
  const result = await db.query<CheckpointRow>(`SELECT ${COLUMNS} FROM audit_checkpoints ORDER BY id DESC LIMIT 1`);
  return result.rows[0] ? checkpointFromRow(result.rows[0]) : undefined;
}

export async function listCheckpoints(db: Queryable, options: { limit?: number } = {}): Promise<Checkpoint[]> {
  const result = await db.query<CheckpointRow>(`SELECT ${COLUMNS} FROM audit_checkpoints ORDER BY id DESC LIMIT $1`, [options.limit ?? 100]);
  return result.rows.map(checkpointFromRow);
}

/** The earliest checkpoint covering row `rowId` (its last id is at or after it). */
export async function checkpointCovering(db: Queryable, rowId: number): Promise<Checkpoint | undefined> {
  const result = await db.query<CheckpointRow>(
    `SELECT ${COLUMNS} FROM audit_checkpoints WHERE last_id >= $1 ORDER BY last_id, id LIMIT 1`,
    [rowId],
  );
  return result.rows[0] ? checkpointFromRow(result.rows[0]) : undefined;
}

/** The signature is valid for the payload, and the payload says what the columns say. */
export function checkpointSignatureProblem(checkpoint: Checkpoint): string | undefined {
  let signed: { lastId?: unknown; lastHash?: unknown };
  try {
    const valid = verify(null, Buffer.from(checkpoint.payload, 'utf8'), createPublicKey(checkpoint.publicKeyPem), Buffer.from(checkpoint.signature, 'base64'));
    if (!valid) return `checkpoint ${checkpoint.id}: the signature does not match its payload`;
    signed = JSON.parse(checkpoint.payload) as { lastId?: unknown; lastHash?: unknown };
  } catch (error) {
    return `checkpoint ${checkpoint.id}: unreadable (${(error as Error).message})`;
  }
  if (signed.lastId !== checkpoint.lastId || signed.lastHash !== checkpoint.lastHash) {
    return `checkpoint ${checkpoint.id}: its columns differ from the signed payload`;
  }
  return undefined;
}
