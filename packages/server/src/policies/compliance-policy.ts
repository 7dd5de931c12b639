/**
 * Compliance console rules (issue 6): an internal rule file of authorize.ts, imported by it only
 * (routes declare the action and authorize.ts decides). The rules:
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
import type { Rule } from './authorize.ts';

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

/** Role-only rules; authorize.ts adds what every rule gets (no MFA-pending session, admin sessions MFA-verified). */
export const COMPLIANCE_RULES: Record<ComplianceAction, Rule> = {
  'compliance:view': { who: COMPLIANCE_ROLES },
  'compliance:trail': { who: COMPLIANCE_ROLES },
  'compliance:checkpoint': { who: COMPLIANCE_ROLES },
  'compliance:rights': { who: COMPLIANCE_ROLES },
  'compliance:incidents': { who: COMPLIANCE_ROLES },
  'compliance:alerts': { who: COMPLIANCE_ROLES },
  'compliance:purge': { who: ['admin'] },
};
