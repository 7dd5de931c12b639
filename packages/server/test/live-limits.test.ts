/**
 * LiveLimits: the limiters' in-memory copy of the quotas. Fails closed when it could not be
 * refreshed for too long; a refresh asked during a running load waits for a load after it.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../src/auth/actor.ts';
import { StaleSettingsError } from '../src/commands/live-settings.ts';
import type { Database } from '../src/db/database.ts';
import { DatabaseUsageLimiter } from '../src/limits/database-usage-limiter.ts';
import { EmbeddedUsageLimiter } from '../src/limits/embedded-usage-limiter.ts';
import { LiveLimits } from '../src/limits/live-limits.ts';
import type { LimitSettings } from '../src/limits/usage-limiter.ts';

const actor: Actor = { userId: 'u1', email: 'u1@example.org', role: 'user', groups: [] };
const limits = (perUser: number | undefined): LimitSettings => ({ requestsPerMinute: { perUser }, tokensPerDay: {} });

/** A database that must never be asked anything (no limit → no statement), or fails. */
const noDatabase = {
  kind: 'pglite',
  query: async () => ({ rows: [], rowCount: 0 }),
} as unknown as Database;

describe('LiveLimits', () => {
  it('fails closed once the limits could not be refreshed for longer than maxStaleMs', async () => {
    let clock = 1_000_000;
    let failing = false;
    const live = new LiveLimits({
      load: async () => {
        if (failing) throw new Error('database unreachable');
        return limits(2);
      },
      maxStaleMs: 30_000,
      now: () => clock,
    });
    expect(() => live.current()).toThrow(StaleSettingsError); // never loaded
    await live.refresh();
    expect(live.current()).toEqual(limits(2));

    failing = true;
    clock += 20_000;
    await expect(live.refresh()).rejects.toThrow('database unreachable');
    expect(live.current()).toEqual(limits(2)); // still within maxStaleMs
    clock += 11_000;
    expect(() => live.current()).toThrow(StaleSettingsError);
    expect(live.lastKnown()).toEqual(limits(2)); // tokens of answers already given are still counted

    // Both limiters refuse the admission (the gateway answers 503 LIMITS_UNAVAILABLE).
    const embedded = await EmbeddedUsageLimiter.open(noDatabase, live);
    await expect(embedded.admit(actor)).rejects.toThrow(StaleSettingsError);
    await expect(new DatabaseUsageLimiter(noDatabase, live).admit(actor)).rejects.toThrow(StaleSettingsError);

    failing = false;
    await live.refresh();
    expect((await embedded.admit(actor)).allowed).toBe(true);
  });

  it('applies new limits to the next admission once refreshed', async () => {
    let stored = limits(undefined);
    const live = new LiveLimits({ load: async () => stored });
    await live.refresh();
    const limiter = await EmbeddedUsageLimiter.open(noDatabase, live);
    for (let i = 0; i < 5; i++) expect((await limiter.admit(actor)).allowed).toBe(true);
    stored = limits(2);
    await live.refresh();
    expect((await limiter.admit(actor)).allowed).toBe(true); // counting starts when the limit is set
    expect((await limiter.admit(actor)).allowed).toBe(true);
    expect(await limiter.admit(actor)).toMatchObject({ allowed: false, reason: 'rate_limit', scope: 'user', limit: 2 });
  });

  it('a refresh asked while a load runs waits for a load started after it (the running one may predate the change)', async () => {
    let stored = limits(10);
    const pending: (() => void)[] = [];
    let loads = 0;
    const live = new LiveLimits({
      load: () => {
        loads++;
        const value = stored; // read at the start, as a SELECT would
        return new Promise<LimitSettings>((resolve) => pending.push(() => resolve(value)));
      },
    });
    const periodic = live.refresh(); // reads the old value
    stored = limits(2); // the administrator's change is stored meanwhile
    const afterChange = live.refresh();
    const another = live.refresh();
    expect(loads).toBe(1);
    pending.shift()!();
    await periodic;
    expect(live.current()).toEqual(limits(10));
    await new Promise((resolve) => setImmediate(resolve));
    expect(loads).toBe(2); // one more load for both waiting callers
    pending.shift()!();
    await Promise.all([afterChange, another]);
    expect(live.current()).toEqual(limits(2));
  });
});
