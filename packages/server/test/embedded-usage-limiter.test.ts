import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/auth/actor.ts';
import { DatabaseUsageLimiter } from '../src/limits/database-usage-limiter.ts';
import { EmbeddedUsageLimiter } from '../src/limits/embedded-usage-limiter.ts';
import type { LimitSettings } from '../src/limits/usage-limiter.ts';
import { createTestDatabase, type TestDatabase } from './support/databases.ts';

const actorWithKey = (userId: string, apiKeyId: string): Actor => ({
  userId,
  email: `${userId}@example.org`,
  role: 'user',
  groups: [],
  apiKeyId,
});

describe('embedded usage limiter (PGlite: counts in memory, token quotas persisted)', () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase('pglite');
  });
  afterAll(async () => {
    await testDb?.dispose();
  });

  it('rate-limits per key and per user within a minute window, and resets the next minute, without writing a row', async () => {
    let nowMs = Date.UTC(2026, 0, 5, 10, 0, 10);
    const limiter = await EmbeddedUsageLimiter.open(testDb.db, { requestsPerMinute: { perKey: 2, perUser: 3 }, tokensPerDay: {} }, { now: () => nowMs });
    const keyA = actorWithKey('e-u1', 'e-key-a');
    const keyB = actorWithKey('e-u1', 'e-key-b');
    expect(await limiter.admit(keyA)).toEqual({ allowed: true });
    expect(await limiter.admit(keyA)).toEqual({ allowed: true });
    expect(await limiter.admit(keyA)).toMatchObject({ allowed: false, reason: 'rate_limit', scope: 'key', limit: 2, retryAfterSeconds: 50 });
    expect(await limiter.admit(keyB)).toMatchObject({ allowed: false, reason: 'rate_limit', scope: 'user', limit: 3 });
    expect(await limiter.admit(actorWithKey('e-u2', 'e-key-c'))).toEqual({ allowed: true });
    nowMs += 60_000;
    expect(await limiter.admit(keyA)).toEqual({ allowed: true });
    const rows = await testDb.db.query(`SELECT 1 FROM usage_counters WHERE subject_id LIKE 'e-%'`);
    expect(rows.rows).toHaveLength(0);
  });

  it('counts concurrent requests exactly', async () => {
    const limiter = await EmbeddedUsageLimiter.open(testDb.db, { requestsPerMinute: { perKey: 10 }, tokensPerDay: {} });
    const actor = actorWithKey('e-u-concurrent', 'e-key-concurrent');
    const decisions = await Promise.all(Array.from({ length: 25 }, () => limiter.admit(actor)));
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(10);
  });

  it('enforces daily token quotas, keeps them across a restart, and resets them at 00:00 UTC', async () => {
    let nowMs = Date.UTC(2026, 0, 6, 22, 0, 0);
    const settings: LimitSettings = { requestsPerMinute: {}, tokensPerDay: { perKey: 1000, perUser: 1500 } };
    const first = await EmbeddedUsageLimiter.open(testDb.db, settings, { now: () => nowMs });
    const keyA = actorWithKey('e-u3', 'e-key-q1');
    const keyB = actorWithKey('e-u3', 'e-key-q2');
    await first.recordTokens(keyA, 600);
    expect(await first.admit(keyA)).toEqual({ allowed: true });
    await first.recordTokens(keyA, 400);
    expect(await first.admit(keyA)).toMatchObject({ allowed: false, reason: 'token_quota', scope: 'key', retryAfterSeconds: 7200 });
    expect(await first.admit(keyB)).toEqual({ allowed: true });

    // A restart (new instance on the same database) still knows today's usage.
    const restarted = await EmbeddedUsageLimiter.open(testDb.db, settings, { now: () => nowMs });
    expect(await restarted.admit(keyA)).toMatchObject({ allowed: false, reason: 'token_quota', scope: 'key' });
    await restarted.recordTokens(keyB, 500);
    expect(await restarted.admit(keyB)).toMatchObject({ allowed: false, reason: 'token_quota', scope: 'user', limit: 1500 });

    nowMs += 2 * 3600_000; // past midnight UTC
    expect(await restarted.admit(keyA)).toEqual({ allowed: true });
    expect(await (await EmbeddedUsageLimiter.open(testDb.db, settings, { now: () => nowMs })).admit(keyA)).toEqual({ allowed: true });
  });

  it('persists tokens only for the scopes that have a quota', async () => {
    const limiter = await EmbeddedUsageLimiter.open(testDb.db, { requestsPerMinute: { perUser: 2 }, tokensPerDay: { perKey: 10 } });
    const actor = actorWithKey('e-u-scoped', 'e-k-scoped');
    expect(await limiter.admit(actor)).toEqual({ allowed: true });
    await limiter.recordTokens(actor, 10);
    expect(await limiter.admit(actor)).toMatchObject({ allowed: false, reason: 'token_quota', scope: 'key' });
    expect(await limiter.admit(actor)).toMatchObject({ allowed: false, reason: 'rate_limit', scope: 'user' });
    const rows = await testDb.db.query<{ metric: string; scope: string }>(
      `SELECT metric, scope FROM usage_counters WHERE subject_id IN ('e-u-scoped', 'e-k-scoped') ORDER BY metric`,
    );
    expect(rows.rows).toEqual([{ metric: 'tokens', scope: 'key' }]);
  });

  it('decides exactly as the database limiter on any sequence of admissions and token records', async () => {
    const operation = fc.oneof(
      fc.record({ kind: fc.constant('admit' as const), user: fc.integer({ min: 0, max: 1 }), key: fc.integer({ min: 0, max: 2 }) }),
      fc.record({ kind: fc.constant('tokens' as const), user: fc.integer({ min: 0, max: 1 }), key: fc.integer({ min: 0, max: 2 }), tokens: fc.integer({ min: 1, max: 400 }) }),
      fc.record({ kind: fc.constant('tick' as const), seconds: fc.integer({ min: 1, max: 4000 }) }),
    );
    const limit = fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined });
    const quota = fc.option(fc.integer({ min: 100, max: 1200 }), { nil: undefined });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.record({ perKey: limit, perUser: limit }), fc.record({ perKey: quota, perUser: quota }), fc.array(operation, { maxLength: 14 }), async (requestsPerMinute, tokensPerDay, operations) => {
        run++;
        let nowMs = Date.UTC(2026, 2, 1, 23, 58, 0) + run * 86_400_000 * 3; // fresh days per run, crossing midnight
        const settings = { requestsPerMinute, tokensPerDay };
        const now = () => nowMs;
        const embedded = await EmbeddedUsageLimiter.open(testDb.db, settings, { now });
        const database = new DatabaseUsageLimiter(testDb.db, settings, { now });
        // Distinct subjects per implementation (they share the table), same shape.
        const actor = (prefix: string, user: number, key: number) => actorWithKey(`${prefix}-r${run}-u${user}`, `${prefix}-r${run}-u${user}-k${key}`);
        for (const step of operations) {
          if (step.kind === 'tick') {
            nowMs += step.seconds * 1000;
          } else if (step.kind === 'tokens') {
            await embedded.recordTokens(actor('pe', step.user, step.key), step.tokens);
            await database.recordTokens(actor('pd', step.user, step.key), step.tokens);
          } else {
            expect(await embedded.admit(actor('pe', step.user, step.key))).toEqual(await database.admit(actor('pd', step.user, step.key)));
          }
        }
      }),
      { numRuns: 25 },
    );
  });
});
