/**
 * The Ed25519 key that signs audit checkpoints. From REMPART_AUDIT_SIGNING_KEY (a PKCS#8 PEM,
 * newlines may be written as \n) when set — the same on every instance —, otherwise from
 * `<dataDir>/audit-signing-key.pem`, generated there (mode 0600) on first use. The public key
 * is exported with every checkpoint, so an export can be verified without Rempart.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SIGNING_KEY_FILE = 'audit-signing-key.pem';
export const SIGNING_KEY_ENV = 'REMPART_AUDIT_SIGNING_KEY';

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** SubjectPublicKeyInfo PEM: what verifiers need. */
  publicKeyPem: string;
  /** First 16 hex characters of SHA-256 of the public key (DER). */
  keyId: string;
  source: 'environment' | 'file' | 'generated';
}

export function loadSigningKey(options: { environmentValue: string | undefined; dataDir: string }): SigningKey {
  const fromEnvironment = options.environmentValue?.trim();
  if (fromEnvironment) return describe(parsePrivateKey(fromEnvironment.replaceAll('\\n', '\n'), SIGNING_KEY_ENV), 'environment');
  const path = join(options.dataDir, SIGNING_KEY_FILE);
  try {
    return describe(parsePrivateKey(readFileSync(path, 'utf8'), path), 'file');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(options.dataDir, { recursive: true });
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  try {
    // 'wx': another instance sharing the folder may have written one meanwhile; keep theirs.
    writeFileSync(path, pem, { mode: 0o600, flag: 'wx' });
    return describe(privateKey, 'generated');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return describe(parsePrivateKey(readFileSync(path, 'utf8'), path), 'file');
  }
}

function parsePrivateKey(pem: string, origin: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (error) {
    throw new Error(`${origin} is not a PKCS#8 PEM private key (${(error as Error).message}); generate one with: openssl genpkey -algorithm ed25519`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${origin} must be an Ed25519 key, not ${key.asymmetricKeyType}`);
  return key;
}

function describe(privateKey: KeyObject, source: SigningKey['source']): SigningKey {
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    publicKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    keyId: publicKeyId(publicKey),
    source,
  };
}

export function publicKeyId(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}
