/**
 * A user's credentials: password hash and TOTP second factor (secret encrypted at rest with
 * the server's secret key, AES-256-GCM, bound to the user id).
 */
import type { Database, Queryable } from '../db/database.ts';
import { toBuffer, toNumber } from '../db/database.ts';
import type { SecretKey } from '../secrets/secret-key.ts';
import { decryptVault, encryptVault } from '../vault/vault-cipher.ts';

export interface Credentials {
  passwordHash: string | null;
  totpEnabled: boolean;
  /** Decrypted TOTP secret (base32), pending or enabled; null when none. */
  totpSecret: string | null;
  totpLastStep: number | null;
}

const totpBinding = (userId: string): string => `totp:${userId}`;

export class CredentialStore {
  readonly #db: Database;
  readonly #secretKey: SecretKey;

  constructor(db: Database, secretKey: SecretKey) {
    this.#db = db;
    this.#secretKey = secretKey;
  }

  async get(userId: string): Promise<Credentials> {
    const result = await this.#db.query<{
      password_hash: string | null;
      totp_secret_iv: unknown;
      totp_secret_ciphertext: unknown;
      totp_enabled_at: unknown;
      totp_last_step: unknown;
    }>(
      'SELECT password_hash, totp_secret_iv, totp_secret_ciphertext, totp_enabled_at, totp_last_step FROM user_credentials WHERE user_id = $1',
      [userId],
    );
    const row = result.rows[0];
    if (!row) return { passwordHash: null, totpEnabled: false, totpSecret: null, totpLastStep: null };
    const totpSecret =
      row.totp_secret_iv !== null && row.totp_secret_ciphertext !== null
        ? decryptVault(this.#secretKey.key, totpBinding(userId), {
            iv: toBuffer(row.totp_secret_iv),
            ciphertext: toBuffer(row.totp_secret_ciphertext),
          }).toString('utf8')
        : null;
    return {
      passwordHash: row.password_hash,
      totpEnabled: row.totp_enabled_at !== null,
      totpSecret,
      totpLastStep: row.totp_last_step === null ? null : toNumber(row.totp_last_step),
    };
  }

  async setPassword(userId: string, passwordHash: string, db: Queryable = this.#db): Promise<void> {
    await db.query(
      `INSERT INTO user_credentials (user_id, password_hash, password_updated_at) VALUES ($1, $2, now())
       ON CONFLICT (user_id) DO UPDATE SET password_hash = EXCLUDED.password_hash, password_updated_at = now()`,
      [userId, passwordHash],
    );
  }

  /** Stores a new, not yet confirmed TOTP secret (replaces a previous pending one). */
  async setPendingTotp(userId: string, secret: string): Promise<void> {
    const encrypted = encryptVault(this.#secretKey.key, totpBinding(userId), Buffer.from(secret, 'utf8'));
    await this.#db.query(
      `INSERT INTO user_credentials (user_id, totp_secret_iv, totp_secret_ciphertext) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET totp_secret_iv = EXCLUDED.totp_secret_iv,
         totp_secret_ciphertext = EXCLUDED.totp_secret_ciphertext, totp_enabled_at = NULL, totp_last_step = NULL`,
      [userId, encrypted.iv, encrypted.ciphertext],
    );
  }

  async enableTotp(userId: string, acceptedStep: number): Promise<void> {
    await this.#db.query('UPDATE user_credentials SET totp_enabled_at = now(), totp_last_step = $2 WHERE user_id = $1', [
      userId,
      acceptedStep,
    ]);
  }

  /**
   * Records that the code of `step` was used; false when that step (or a later one) was
   * already used — a replayed code. One conditional UPDATE, so two instances cannot both accept it.
   */
  async consumeTotpStep(userId: string, step: number): Promise<boolean> {
    const result = await this.#db.query(
      `UPDATE user_credentials SET totp_last_step = $2
        WHERE user_id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)`,
      [userId, step],
    );
    return result.rowCount === 1;
  }

  async resetTotp(userId: string): Promise<void> {
    await this.#db.query(
      `UPDATE user_credentials SET totp_secret_iv = NULL, totp_secret_ciphertext = NULL, totp_enabled_at = NULL, totp_last_step = NULL
        WHERE user_id = $1`,
      [userId],
    );
  }

  /** userId → whether a password is set and TOTP enabled (for presenting users). */
  async summaries(userIds: readonly string[]): Promise<Map<string, { hasPassword: boolean; mfaEnabled: boolean }>> {
    const summaries = new Map<string, { hasPassword: boolean; mfaEnabled: boolean }>();
    if (userIds.length === 0) return summaries;
    const result = await this.#db.query<{ user_id: string; has_password: boolean; mfa_enabled: boolean }>(
      `SELECT user_id, password_hash IS NOT NULL AS has_password, totp_enabled_at IS NOT NULL AS mfa_enabled
         FROM user_credentials WHERE user_id = ANY($1)`,
      [userIds],
    );
    for (const row of result.rows) summaries.set(row.user_id, { hasPassword: row.has_password, mfaEnabled: row.mfa_enabled });
    return summaries;
  }
}
