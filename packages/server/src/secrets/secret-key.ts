import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SecretKey {
  /** 32 bytes: the AES-256 key of the conversation vaults. */
  key: Buffer;
  /** Short fingerprint stored with each ciphertext, to tell "wrong key" from "tampered". */
  keyId: string;
  source: 'environment' | 'file' | 'generated';
  /** Set when the key comes from (or was written to) the data folder. */
  path?: string;
}

export interface SecretKeyWarnings {
  warn(message: string): void;
}

export const SECRET_KEY_FILE = 'secret.key';

/**
 * The vault key: from REMPART_SECRET_KEY (32 bytes, base64 or hex) when set; otherwise from
 * `<dataDir>/secret.key`, generated there (mode 0600) on first start. A key kept beside the
 * data it protects is only right for a trial: in production a loud warning says so.
 */
export function loadSecretKey(options: {
  environmentValue: string | undefined;
  dataDir: string;
  production: boolean;
  warnings: SecretKeyWarnings;
}): SecretKey {
  if (options.environmentValue !== undefined && options.environmentValue.trim() !== '') {
    const key = parseSecretKey(options.environmentValue.trim());
    return { key, keyId: keyFingerprint(key), source: 'environment' };
  }
  const path = join(options.dataDir, SECRET_KEY_FILE);
  let source: SecretKey['source'] = 'file';
  let key: Buffer;
  try {
    key = parseSecretKey(readFileSync(path, 'utf8').trim(), path);
    if ((statSync(path).mode & 0o077) !== 0) {
      options.warnings.warn(`${path} is readable by other users; restrict it with: chmod 600 ${path}`);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(options.dataDir, { recursive: true });
    key = randomBytes(32);
    try {
      // 'wx': if another process created it meanwhile, keep theirs.
      writeFileSync(path, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
      source = 'generated';
    } catch (writeError) {
      if ((writeError as NodeJS.ErrnoException).code !== 'EEXIST') throw writeError;
      key = parseSecretKey(readFileSync(path, 'utf8').trim(), path);
    }
  }
  if (options.production) {
    options.warnings.warn(
      `!!! REMPART_SECRET_KEY is not set: conversation vaults are encrypted with a key ${source === 'generated' ? 'just generated' : 'stored'} in ${path}, ` +
        'next to the data it protects. In production, set REMPART_SECRET_KEY (32 bytes, base64 or hex) from your secrets manager, ' +
        'the same on every instance, and back it up: without it the vaults cannot be decrypted. !!!',
    );
  }
  return { key, keyId: keyFingerprint(key), source, path };
}

/** 32 bytes as 64 hex characters or as base64 (standard or URL-safe). */
export function parseSecretKey(text: string, origin = 'REMPART_SECRET_KEY'): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(text)
    ? Buffer.from(text, 'hex')
    : /^[A-Za-z0-9+/_-]+={0,2}$/.test(text)
      ? Buffer.from(text, 'base64')
      : undefined;
  if (!key || key.length !== 32) {
    throw new Error(
      `${origin} must be 32 bytes written as 64 hex characters or as base64 (generate one with: openssl rand -base64 32)`,
    );
  }
  return key;
}

export function keyFingerprint(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}
