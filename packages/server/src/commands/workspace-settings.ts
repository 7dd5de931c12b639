/**
 * Settings administrators change at run time, stored in the database (every instance reads
 * the same): the shield policy, per-group model allow-lists and the quotas (rate limits and
 * daily token quotas). The configuration file gives the starting values.
 */
import { parsePolicy, type Policy } from '@rempart/shield';
import { z } from 'zod';
import { createModelAccess, type ModelAccess } from '../auth/model-access.ts';
import type { RempartConfig } from '../config/load-config.ts';
import type { Database } from '../db/database.ts';
import { toDate } from '../db/database.ts';
import type { LimitSettings } from '../limits/usage-limiter.ts';

/** One limit: an integer ≥ 1, or null for "no limit". */
const quotaLimit = z.int().min(1).nullable();
const quotaPair = z.object({ perUser: quotaLimit, perKey: quotaLimit }).strict();

/** The quotas as administrators set them (PUT /api/admin/quotas, and the stored value): every number given, null = no limit. */
export const quotasSchema = z.object({ requestsPerMinute: quotaPair, tokensPerDay: quotaPair }).strict();
export type Quotas = z.infer<typeof quotasSchema>;

export interface EffectiveQuotas {
  quotas: Quotas;
  source: 'config' | 'database';
  updatedAt: Date | null;
}

export interface EffectivePolicy {
  policy: Policy;
  source: 'config' | 'database';
  updatedAt: Date | null;
}

export class WorkspaceSettings {
  readonly #db: Database;
  readonly #config: RempartConfig;

  constructor(db: Database, config: RempartConfig) {
    this.#db = db;
    this.#config = config;
  }

  async policy(): Promise<EffectivePolicy> {
    const result = await this.#db.query<{ value: unknown; updated_at: unknown }>(
      `SELECT value, updated_at FROM workspace_settings WHERE key = 'policy'`,
    );
    const row = result.rows[0];
    if (!row) return { policy: this.#config.policy, source: 'config', updatedAt: null };
    // Validated before being stored; parsed again so a hand-edited row cannot slip through.
    return { policy: parsePolicy(row.value), source: 'database', updatedAt: toDate(row.updated_at) };
  }

  /** Validates (throws the shield's POLICY_INVALID error) and stores. */
  async setPolicy(document: unknown, userId: string): Promise<Policy> {
    const policy = parsePolicy(document);
    await this.#db.query(
      `INSERT INTO workspace_settings (key, value, updated_by, updated_at) VALUES ('policy', $1, $2, now())
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [JSON.stringify(policy), userId],
    );
    return policy;
  }

  /** The administrators' quotas, or the configuration's limits while none were set. */
  async quotas(): Promise<EffectiveQuotas> {
    const result = await this.#db.query<{ value: unknown; updated_at: unknown }>(
      `SELECT value, updated_at FROM workspace_settings WHERE key = 'quotas'`,
    );
    const row = result.rows[0];
    if (!row) {
      const { requestsPerMinute, tokensPerDay } = this.#config.limits;
      return {
        quotas: {
          requestsPerMinute: { perUser: requestsPerMinute.perUser ?? null, perKey: requestsPerMinute.perKey ?? null },
          tokensPerDay: { perUser: tokensPerDay.perUser ?? null, perKey: tokensPerDay.perKey ?? null },
        },
        source: 'config',
        updatedAt: null,
      };
    }
    // Validated before being stored; parsed again so a hand-edited row cannot slip through
    // (an invalid row fails the refresh, and the limiter fails closed once its copy is stale).
    return { quotas: quotasSchema.parse(row.value), source: 'database', updatedAt: toDate(row.updated_at) };
  }

  /** Validates (throws a ZodError) and stores. */
  async setQuotas(document: unknown, userId: string): Promise<Quotas> {
    const quotas = quotasSchema.parse(document);
    await this.#db.query(
      `INSERT INTO workspace_settings (key, value, updated_by, updated_at) VALUES ('quotas', $1, $2, now())
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [JSON.stringify(quotas), userId],
    );
    return quotas;
  }

  /** group name → allow-list set by an administrator. */
  async groupModelOverrides(): Promise<Map<string, string[]>> {
    const result = await this.#db.query<{ name: string; models: string[] }>(
      'SELECT g.name, o.models FROM group_model_overrides o JOIN groups g ON g.id = o.group_id',
    );
    return new Map(result.rows.map((row) => [row.name, row.models]));
  }

  /** Model access with the administrators' overrides applied over the configuration's groups. */
  async modelAccess(): Promise<ModelAccess> {
    const overrides = await this.groupModelOverrides();
    const groups: Record<string, { models: string[] }> = { ...this.#config.groups };
    for (const [name, models] of overrides) groups[name] = { models };
    return createModelAccess({ groups, defaultModels: this.#config.access.defaultModels });
  }
}

/** The quotas as the limiters read them (null → absent = no limit). */
export function limitSettingsOf(quotas: Quotas): LimitSettings {
  const pair = (values: { perUser: number | null; perKey: number | null }) => ({
    perUser: values.perUser ?? undefined,
    perKey: values.perKey ?? undefined,
  });
  return { requestsPerMinute: pair(quotas.requestsPerMinute), tokensPerDay: pair(quotas.tokensPerDay) };
}
