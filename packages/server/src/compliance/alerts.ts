/**
 * Alerts for the DPO and administrators (CNIL logging recommendation: a privileged account
 * reading or touching the logs must not go unnoticed). An alert is an audit record plus a row
 * listing who must be told (every active DPO and admin at the time); the console shows the
 * unacknowledged ones and the server log carries a warning line.
 */
import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../audit/audit-log.ts';
import type { AuditDetails } from '../audit/record.ts';
import type { Queryable } from '../db/database.ts';
import { toDate, toNumber } from '../db/database.ts';

export const ALERT_KINDS = ['audit_trail_read', 'audit_export', 'audit_purge', 'audit_chain_broken'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface ComplianceAlert {
  id: string;
  kind: AlertKind;
  actorId: string | null;
  actorEmail: string | null;
  summary: string;
  auditRecordId: number | null;
  recipients: string[];
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  createdAt: string;
}

export interface AlertSink {
  warn(details: object, message: string): void;
}

export async function raiseAlert(
  deps: { db: Queryable; auditLog: AuditLog; logger?: AlertSink },
  alert: { kind: AlertKind; actorId?: string; summary: string; details?: AuditDetails },
): Promise<ComplianceAlert> {
  const id = randomUUID();
  const appended = await deps.auditLog.append({
    kind: 'admin',
    ...(alert.actorId ? { userId: alert.actorId } : {}),
    details: { action: `compliance.alert.${alert.kind}`, alert: id, ...alert.details },
  });
  const recipients = await deps.db.query<{ id: string }>(`SELECT id FROM users WHERE role IN ('dpo', 'admin') AND disabled_at IS NULL ORDER BY email`);
  await deps.db.query(
    `INSERT INTO compliance_alerts (id, kind, actor_id, summary, audit_record_id, recipients) VALUES ($1, $2, $3, $4, $5, $6::uuid[])`,
    [id, alert.kind, alert.actorId ?? null, alert.summary, appended.id, recipients.rows.map((row) => row.id)],
  );
  deps.logger?.warn({ alert: id, kind: alert.kind, auditRecord: appended.id }, `compliance alert: ${alert.summary}`);
  return (await listAlerts(deps.db, { id }))[0]!;
}

export async function listAlerts(db: Queryable, options: { id?: string; unacknowledgedOnly?: boolean; limit?: number } = {}): Promise<ComplianceAlert[]> {
  const result = await db.query<{
    id: string;
    kind: AlertKind;
    actor_id: string | null;
    actor_email: string | null;
    summary: string;
    audit_record_id: unknown;
    recipients: string[] | string;
    acknowledged_by: string | null;
    acknowledged_at: unknown;
    created_at: unknown;
  }>(
    `SELECT a.id, a.kind, a.actor_id, u.email AS actor_email, a.summary, a.audit_record_id, a.recipients::text[] AS recipients,
            a.acknowledged_by, a.acknowledged_at, a.created_at
       FROM compliance_alerts a LEFT JOIN users u ON u.id = a.actor_id
      WHERE ($1::uuid IS NULL OR a.id = $1::uuid) AND (NOT $2::boolean OR a.acknowledged_at IS NULL)
      ORDER BY a.created_at DESC LIMIT $3`,
    [options.id ?? null, options.unacknowledgedOnly ?? false, options.limit ?? 200],
  );
  return result.rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    actorId: row.actor_id,
    actorEmail: row.actor_email,
    summary: row.summary,
    auditRecordId: row.audit_record_id === null ? null : toNumber(row.audit_record_id),
    recipients: Array.isArray(row.recipients) ? row.recipients : parsePgArray(row.recipients),
    acknowledgedBy: row.acknowledged_by,
    acknowledgedAt: row.acknowledged_at === null ? null : toDate(row.acknowledged_at).toISOString(),
    createdAt: toDate(row.created_at).toISOString(),
  }));
}

/** `{a,b}` text form (a driver that does not parse uuid[]). */
function parsePgArray(text: string): string[] {
  const inner = text.replace(/^\{|\}$/g, '');
  return inner === '' ? [] : inner.split(',');
}

export async function acknowledgeAlert(db: Queryable, id: string, userId: string): Promise<boolean> {
  const updated = await db.query(`UPDATE compliance_alerts SET acknowledged_by = $2, acknowledged_at = now() WHERE id = $1 AND acknowledged_at IS NULL`, [id, userId]);
  return updated.rowCount === 1;
}
