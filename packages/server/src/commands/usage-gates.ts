/**
 * The workspace's two conditions for using AI (AI Act Art. 4), for callers that do not go
 * through /api: the current usage charter accepted, and the training modules a model requires
 * completed. The gateway (/v1) asks them per request; the answers are the workspace's own
 * (`charterState` + `charterSatisfied`, `missingTraining`), so both sides decide alike.
 *
 * Hot path: one person's state is kept `ttlMs` (default 5 s), loaded once for concurrent
 * requests. It is forgotten at once on this instance when that person accepts the charter or
 * passes a module (`forget`), and for everyone when an administrator publishes a charter or
 * changes a module (`forgetAll`, wired to `settingsChanges`); other instances see those changes
 * within `ttlMs`. A load that fails is not cached: the caller fails closed.
 */
import type { Database } from '../db/database.ts';
import { charterSatisfied } from '../policies/api-actor.ts';
import { charterState, type CharterState } from './charter-state.ts';
import { missingTraining, type RequiredModule } from './model-catalogue.ts';

export interface UsageGateState {
  charter: CharterState;
  /** model → required modules not passed yet (absent = nothing missing). */
  missingTraining: ReadonlyMap<string, readonly RequiredModule[]>;
}

/** No charter published, or its current version accepted. */
export const charterAccepted = (state: UsageGateState): boolean => charterSatisfied(state);

/** The modules still required before using `model` ([] = may use it). */
export const trainingMissingFor = (state: UsageGateState, model: string): readonly RequiredModule[] => state.missingTraining.get(model) ?? [];

export interface UsageGatesOptions {
  /** Default 5,000 ms. */
  ttlMs?: number;
  /** Entries kept at most (expired ones are dropped first); default 10,000. */
  maxEntries?: number;
  now?: () => number;
  /** Tests replace the loader (the database's answers by default). */
  load?: (userId: string) => Promise<UsageGateState>;
}

export class UsageGates {
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  readonly #load: (userId: string) => Promise<UsageGateState>;
  readonly #cache = new Map<string, { state: UsageGateState; expiresAt: number }>();
  readonly #inFlight = new Map<string, Promise<UsageGateState>>();
  /** Bumped by every forget: a load started before it must not store what it read. */
  #epoch = 0;

  constructor(db: Database, options: UsageGatesOptions = {}) {
    this.#ttlMs = options.ttlMs ?? 5_000;
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#now = options.now ?? Date.now;
    this.#load =
      options.load ??
      (async (userId) => {
        const [charter, missing] = await Promise.all([charterState(db, userId), missingTraining(db, userId)]);
        return { charter, missingTraining: missing };
      });
  }

  /** The person's state, at most `ttlMs` old (or newer than their last change on this instance). Throws when it cannot be read. */
  async state(userId: string): Promise<UsageGateState> {
    const cached = this.#cache.get(userId);
    if (cached && cached.expiresAt > this.#now()) return cached.state;
    const pending = this.#inFlight.get(userId);
    if (pending) return pending;
    const epoch = this.#epoch;
    const loading = this.#load(userId)
      .then((state) => {
        if (epoch === this.#epoch) this.#store(userId, state);
        return state;
      })
      .finally(() => {
        if (this.#inFlight.get(userId) === loading) this.#inFlight.delete(userId);
      });
    this.#inFlight.set(userId, loading);
    return loading;
  }

  /** This person accepted the charter or passed a module: read again on their next request. */
  forget(userId: string): void {
    this.#epoch++;
    this.#cache.delete(userId);
    this.#inFlight.delete(userId);
  }

  /** A charter was published or a module changed: read again for everyone. */
  forgetAll(): void {
    this.#epoch++;
    this.#cache.clear();
    this.#inFlight.clear();
  }

  #store(userId: string, state: UsageGateState): void {
    const now = this.#now();
    if (this.#cache.size >= this.#maxEntries) {
      for (const [key, entry] of this.#cache) if (entry.expiresAt <= now) this.#cache.delete(key);
      // Still full of live entries: drop the oldest inserted (Map keeps insertion order).
      while (this.#cache.size >= this.#maxEntries) this.#cache.delete(this.#cache.keys().next().value!);
    }
    this.#cache.delete(userId);
    this.#cache.set(userId, { state, expiresAt: now + this.#ttlMs });
  }
}

const perServices = new WeakMap<object, UsageGates>();

/**
 * The process's UsageGates for these services (one cache shared by /v1 and the /api routes
 * that invalidate it), created on first use and cleared for everyone on each administrators'
 * change signalled through `settingsChanges` (charter published, training module changed).
 */
export function usageGatesOf(services: { db: Database; settingsChanges: { subscribe(listener: () => Promise<void>): () => void } }): UsageGates {
  let gates = perServices.get(services);
  if (!gates) {
    const created = new UsageGates(services.db);
    services.settingsChanges.subscribe(async () => created.forgetAll());
    perServices.set(services, created);
    gates = created;
  }
  return gates;
}
