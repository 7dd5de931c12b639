/**
 * The usage charter (AI Act Art. 4) as it stands for one person: the current version and the
 * highest one they accepted. Asked by the workspace for every /api request (request-auth.ts)
 * and by the gateway's usage gates for /v1 (usage-gates.ts); `charterSatisfied`
 * (policies/api-actor.ts) decides from it.
 */
import type { Database } from '../db/database.ts';

export interface CharterState {
  /** null = no charter published (nothing to accept). */
  currentVersion: number | null;
  acceptedVersion: number | null;
}

export async function charterState(db: Database, userId: string): Promise<CharterState> {
  const result = await db.query<{ current: number | null; accepted: number | null }>(
    `SELECT (SELECT max(version) FROM charter_versions) AS current,
            (SELECT max(version) FROM charter_acceptances WHERE user_id = $1) AS accepted`,
    [userId],
  );
  const row = result.rows[0];
  return { currentVersion: row?.current ?? null, acceptedVersion: row?.accepted ?? null };
}
