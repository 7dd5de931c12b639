/**
 * Failed login (and MFA) attempts counted per account and per client IP in fixed windows,
 * in the database so every instance sees the same counts. Checked BEFORE the password is
 * verified: a locked account answers 429 even to the right password, and the same way
 * whether it exists or not.
 */
import type { Database } from '../db/database.ts';
import { toNumber } from '../db/database.ts';

export interface LoginLimits {
  perAccount: number;
  perIp: number;
  windowMinutes: number;
}

export interface ThrottleVerdict {
  allowed: boolean;
  /** Seconds until the window ends (for retry-after). */
  retryAfterSeconds: number;
}

export class LoginThrottle {
  readonly #db: Database;
  readonly #limits: LoginLimits;
  readonly #now: () => number;

  constructor(db: Database, limits: LoginLimits, now: () => number = Date.now) {
    this.#db = db;
    this.#limits = limits;
    this.#now = now;
  }

  #window(): { start: Date; retryAfterSeconds: number } {
    const windowMs = this.#limits.windowMinutes * 60_000;
    const now = this.#now();
    const start = Math.floor(now / windowMs) * windowMs;
    return { start: new Date(start), retryAfterSeconds: Math.max(1, Math.ceil((start + windowMs - now) / 1000)) };
  }

  async check(account: string, ip: string): Promise<ThrottleVerdict> {
    const { start, retryAfterSeconds } = this.#window();
    const result = await this.#db.query<{ subject: string; failures: unknown }>(
      'SELECT subject, failures FROM login_failures WHERE window_start = $1 AND subject IN ($2, $3)',
      [start.toISOString(), accountSubject(account), ipSubject(ip)],
    );
    let allowed = true;
    for (const row of result.rows) {
      const limit = row.subject.startsWith('account:') ? this.#limits.perAccount : this.#limits.perIp;
      if (toNumber(row.failures) >= limit) allowed = false;
    }
    return { allowed, retryAfterSeconds };
  }

  async recordFailure(account: string, ip: string): Promise<void> {
    const { start } = this.#window();
    for (const subject of [accountSubject(account), ipSubject(ip)]) {
      await this.#db.query(
        `INSERT INTO login_failures (subject, window_start, failures) VALUES ($1, $2, 1)
         ON CONFLICT (subject, window_start) DO UPDATE SET failures = login_failures.failures + 1`,
        [subject, start.toISOString()],
      );
    }
  }

  /** Old windows count for nothing: removed by the API's periodic housekeeping (api/index.ts). */

  /** A successful login clears the account's count (not the IP's: one good password must not unlock guessing). */
  async recordSuccess(account: string): Promise<void> {
    await this.#db.query('DELETE FROM login_failures WHERE subject = $1', [accountSubject(account)]);
  }
}

const accountSubject = (account: string): string => `account:${account.trim().toLowerCase()}`;
const ipSubject = (ip: string): string => `ip:${ip}`;
