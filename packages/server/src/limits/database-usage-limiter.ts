import type { Actor } from '../auth/actor.ts';
import type { Database } from '../db/database.ts';
import { toNumber } from '../db/database.ts';
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
  type LimitSubject as Subject,
  type UsageLimiter,
} from './usage-limiter.ts';

/** Counters older than this are deleted (quotas look at today only). */
const RETENTION_MS = 2 * 86_400_000;
const CLEANUP_EVERY_MS = 10 * 60_000;
/** Admissions decided by one statement at most (bounded statement size). */
const MAX_BATCH = 500;

interface PendingAdmission {
  actor: Actor;
  resolve(decision: LimitDecision): void;
  reject(error: unknown): void;
}

/**
 * Counters in the `usage_counters` table (fixed windows: the minute for requests, the UTC day
 * for tokens). Admissions waiting while a statement runs are decided together by the next
 * one: a single upsert adds each subject's number of new requests and returns the totals
 * along with today's token counters; each waiting request then gets its exact position in the
 * window. One round trip for any number of concurrent requests, and exact counts across
 * instances (the upsert is atomic in the database).
 */
export class DatabaseUsageLimiter implements UsageLimiter {
  readonly #db: Database;
  readonly #limits: LimitSource;
  readonly #now: () => number;
  #queue: PendingAdmission[] = [];
  #deciding = false;
  #lastCleanup = 0;

  /** `settings`: fixed numbers, or a live source read on every decision (the administrators' quotas). */
  constructor(db: Database, settings: LimitSettings | LimitSource, options: { now?: () => number } = {}) {
    this.#db = db;
    this.#limits = limitSourceOf(settings);
    this.#now = options.now ?? Date.now;
  }

  admit(actor: Actor): Promise<LimitDecision> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ actor, resolve, reject });
      if (!this.#deciding) void this.#drain();
    });
  }

  async recordTokens(actor: Actor, tokens: number): Promise<void> {
    if (!Number.isFinite(tokens) || tokens <= 0) return;
    const day = dayWindow(this.#now());
    const params: unknown[] = [day.start.toISOString(), Math.round(tokens)];
    // The answer is already out: count with the last limits known even if they are stale.
    const settings = this.#limits.lastKnown();
    const quotaSubjects = subjectsOf(actor).filter((subject) => tokenLimitOf(settings, subject.scope) !== undefined);
    if (quotaSubjects.length === 0) return; // no quota to enforce: provider usage is in the audit and metrics
    const rows = quotaSubjects.map(
      ({ scope, id }) => `('tokens', $${params.push(scope)}, $${params.push(id)}, $1::timestamptz, $2::bigint)`,
    );
    await this.#db.query(
      `INSERT INTO usage_counters (metric, scope, subject_id, window_start, amount)
       VALUES ${rows.join(', ')}
       ON CONFLICT (metric, scope, subject_id, window_start)
       DO UPDATE SET amount = usage_counters.amount + excluded.amount`,
      params,
    );
  }

  async #drain(): Promise<void> {
    this.#deciding = true;
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0, MAX_BATCH);
        try {
          const decisions = await this.#decide(batch.map((pending) => pending.actor));
          batch.forEach((pending, index) => pending.resolve(decisions[index]!));
        } catch (error) {
          for (const pending of batch) pending.reject(error);
        }
      }
    } finally {
      this.#deciding = false;
    }
  }

  async #decide(actors: Actor[]): Promise<LimitDecision[]> {
    const settings = this.#limits.current(); // throws when stale: the whole batch is refused (fail closed)
    const now = this.#now();
    const minute = minuteWindow(now);
    const day = dayWindow(now);

    // Only scopes with a limit are counted (each counted row is a write on every request).
    // New requests per subject in this batch: one row per subject (an upsert touches a row once).
    const newRequests = new Map<string, { subject: Subject; count: number }>();
    const quotaSubjects = new Map<string, Subject>();
    for (const actor of actors) {
      for (const subject of subjectsOf(actor)) {
        const key = subjectKey(subject);
        if (requestLimitOf(settings, subject.scope) !== undefined) {
          const entry = newRequests.get(key);
          if (entry) entry.count++;
          else newRequests.set(key, { subject, count: 1 });
        }
        if (tokenLimitOf(settings, subject.scope) !== undefined) quotaSubjects.set(key, subject);
      }
    }
    if (newRequests.size === 0 && quotaSubjects.size === 0) return actors.map(() => ({ allowed: true }));

    const params: unknown[] = [];
    const parts: string[] = [];
    let counting = '';
    if (newRequests.size > 0) {
      const windowStart = `$${params.push(minute.start.toISOString())}::timestamptz`;
      const requestRows = [...newRequests.values()].map(
        ({ subject, count }) =>
          `('requests', $${params.push(subject.scope)}, $${params.push(subject.id)}, ${windowStart}, $${params.push(count)}::bigint)`,
      );
      counting = `WITH counted AS (
         INSERT INTO usage_counters (metric, scope, subject_id, window_start, amount)
         VALUES ${requestRows.join(', ')}
         ON CONFLICT (metric, scope, subject_id, window_start)
         DO UPDATE SET amount = usage_counters.amount + excluded.amount
         RETURNING metric, scope, subject_id, amount
       ) `;
      parts.push('SELECT metric, scope, subject_id, amount FROM counted');
    }
    if (quotaSubjects.size > 0) {
      const dayStart = `$${params.push(day.start.toISOString())}::timestamptz`;
      const conditions = [...quotaSubjects.values()].map(
        (subject) => `(scope = $${params.push(subject.scope)} AND subject_id = $${params.push(subject.id)})`,
      );
      parts.push(
        `SELECT metric, scope, subject_id, amount FROM usage_counters
          WHERE metric = 'tokens' AND window_start = ${dayStart} AND (${conditions.join(' OR ')})`,
      );
    }
    const result = await this.#db.query<{ metric: string; scope: LimitScope; subject_id: string; amount: unknown }>(
      counting + parts.join(' UNION ALL '),
      params,
    );
    this.#cleanupSometimes(now);

    // Requests counted before this batch, per subject; then each actor takes the next position.
    const requestsSoFar = new Map<string, number>();
    const tokensToday = new Map<string, number>();
    for (const row of result.rows) {
      const key = subjectKey({ scope: row.scope, id: row.subject_id });
      if (row.metric === 'requests') requestsSoFar.set(key, toNumber(row.amount) - newRequests.get(key)!.count);
      else tokensToday.set(key, toNumber(row.amount));
    }
    return actors.map((actor) => {
      const subjects = subjectsOf(actor);
      let decision: LimitDecision = { allowed: true };
      for (const subject of subjects) {
        const limit = requestLimitOf(settings, subject.scope);
        if (limit === undefined) continue;
        const key = subjectKey(subject);
        const position = (requestsSoFar.get(key) ?? 0) + 1;
        requestsSoFar.set(key, position);
        if (decision.allowed && position > limit) decision = rateLimitRefusal(subject.scope, limit, minute);
      }
      if (!decision.allowed) return decision;
      for (const subject of subjects) {
        const limit = tokenLimitOf(settings, subject.scope);
        if (limit !== undefined && (tokensToday.get(subjectKey(subject)) ?? 0) >= limit) return tokenQuotaRefusal(subject.scope, limit, day);
      }
      return decision;
    });
  }

  #cleanupSometimes(now: number): void {
    if (now - this.#lastCleanup < CLEANUP_EVERY_MS) return;
    this.#lastCleanup = now;
    // Best effort: a failed cleanup is retried next time and never fails a request.
    this.#db
      .query('DELETE FROM usage_counters WHERE window_start < $1', [new Date(now - RETENTION_MS).toISOString()])
      .catch(() => {});
  }
}
