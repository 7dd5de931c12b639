/**
 * Dashboard data: aggregates only (CNIL: no per-employee productivity scoring). Requests over
 * time, protected entities by type, blocked requests, requests by provider location, charter
 * acceptance and training completion as shares of active accounts.
 */
import type { Database } from '../db/database.ts';
import { toNumber } from '../db/database.ts';

export interface DashboardData {
  from: string;
  to: string;
  requestsPerDay: { day: string; forwarded: number; blocked: number; failed: number }[];
  entitiesByType: { type: string; count: number }[];
  blockedByReason: { reason: string; count: number }[];
  requestsByLocation: { location: string; count: number }[];
  charter: { currentVersion: number | null; activeUsers: number; accepted: number };
  training: { moduleId: string; title: string; activeUsers: number; passed: number }[];
}

export async function dashboardData(db: Database, period: { from: Date; to: Date }): Promise<DashboardData> {
  const range = [period.from.toISOString(), period.to.toISOString()];
  const perDay = await db.query<{ day: string; kind: string; count: unknown }>(
    `SELECT to_char(date_trunc('day', created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day, kind, count(*) AS count
       FROM audit_log WHERE created_at >= $1 AND created_at < $2 AND kind IN ('request', 'refusal', 'failure')
      GROUP BY 1, 2 ORDER BY 1`,
    range,
  );
  const days = new Map<string, { day: string; forwarded: number; blocked: number; failed: number }>();
  for (let time = Date.UTC(period.from.getUTCFullYear(), period.from.getUTCMonth(), period.from.getUTCDate()); time < period.to.getTime(); time += 86_400_000) {
    const day = new Date(time).toISOString().slice(0, 10);
    days.set(day, { day, forwarded: 0, blocked: 0, failed: 0 });
  }
  for (const row of perDay.rows) {
    const entry = days.get(row.day) ?? { day: row.day, forwarded: 0, blocked: 0, failed: 0 };
    const count = toNumber(row.count);
    if (row.kind === 'request') entry.forwarded += count;
    else if (row.kind === 'refusal') entry.blocked += count;
    else entry.failed += count;
    days.set(row.day, entry);
  }
  const entities = await db.query<{ type: string; count: unknown }>(
    `SELECT e.key AS type, sum((e.value)::bigint) AS count
       FROM audit_log l, jsonb_each_text(CASE WHEN jsonb_typeof(l.details->'entities') = 'object' THEN l.details->'entities' ELSE '{}'::jsonb END) e
      WHERE l.kind = 'request' AND l.created_at >= $1 AND l.created_at < $2 GROUP BY 1 ORDER BY 2 DESC, 1`,
    range,
  );
  const blocked = await db.query<{ reason: string | null; count: unknown }>(
    `SELECT details->>'reason' AS reason, count(*) AS count FROM audit_log
      WHERE kind = 'refusal' AND created_at >= $1 AND created_at < $2 GROUP BY 1 ORDER BY 2 DESC, 1`,
    range,
  );
  const locations = await db.query<{ location: string | null; count: unknown }>(
    `SELECT details->>'location' AS location, count(*) AS count FROM audit_log
      WHERE kind = 'request' AND created_at >= $1 AND created_at < $2 GROUP BY 1 ORDER BY 2 DESC, 1`,
    range,
  );
  const charter = await db.query<{ current: number | null; active: unknown; accepted: unknown }>(
    `SELECT (SELECT max(version) FROM charter_versions) AS current,
            (SELECT count(*) FROM users WHERE disabled_at IS NULL) AS active,
            (SELECT count(DISTINCT a.user_id) FROM charter_acceptances a JOIN users u ON u.id = a.user_id
              WHERE u.disabled_at IS NULL AND a.version = (SELECT max(version) FROM charter_versions)) AS accepted`,
  );
  const training = await db.query<{ id: string; title: string; passed: unknown }>(
    `SELECT m.id, m.title, (SELECT count(*) FROM training_completions t JOIN users u ON u.id = t.user_id
                            WHERE t.module_id = m.id AND t.passed AND u.disabled_at IS NULL) AS passed
       FROM training_modules m ORDER BY m.title`,
  );
  const activeUsers = toNumber(charter.rows[0]?.active ?? 0);
  return {
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    requestsPerDay: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
    entitiesByType: entities.rows.map((row) => ({ type: row.type, count: toNumber(row.count) })),
    blockedByReason: blocked.rows.map((row) => ({ reason: row.reason ?? '(none)', count: toNumber(row.count) })),
    requestsByLocation: locations.rows.map((row) => ({ location: row.location ?? '(unknown)', count: toNumber(row.count) })),
    charter: { currentVersion: charter.rows[0]?.current ?? null, activeUsers, accepted: toNumber(charter.rows[0]?.accepted ?? 0) },
    training: training.rows.map((row) => ({ moduleId: row.id, title: row.title, activeUsers, passed: toNumber(row.passed) })),
  };
}

/** Each dashboard table as CSV rows (header first), for the console's "CSV" buttons. */
export function dashboardTables(data: DashboardData): Record<string, { header: string[]; rows: (string | number)[][] }> {
  return {
    'requests-per-day': { header: ['day', 'forwarded', 'blocked', 'failed'], rows: data.requestsPerDay.map((row) => [row.day, row.forwarded, row.blocked, row.failed]) },
    'entities-by-type': { header: ['type', 'count'], rows: data.entitiesByType.map((row) => [row.type, row.count]) },
    'blocked-by-reason': { header: ['reason', 'count'], rows: data.blockedByReason.map((row) => [row.reason, row.count]) },
    'requests-by-location': { header: ['location', 'count'], rows: data.requestsByLocation.map((row) => [row.location, row.count]) },
    charter: { header: ['current_version', 'active_users', 'accepted'], rows: [[data.charter.currentVersion ?? '', data.charter.activeUsers, data.charter.accepted]] },
    training: { header: ['module_id', 'title', 'active_users', 'passed'], rows: data.training.map((row) => [row.moduleId, row.title, row.activeUsers, row.passed]) },
  };
}
