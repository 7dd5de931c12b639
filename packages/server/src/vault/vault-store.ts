import type { Database } from '../db/database.ts';
import { toBuffer, toNumber } from '../db/database.ts';
import type { SecretKey } from '../secrets/secret-key.ts';
import { decryptVault, encryptVault, VaultDecryptionError } from './vault-cipher.ts';

/** Another request saved this conversation's vault since it was loaded: reload and retry. */
export class VaultConflictError extends Error {
  readonly code = 'VAULT_CONFLICT';
}

/** The conversation exists but belongs to someone else (the id is not theirs to use). */
export class VaultAccessError extends Error {
  readonly code = 'VAULT_FORBIDDEN';
}

export interface StoredVault {
  /** What the vault's toJSON() produced. */
  snapshot: unknown;
  /** Pass back to save(); 0 means "not stored yet". */
  version: number;
}

/**
 * Encrypted, versioned storage of one pseudonym vault per conversation. It stores the
 * vault's JSON snapshot and knows nothing of its inside (the shield's Vault does).
 */
export class VaultStore {
  readonly #db: Database;
  readonly #secretKey: SecretKey;

  constructor(db: Database, secretKey: SecretKey) {
    this.#db = db;
    this.#secretKey = secretKey;
  }

  /** The stored vault, or `{snapshot: null, version: 0}` for a new conversation. */
  async load(conversationId: string, ownerUserId: string): Promise<StoredVault> {
    const result = await this.#db.query<{
      owner_user_id: string;
      version: unknown;
      key_id: string;
      iv: unknown;
      ciphertext: unknown;
    }>('SELECT owner_user_id, version, key_id, iv, ciphertext FROM vaults WHERE conversation_id = $1', [conversationId]);
    const row = result.rows[0];
    if (!row) return { snapshot: null, version: 0 };
    if (row.owner_user_id !== ownerUserId) {
      throw new VaultAccessError(`conversation ${conversationId} belongs to another user`);
    }
    if (row.key_id !== this.#secretKey.keyId) {
      throw new VaultDecryptionError(
        `the vault of conversation ${conversationId} was encrypted with another key (key id ${row.key_id}); is REMPART_SECRET_KEY the one used when it was written?`,
      );
    }
    const plaintext = decryptVault(this.#secretKey.key, conversationId, {
      iv: toBuffer(row.iv),
      ciphertext: toBuffer(row.ciphertext),
    });
    return { snapshot: JSON.parse(plaintext.toString('utf8')), version: toNumber(row.version) };
  }

  /**
   * Writes the vault if nobody else did since `expectedVersion` was loaded (optimistic
   * concurrency); returns the new version, or throws VaultConflictError.
   */
  async save(conversationId: string, ownerUserId: string, snapshot: unknown, expectedVersion: number): Promise<number> {
    const { iv, ciphertext } = encryptVault(
      this.#secretKey.key,
      conversationId,
      Buffer.from(JSON.stringify(snapshot), 'utf8'),
    );
    const newVersion = expectedVersion + 1;
    const written =
      expectedVersion === 0
        ? await this.#db.query(
            `INSERT INTO vaults (conversation_id, owner_user_id, version, key_id, iv, ciphertext)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (conversation_id) DO NOTHING`,
            [conversationId, ownerUserId, newVersion, this.#secretKey.keyId, iv, ciphertext],
          )
        : await this.#db.query(
            `UPDATE vaults SET version = $3, key_id = $4, iv = $5, ciphertext = $6, updated_at = now()
              WHERE conversation_id = $1 AND owner_user_id = $2 AND version = $7`,
            [conversationId, ownerUserId, newVersion, this.#secretKey.keyId, iv, ciphertext, expectedVersion],
          );
    if (written.rowCount === 0) {
      throw new VaultConflictError(
        `the vault of conversation ${conversationId} changed since version ${expectedVersion} was loaded`,
      );
    }
    return newVersion;
  }

  /** Purged with its conversation (and on erasure requests). */
  async delete(conversationId: string, ownerUserId: string): Promise<boolean> {
    const deleted = await this.#db.query('DELETE FROM vaults WHERE conversation_id = $1 AND owner_user_id = $2', [
      conversationId,
      ownerUserId,
    ]);
    return deleted.rowCount > 0;
  }
}
