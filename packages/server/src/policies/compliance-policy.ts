/**
 * Compliance console rules (issue 6), in the same terms as authorize.ts (same Decision, same
 * denials):
 * - plain users see nothing of the console;
 * - the DPO (auditor) and admins read compliance data: aggregates, registers, reports,
 *   dashboards, verification, checkpoints; they handle people's rights requests and
 *   incidents (that is the DPO's job) — this changes no policy;
 * - reading who did what in the audit trail, or exporting it, needs a recorded reason (the
 *   route checks the reason; the rule here says who may ask at all);
 * - running a retention purge on demand is an administrator's act (it deletes data per the
 *   configured policy); the DPO cannot, and nobody changes retention from the API (config);
 * - an admin acting through a browser session must have passed MFA, as for every admin power.
 */
import type { Role } from '../auth/actor.ts';
import type { ApiActor } from './api-actor.ts';
import type { Decision } from './authorize.ts';

export const COMPLIANCE_ACTIONS = [
  'compliance:view',
  'compliance:trail',
  'compliance:checkpoint',
  'compliance:rights',
  'compliance:incidents',
  'compliance:alerts',
  'compliance:purge',
] as const;

export type ComplianceAction = (typeof COMPLIANCE_ACTIONS)[number];

const COMPLIANCE_ROLES: readonly Role[] = ['dpo', 'admin'];

export const COMPLIANCE_RULES: Record<ComplianceAction, readonly Role[]> = {
  'compliance:view': COMPLIANCE_ROLES,
  'compliance:trail': COMPLIANCE_ROLES,
  'compliance:checkpoint': COMPLIANCE_ROLES,
  'compliance:rights': COMPLIANCE_ROLES,
  'compliance:incidents': COMPLIANCE_ROLES,
  'compliance:alerts': COMPLIANCE_ROLES,
  'compliance:purge': ['admin'],
};

export function authorizeCompliance(actor: ApiActor | undefined, action: ComplianceAction): Decision {
  if (!actor) return { allowed: false, reason: 'unauthenticated' };
  if (actor.mfa === 'pending') return { allowed: false, reason: 'mfa_required' };
  if (!COMPLIANCE_RULES[action].includes(actor.role)) return { allowed: false, reason: 'forbidden' };
  if (actor.role === 'admin' && actor.method === 'session' && actor.mfa !== 'verified') return { allowed: false, reason: 'mfa_required' };
  return { allowed: true };
}
