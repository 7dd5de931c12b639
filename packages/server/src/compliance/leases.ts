/**
 * Cross-instance mutual exclusion for background jobs. A session-level advisory lock would
 * need one pinned connection for the whole job, which the Database abstraction (a pool, or
 * PGlite) does not give; a lease row does the same across instances and frees itself when
 * its holder crashes (expiry). Taking it is one atomic upsert.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/database.ts';

export const INSTANCE_ID = randomUUID();

/** True when `holder` now holds `name` for `ttlMs` (it was free, expired, or already theirs). */
export async function tryTakeLease(db: Queryable, name: string, ttlMs: number, holder = INSTANCE_ID): Promise<boolean> {
  const expiresAt = new Date(Date.now() + ttlMs).toISOString();
  const taken = await db.query(
    `INSERT INTO compliance_leases (name, holder, expires_at) VALUES ($1, $2, $3)
     ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
      WHERE compliance_leases.holder = EXCLUDED.holder OR compliance_leases.expires_at < now()`,
    [name, holder, expiresAt],
  );
  return taken.rowCount === 1;
}

export async function releaseLease(db: Queryable, name: string, holder = INSTANCE_ID): Promise<void> {
  await db.query('DELETE FROM compliance_leases WHERE name = $1 AND holder = $2', [name, holder]);
}
