/**
 * Document rules (issue 5), in the same terms as authorize.ts (same Decision type, same
 * denials, same meaning of "not found"):
 * - any signed-in person (not waiting for their MFA code) may upload, list, search;
 * - a document may be read — listed, found by search or chat retrieval, cited, downloaded — by
 *   its owner and by members of the groups it was shared with, and by nobody else (admins
 *   included). That rule is SQL (`readableDocumentCondition`), put INSIDE every query that
 *   returns document content, with the caller's user id and group names as parameters;
 * - only the owner deletes a document or changes its groups;
 * - an uploader shares with groups they belong to; an admin with any group;
 * - connectors (syncing a Confluence space) are configured by admins only (MFA-verified session or key).
 */
import type { ApiActor } from './api-actor.ts';
import type { Decision } from './authorize.ts';

export const DOCUMENT_ACTIONS = [
  'document:upload',
  'document:list',
  'document:read',
  'document:delete',
  'document:search',
  'connector:manage',
] as const;

export type DocumentAction = (typeof DOCUMENT_ACTIONS)[number];

export function authorizeDocumentAction(actor: ApiActor | undefined, action: DocumentAction): Decision {
  if (!actor) return { allowed: false, reason: 'unauthenticated' };
  if (actor.mfa === 'pending') return { allowed: false, reason: 'mfa_required' };
  if (action === 'connector:manage') {
    if (actor.role !== 'admin') return { allowed: false, reason: 'forbidden' };
    if (actor.method === 'session' && actor.mfa !== 'verified') return { allowed: false, reason: 'mfa_required' };
  }
  return { allowed: true };
}

/** Deleting or re-sharing: the owner only; anyone else gets "not found" (existence not revealed). */
export function authorizeDocumentChange(actor: ApiActor, document: { ownerId: string } | undefined): Decision {
  if (!document || document.ownerId !== actor.userId) return { allowed: false, reason: 'not_found' };
  return { allowed: true };
}

/** The groups an uploader may share with: theirs (admins: any). Returns the ones refused. */
export function groupsNotAllowedToShare(actor: ApiActor, groups: readonly string[]): string[] {
  if (actor.role === 'admin') return [];
  return groups.filter((group) => !actor.groups.includes(group));
}

/**
 * The read rule as a SQL condition on a `documents` row alias: `$<userParam>` is the caller's
 * user id (uuid), `$<groupsParam>` their group names (text[]). Every query that returns
 * document content includes it; nothing is filtered after the query.
 */
export function readableDocumentCondition(documentAlias: string, userParam: number, groupsParam: number): string {
  return `(${documentAlias}.owner_id = $${userParam}::uuid OR EXISTS (
    SELECT 1 FROM document_groups readable_group
    WHERE readable_group.document_id = ${documentAlias}.id AND readable_group.group_name = ANY($${groupsParam}::text[])))`;
}

/** Who is asking, as the retrieval queries take it. */
export interface DocumentReader {
  userId: string;
  groups: readonly string[];
}
