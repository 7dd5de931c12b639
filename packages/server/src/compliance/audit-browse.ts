/**
 * Browsing the audit trail. Aggregates are the default view (purpose limitation: the logs
 * must not become employee monitoring). Listing records shows them without who made them;
 * seeing who — or filtering on one person — needs a reason, which is recorded (its own row,
 * its SHA-256 in the audit chain) and raises an alert to the DPO and administrators.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AuditLog } from '../audit/audit-log.ts';
import { sha256Hex } from '../audit/record.ts';
import type { Database } from '../db/database.ts';
import { toDate, toNumber } from '../db/database.ts';
import { raiseAlert, type AlertSink } from './alerts.ts';

export const auditFiltersSchema = z
  .object({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    kind: z.enum(['request', 'completion', 'failure', 'refusal', 'admin']).optional(),
    model: z.string().min(1).max(200).optional(),
    provider: z.string().min(1).max(200).optional(),
    location: z.enum(['on-premise', 'eu', 'non-eu']).optional(),
    /** An entity type found in the request (PERSON, IBAN…). */
    category: z.string().regex(/^[A-Z_]{2,40}$/).optional(),
    /** forwarded, forwarded_to_fallback, or a refusal/failure reason code. */
    decision: z.string().min(1).max(100).optional(),
    /** One person's trail: needs a reason. */
    userId: z.uuid().optional(),
  })
  .strict();

export type AuditFilters = z.infer<typeof auditFiltersSchema>;

export const MIN_REASON_LENGTH = 15;

/** The WHERE clause (on alias `l`) and its parameters. */
export function auditWhere(filters: AuditFilters, params: unknown[] = []): { sql: string; params: unknown[] } {
  const conditions: string[] = [];
  const p = (value: unknown) => `$${params.push(value)}`;
  if (filters.from) conditions.push(`l.created_at >= ${p(filters.from)}::timestamptz`);
  if (filters.to) conditions.push(`l.created_at < ${p(filters.to)}::timestamptz`);
  if (filters.kind) conditions.push(`l.kind = ${p(filters.kind)}`);
  if (filters.model) conditions.push(`l.details->>'model' = ${p(filters.model)}`);
  if (filters.provider) conditions.push(`l.details->>'provider' = ${p(filters.provider)}`);
  if (filters.location) conditions.push(`l.details->>'location' = ${p(filters.location)}`);
  if (filters.category) {
    const category = p(filters.category);
    conditions.push(`(jsonb_exists(coalesce(l.details->'entities', '{}'::jsonb), ${category}) OR jsonb_exists(coalesce(l.details->'typesFound', '[]'::jsonb), ${category}) OR jsonb_exists(coalesce(l.details->'types', '[]'::jsonb), ${category}))`);
  }
  if (filters.decision) {
    const decision = p(filters.decision);
    conditions.push(`(l.details->>'decision' = ${decision} OR l.details->>'reason' = ${decision} OR l.details->>'status' = ${decision})`);
  }
  if (filters.userId) conditions.push(`l.user_id = ${p(filters.userId)}::uuid`);
  return { sql: conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

export interface AuditRecordView {
  id: number;
  createdAt: string;
  kind: string;
  model: string | null;
  provider: string | null;
  location: string | null;
  categories: string[];
  decision: string | null;
  refersTo: number | null;
  /** Only in an individual view (a reason was given). */
  userId?: string | null;
  userEmail?: string | null;
  details?: unknown;
  hash: string;
}

function categoriesOf(details: Record<string, unknown>): string[] {
  const found = new Set<string>();
  if (details.entities && typeof details.entities === 'object') for (const key of Object.keys(details.entities)) found.add(key);
  for (const key of ['typesFound', 'types', 'blockedTypes'] as const) {
    const value = details[key];
    if (Array.isArray(value)) for (const item of value) if (typeof item === 'string') found.add(item);
  }
  return [...found].sort();
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export class AuditBrowser {
  readonly #db: Database;
  readonly #auditLog: AuditLog;
  readonly #logger: AlertSink | undefined;

  constructor(options: { db: Database; auditLog: AuditLog; logger?: AlertSink }) {
    this.#db = options.db;
    this.#auditLog = options.auditLog;
    this.#logger = options.logger;
  }

  /** Records, newest first; identities only with `access` (a recorded reason). */
  async records(
    filters: AuditFilters,
    options: { limit: number; beforeId?: number; access?: { readerId: string; reason: string } },
  ): Promise<{ items: AuditRecordView[]; individual: boolean; accessId?: string }> {
    if (filters.userId && !options.access) throw new ReasonRequiredError();
    const where = auditWhere(filters);
    const params = where.params;
    const before = options.beforeId ? `${where.sql ? ' AND' : 'WHERE'} l.id < $${params.push(options.beforeId)}` : '';
    const result = await this.#db.query<{ id: unknown; created_at: unknown; kind: string; refers_to: unknown; user_id: string | null; email: string | null; details: unknown; hash: string }>(
      `SELECT l.id, l.created_at, l.kind, l.refers_to, l.user_id, u.email, l.details, l.hash
         FROM audit_log l LEFT JOIN users u ON u.id = l.user_id
         ${where.sql}${before} ORDER BY l.id DESC LIMIT $${params.push(options.limit)}`,
      params,
    );
    const individual = options.access !== undefined;
    let accessId: string | undefined;
    if (options.access) accessId = await this.recordAccess(options.access, { filters, returned: result.rows.length });
    const items = result.rows.map((row): AuditRecordView => {
      const details = (typeof row.details === 'string' ? JSON.parse(row.details) : row.details) as Record<string, unknown>;
      const view: AuditRecordView = {
        id: toNumber(row.id),
        createdAt: toDate(row.created_at).toISOString(),
        kind: row.kind,
        model: text(details.model),
        provider: text(details.provider),
        location: text(details.location),
        categories: categoriesOf(details),
        decision: text(details.decision) ?? text(details.reason) ?? text(details.action) ?? (details.status === undefined ? null : String(details.status)),
        refersTo: row.refers_to === null ? null : toNumber(row.refers_to),
        hash: row.hash,
      };
      if (individual) Object.assign(view, { userId: row.user_id, userEmail: row.email, details });
      return view;
    });
    return { items, individual, ...(accessId ? { accessId } : {}) };
  }

  /** Records why individual trails were read, in the chain (reason hashed) and as an alert. */
  async recordAccess(access: { readerId: string; reason: string }, scope: Record<string, unknown>, alertKind: 'audit_trail_read' | 'audit_export' = 'audit_trail_read'): Promise<string> {
    const reason = access.reason.trim();
    if (reason.length < MIN_REASON_LENGTH) throw new ReasonRequiredError();
    const id = randomUUID();
    await this.#db.query(`INSERT INTO audit_access_reasons (id, reader_id, reason, scope) VALUES ($1, $2, $3, $4::jsonb)`, [id, access.readerId, reason, JSON.stringify(scope)]);
    const alert = await raiseAlert(
      { db: this.#db, auditLog: this.#auditLog, ...(this.#logger ? { logger: this.#logger } : {}) },
      {
        kind: alertKind,
        actorId: access.readerId,
        summary: alertKind === 'audit_export' ? 'A privileged account exported audit records.' : 'A privileged account read individual audit trails.',
        details: { access: id, reasonSha256: sha256Hex(reason) },
      },
    );
    await this.#db.query('UPDATE audit_access_reasons SET audit_record_id = $2 WHERE id = $1', [id, alert.auditRecordId]);
    return id;
  }

  async accessLog(limit = 100): Promise<{ id: string; readerId: string | null; readerEmail: string | null; reason: string; scope: unknown; createdAt: string }[]> {
    const result = await this.#db.query<{ id: string; reader_id: string | null; email: string | null; reason: string; scope: unknown; created_at: unknown }>(
      `SELECT r.id, r.reader_id, u.email, r.reason, r.scope, r.created_at FROM audit_access_reasons r LEFT JOIN users u ON u.id = r.reader_id ORDER BY r.created_at DESC LIMIT $1`,
      [limit],
    );
    return result.rows.map((row) => ({ id: row.id, readerId: row.reader_id, readerEmail: row.email, reason: row.reason, scope: typeof row.scope === 'string' ? JSON.parse(row.scope) : row.scope, createdAt: toDate(row.created_at).toISOString() }));
  }

  /** Aggregates over the filtered records: never who. */
  async summary(filters: AuditFilters): Promise<AuditSummary> {
    const safeFilters = { ...filters, userId: undefined };
    const group = async (expression: string) => {
      const where = auditWhere(safeFilters);
      const rows = await this.#db.query<{ key: string | null; count: unknown }>(
        `SELECT ${expression} AS key, count(*) AS count FROM audit_log l ${where.sql} GROUP BY 1 ORDER BY 2 DESC, 1`,
        where.params,
      );
      return rows.rows.map((row) => ({ key: row.key ?? '(none)', count: toNumber(row.count) }));
    };
    const where = auditWhere(safeFilters);
    const entities = await this.#db.query<{ key: string; count: unknown }>(
      `SELECT e.key, sum((e.value)::bigint) AS count FROM audit_log l, jsonb_each_text(CASE WHEN jsonb_typeof(l.details->'entities') = 'object' THEN l.details->'entities' ELSE '{}'::jsonb END) e
        ${where.sql ? `${where.sql} AND` : 'WHERE'} l.kind = 'request' GROUP BY 1 ORDER BY 2 DESC, 1`,
      where.params,
    );
    return {
      total: (await group(`'all'`)).reduce((sum, row) => sum + row.count, 0),
      byKind: await group('l.kind'),
      byModel: await group(`l.details->>'model'`),
      byLocation: await group(`l.details->>'location'`),
      byDecision: await group(`coalesce(l.details->>'decision', l.details->>'reason', l.details->>'action', l.details->>'status')`),
      entitiesByType: entities.rows.map((row) => ({ key: row.key, count: toNumber(row.count) })),
    };
  }
}

export interface AuditSummary {
  total: number;
  byKind: { key: string; count: number }[];
  byModel: { key: string; count: number }[];
  byLocation: { key: string; count: number }[];
  byDecision: { key: string; count: number }[];
  entitiesByType: { key: string; count: number }[];
}

export class ReasonRequiredError extends Error {
  readonly code = 'REASON_REQUIRED';
  constructor() {
    super(`Seeing who did what needs a reason (at least ${MIN_REASON_LENGTH} characters): it is recorded and the DPO and administrators are alerted.`);
  }
}
