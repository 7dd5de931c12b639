import type { Actor } from '../auth/actor.ts';
import type { MfaState } from '../sessions/session-store.ts';

/** An authenticated /api caller: the shared Actor plus how they authenticated. */
export interface ApiActor extends Actor {
  method: 'session' | 'api_key';
  /** Session MFA state; API keys are 'not_applicable' (no interactive second factor). */
  mfa: MfaState | 'not_applicable';
  /** The usage charter: the current version (null = none published) and the highest one accepted. */
  charter: { currentVersion: number | null; acceptedVersion: number | null };
  /** Session only. */
  sessionIdHash?: string;
  csrfToken?: string;
}

/** No charter, or the current version accepted. */
export function charterSatisfied(actor: Pick<ApiActor, 'charter'>): boolean {
  const { currentVersion, acceptedVersion } = actor.charter;
  return currentVersion === null || (acceptedVersion !== null && acceptedVersion >= currentVersion);
}
