import type { Actor } from '../auth/actor.ts';
import type { Database } from '../db/database.ts';
import { toNumber } from '../db/database.ts';
import { DatabaseUsageLimiter } from './database-usage-limiter.ts';
import {
  dayWindow,
  minuteWindow,
  rateLimitRefusal,
  requestLimitOf,
  subjectKey,
  subjectsOf,
  tokenLimitOf,
  tokenQuotaRefusal,
  type LimitDecision,
  type LimitScope,
  limitSourceOf,
  type LimitSettings,
  type LimitSource,
  type UsageLimiter,
} from './usage-limiter.ts';

interface WindowCount {
  /** Start of the window (ms) the count belongs to; an older one counts as zero. */
  windowStart: number;
  count: number;
}

/**
 * The limiter of the embedded (PGlite) mode, where exactly one process owns the database (the
 * data folder is locked): every admission goes through this object, so counting in memory is
 * exact, and it costs no database statement on the request's path (on PGlite, a statement is
 * WASM work on the event loop: the limiter's upsert was a third of the per-request database
 * cost).
 *
 * - Requests per minute: in memory only. A restart forgets the current minute's count (at
 *   most one minute of allowance regained, once per restart).
 * - Tokens per day: in memory and persisted (usage_counters, the same rows as the database
 *   implementation), loaded for the current UTC day when the limiter opens, so a restart does
 *   not reset quotas. The write is not awaited by the gateway (the answer is already out).
 *
 * Same decisions, order and messages as DatabaseUsageLimiter (rate limits first, key before
 * user; every admission attempt counts, refused ones included).
 */
export class EmbeddedUsageLimiter implements UsageLimiter {
  readonly #limits: LimitSource;
  readonly #now: () => number;
  readonly #persisted: DatabaseUsageLimiter;
  readonly #requests = new Map<string, WindowCount>();
  readonly #tokens = new Map<string, WindowCount>();
  #lastSweep = 0;

  private constructor(db: Database, limits: LimitSource, now: () => number) {
    this.#limits = limits;
    this.#now = now;
    this.#persisted = new DatabaseUsageLimiter(db, limits, { now });
  }

  /**
   * Opens the limiter with today's token counters read from the database. `settings`: fixed
   * numbers, or a live source read on every decision (the administrators' quotas).
   */
  static async open(db: Database, settings: LimitSettings | LimitSource, options: { now?: () => number } = {}): Promise<EmbeddedUsageLimiter> {
    const limiter = new EmbeddedUsageLimiter(db, limitSourceOf(settings), options.now ?? Date.now);
    const day = dayWindow(limiter.#now());
    const rows = await db.query<{ scope: LimitScope; subject_id: string; amount: unknown }>(
      `SELECT scope, subject_id, amount FROM usage_counters WHERE metric = 'tokens' AND window_start = $1::timestamptz`,
      [day.start.toISOString()],
    );
    for (const row of rows.rows) {
      limiter.#tokens.set(subjectKey({ scope: row.scope, id: row.subject_id }), { windowStart: day.start.getTime(), count: toNumber(row.amount) });
    }
    return limiter;
  }

  admit(actor: Actor): Promise<LimitDecision> {
    try {
      return Promise.resolve(this.#decide(actor));
    } catch (error) {
      return Promise.reject(error); // stale limits: refused like a database failure (fail closed)
    }
  }

  async recordTokens(actor: Actor, tokens: number): Promise<void> {
    if (!Number.isFinite(tokens) || tokens <= 0) return;
    const dayStart = dayWindow(this.#now()).start.getTime();
    const settings = this.#limits.lastKnown(); // the answer is already out: count even if stale
    for (const subject of subjectsOf(actor)) {
      if (tokenLimitOf(settings, subject.scope) === undefined) continue;
      add(this.#tokens, subjectKey(subject), dayStart, Math.round(tokens));
    }
    await this.#persisted.recordTokens(actor, tokens);
  }

  #decide(actor: Actor): LimitDecision {
    const settings = this.#limits.current(); // throws when stale
    const now = this.#now();
    const minute = minuteWindow(now);
    const minuteStart = minute.start.getTime();
    this.#sweepSometimes(minuteStart, now);
    const subjects = subjectsOf(actor);
    let decision: LimitDecision = { allowed: true };
    for (const subject of subjects) {
      const limit = requestLimitOf(settings, subject.scope);
      if (limit === undefined) continue;
      const position = add(this.#requests, subjectKey(subject), minuteStart, 1);
      if (decision.allowed && position > limit) decision = rateLimitRefusal(subject.scope, limit, minute);
    }
    if (!decision.allowed) return decision;
    const day = dayWindow(now);
    const dayStart = day.start.getTime();
    for (const subject of subjects) {
      const limit = tokenLimitOf(settings, subject.scope);
      if (limit === undefined) continue;
      const used = this.#tokens.get(subjectKey(subject));
      if (used !== undefined && used.windowStart === dayStart && used.count >= limit) return tokenQuotaRefusal(subject.scope, limit, day);
    }
    return decision;
  }

  /** Drops counters of past windows once a minute (memory stays bounded by active subjects). */
  #sweepSometimes(minuteStart: number, now: number): void {
    if (now - this.#lastSweep < 60_000) return;
    this.#lastSweep = now;
    const dayStart = dayWindow(now).start.getTime();
    for (const [key, entry] of this.#requests) if (entry.windowStart < minuteStart) this.#requests.delete(key);
    for (const [key, entry] of this.#tokens) if (entry.windowStart < dayStart) this.#tokens.delete(key);
  }
}

/** Adds to the counter of the current window (restarting it when the window moved on); returns the new count. */
function add(counters: Map<string, WindowCount>, key: string, windowStart: number, amount: number): number {
  const entry = counters.get(key);
  if (entry === undefined || entry.windowStart !== windowStart) {
    counters.set(key, { windowStart, count: amount });
    return amount;
  }
  entry.count += amount;
  return entry.count;
}
