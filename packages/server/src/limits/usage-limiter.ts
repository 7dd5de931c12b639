import type { Actor } from '../auth/actor.ts';

/** Numbers from the configuration or the administrators' quotas; an absent number means "no limit". */
export interface LimitSettings {
  requestsPerMinute: { perKey?: number | undefined; perUser?: number | undefined };
  tokensPerDay: { perKey?: number | undefined; perUser?: number | undefined };
}

/**
 * Where a limiter reads its numbers on each decision: fixed (the configuration), or live
 * (LiveLimits: the administrators' quotas, refreshed in the background).
 */
export interface LimitSource {
  /** The limits to enforce now; throws when they may be out of date (the admission fails: fail closed). */
  current(): LimitSettings;
  /** The last limits known, even if stale: to count the tokens of an answer already given. */
  lastKnown(): LimitSettings;
}

export function limitSourceOf(settings: LimitSettings | LimitSource): LimitSource {
  if ('current' in settings) return settings;
  return { current: () => settings, lastKnown: () => settings };
}

export type LimitScope = 'key' | 'user';

export type LimitDecision =
  | { allowed: true }
  | {
      allowed: false;
      reason: 'rate_limit' | 'token_quota';
      scope: LimitScope;
      limit: number;
      /** When trying again can succeed (start of the next minute / UTC day). */
      retryAfterSeconds: number;
      message: string;
    };

/**
 * Rate limits (requests per minute) and token quotas (tokens per UTC day), per API key and
 * per user. Implementations: EmbeddedUsageLimiter (one process on PGlite: counts in memory,
 * exact, no write per request), DatabaseUsageLimiter (PostgreSQL, exact across instances); a
 * Redis one (INCR + EXPIRE on the same keys) can implement this interface for scale-out.
 */
export interface UsageLimiter {
  /** Counts one request and says whether it may proceed (rate limits, then token quotas). */
  admit(actor: Actor): Promise<LimitDecision>;
  /** Adds the tokens a finished request used to today's counters. */
  recordTokens(actor: Actor, tokens: number): Promise<void>;
}

/** Fixed windows in UTC: minute for requests, day for tokens. */
export function minuteWindow(nowMs: number): { start: Date; secondsLeft: number } {
  const start = Math.floor(nowMs / 60_000) * 60_000;
  return { start: new Date(start), secondsLeft: Math.max(1, Math.ceil((start + 60_000 - nowMs) / 1000)) };
}

export function dayWindow(nowMs: number): { start: Date; secondsLeft: number } {
  const start = Math.floor(nowMs / 86_400_000) * 86_400_000;
  return { start: new Date(start), secondsLeft: Math.max(1, Math.ceil((start + 86_400_000 - nowMs) / 1000)) };
}

export interface LimitSubject {
  scope: LimitScope;
  id: string;
}

/** Key first, so a key over its limit is reported as such even when the user is too. */
export function subjectsOf(actor: Actor): LimitSubject[] {
  const subjects: LimitSubject[] = [{ scope: 'user', id: actor.userId }];
  if (actor.apiKeyId) subjects.unshift({ scope: 'key', id: actor.apiKeyId });
  return subjects;
}

export function subjectKey(subject: LimitSubject): string {
  return `${subject.scope}:${subject.id}`;
}

export function requestLimitOf(settings: LimitSettings, scope: LimitScope): number | undefined {
  return scope === 'key' ? settings.requestsPerMinute.perKey : settings.requestsPerMinute.perUser;
}

export function tokenLimitOf(settings: LimitSettings, scope: LimitScope): number | undefined {
  return scope === 'key' ? settings.tokensPerDay.perKey : settings.tokensPerDay.perUser;
}

export function rateLimitRefusal(scope: LimitScope, limit: number, minute: { secondsLeft: number }): LimitDecision {
  return {
    allowed: false,
    reason: 'rate_limit',
    scope,
    limit,
    retryAfterSeconds: minute.secondsLeft,
    message: `Rate limit reached: ${limit} requests per minute per ${describeScope(scope)}. Retry in ${minute.secondsLeft} s.`,
  };
}

export function tokenQuotaRefusal(scope: LimitScope, limit: number, day: { secondsLeft: number }): LimitDecision {
  return {
    allowed: false,
    reason: 'token_quota',
    scope,
    limit,
    retryAfterSeconds: day.secondsLeft,
    message: `Daily token quota reached: ${limit} tokens per day per ${describeScope(scope)} (resets at 00:00 UTC).`,
  };
}

function describeScope(scope: LimitScope): string {
  return scope === 'key' ? 'API key' : 'user';
}
