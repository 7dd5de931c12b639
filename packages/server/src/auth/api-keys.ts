import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Database } from '../db/database.ts';
import { toDate } from '../db/database.ts';

/** `rk_` + 43 base64url characters (32 random bytes) for generated keys. */
export const API_KEY_PREFIX = 'rk_';
/** Accepted shape: imported keys (bootstrap) may be longer, never shorter than 32 characters of entropy. */
export const API_KEY_PATTERN = /^rk_[A-Za-z0-9_-]{32,128}$/;
const DISPLAY_PREFIX_LENGTH = 11;

export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

/** SHA-256 is enough for a random 256-bit key (no dictionary to protect against). */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export interface ApiKeyInfo {
  id: string;
  userId: string;
  userEmail: string;
  name: string;
  /** The key's first characters, for display. */
  prefix: string;
  allowedModels: string[] | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export class ApiKeyInputError extends Error {
  readonly code = 'INVALID_API_KEY_REQUEST';
}

/**
 * Stores a new key for a user and returns it in clear, the only time it is ever available.
 * `key` lets the bootstrap import a key chosen by the operator.
 */
export async function createApiKey(
  db: Database,
  input: { userId: string; name: string; expiresAt?: Date; allowedModels?: string[]; key?: string },
): Promise<{ key: string; info: ApiKeyInfo }> {
  const key = input.key ?? generateApiKey();
  if (!API_KEY_PATTERN.test(key)) {
    throw new ApiKeyInputError('an API key must be "rk_" followed by 32 to 128 characters from A-Z a-z 0-9 _ -');
  }
  const id = randomUUID();
  await db.query(
    `INSERT INTO api_keys (id, user_id, name, prefix, key_hash, allowed_models, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      id,
      input.userId,
      input.name,
      key.slice(0, DISPLAY_PREFIX_LENGTH),
      hashApiKey(key),
      input.allowedModels && input.allowedModels.length > 0 ? input.allowedModels : null,
      input.expiresAt?.toISOString() ?? null,
    ],
  );
  const [info] = await listApiKeys(db, { id });
  if (!info) throw new Error('the API key just created cannot be read back');
  return { key, info };
}

export async function findApiKeyByValue(db: Database, key: string): Promise<ApiKeyInfo | undefined> {
  const [info] = await listApiKeys(db, { keyHash: hashApiKey(key) });
  return info;
}

interface ApiKeyRow {
  id: string;
  user_id: string;
  email: string;
  name: string;
  prefix: string;
  allowed_models: string[] | null;
  expires_at: unknown;
  revoked_at: unknown;
  created_at: unknown;
  last_used_at: unknown;
}

export async function listApiKeys(
  db: Database,
  filter: { id?: string; userEmail?: string; keyHash?: string } = {},
): Promise<ApiKeyInfo[]> {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (filter.id) conditions.push(`k.id = $${params.push(filter.id)}`);
  if (filter.userEmail) conditions.push(`u.email = $${params.push(filter.userEmail.trim().toLowerCase())}`);
  if (filter.keyHash) conditions.push(`k.key_hash = $${params.push(filter.keyHash)}`);
  const result = await db.query<ApiKeyRow>(
    `SELECT k.id, k.user_id, u.email, k.name, k.prefix, k.allowed_models, k.expires_at, k.revoked_at,
            k.created_at, k.last_used_at
       FROM api_keys k JOIN users u ON u.id = k.user_id
      ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
      ORDER BY u.email, k.created_at`,
    params,
  );
  return result.rows.map((row) => ({
    id: row.id,
    userId: row.user_id,
    userEmail: row.email,
    name: row.name,
    prefix: row.prefix,
    allowedModels: row.allowed_models,
    expiresAt: optionalDate(row.expires_at),
    revokedAt: optionalDate(row.revoked_at),
    createdAt: toDate(row.created_at),
    lastUsedAt: optionalDate(row.last_used_at),
  }));
}

/**
 * Revokes a key named by its id or its displayed prefix (must match exactly one key).
 * Returns the key as it is now; revoking twice keeps the first revocation time.
 */
export async function revokeApiKey(db: Database, idOrPrefix: string): Promise<ApiKeyInfo> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrPrefix);
  const matches = await db.query<{ id: string }>(
    isUuid ? 'SELECT id FROM api_keys WHERE id = $1' : 'SELECT id FROM api_keys WHERE prefix = $1',
    [idOrPrefix],
  );
  if (matches.rows.length === 0) throw new ApiKeyInputError(`no API key has the id or prefix ${idOrPrefix}`);
  if (matches.rows.length > 1) {
    throw new ApiKeyInputError(`several API keys have the prefix ${idOrPrefix}; revoke by id (see \`rempart keys list\`)`);
  }
  const id = matches.rows[0]!.id;
  await db.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [id]);
  const [info] = await listApiKeys(db, { id });
  return info!;
}

function optionalDate(value: unknown): Date | null {
  return value === null || value === undefined ? null : toDate(value);
}
