import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, generateApiKey, listApiKeys, revokeApiKey } from '../src/auth/api-keys.ts';
import { ApiKeyAuthenticator, parseBearer } from '../src/auth/authenticator.ts';
import { AuthenticationError, type AuthFailureCode } from '../src/auth/auth-errors.ts';
import { createUser, findUserByEmail, UserInputError } from '../src/users/users.ts';
import { backendNames, createTestDatabase, postgresEnabled, type TestDatabase } from './support/databases.ts';

async function failureCode(promise: Promise<unknown>): Promise<AuthFailureCode | 'no error'> {
  try {
    await promise;
    return 'no error';
  } catch (error) {
    if (error instanceof AuthenticationError) return error.code;
    throw error;
  }
}

describe('parseBearer', () => {
  it('accepts the Bearer scheme case-insensitively and refuses anything else with a precise code', () => {
    const key = generateApiKey();
    expect(key).toMatch(/^rk_[A-Za-z0-9_-]{43}$/);
    expect(parseBearer(`Bearer ${key}`)).toBe(key);
    expect(parseBearer(`bearer ${key}`)).toBe(key);
    const codeOf = (header: string | undefined) => {
      try {
        parseBearer(header);
        return 'no error';
      } catch (error) {
        return (error as AuthenticationError).code;
      }
    };
    expect(codeOf(undefined)).toBe('missing_api_key');
    expect(codeOf('  ')).toBe('missing_api_key');
    expect(codeOf(key)).toBe('malformed_api_key');
    expect(codeOf(`Basic ${key}`)).toBe('malformed_api_key');
    expect(codeOf('Bearer sk-1234')).toBe('malformed_api_key');
    expect(codeOf('Bearer rk_short')).toBe('malformed_api_key');
    expect(codeOf(`Bearer ${key} extra`)).toBe('malformed_api_key');
  });
});

describe.each(backendNames)('users and API keys on %s', (backend) => {
  const skip = backend === 'postgres' && !postgresEnabled;
  let testDb: TestDatabase;
  beforeAll(async () => {
    if (!skip) testDb = await createTestDatabase(backend);
  });
  afterAll(async () => {
    await testDb?.dispose();
  });

  it.skipIf(skip)('creates users with groups; emails are unique and case-insensitive', async () => {
    const user = await createUser(testDb.db, {
      email: ' Alice@Example.org ',
      displayName: 'Alice',
      role: 'admin',
      groups: ['legal', 'finance', 'legal'],
    });
    expect(user).toMatchObject({ email: 'alice@example.org', role: 'admin', groups: ['finance', 'legal'] });
    await expect(createUser(testDb.db, { email: 'ALICE@example.org' })).rejects.toBeInstanceOf(UserInputError);
    expect((await findUserByEmail(testDb.db, 'alice@EXAMPLE.org'))?.id).toBe(user.id);
  });

  it.skipIf(skip)('authenticates a key into an Actor (groups, key restriction) and stores only its hash', async () => {
    const user = await createUser(testDb.db, { email: 'bob@example.org', groups: ['support'] });
    const { key, info } = await createApiKey(testDb.db, {
      userId: user.id,
      name: 'ide',
      allowedModels: ['small', 'medium'],
    });
    expect(info.prefix).toBe(key.slice(0, 11));
    const stored = await testDb.db.query<{ key_hash: string }>('SELECT key_hash FROM api_keys WHERE id = $1', [info.id]);
    expect(stored.rows[0]!.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored.rows)).not.toContain(key);

    const authenticator = new ApiKeyAuthenticator(testDb.db);
    expect(await authenticator.authenticate(`Bearer ${key}`)).toEqual({
      userId: user.id,
      email: 'bob@example.org',
      role: 'user',
      groups: ['support'],
      apiKeyId: info.id,
      keyAllowedModels: ['small', 'medium'],
    });
    const [listed] = await listApiKeys(testDb.db, { userEmail: 'bob@example.org' });
    expect(listed?.lastUsedAt).toBeInstanceOf(Date);
  });

  it.skipIf(skip)('distinguishes unknown, expired and revoked keys and disabled users', async () => {
    const user = await createUser(testDb.db, { email: 'carol@example.org' });
    const authenticator = new ApiKeyAuthenticator(testDb.db);
    expect(await failureCode(authenticator.authenticate(`Bearer ${generateApiKey()}`))).toBe('unknown_api_key');

    const expired = await createApiKey(testDb.db, { userId: user.id, name: 'old', expiresAt: new Date(Date.now() - 1000) });
    expect(await failureCode(authenticator.authenticate(`Bearer ${expired.key}`))).toBe('expired_api_key');

    const revoked = await createApiKey(testDb.db, { userId: user.id, name: 'leaked' });
    expect(await failureCode(authenticator.authenticate(`Bearer ${revoked.key}`))).toBe('no error');
    const revokedInfo = await revokeApiKey(testDb.db, revoked.info.prefix);
    expect(revokedInfo.revokedAt).toBeInstanceOf(Date);
    expect(await failureCode(authenticator.authenticate(`Bearer ${revoked.key}`))).toBe('revoked_api_key');

    const active = await createApiKey(testDb.db, { userId: user.id, name: 'active' });
    await testDb.db.query('UPDATE users SET disabled_at = now() WHERE id = $1', [user.id]);
    expect(await failureCode(authenticator.authenticate(`Bearer ${active.key}`))).toBe('disabled_user');
  });

  it.skipIf(skip)('a key expiring while cached stops working; cached lookups can be invalidated', async () => {
    const user = await createUser(testDb.db, { email: 'dan@example.org' });
    let nowMs = Date.now();
    const authenticator = new ApiKeyAuthenticator(testDb.db, { cacheTtlMs: 60_000, now: () => nowMs });
    const { key, info } = await createApiKey(testDb.db, { userId: user.id, name: 'k', expiresAt: new Date(nowMs + 5_000) });
    await authenticator.authenticate(`Bearer ${key}`);
    nowMs += 10_000;
    expect(await failureCode(authenticator.authenticate(`Bearer ${key}`))).toBe('expired_api_key');

    const second = await createApiKey(testDb.db, { userId: user.id, name: 'k2' });
    await authenticator.authenticate(`Bearer ${second.key}`);
    await revokeApiKey(testDb.db, second.info.id);
    authenticator.invalidate();
    expect(await failureCode(authenticator.authenticate(`Bearer ${second.key}`))).toBe('revoked_api_key');
    expect(info.expiresAt).toBeInstanceOf(Date);
  });

  it.skipIf(skip)('imports an operator-chosen key only if it has the rk_ shape and enough entropy', async () => {
    const user = await createUser(testDb.db, { email: 'erin@example.org' });
    await expect(createApiKey(testDb.db, { userId: user.id, name: 'x', key: 'rk_tooshort' })).rejects.toThrow(/32 to 128/);
    const chosen = 'rk_' + 'a1B2c3D4'.repeat(5);
    const { key } = await createApiKey(testDb.db, { userId: user.id, name: 'x', key: chosen });
    expect(key).toBe(chosen);
    await expect(revokeApiKey(testDb.db, 'rk_nonexistent')).rejects.toThrow(/no API key/);
  });
});
