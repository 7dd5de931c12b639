/**
 * Providers and models added by administrators, stored in the database (migration 0006), in
 * rempart.yaml's own shape so one schema validates both. A provider's API key is sealed with
 * the server's secret key (AES-256-GCM, bound to the provider's name) and only ever opened to
 * build its adapter: the admin views say whether a key is set, never what it is.
 */
import { z } from 'zod';
import type { Database, Queryable } from '../db/database.ts';
import { toBuffer, toDate } from '../db/database.ts';
import type { SecretKey } from '../secrets/secret-key.ts';
import { decryptVault, encryptVault } from '../vault/vault-cipher.ts';
import { modelSchema, providerSchema, type ModelConfig, type ProviderConfig } from './config-schema.ts';

/** Names clients and administrators type: lower case, digits, `.`, `_`, `-`; 1–63 characters. */
export const CATALOGUE_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;
export const catalogueNameSchema = z
  .string()
  .regex(CATALOGUE_NAME, 'use 1–63 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit');

/** The provider types an administrator may add (the offline answerer is built in). */
export const EDITABLE_PROVIDER_TYPES = ['openai', 'azure', 'anthropic'] as const;

/** A provider's stored settings: its rempart.yaml section without the API key. */
export type ProviderSettings = Record<string, unknown> & { type: (typeof EDITABLE_PROVIDER_TYPES)[number] };

export interface StoredProvider {
  name: string;
  settings: ProviderSettings;
  apiKeySet: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface StoredModel {
  name: string;
  settings: ModelConfig;
  createdAt: Date;
  updatedAt: Date;
}

/** A stored provider ready to use (key opened, whole section validated), or why it is not. */
export type LoadedProvider = StoredProvider & ({ config: ProviderConfig; problem?: undefined } | { config?: undefined; problem: string });

const providerRowSchema = z.object({
  name: z.string(),
  settings: z.record(z.string(), z.unknown()),
  api_key_iv: z.unknown(),
  api_key_ciphertext: z.unknown(),
  created_at: z.unknown(),
  updated_at: z.unknown(),
});
const modelRowSchema = z.object({ name: z.string(), settings: z.record(z.string(), z.unknown()), created_at: z.unknown(), updated_at: z.unknown() });

const keyBinding = (name: string): string => `provider-api-key:${name}`;

export class CatalogueStore {
  readonly #db: Database;
  readonly #secretKey: SecretKey;

  constructor(db: Database, secretKey: SecretKey) {
    this.#db = db;
    this.#secretKey = secretKey;
  }

  /**
   * Every stored provider with its key opened and its section validated. A row that cannot be
   * used (key sealed with another secret key, settings no longer valid) is returned with its
   * problem instead of failing the whole catalogue.
   */
  async providers(db: Queryable = this.#db): Promise<LoadedProvider[]> {
    const result = await db.query('SELECT name, settings, api_key_iv, api_key_ciphertext, created_at, updated_at FROM catalogue_providers ORDER BY name');
    return result.rows.map((raw) => {
      const row = providerRowSchema.parse(raw);
      const stored: StoredProvider = {
        name: row.name,
        settings: row.settings as ProviderSettings,
        apiKeySet: row.api_key_ciphertext !== null,
        createdAt: toDate(row.created_at),
        updatedAt: toDate(row.updated_at),
      };
      let apiKey: string | undefined;
      if (row.api_key_ciphertext !== null) {
        try {
          apiKey = decryptVault(this.#secretKey.key, keyBinding(row.name), { iv: toBuffer(row.api_key_iv), ciphertext: toBuffer(row.api_key_ciphertext) }).toString('utf8');
        } catch {
          return { ...stored, problem: 'its API key does not decrypt with this server\'s secret key (REMPART_SECRET_KEY changed?): enter the key again' };
        }
      }
      const parsed = providerSchema.safeParse({ ...row.settings, ...(apiKey !== undefined ? { apiKey } : {}) });
      if (!parsed.success) return { ...stored, problem: `its settings are not valid: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
      return { ...stored, config: parsed.data };
    });
  }

  async models(db: Queryable = this.#db): Promise<(StoredModel | (Omit<StoredModel, 'settings'> & { settings?: undefined; problem: string }))[]> {
    const result = await db.query('SELECT name, settings, created_at, updated_at FROM catalogue_models ORDER BY name');
    return result.rows.map((raw) => {
      const row = modelRowSchema.parse(raw);
      const times = { name: row.name, createdAt: toDate(row.created_at), updatedAt: toDate(row.updated_at) };
      const parsed = modelSchema.safeParse(row.settings);
      return parsed.success ? { ...times, settings: parsed.data } : { ...times, problem: `its settings are not valid: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
    });
  }

  /** Inserts a provider; false when the name is taken. `settings` must have passed providerSchema with the key. */
  async createProvider(name: string, settings: ProviderSettings, apiKey: string | undefined, userId: string, db: Queryable = this.#db): Promise<boolean> {
    const sealed = apiKey === undefined ? null : encryptVault(this.#secretKey.key, keyBinding(name), Buffer.from(apiKey, 'utf8'));
    const inserted = await db.query(
      `INSERT INTO catalogue_providers (name, settings, api_key_iv, api_key_ciphertext, key_id, created_by, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (name) DO NOTHING`,
      [name, JSON.stringify(settings), sealed?.iv ?? null, sealed?.ciphertext ?? null, sealed ? this.#secretKey.keyId : null, userId],
    );
    return inserted.rowCount === 1;
  }

  /** Replaces a provider's settings; `apiKey`: undefined keeps the stored one, null removes it. */
  async updateProvider(name: string, settings: ProviderSettings, apiKey: string | null | undefined, userId: string, db: Queryable = this.#db): Promise<boolean> {
    if (apiKey === undefined) {
      const updated = await db.query('UPDATE catalogue_providers SET settings = $2, updated_by = $3, updated_at = now() WHERE name = $1', [name, JSON.stringify(settings), userId]);
      return updated.rowCount === 1;
    }
    const sealed = apiKey === null ? null : encryptVault(this.#secretKey.key, keyBinding(name), Buffer.from(apiKey, 'utf8'));
    const updated = await db.query(
      `UPDATE catalogue_providers SET settings = $2, api_key_iv = $3, api_key_ciphertext = $4, key_id = $5, updated_by = $6, updated_at = now() WHERE name = $1`,
      [name, JSON.stringify(settings), sealed?.iv ?? null, sealed?.ciphertext ?? null, sealed ? this.#secretKey.keyId : null, userId],
    );
    return updated.rowCount === 1;
  }

  async deleteProvider(name: string, db: Queryable = this.#db): Promise<boolean> {
    return (await db.query('DELETE FROM catalogue_providers WHERE name = $1', [name])).rowCount === 1;
  }

  async createModel(name: string, settings: ModelConfig, userId: string, db: Queryable = this.#db): Promise<boolean> {
    const inserted = await db.query(
      `INSERT INTO catalogue_models (name, settings, created_by, updated_by) VALUES ($1, $2, $3, $3) ON CONFLICT (name) DO NOTHING`,
      [name, JSON.stringify(settings), userId],
    );
    return inserted.rowCount === 1;
  }

  async updateModel(name: string, settings: ModelConfig, userId: string, db: Queryable = this.#db): Promise<boolean> {
    const updated = await db.query('UPDATE catalogue_models SET settings = $2, updated_by = $3, updated_at = now() WHERE name = $1', [name, JSON.stringify(settings), userId]);
    return updated.rowCount === 1;
  }

  async deleteModel(name: string, db: Queryable = this.#db): Promise<boolean> {
    return (await db.query('DELETE FROM catalogue_models WHERE name = $1', [name])).rowCount === 1;
  }
}
