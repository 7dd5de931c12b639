import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/auth/actor.ts';
import { openPostgres } from '../src/db/postgres.ts';
import { DatabaseUsageLimiter } from '../src/limits/database-usage-limiter.ts';
import { backendNames, createTestDatabase, postgresEnabled, type TestDatabase } from './support/databases.ts';

const actorWithKey = (userId: string, apiKeyId: string): Actor => ({
  userId,
  email: `${userId}@example.org`,
  role: 'user',
  groups: [],
  apiKeyId,
});

describe.each(backendNames)('usage limiter on %s', (backend) => {
  const skip = backend === 'postgres' && !postgresEnabled;
  let testDb: TestDatabase;
  beforeAll(async () => {
    if (!skip) testDb = await createTestDatabase(backend);
  });
  afterAll(async () => {
    await testDb?.dispose();
  });

  it.skipIf(skip)('rate-limits per key and per user within a minute window, and resets the next minute', async () => {
    let nowMs = Date.UTC(2026, 0, 5, 10, 0, 10);
    const limiter = new DatabaseUsageLimiter(
      testDb.db,
      { requestsPerMinute: { perKey: 2, perUser: 3 }, tokensPerDay: {} },
      { now: () => nowMs },
    );
    const keyA = actorWithKey('u1', 'key-a');
    const keyB = actorWithKey('u1', 'key-b');
    expect(await limiter.admit(keyA)).toEqual({ allowed: true });
    expect(await limiter.admit(keyA)).toEqual({ allowed: true });
    expect(await limiter.admit(keyA)).toMatchObject({ allowed: false, reason: 'rate_limit', scope: 'key', limit: 2, retryAfterSeconds: 50 });
    // Another key of the same user: the key limit is fresh but the user's 3/min is now exceeded.
    expect(await limiter.admit(keyB)).toMatchObject({ allowed: false, reason: 'rate_limit', scope: 'user', limit: 3 });
    // Another user is unaffected.
    expect(await limiter.admit(actorWithKey('u2', 'key-c'))).toEqual({ allowed: true });
    nowMs += 60_000;
    expect(await limiter.admit(keyA)).toEqual({ allowed: true });
  });

  it.skipIf(skip)('counts concurrent requests exactly', async () => {
    const limiter = new DatabaseUsageLimiter(testDb.db, { requestsPerMinute: { perKey: 10 }, tokensPerDay: {} });
    const actor = actorWithKey('u-concurrent', 'key-concurrent');
    const decisions = await Promise.all(Array.from({ length: 25 }, () => limiter.admit(actor)));
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(10);
  });

  it.skipIf(skip || backend !== 'postgres')('counts exactly across two instances sharing PostgreSQL', async () => {
    const secondInstanceDb = await openPostgres({ url: testDb.location.url!, schema: testDb.location.schema, maxConnections: 4 });
    try {
      const settings = { requestsPerMinute: { perUser: 10 }, tokensPerDay: {} };
      const instances = [new DatabaseUsageLimiter(testDb.db, settings), new DatabaseUsageLimiter(secondInstanceDb, settings)];
      const actor = actorWithKey('u-two-instances', 'key-two-instances');
      const decisions = await Promise.all(Array.from({ length: 30 }, (_, index) => instances[index % 2]!.admit(actor)));
      expect(decisions.filter((decision) => decision.allowed)).toHaveLength(10);
    } finally {
      await secondInstanceDb.close();
    }
  });

  it.skipIf(skip)('enforces daily token quotas per key and per user, reset at 00:00 UTC', async () => {
    let nowMs = Date.UTC(2026, 0, 5, 23, 0, 0);
    const limiter = new DatabaseUsageLimiter(
      testDb.db,
      { requestsPerMinute: {}, tokensPerDay: { perKey: 1000, perUser: 1500 } },
      { now: () => nowMs },
    );
    const keyA = actorWithKey('u3', 'key-q1');
    const keyB = actorWithKey('u3', 'key-q2');
    await limiter.recordTokens(keyA, 600);
    expect(await limiter.admit(keyA)).toEqual({ allowed: true });
    await limiter.recordTokens(keyA, 400);
    expect(await limiter.admit(keyA)).toMatchObject({ allowed: false, reason: 'token_quota', scope: 'key', retryAfterSeconds: 3600 });
    expect(await limiter.admit(keyB)).toEqual({ allowed: true });
    await limiter.recordTokens(keyB, 500);
    expect(await limiter.admit(keyB)).toMatchObject({ allowed: false, reason: 'token_quota', scope: 'user', limit: 1500 });
    nowMs += 3600_000;
    expect(await limiter.admit(keyA)).toEqual({ allowed: true });
  });

  it.skipIf(skip)('without limits configured, everything is admitted without touching the database', async () => {
    const limiter = new DatabaseUsageLimiter(testDb.db, { requestsPerMinute: {}, tokensPerDay: {} });
    const actor: Actor = { userId: 'u-session', email: 's@example.org', role: 'user', groups: [], apiKeyId: 'k-session' };
    for (let i = 0; i < 5; i++) expect(await limiter.admit(actor)).toEqual({ allowed: true });
    await limiter.recordTokens(actor, 100);
    const counted = await testDb.db.query(`SELECT 1 FROM usage_counters WHERE subject_id IN ('u-session', 'k-session')`);
    expect(counted.rows).toHaveLength(0);
  });

  it.skipIf(skip)('counts only the scopes that have a limit', async () => {
    const limiter = new DatabaseUsageLimiter(testDb.db, { requestsPerMinute: { perUser: 2 }, tokensPerDay: { perKey: 10 } });
    const actor = actorWithKey('u-scoped', 'k-scoped');
    expect(await limiter.admit(actor)).toEqual({ allowed: true });
    await limiter.recordTokens(actor, 10);
    expect(await limiter.admit(actor)).toMatchObject({ allowed: false, reason: 'token_quota', scope: 'key' });
    expect(await limiter.admit(actor)).toMatchObject({ allowed: false, reason: 'rate_limit', scope: 'user' });
    const rows = await testDb.db.query<{ metric: string; scope: string }>(
      `SELECT metric, scope FROM usage_counters WHERE subject_id IN ('u-scoped', 'k-scoped') ORDER BY metric`,
    );
    expect(rows.rows).toEqual([
      { metric: 'requests', scope: 'user' },
      { metric: 'tokens', scope: 'key' },
    ]);
  });
});
