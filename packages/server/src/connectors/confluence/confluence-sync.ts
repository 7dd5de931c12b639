/**
 * Incremental sync of one Confluence space into documents owned by the connector's owner:
 * new pages are ingested, pages whose version changed are re-ingested in place (same document
 * id, so citations stay valid), unchanged pages only get their groups refreshed (permissions
 * change without a new version — including a restriction changed on an ancestor, which changes
 * the effective groups of every descendant), pages gone from the space are deleted with their
 * chunks. The pages and their groups are all read before anything is written: a failed lookup
 * leaves the documents as they were. Every run is audited (counts and document ids, never a
 * title or any content), including a run that fails part way.
 */
import { createHash } from 'node:crypto';
import type { AuditDetails } from '../../audit/record.ts';
import type { DocumentsModule } from '../../documents/documents-module.ts';
import { replaceGroups } from '../../documents/document-store.ts';
import type { ConfluenceClient, ConfluenceConnection, ConfluencePage } from './confluence-client.ts';

export interface SyncResult {
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
}

export const CONFLUENCE_SOURCE = 'confluence';

/** Document ids listed per kind of change in a run's audit record (counts are always complete). */
const AUDITED_IDS_MAX = 100;

export interface SyncOptions {
  /** Appends the run's audit record ('admin' kind; the caller adds who and which request). */
  audit?: (details: AuditDetails) => Promise<void>;
}

export function sourceRefOf(connection: Pick<ConfluenceConnection, 'baseUrl'>, pageId: string): string {
  return `${connection.baseUrl.replace(/\/$/, '')}#page=${pageId}`;
}

function pageHtml(page: ConfluencePage): Uint8Array {
  const title = page.title.replace(/[<>&]/g, ' ');
  return new TextEncoder().encode(`<html><head><title>${title}</title></head><body><h1>${title}</h1>${page.body}</body></html>`);
}

export async function syncConfluenceSpace(
  module: DocumentsModule,
  client: ConfluenceClient,
  connection: ConfluenceConnection,
  ownerId: string,
  options: SyncOptions = {},
): Promise<SyncResult> {
  const result: SyncResult = { created: 0, updated: 0, unchanged: 0, deleted: 0 };
  const changes: SyncChanges = { created: [], updated: [], deleted: [], regrouped: [] };
  try {
    await runSync(module, client, connection, ownerId, result, changes);
  } catch (error) {
    await options.audit?.(auditDetails(connection, 'failed', result, changes)).catch(() => {}); // the sync's own error is the one to report
    throw error;
  }
  await options.audit?.(auditDetails(connection, 'done', result, changes));
  return result;
}

interface SyncChanges {
  created: string[];
  updated: string[];
  deleted: string[];
  /** Documents whose sharing groups changed (pages unchanged or updated). */
  regrouped: string[];
}

function auditDetails(connection: ConfluenceConnection, outcome: 'done' | 'failed', result: SyncResult, changes: SyncChanges): AuditDetails {
  const ids = (list: string[]) => list.slice(0, AUDITED_IDS_MAX);
  return {
    action: 'connector.confluence.sync',
    outcome,
    flavor: connection.flavor,
    spaceKey: connection.spaceKey,
    created: result.created,
    updated: result.updated,
    unchanged: result.unchanged,
    deleted: result.deleted,
    groupsChanged: changes.regrouped.length,
    documentIds: { created: ids(changes.created), updated: ids(changes.updated), deleted: ids(changes.deleted), groupsChanged: ids(changes.regrouped) },
    documentIdsTruncated: [changes.created, changes.updated, changes.deleted, changes.regrouped].some((list) => list.length > AUDITED_IDS_MAX),
  };
}

function sameGroups(current: readonly string[], next: readonly string[]): boolean {
  const wanted = [...new Set(next)].sort();
  return current.length === wanted.length && [...current].sort().every((group, index) => group === wanted[index]);
}

async function runSync(
  module: DocumentsModule,
  client: ConfluenceClient,
  connection: ConfluenceConnection,
  ownerId: string,
  result: SyncResult,
  changes: SyncChanges,
): Promise<void> {
  const { db } = module;
  const pages = await client.listPages();
  const prefix = `${connection.baseUrl.replace(/\/$/, '')}#page=`;
  const existing = await db.query<{ id: string; source_ref: string; source_version: string | null; groups: string[] | null }>(
    `SELECT d.id, d.source_ref, d.source_version,
            (SELECT array_agg(g.group_name) FROM document_groups g WHERE g.document_id = d.id) AS groups
       FROM documents d WHERE d.source = $1 AND d.owner_id = $2 AND starts_with(d.source_ref, $3)`,
    [CONFLUENCE_SOURCE, ownerId, prefix],
  );
  const known = new Map(existing.rows.map((row) => [row.source_ref, row]));
  const seen = new Set<string>();
  for (const page of pages) {
    const sourceRef = sourceRefOf(connection, page.id);
    seen.add(sourceRef);
    const current = known.get(sourceRef);
    if (!current) {
      const { document } = await module.ingest({
        ownerId,
        bytes: pageHtml(page),
        fileName: `${page.title}.html`,
        mediaType: 'text/html',
        title: page.title,
        groups: page.groups,
        source: CONFLUENCE_SOURCE,
        sourceRef,
        sourceVersion: String(page.version),
      });
      result.created++;
      changes.created.push(document.id);
      continue;
    }
    const regrouped = !sameGroups(current.groups ?? [], page.groups);
    if (current.source_version === String(page.version)) {
      if (regrouped) {
        await db.transaction((tx) => replaceGroups(tx, current.id, page.groups));
        changes.regrouped.push(current.id);
      }
      result.unchanged++;
      continue;
    }
    const bytes = pageHtml(page);
    await db.transaction(async (tx) => {
      await tx.query(
        `UPDATE documents SET title = $2, source_version = $3, content_hash = $4, size_bytes = $5, status = 'queued',
           error_code = NULL, error_detail = NULL, updated_at = now() WHERE id = $1`,
        [current.id, page.title, String(page.version), createHash('sha256').update(bytes).digest('hex'), bytes.byteLength],
      );
      await tx.query('UPDATE document_files SET content = $2 WHERE document_id = $1', [current.id, bytes]);
      await replaceGroups(tx, current.id, page.groups);
    });
    module.ingester.enqueue(current.id);
    result.updated++;
    changes.updated.push(current.id);
    if (regrouped) changes.regrouped.push(current.id);
  }
  for (const [sourceRef, row] of known) {
    if (seen.has(sourceRef)) continue;
    await module.remove(row.id);
    result.deleted++;
    changes.deleted.push(row.id);
  }
}
