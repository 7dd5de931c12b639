/**
 * Browser sessions kept in the database, so any instance serves any request. The cookie holds
 * 32 random bytes; the table holds only their SHA-256. Idle and absolute expiry are both
 * enforced on every lookup.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../auth/actor.ts';
import type { Database, Queryable } from '../db/database.ts';
import { toDate } from '../db/database.ts';

export type MfaState = 'not_enrolled' | 'pending' | 'verified';
export type AuthSource = 'local' | 'oidc';

export interface SessionRecord {
  idHash: string;
  userId: string;
  email: string;
  role: Role;
  groups: string[];
  csrfToken: string;
  mfa: MfaState;
  authSource: AuthSource;
}

export interface SessionTimeouts {
  idleMs: number;
  absoluteMs: number;
}

/** The last-seen time is written at most this often per session (a write per request would be wasteful). */
const TOUCH_INTERVAL_MS = 60_000;

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export class SessionStore {
  readonly #db: Database;
  readonly #timeouts: SessionTimeouts;
  readonly #now: () => number;

  constructor(db: Database, timeouts: SessionTimeouts, now: () => number = Date.now) {
    this.#db = db;
    this.#timeouts = timeouts;
    this.#now = now;
  }

  /** A new session; returns the cookie value (shown to the browser only). */
  async create(input: { userId: string; mfa: MfaState; authSource: AuthSource }): Promise<{ token: string; csrfToken: string }> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const now = this.#now();
    await this.#db.query(
      `INSERT INTO sessions (id_hash, user_id, csrf_token, mfa, auth_source, created_at, last_seen_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6, $7)`,
      [
        hashSessionToken(token),
        input.userId,
        csrfToken,
        input.mfa,
        input.authSource,
        new Date(now).toISOString(),
        new Date(now + this.#timeouts.absoluteMs).toISOString(),
      ],
    );
    return { token, csrfToken };
  }

  /** The live session for a cookie value, or undefined (unknown, idle too long, expired, user disabled). */
  async find(token: string): Promise<SessionRecord | undefined> {
    const idHash = hashSessionToken(token);
    const result = await this.#db.query<{
      user_id: string;
      csrf_token: string;
      mfa: MfaState;
      auth_source: AuthSource;
      last_seen_at: unknown;
      expires_at: unknown;
      email: string;
      role: Role;
      disabled_at: unknown;
      group_names: string[] | null;
    }>(
      `SELECT s.user_id, s.csrf_token, s.mfa, s.auth_source, s.last_seen_at, s.expires_at,
              u.email, u.role, u.disabled_at,
              array_agg(g.name ORDER BY g.name) FILTER (WHERE g.name IS NOT NULL) AS group_names
         FROM sessions s
         JOIN users u ON u.id = s.user_id
         LEFT JOIN user_groups ug ON ug.user_id = u.id
         LEFT JOIN groups g ON g.id = ug.group_id
        WHERE s.id_hash = $1
        GROUP BY s.id_hash, u.id`,
      [idHash],
    );
    const row = result.rows[0];
    if (!row) return undefined;
    const now = this.#now();
    const lastSeen = toDate(row.last_seen_at).getTime();
    if (row.disabled_at !== null || toDate(row.expires_at).getTime() <= now || lastSeen + this.#timeouts.idleMs <= now) {
      await this.#db.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
      return undefined;
    }
    if (now - lastSeen > TOUCH_INTERVAL_MS) {
      await this.#db.query('UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1', [idHash, new Date(now).toISOString()]);
    }
    return {
      idHash,
      userId: row.user_id,
      email: row.email,
      role: row.role,
      groups: row.group_names ?? [],
      csrfToken: row.csrf_token,
      mfa: row.mfa,
      authSource: row.auth_source,
    };
  }

  /**
   * Replaces a session by a new one with a new id (after the MFA step: the privilege changes,
   * so a session id fixed before it must not carry over). Keeps the absolute expiry.
   */
  async rotate(idHash: string, mfa: MfaState): Promise<{ token: string; csrfToken: string } | undefined> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const result = await this.#db.query(
      `UPDATE sessions SET id_hash = $2, csrf_token = $3, mfa = $4, last_seen_at = $5 WHERE id_hash = $1`,
      [idHash, hashSessionToken(token), csrfToken, mfa, new Date(this.#now()).toISOString()],
    );
    return result.rowCount === 1 ? { token, csrfToken } : undefined;
  }

  async delete(idHash: string): Promise<void> {
    await this.#db.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
  }

  /** Ends every session of a user (disabled, password changed), optionally but one. */
  async deleteForUser(userId: string, options: { except?: string; db?: Queryable } = {}): Promise<void> {
    await (options.db ?? this.#db).query('DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2', [userId, options.except ?? '']);
  }

  /** Removes expired rows (called from time to time). */
  async sweep(): Promise<number> {
    const now = this.#now();
    const result = await this.#db.query('DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2', [
      new Date(now).toISOString(),
      new Date(now - this.#timeouts.idleMs).toISOString(),
    ]);
    return result.rowCount;
  }
}
