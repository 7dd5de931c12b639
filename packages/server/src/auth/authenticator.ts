import type { Database } from '../db/database.ts';
import { toDate } from '../db/database.ts';
import type { Actor, Role } from './actor.ts';
import { API_KEY_PATTERN, hashApiKey } from './api-keys.ts';
import { AuthenticationError } from './auth-errors.ts';

interface KeyOwnerRow {
  api_key_id: string;
  allowed_models: string[] | null;
  expires_at: unknown;
  revoked_at: unknown;
  last_used_at: unknown;
  user_id: string;
  email: string;
  role: Role;
  disabled_at: unknown;
  group_names: string[] | null;
}

interface CachedKey {
  actor: Actor;
  expiresAt: number | null;
  cachedUntil: number;
}

export interface ApiKeyAuthenticatorOptions {
  /**
   * How long a successful lookup is reused in this process (ms). Revocations made through
   * this process apply at once; made elsewhere (another instance, the CLI) within this delay.
   */
  cacheTtlMs?: number;
  now?: () => number;
}

/** The `last_used_at` column is refreshed at most this often per key (a write per request would be wasteful). */
const LAST_USED_REFRESH_MS = 60_000;
const CACHE_MAX_ENTRIES = 10_000;

/** Turns `Authorization: Bearer rk_…` into an Actor, or throws an AuthenticationError saying why not. */
export class ApiKeyAuthenticator {
  readonly #db: Database;
  readonly #cacheTtlMs: number;
  readonly #now: () => number;
  readonly #cache = new Map<string, CachedKey>();

  constructor(db: Database, options: ApiKeyAuthenticatorOptions = {}) {
    this.#db = db;
    this.#cacheTtlMs = options.cacheTtlMs ?? 0;
    this.#now = options.now ?? Date.now;
  }

  async authenticate(authorizationHeader: string | undefined): Promise<Actor> {
    const key = parseBearer(authorizationHeader);
    const keyHash = hashApiKey(key);
    const now = this.#now();
    const cached = this.#cache.get(keyHash);
    if (cached && cached.cachedUntil > now) {
      if (cached.expiresAt !== null && cached.expiresAt <= now) throw new AuthenticationError('expired_api_key');
      return cached.actor;
    }
    const result = await this.#db.query<KeyOwnerRow>(
      `SELECT k.id AS api_key_id, k.allowed_models, k.expires_at, k.revoked_at, k.last_used_at,
              u.id AS user_id, u.email, u.role, u.disabled_at,
              array_agg(g.name ORDER BY g.name) FILTER (WHERE g.name IS NOT NULL) AS group_names
         FROM api_keys k
         JOIN users u ON u.id = k.user_id
         LEFT JOIN user_groups ug ON ug.user_id = u.id
         LEFT JOIN groups g ON g.id = ug.group_id
        WHERE k.key_hash = $1
        GROUP BY k.id, u.id`,
      [keyHash],
    );
    const row = result.rows[0];
    if (!row) throw new AuthenticationError('unknown_api_key');
    if (row.revoked_at !== null) throw new AuthenticationError('revoked_api_key');
    const expiresAt = row.expires_at === null ? null : toDate(row.expires_at).getTime();
    if (expiresAt !== null && expiresAt <= now) throw new AuthenticationError('expired_api_key');
    if (row.disabled_at !== null) throw new AuthenticationError('disabled_user');

    const actor: Actor = {
      userId: row.user_id,
      email: row.email,
      role: row.role,
      groups: row.group_names ?? [],
      apiKeyId: row.api_key_id,
      ...(row.allowed_models ? { keyAllowedModels: row.allowed_models } : {}),
    };
    const lastUsedAt = row.last_used_at === null ? 0 : toDate(row.last_used_at).getTime();
    if (now - lastUsedAt > LAST_USED_REFRESH_MS) {
      await this.#db.query('UPDATE api_keys SET last_used_at = $2 WHERE id = $1', [
        row.api_key_id,
        new Date(now).toISOString(),
      ]);
    }
    if (this.#cacheTtlMs > 0) {
      if (this.#cache.size >= CACHE_MAX_ENTRIES) this.#cache.clear();
      this.#cache.set(keyHash, { actor, expiresAt, cachedUntil: now + this.#cacheTtlMs });
    }
    return actor;
  }

  /** Forget cached lookups (after a revocation or a change of groups made in this process). */
  invalidate(): void {
    this.#cache.clear();
  }
}

/** `Bearer rk_…` (scheme case-insensitive, as RFC 9110 says) → the key; otherwise a precise error. */
export function parseBearer(authorizationHeader: string | undefined): string {
  if (authorizationHeader === undefined || authorizationHeader.trim() === '') {
    throw new AuthenticationError('missing_api_key');
  }
  const match = /^Bearer[ ]+(\S+)[ ]*$/i.exec(authorizationHeader);
  if (!match || !API_KEY_PATTERN.test(match[1]!)) throw new AuthenticationError('malformed_api_key');
  return match[1]!;
}
