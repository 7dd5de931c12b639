/**
 * THE authorization module: "may this actor do this to that thing?" is answered here and
 * nowhere else. Every /api route — workspace, documents and search, connectors, compliance
 * console — declares its action (api/route-policy.ts refuses to register a route without one)
 * and asks `authorize` before doing anything. The document and compliance rules live in
 * document-policy.ts and compliance-policy.ts, internal rule files imported by this module only
 * (a test checks it); the document read rule (a SQL condition put inside every query) is
 * re-exported from here.
 *
 * Rules, in words:
 * - anyone may read their session state, log in, use the first-start setup and SSO;
 * - a session waiting for its MFA code may only give it (or log out);
 * - a signed-in person manages their own profile, API keys, conversations, feedback;
 *   nobody — admin included — reads another person's conversations or keys through these routes
 *   (someone else's thing is "not found", so existence is not revealed);
 * - the chat (conversations, messages, feedback) needs the current usage charter accepted;
 * - admins configure; DPOs read compliance data (users, groups, providers, policy, reports,
 *   concerns) and handle concerns, but change nothing else;
 * - documents: any signed-in person uploads, lists, searches; reading a given document is the
 *   SQL read rule (owner or shared group, admins included in "nobody else"); only the owner
 *   deletes; Confluence connectors are administrators' (document-policy.ts);
 * - the compliance console: DPOs and admins, a purge on demand admins only (compliance-policy.ts);
 * - an admin acting through a browser session must have passed MFA for anything only
 *   administrators may do, and to create API keys (a key must not bypass MFA).
 */
import type { Role } from '../auth/actor.ts';
import { charterSatisfied, type ApiActor } from './api-actor.ts';
import { COMPLIANCE_ACTIONS, COMPLIANCE_RULES } from './compliance-policy.ts';
import { DOCUMENT_ACTIONS, DOCUMENT_RULES } from './document-policy.ts';

export { groupsNotAllowedToShare, readableDocumentCondition, type DocumentReader } from './document-policy.ts';

const WORKSPACE_ACTIONS = [
  // public
  'session:read',
  'auth:login',
  'setup:use',
  'oidc:use',
  // session lifecycle
  'auth:mfa',
  'auth:logout',
  // own account
  'me:read',
  'me:update',
  'me:password',
  'me:mfa',
  'apiKey:list',
  'apiKey:create',
  'apiKey:revoke',
  'model:list',
  'charter:read',
  'charter:accept',
  'training:list',
  'training:read',
  'training:attempt',
  // chat
  'conversation:list',
  'conversation:create',
  'conversation:read',
  'conversation:update',
  'conversation:delete',
  'message:send',
  'feedback:give',
  'concern:create',
  // compliance (dpo + admin)
  'concern:list',
  'concern:handle',
  'compliance:read',
  // administration (admin)
  'user:manage',
  'group:manage',
  'apiKey:manageAll',
  'policy:update',
  'quotas:update',
  'provider:manage',
  'charter:publish',
  'training:manage',
] as const;

export const ACTIONS = [...WORKSPACE_ACTIONS, ...DOCUMENT_ACTIONS, ...COMPLIANCE_ACTIONS] as const;

export type Action = (typeof ACTIONS)[number];

/**
 * What an action is done to; ownership is all the policies need to know about it.
 * 'deferred': the route has not loaded its subject yet (the check before the handler runs);
 * the ownership part is then asked again with the loaded subject. undefined: no such thing.
 */
export type Subject = { kind: 'owned'; ownerId: string } | 'deferred' | undefined;

export interface Rule {
  /** Who: everyone (even anonymous), any signed-in person, or these roles. */
  who: 'anyone' | 'signed-in' | readonly Role[];
  /** The subject must belong to the actor. */
  own?: boolean;
  /** The current usage charter must be accepted. */
  charter?: boolean;
  /** Only through a browser session (password, MFA enrolment). */
  sessionOnly?: boolean;
  /** Allowed to a session still waiting for its MFA code. */
  duringMfa?: boolean;
  /** An admin's session must have passed MFA (implied for admin-only actions). */
  adminMfa?: boolean;
}

const COMPLIANCE: readonly Role[] = ['admin', 'dpo'];
const ADMIN: readonly Role[] = ['admin'];

const WORKSPACE_RULES: Record<(typeof WORKSPACE_ACTIONS)[number], Rule> = {
  'session:read': { who: 'anyone', duringMfa: true },
  'auth:login': { who: 'anyone', duringMfa: true },
  'setup:use': { who: 'anyone', duringMfa: true },
  'oidc:use': { who: 'anyone', duringMfa: true },
  'auth:mfa': { who: 'signed-in', sessionOnly: true, duringMfa: true },
  'auth:logout': { who: 'signed-in', sessionOnly: true, duringMfa: true },
  'me:read': { who: 'signed-in' },
  'me:update': { who: 'signed-in' },
  'me:password': { who: 'signed-in', sessionOnly: true },
  'me:mfa': { who: 'signed-in', sessionOnly: true },
  'apiKey:list': { who: 'signed-in' },
  'apiKey:create': { who: 'signed-in', adminMfa: true },
  'apiKey:revoke': { who: 'signed-in', own: true },
  'model:list': { who: 'signed-in' },
  'charter:read': { who: 'signed-in' },
  'charter:accept': { who: 'signed-in' },
  'training:list': { who: 'signed-in' },
  'training:read': { who: 'signed-in' },
  'training:attempt': { who: 'signed-in' },
  'conversation:list': { who: 'signed-in', charter: true },
  'conversation:create': { who: 'signed-in', charter: true },
  'conversation:read': { who: 'signed-in', own: true, charter: true },
  'conversation:update': { who: 'signed-in', own: true, charter: true },
  'conversation:delete': { who: 'signed-in', own: true, charter: true },
  'message:send': { who: 'signed-in', own: true, charter: true },
  'feedback:give': { who: 'signed-in', own: true, charter: true },
  'concern:create': { who: 'signed-in' },
  'concern:list': { who: COMPLIANCE },
  'concern:handle': { who: COMPLIANCE },
  'compliance:read': { who: COMPLIANCE },
  'user:manage': { who: ADMIN },
  'group:manage': { who: ADMIN },
  'apiKey:manageAll': { who: ADMIN },
  'policy:update': { who: ADMIN },
  'quotas:update': { who: ADMIN },
  'provider:manage': { who: ADMIN },
  'charter:publish': { who: ADMIN },
  'training:manage': { who: ADMIN },
};

export const RULES: Record<Action, Rule> = { ...WORKSPACE_RULES, ...DOCUMENT_RULES, ...COMPLIANCE_RULES };

export type Denial =
  | { allowed: false; reason: 'unauthenticated' }
  | { allowed: false; reason: 'mfa_required' }
  | { allowed: false; reason: 'session_required' }
  | { allowed: false; reason: 'forbidden' }
  | { allowed: false; reason: 'not_found' }
  | { allowed: false; reason: 'charter_not_accepted'; charterVersion: number };

export type Decision = { allowed: true } | Denial;

const ALLOWED: Decision = { allowed: true };

/** Whether the action concerns a thing that must belong to the actor (the route loads it, then asks again). */
export function needsOwnership(action: Action): boolean {
  return RULES[action].own === true;
}

export function authorize(actor: ApiActor | undefined, action: Action, subject?: Subject): Decision {
  const rule = RULES[action];
  if (rule.who === 'anyone') return ALLOWED;
  if (!actor) return { allowed: false, reason: 'unauthenticated' };
  if (actor.mfa === 'pending' && !rule.duringMfa) return { allowed: false, reason: 'mfa_required' };
  if (rule.sessionOnly && actor.method !== 'session') return { allowed: false, reason: 'session_required' };
  if (rule.who !== 'signed-in' && !rule.who.includes(actor.role)) return { allowed: false, reason: 'forbidden' };
  const adminOnlyPower = rule.who !== 'signed-in' && actor.role === 'admin';
  if ((adminOnlyPower || (rule.adminMfa && actor.role === 'admin')) && actor.method === 'session' && actor.mfa !== 'verified') {
    return { allowed: false, reason: 'mfa_required' };
  }
  if (rule.charter && !charterSatisfied(actor)) {
    return { allowed: false, reason: 'charter_not_accepted', charterVersion: actor.charter.currentVersion ?? 0 };
  }
  if (rule.own && subject !== 'deferred' && (subject === undefined || subject.ownerId !== actor.userId)) {
    return { allowed: false, reason: 'not_found' };
  }
  return ALLOWED;
}
