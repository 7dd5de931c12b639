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
import { RefreshedValue, type RefreshedValueOptions } from '../commands/refreshed-value.ts';
import type { LimitSettings, LimitSource } from './usage-limiter.ts';

export type LiveLimitsOptions = Omit<RefreshedValueOptions<LimitSettings>, 'what'>;

/** start/stop/refresh/current/lastKnown: RefreshedValue's, with the quotas as the value. */
export class LiveLimits extends RefreshedValue<LimitSettings> implements LimitSource {
  constructor(options: LiveLimitsOptions) {
    super({ ...options, what: 'the quotas' });
  }
}
