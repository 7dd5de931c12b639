/**
 * The rights-request workflow: a request is registered (access, erasure or portability), its
 * one-month deadline computed (GDPR Art. 12(3)), the person's data found, exported or erased,
 * and the request closed. Every step is audited with counts only, never the identifiers.
 */
import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../../audit/audit-log.ts';
import type { Database } from '../../db/database.ts';
import { toDate } from '../../db/database.ts';
import type { VaultStore } from '../../vault/vault-store.ts';
import { erasePerson, type ErasureResult } from './person-erase.ts';
import { findPersonData, personDataCounts, type PersonData } from './person-search.ts';
import { cleanIdentifiers } from './identifiers.ts';

export const RIGHTS_KINDS = ['access', 'erasure', 'portability'] as const;
export type RightsKind = (typeof RIGHTS_KINDS)[number];

export interface RightsRequest {
  id: string;
  kind: RightsKind;
  status: 'open' | 'completed' | 'rejected';
  subjectEmail: string;
  subjectUserId: string | null;
  identifiers: string[];
  receivedAt: string;
  dueAt: string;
  completedAt: string | null;
  /** Whole days left before the deadline (negative: overdue); null once closed. */
  daysLeft: number | null;
  overdue: boolean;
  result: Record<string, unknown> | null;
  notes: string | null;
}

interface RequestRow {
  id: string;
  kind: RightsKind;
  status: RightsRequest['status'];
  subject_email: string;
  subject_user_id: string | null;
  identifiers: unknown;
  received_at: unknown;
  due_at: unknown;
  completed_at: unknown;
  result: unknown;
  notes: string | null;
}

const COLUMNS = 'id, kind, status, subject_email, subject_user_id, identifiers, received_at, due_at, completed_at, result, notes';

/** One month later (Art. 12(3)); the 31st of a shorter month falls on its last day. */
export function oneMonthAfter(received: Date): Date {
  const due = new Date(received);
  const day = due.getUTCDate();
  due.setUTCDate(1);
  due.setUTCMonth(due.getUTCMonth() + 1);
  const lastDay = new Date(Date.UTC(due.getUTCFullYear(), due.getUTCMonth() + 1, 0)).getUTCDate();
  due.setUTCDate(Math.min(day, lastDay));
  return due;
}

function fromRow(row: RequestRow, now: Date): RightsRequest {
  const dueAt = toDate(row.due_at);
  const open = row.status === 'open';
  const daysLeft = open ? Math.ceil((dueAt.getTime() - now.getTime()) / 86_400_000) : null;
  const parse = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    subjectEmail: row.subject_email,
    subjectUserId: row.subject_user_id,
    identifiers: (parse(row.identifiers) as string[]) ?? [],
    receivedAt: toDate(row.received_at).toISOString(),
    dueAt: dueAt.toISOString(),
    completedAt: row.completed_at === null ? null : toDate(row.completed_at).toISOString(),
    daysLeft,
    overdue: open && dueAt.getTime() < now.getTime(),
    result: (parse(row.result) as Record<string, unknown> | null) ?? null,
    notes: row.notes,
  };
}

export class RightsRequests {
  readonly #db: Database;
  readonly #vaultStore: VaultStore;
  readonly #auditLog: AuditLog;
  readonly #now: () => Date;

  constructor(options: { db: Database; vaultStore: VaultStore; auditLog: AuditLog; now?: () => Date }) {
    this.#db = options.db;
    this.#vaultStore = options.vaultStore;
    this.#auditLog = options.auditLog;
    this.#now = options.now ?? (() => new Date());
  }

  async create(input: { kind: RightsKind; subjectEmail: string; identifiers?: string[]; receivedAt?: Date; notes?: string }, handledBy: string | undefined): Promise<RightsRequest> {
    const id = randomUUID();
    const receivedAt = input.receivedAt ?? this.#now();
    const email = input.subjectEmail.trim().toLowerCase();
    const user = await this.#db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [email]);
    await this.#db.query(
      `INSERT INTO rights_requests (id, kind, status, subject_email, subject_user_id, identifiers, received_at, due_at, handled_by, notes)
       VALUES ($1, $2, 'open', $3, $4, $5::jsonb, $6, $7, $8, $9)`,
      [id, input.kind, email, user.rows[0]?.id ?? null, JSON.stringify(cleanIdentifiers(input.identifiers ?? [])), receivedAt.toISOString(), oneMonthAfter(receivedAt).toISOString(), handledBy ?? null, input.notes ?? null],
    );
    await this.#audit(handledBy, { action: 'rights.request.create', request: id, kind: input.kind });
    return (await this.get(id))!;
  }

  async list(): Promise<RightsRequest[]> {
    const result = await this.#db.query<RequestRow>(`SELECT ${COLUMNS} FROM rights_requests ORDER BY (status = 'open') DESC, due_at`);
    const now = this.#now();
    return result.rows.map((row) => fromRow(row, now));
  }

  async get(id: string): Promise<RightsRequest | undefined> {
    const result = await this.#db.query<RequestRow>(`SELECT ${COLUMNS} FROM rights_requests WHERE id = $1`, [id]);
    return result.rows[0] ? fromRow(result.rows[0], this.#now()) : undefined;
  }

  /** Everything found about the request's subject (for the access/portability export or review before erasure). */
  async search(request: RightsRequest, handledBy: string | undefined): Promise<PersonData> {
    const data = await findPersonData(this.#db, this.#vaultStore, { email: request.subjectEmail, identifiers: request.identifiers });
    await this.#audit(handledBy, { action: 'rights.request.search', request: request.id, found: personDataCounts(data) });
    return data;
  }

  /** Erases the subject everywhere and closes the request. */
  async erase(request: RightsRequest, handledBy: string | undefined): Promise<{ request: RightsRequest; erasure: ErasureResult; found: Record<string, number> }> {
    if (request.status !== 'open') throw new Error('the request is closed');
    const data = await findPersonData(this.#db, this.#vaultStore, { email: request.subjectEmail, identifiers: request.identifiers });
    const found = personDataCounts(data);
    const erasure = await erasePerson(this.#db, this.#vaultStore, data);
    const closed = await this.close(request.id, 'completed', { found, erasure: { ...erasure, originalFilesToReview: erasure.originalFilesToReview.length } }, handledBy);
    await this.#audit(handledBy, { action: 'rights.request.erase', request: request.id, accountDeleted: erasure.accountDeleted, vaultEntriesRemoved: erasure.vaultEntriesRemoved, passagesRedacted: erasure.passagesRedacted, messagesRedacted: erasure.messagesRedacted });
    return { request: closed, erasure, found };
  }

  async close(id: string, status: 'completed' | 'rejected', result: Record<string, unknown>, handledBy: string | undefined, notes?: string): Promise<RightsRequest> {
    await this.#db.query(
      `UPDATE rights_requests SET status = $2, result = $3::jsonb, completed_at = $4, handled_by = $5, notes = coalesce($6, notes) WHERE id = $1`,
      [id, status, JSON.stringify(result), this.#now().toISOString(), handledBy ?? null, notes ?? null],
    );
    await this.#audit(handledBy, { action: 'rights.request.close', request: id, status });
    return (await this.get(id))!;
  }

  async #audit(userId: string | undefined, details: Record<string, string | number | boolean | null | Record<string, number>>): Promise<void> {
    await this.#auditLog.append({ kind: 'admin', ...(userId ? { userId } : {}), details: { via: 'compliance', ...details } });
  }
}
