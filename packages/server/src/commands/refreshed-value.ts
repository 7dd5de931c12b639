/**
 * A value loaded from the database and kept fresh in memory (the administrators' policy and
 * model lists, the quotas): read on the hot path without a query, refreshed in the background
 * (default every 2 s) and at once after a change made through this instance.
 *
 * Fail closed: if the value could not be refreshed for longer than `maxStaleMs` (database
 * unreachable), `current()` throws StaleSettingsError and the caller refuses the request.
 */
export class StaleSettingsError extends Error {
  readonly code = 'SETTINGS_STALE';
}

export interface RefreshedValueOptions<T> {
  load: () => Promise<T>;
  /** What the value is, for the stale error ("the quotas"). */
  what: string;
  /** Default 2,000 ms. */
  refreshMs?: number;
  /** Default 30,000 ms. */
  maxStaleMs?: number;
  now?: () => number;
  onRefreshError?: (error: unknown) => void;
}

export class RefreshedValue<T> {
  readonly #options: RefreshedValueOptions<T>;
  readonly #refreshMs: number;
  readonly #maxStaleMs: number;
  readonly #now: () => number;
  #value: T | undefined;
  #loaded = false;
  #refreshedAt = 0;
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<void> | undefined;
  #queued: Promise<void> | undefined;

  constructor(options: RefreshedValueOptions<T>) {
    this.#options = options;
    this.#refreshMs = options.refreshMs ?? 2_000;
    this.#maxStaleMs = options.maxStaleMs ?? 30_000;
    this.#now = options.now ?? Date.now;
  }

  /** Loads the value (awaited before serving), then keeps it fresh. */
  async start(): Promise<void> {
    await this.refresh();
    this.#timer = setInterval(() => {
      this.refresh().catch((error: unknown) => this.#options.onRefreshError?.(error));
    }, this.#refreshMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /**
   * Reloads now (also called right after an administrator's change). A call while a load is
   * running waits for a new load after it (the running one may have read before the change,
   * and the change must hold from the next request); calls meanwhile share that one.
   */
  refresh(): Promise<void> {
    if (this.#inFlight) {
      this.#queued ??= this.#inFlight
        .catch(() => {})
        .then(() => {
          this.#queued = undefined;
          return this.refresh();
        });
      return this.#queued;
    }
    this.#inFlight = this.#options
      .load()
      .then((value) => {
        this.#value = value;
        this.#loaded = true;
        this.#refreshedAt = this.#now();
      })
      .finally(() => {
        this.#inFlight = undefined;
      });
    return this.#inFlight;
  }

  /** The value; throws (→ fail closed) when it was never loaded or is stale. */
  current(): T {
    const age = this.#now() - this.#refreshedAt;
    if (!this.#loaded || age > this.#maxStaleMs) {
      throw new StaleSettingsError(`${this.#options.what} could not be refreshed for ${Math.round(age / 1000)} s (database unreachable?)`);
    }
    return this.#value as T;
  }

  /** The last value loaded, however old (e.g. to count tokens of an answer already given). */
  lastKnown(): T {
    if (!this.#loaded) throw new StaleSettingsError(`${this.#options.what} were never loaded`);
    return this.#value as T;
  }
}
