/**
 * What administrators change at run time (the shield policy, per-group model allow-lists) must
 * hold on /v1 as it does in the workspace, on every instance. The gateway's hot path is
 * synchronous and must not query the database per request, so this keeps the settings in
 * memory and refreshes them in the background (default every 2 s, and at once after a change
 * made through this instance).
 *
 * Fail closed: if the settings could not be refreshed for longer than `maxStaleMs` (database
 * unreachable), `protect` throws, and the gateway refuses the request (503) rather than apply
 * a policy that may be out of date.
 */
import { createShield, type Shield } from '@rempart/shield';
import type { ModelAccess } from '../auth/model-access.ts';
import type { Actor } from '../auth/actor.ts';
import type { WorkspaceSettings } from './workspace-settings.ts';

export interface LiveSettingsOptions {
  settings: Pick<WorkspaceSettings, 'policy' | 'modelAccess'>;
  /** The shield built from the configuration file's policy (used while no admin policy exists). */
  configShield: Pick<Shield, 'protect'>;
  hashKey: Uint8Array;
  /** Default 2,000 ms. */
  refreshMs?: number;
  /** Default 30,000 ms. */
  maxStaleMs?: number;
  now?: () => number;
  onRefreshError?: (error: unknown) => void;
}

export class StaleSettingsError extends Error {
  readonly code = 'SETTINGS_STALE';
}

export class LiveSettings {
  readonly #options: Required<Omit<LiveSettingsOptions, 'onRefreshError'>> & Pick<LiveSettingsOptions, 'onRefreshError'>;
  #shield: Pick<Shield, 'protect'>;
  #policyVersion: number | null = null;
  #access: ModelAccess | undefined;
  #refreshedAt = 0;
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<void> | undefined;
  #queued: Promise<void> | undefined;

  constructor(options: LiveSettingsOptions) {
    this.#options = { refreshMs: 2_000, maxStaleMs: 30_000, now: Date.now, ...options };
    this.#shield = options.configShield;
  }

  /** Loads the current settings (awaited before serving), then keeps them fresh. */
  async start(): Promise<void> {
    await this.refresh();
    this.#timer = setInterval(() => {
      this.refresh().catch((error: unknown) => this.#options.onRefreshError?.(error));
    }, this.#options.refreshMs);
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
    this.#inFlight = this.#load().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  async #load(): Promise<void> {
    const [effective, access] = await Promise.all([this.#options.settings.policy(), this.#options.settings.modelAccess()]);
    const version = effective.source === 'database' && effective.updatedAt ? effective.updatedAt.getTime() : null;
    if (version !== this.#policyVersion) {
      this.#shield =
        version === null
          ? this.#options.configShield
          : createShield({ policy: effective.policy, hashKey: this.#options.hashKey });
      this.#policyVersion = version;
    }
    this.#access = access;
    this.#refreshedAt = this.#options.now();
  }

  #assertFresh(): void {
    const age = this.#options.now() - this.#refreshedAt;
    if (this.#refreshedAt === 0 || age > this.#options.maxStaleMs) {
      throw new StaleSettingsError(
        `the administrators' settings could not be refreshed for ${Math.round(age / 1000)} s (database unreachable?)`,
      );
    }
  }

  /** The shield of the current policy; throws (→ fail closed) when the settings are stale. */
  readonly shield: Pick<Shield, 'protect'> = {
    protect: (text, context) => {
      this.#assertFresh();
      return this.#shield.protect(text, context);
    },
  };

  /** Model access with the administrators' group overrides; stale settings deny. */
  readonly modelAccess: { mayUse(actor: Actor, model: string): boolean } = {
    mayUse: (actor, model) => {
      this.#assertFresh();
      return this.#access!.mayUse(actor, model);
    },
  };
}
