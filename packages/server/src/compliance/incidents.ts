/**
 * The incident register: personal data breaches (GDPR Art. 33: notify the supervisory
 * authority within 72 hours of becoming aware) and serious AI incidents (AI Act Art. 73:
 * report within 15 days; 10 days if a person died; 2 days for a widespread infringement or
 * a serious disruption of critical infrastructure). Concerns reported in the workspace are
 * the usual source: an incident can be opened from one.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { toDate } from '../db/database.ts';

export const AI_INCIDENT_DAYS = { standard: 15, death: 10, widespread: 2 } as const;
export const GDPR_BREACH_HOURS = 72;

export const incidentInputSchema = z
  .object({
    title: z.string().trim().min(3).max(200),
    description: z.string().max(10_000).default(''),
    personalDataBreach: z.boolean().default(false),
    aiSeriousIncident: z.enum(['standard', 'death', 'widespread']).nullable().default(null),
    awareAt: z.iso.datetime({ offset: true }).optional(),
    concernId: z.uuid().optional(),
  })
  .strict();

export const incidentUpdateSchema = z
  .object({
    status: z.enum(['open', 'notified', 'closed']).optional(),
    authorityNotifiedAt: z.iso.datetime({ offset: true }).nullable().optional(),
    aiReportedAt: z.iso.datetime({ offset: true }).nullable().optional(),
    description: z.string().max(10_000).optional(),
  })
  .strict();

export interface Clock {
  deadline: string;
  /** Hours left (negative: late); null once done. */
  hoursLeft: number | null;
  done: boolean;
  late: boolean;
}

export interface Incident {
  id: string;
  title: string;
  description: string;
  personalDataBreach: boolean;
  aiSeriousIncident: keyof typeof AI_INCIDENT_DAYS | null;
  status: 'open' | 'notified' | 'closed';
  awareAt: string;
  authorityNotifiedAt: string | null;
  aiReportedAt: string | null;
  concernId: string | null;
  createdAt: string;
  gdprClock: Clock | null;
  aiActClock: Clock | null;
}

interface IncidentRow {
  id: string;
  title: string;
  description: string;
  personal_data_breach: boolean;
  ai_serious_incident: Incident['aiSeriousIncident'];
  status: Incident['status'];
  aware_at: unknown;
  authority_notified_at: unknown;
  ai_reported_at: unknown;
  concern_id: string | null;
  created_at: unknown;
}

const COLUMNS = 'id, title, description, personal_data_breach, ai_serious_incident, status, aware_at, authority_notified_at, ai_reported_at, concern_id, created_at';

function clock(deadline: Date, doneAt: Date | null, now: Date): Clock {
  const reference = doneAt ?? now;
  return {
    deadline: deadline.toISOString(),
    hoursLeft: doneAt ? null : Math.round(((deadline.getTime() - now.getTime()) / 3_600_000) * 10) / 10,
    done: doneAt !== null,
    late: reference.getTime() > deadline.getTime(),
  };
}

export function incidentFromRow(row: IncidentRow, now: Date): Incident {
  const awareAt = toDate(row.aware_at);
  const notified = row.authority_notified_at === null ? null : toDate(row.authority_notified_at);
  const reported = row.ai_reported_at === null ? null : toDate(row.ai_reported_at);
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    personalDataBreach: row.personal_data_breach,
    aiSeriousIncident: row.ai_serious_incident,
    status: row.status,
    awareAt: awareAt.toISOString(),
    authorityNotifiedAt: notified?.toISOString() ?? null,
    aiReportedAt: reported?.toISOString() ?? null,
    concernId: row.concern_id,
    createdAt: toDate(row.created_at).toISOString(),
    gdprClock: row.personal_data_breach ? clock(new Date(awareAt.getTime() + GDPR_BREACH_HOURS * 3_600_000), notified, now) : null,
    aiActClock: row.ai_serious_incident ? clock(new Date(awareAt.getTime() + AI_INCIDENT_DAYS[row.ai_serious_incident] * 86_400_000), reported, now) : null,
  };
}

export class IncidentRegister {
  readonly #db: Database;
  readonly #now: () => Date;

  constructor(db: Database, now: () => Date = () => new Date()) {
    this.#db = db;
    this.#now = now;
  }

  async create(input: z.infer<typeof incidentInputSchema>, createdBy: string | undefined): Promise<Incident> {
    const id = randomUUID();
    let description = input.description;
    if (input.concernId) {
      const concern = await this.#db.query<{ description: string; category: string }>('SELECT description, category FROM concerns WHERE id = $1', [input.concernId]);
      if (!concern.rows[0]) throw new IncidentInputError('No such concern.');
      if (description === '') description = `From a ${concern.rows[0].category} concern: ${concern.rows[0].description}`;
    }
    await this.#db.query(
      `INSERT INTO incidents (id, title, description, personal_data_breach, ai_serious_incident, status, aware_at, concern_id, created_by)
       VALUES ($1, $2, $3, $4, $5, 'open', $6, $7, $8)`,
      [id, input.title, description, input.personalDataBreach, input.aiSeriousIncident, input.awareAt ?? this.#now().toISOString(), input.concernId ?? null, createdBy ?? null],
    );
    return (await this.get(id))!;
  }

  async update(id: string, update: z.infer<typeof incidentUpdateSchema>): Promise<Incident | undefined> {
    await this.#db.query(
      `UPDATE incidents SET status = coalesce($2, status),
              authority_notified_at = CASE WHEN $3::boolean THEN $4::timestamptz ELSE authority_notified_at END,
              ai_reported_at = CASE WHEN $5::boolean THEN $6::timestamptz ELSE ai_reported_at END,
              description = coalesce($7, description), updated_at = now()
        WHERE id = $1`,
      [id, update.status ?? null, update.authorityNotifiedAt !== undefined, update.authorityNotifiedAt ?? null, update.aiReportedAt !== undefined, update.aiReportedAt ?? null, update.description ?? null],
    );
    return this.get(id);
  }

  async get(id: string): Promise<Incident | undefined> {
    const result = await this.#db.query<IncidentRow>(`SELECT ${COLUMNS} FROM incidents WHERE id = $1`, [id]);
    return result.rows[0] ? incidentFromRow(result.rows[0], this.#now()) : undefined;
  }

  async list(): Promise<Incident[]> {
    const result = await this.#db.query<IncidentRow>(`SELECT ${COLUMNS} FROM incidents ORDER BY (status = 'closed'), aware_at DESC`);
    const now = this.#now();
    return result.rows.map((row) => incidentFromRow(row, now));
  }

  /** Concerns not yet turned into an incident (the DPO's queue). */
  async openConcerns(): Promise<{ id: string; category: string; description: string; createdAt: string }[]> {
    const result = await this.#db.query<{ id: string; category: string; description: string; created_at: unknown }>(
      `SELECT c.id, c.category, c.description, c.created_at FROM concerns c
        WHERE c.status = 'open' AND NOT EXISTS (SELECT 1 FROM incidents i WHERE i.concern_id = c.id) ORDER BY c.created_at DESC LIMIT 200`,
    );
    return result.rows.map((row) => ({ id: row.id, category: row.category, description: row.description, createdAt: toDate(row.created_at).toISOString() }));
  }
}

export class IncidentInputError extends Error {
  readonly code = 'INCIDENT_INVALID';
}
