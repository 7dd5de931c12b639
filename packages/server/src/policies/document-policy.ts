/**
 * Document rules (issue 5): an internal rule file of authorize.ts — imported by it only; routes
 * and the retrieval code ask authorize.ts (which re-exports the read rule below). The rules:
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
import type { Rule } from './authorize.ts';

export const DOCUMENT_ACTIONS = [
  'document:upload',
  'document:list',
  'document:read',
  'document:delete',
  'document:search',
  'connector:manage',
] as const;

export type DocumentAction = (typeof DOCUMENT_ACTIONS)[number];

export const DOCUMENT_RULES: Record<DocumentAction, Rule> = {
  'document:upload': { who: 'signed-in' },
  'document:list': { who: 'signed-in' },
  // Who reads WHICH document is the SQL condition below, inside every query.
  'document:read': { who: 'signed-in' },
  'document:search': { who: 'signed-in' },
  // Deleting: the owner only; anyone else gets "not found" (existence not revealed).
  'document:delete': { who: 'signed-in', own: true },
  'connector:manage': { who: ['admin'] },
};

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
