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
import { RefreshedValue, type RefreshedValueOptions } from './refreshed-value.ts';
import type { WorkspaceSettings } from './workspace-settings.ts';

export { StaleSettingsError } from './refreshed-value.ts';

export interface LiveSettingsOptions extends Omit<RefreshedValueOptions<unknown>, 'load' | 'what'> {
  settings: Pick<WorkspaceSettings, 'policy' | 'modelAccess'>;
  /** The shield built from the configuration file's policy (used while no admin policy exists). */
  configShield: Pick<Shield, 'protect'>;
  hashKey: Uint8Array;
}

interface Settings {
  shield: Pick<Shield, 'protect'>;
  /** The admin policy's updatedAt (ms), null for the configuration's: the shield is rebuilt only when it changes. */
  policyVersion: number | null;
  access: ModelAccess;
}

export class LiveSettings {
  readonly #value: RefreshedValue<Settings>;

  constructor(options: LiveSettingsOptions) {
    const { settings, configShield, hashKey, ...refresh } = options;
    let previous: Settings | undefined;
    this.#value = new RefreshedValue<Settings>({
      ...refresh,
      what: "the administrators' settings",
      load: async () => {
        const [effective, access] = await Promise.all([settings.policy(), settings.modelAccess()]);
        const policyVersion = effective.source === 'database' && effective.updatedAt ? effective.updatedAt.getTime() : null;
        const shield =
          previous && previous.policyVersion === policyVersion
            ? previous.shield
            : policyVersion === null
              ? configShield
              : createShield({ policy: effective.policy, hashKey });
        previous = { shield, policyVersion, access };
        return previous;
      },
    });
  }

  /** Loads the current settings (awaited before serving), then keeps them fresh. */
  start(): Promise<void> {
    return this.#value.start();
  }

  stop(): void {
    this.#value.stop();
  }

  /** Reloads now (also called right after an administrator's change); see RefreshedValue.refresh. */
  refresh(): Promise<void> {
    return this.#value.refresh();
  }

  /** The shield of the current policy; throws (→ fail closed) when the settings are stale. */
  readonly shield: Pick<Shield, 'protect'> = {
    protect: (text, context) => this.#value.current().shield.protect(text, context),
  };

  /** Model access with the administrators' group overrides; stale settings deny. */
  readonly modelAccess: { mayUse(actor: Actor, model: string): boolean } = {
    mayUse: (actor, model) => this.#value.current().access.mayUse(actor, model),
  };
}
