import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const IV_BYTES = 12; // 96-bit IV, the GCM standard size
const TAG_BYTES = 16;

export class VaultDecryptionError extends Error {
  readonly code = 'VAULT_UNREADABLE';
}

export interface EncryptedVault {
  iv: Buffer;
  /** Ciphertext followed by the 16-byte GCM authentication tag. */
  ciphertext: Buffer;
}

/**
 * AES-256-GCM with a fresh random IV per write and the conversation id as additional
 * authenticated data: a ciphertext only opens with the right key, for the right conversation,
 * unmodified.
 */
export function encryptVault(key: Buffer, conversationId: string, plaintext: Buffer): EncryptedVault {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(conversationId, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, ciphertext: Buffer.concat([body, cipher.getAuthTag()]) };
}

export function decryptVault(key: Buffer, conversationId: string, encrypted: EncryptedVault): Buffer {
  if (encrypted.iv.length !== IV_BYTES || encrypted.ciphertext.length < TAG_BYTES) {
    throw new VaultDecryptionError(`the vault of conversation ${conversationId} is malformed`);
  }
  const decipher = createDecipheriv('aes-256-gcm', key, encrypted.iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(conversationId, 'utf8'));
  decipher.setAuthTag(encrypted.ciphertext.subarray(encrypted.ciphertext.length - TAG_BYTES));
  try {
    return Buffer.concat([
      decipher.update(encrypted.ciphertext.subarray(0, encrypted.ciphertext.length - TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    throw new VaultDecryptionError(
      `the vault of conversation ${conversationId} does not decrypt: wrong key or altered data`,
    );
  }
}
