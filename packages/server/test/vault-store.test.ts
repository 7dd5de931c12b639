import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyFingerprint, loadSecretKey, parseSecretKey, type SecretKey } from '../src/secrets/secret-key.ts';
import { decryptVault, encryptVault, VaultDecryptionError } from '../src/vault/vault-cipher.ts';
import { VaultAccessError, VaultConflictError, VaultStore } from '../src/vault/vault-store.ts';
import { createUser } from '../src/users/users.ts';
import { backendNames, createTestDatabase, postgresEnabled, type TestDatabase } from './support/databases.ts';

function secretKey(): SecretKey {
  const key = randomBytes(32);
  return { key, keyId: keyFingerprint(key), source: 'environment' };
}

describe('vault cipher (AES-256-GCM)', () => {
  const key = randomBytes(32);
  const plaintext = Buffer.from(JSON.stringify({ '<PERSONNE_1>': 'Marie Dupont' }));

  it('round-trips, with a fresh 96-bit IV on every write', () => {
    const first = encryptVault(key, 'conv-1', plaintext);
    const second = encryptVault(key, 'conv-1', plaintext);
    expect(first.iv).toHaveLength(12);
    expect(first.iv.equals(second.iv)).toBe(false);
    expect(first.ciphertext.includes(Buffer.from('Marie'))).toBe(false);
    expect(decryptVault(key, 'conv-1', first).equals(plaintext)).toBe(true);
  });

  it('fails with a wrong key, a tampered ciphertext, or another conversation id (AAD)', () => {
    const encrypted = encryptVault(key, 'conv-1', plaintext);
    expect(() => decryptVault(randomBytes(32), 'conv-1', encrypted)).toThrow(VaultDecryptionError);
    const tampered = Buffer.from(encrypted.ciphertext);
    tampered[0]! ^= 1;
    expect(() => decryptVault(key, 'conv-1', { iv: encrypted.iv, ciphertext: tampered })).toThrow(VaultDecryptionError);
    expect(() => decryptVault(key, 'conv-2', encrypted)).toThrow(VaultDecryptionError);
  });
});

describe('secret key', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rempart-key-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('parses 32 bytes as hex or base64 and refuses anything else', () => {
    const key = randomBytes(32);
    expect(parseSecretKey(key.toString('hex')).equals(key)).toBe(true);
    expect(parseSecretKey(key.toString('base64')).equals(key)).toBe(true);
    expect(() => parseSecretKey(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
    expect(() => parseSecretKey('not a key!')).toThrow(/32 bytes/);
  });

  it('is generated once into the data folder (mode 0600), then reused; production warns loudly', () => {
    const warnings: string[] = [];
    const options = { environmentValue: undefined, dataDir, production: false, warnings: { warn: (m: string) => warnings.push(m) } };
    const generated = loadSecretKey(options);
    expect(generated.source).toBe('generated');
    expect(statSync(join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dataDir, 'secret.key'), 'utf8').trim()).toBe(generated.key.toString('base64'));
    const reused = loadSecretKey(options);
    expect(reused.source).toBe('file');
    expect(reused.key.equals(generated.key)).toBe(true);
    expect(warnings).toEqual([]);

    loadSecretKey({ ...options, production: true });
    expect(warnings.join('\n')).toMatch(/REMPART_SECRET_KEY is not set/);
  });

  it('prefers REMPART_SECRET_KEY', () => {
    const key = randomBytes(32);
    const loaded = loadSecretKey({
      environmentValue: key.toString('hex'),
      dataDir,
      production: true,
      warnings: { warn: () => expect.fail('no warning expected') },
    });
    expect(loaded).toMatchObject({ source: 'environment', keyId: keyFingerprint(key) });
  });
});

describe.each(backendNames)('vault store on %s', (backend) => {
  const skip = backend === 'postgres' && !postgresEnabled;
  let testDb: TestDatabase;
  let ownerId: string;
  let otherUserId: string;
  beforeAll(async () => {
    if (skip) return;
    testDb = await createTestDatabase(backend);
    ownerId = (await createUser(testDb.db, { email: 'owner@example.org' })).id;
    otherUserId = (await createUser(testDb.db, { email: 'other@example.org' })).id;
  });
  afterAll(async () => {
    await testDb?.dispose();
  });

  it.skipIf(skip)('stores the snapshot encrypted and loads it back', async () => {
    const store = new VaultStore(testDb.db, secretKey());
    expect(await store.load('conv-a', ownerId)).toEqual({ snapshot: null, version: 0 });
    const snapshot = { entries: [['<PERSONNE_1>', 'Marie Dupont']] };
    expect(await store.save('conv-a', ownerId, snapshot, 0)).toBe(1);
    expect(await store.load('conv-a', ownerId)).toEqual({ snapshot, version: 1 });

    const raw = await testDb.db.query<{ ciphertext: Uint8Array }>('SELECT ciphertext FROM vaults WHERE conversation_id = $1', ['conv-a']);
    expect(Buffer.from(raw.rows[0]!.ciphertext).includes(Buffer.from('Marie'))).toBe(false);
  });

  it.skipIf(skip)('optimistic concurrency: a stale writer gets a conflict instead of overwriting', async () => {
    const store = new VaultStore(testDb.db, secretKey());
    await store.save('conv-b', ownerId, { n: 0 }, 0);
    const [first, second] = await Promise.all([store.load('conv-b', ownerId), store.load('conv-b', ownerId)]);
    expect(await store.save('conv-b', ownerId, { n: 1 }, first.version)).toBe(2);
    await expect(store.save('conv-b', ownerId, { n: 2 }, second.version)).rejects.toBeInstanceOf(VaultConflictError);
    // Two requests creating the same conversation at once: one wins, the other must reload.
    const created = await Promise.allSettled([
      store.save('conv-c', ownerId, { by: 1 }, 0),
      store.save('conv-c', ownerId, { by: 2 }, 0),
    ]);
    expect(created.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect(await store.load('conv-b', ownerId)).toEqual({ snapshot: { n: 1 }, version: 2 });
  });

  it.skipIf(skip)("refuses another user's conversation, a wrong key and a tampered row", async () => {
    const key = secretKey();
    const store = new VaultStore(testDb.db, key);
    await store.save('conv-d', ownerId, { secret: 'x' }, 0);
    await expect(store.load('conv-d', otherUserId)).rejects.toBeInstanceOf(VaultAccessError);
    await expect(store.save('conv-d', otherUserId, {}, 1)).rejects.toBeInstanceOf(VaultConflictError);
    await expect(new VaultStore(testDb.db, secretKey()).load('conv-d', ownerId)).rejects.toThrow(/another key/);
    // Same key id but tampered bytes: authentication fails.
    await testDb.db.query(
      // Flip the low bit of the first byte (a fixed byte value would leave it unchanged 1 time in 256).
      `UPDATE vaults SET ciphertext = set_byte(ciphertext, 0, get_byte(ciphertext, 0) # 1) WHERE conversation_id = 'conv-d'`,
    );
    await expect(store.load('conv-d', ownerId)).rejects.toBeInstanceOf(VaultDecryptionError);
    expect(await store.delete('conv-d', ownerId)).toBe(true);
  });
});
