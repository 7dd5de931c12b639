/**
 * The limits the limiters enforce, kept in memory and refreshed in the background, as
 * LiveSettings does for the policy: administrators change the quotas at run time (stored in
 * workspace_settings, key 'quotas'), every instance must apply them, and admission must not
 * query the settings per request. Refreshed every 2 s by default, and at once after a change
 * made through this instance (services.settingsChanges).
 *
 * Fail closed: if the limits could not be refreshed for longer than `maxStaleMs` (database
 * unreachable), `current()` throws, the limiter's admission fails, and the gateway refuses
 * the request (503 LIMITS_UNAVAILABLE) rather than apply quotas that may have been lowered.
 */
import { StaleSettingsError } from '../commands/live-settings.ts';
import type { LimitSettings, LimitSource } from './usage-limiter.ts';

export interface LiveLimitsOptions {
  load: () => Promise<LimitSettings>;
  /** Default 2,000 ms. */
  refreshMs?: number;
  /** Default 30,000 ms. */
  maxStaleMs?: number;
  now?: () => number;
  onRefreshError?: (error: unknown) => void;
}

export class LiveLimits implements LimitSource {
  readonly #load: () => Promise<LimitSettings>;
  readonly #refreshMs: number;
  readonly #maxStaleMs: number;
  readonly #now: () => number;
  readonly #onRefreshError: ((error: unknown) => void) | undefined;
  #settings: LimitSettings | undefined;
  #refreshedAt = 0;
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<void> | undefined;
  #queued: Promise<void> | undefined;

  constructor(options: LiveLimitsOptions) {
    this.#load = options.load;
    this.#refreshMs = options.refreshMs ?? 2_000;
    this.#maxStaleMs = options.maxStaleMs ?? 30_000;
    this.#now = options.now ?? Date.now;
    this.#onRefreshError = options.onRefreshError;
  }

  /** Loads the current limits (awaited before serving), then keeps them fresh. */
  async start(): Promise<void> {
    await this.refresh();
    this.#timer = setInterval(() => {
      this.refresh().catch((error: unknown) => this.#onRefreshError?.(error));
    }, this.#refreshMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /**
   * Reloads now (also called right after an administrator's change). A call while a load is
   * running waits for a new load after it (the running one may have read before the change);
   * calls meanwhile share that one.
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
    this.#inFlight = this.#load()
      .then((settings) => {
        this.#settings = settings;
        this.#refreshedAt = this.#now();
      })
      .finally(() => {
        this.#inFlight = undefined;
      });
    return this.#inFlight;
  }

  current(): LimitSettings {
    const age = this.#now() - this.#refreshedAt;
    if (this.#settings === undefined || age > this.#maxStaleMs) {
      throw new StaleSettingsError(`the quotas could not be refreshed for ${Math.round(age / 1000)} s (database unreachable?)`);
    }
    return this.#settings;
  }

  lastKnown(): LimitSettings {
    if (this.#settings === undefined) throw new StaleSettingsError('the quotas were never loaded');
    return this.#settings;
  }
}
