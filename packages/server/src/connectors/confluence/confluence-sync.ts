/**
 * Incremental sync of one Confluence space into documents owned by the connector's owner:
 * new pages are ingested, pages whose version changed are re-ingested in place (same document
 * id, so citations stay valid), unchanged pages only get their groups refreshed (permissions
 * change without a new version — including a restriction changed on an ancestor, which changes
 * the effective groups of every descendant), pages gone from the space are deleted with their
 * chunks. The pages and their groups are all read before anything is written: a failed lookup
 * leaves the documents as they were.
 */
import { createHash } from 'node:crypto';
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
): Promise<SyncResult> {
  const { db } = module;
  const pages = await client.listPages();
  const prefix = `${connection.baseUrl.replace(/\/$/, '')}#page=`;
  const existing = await db.query<{ id: string; source_ref: string; source_version: string | null }>(
    `SELECT id, source_ref, source_version FROM documents WHERE source = $1 AND owner_id = $2 AND starts_with(source_ref, $3)`,
    [CONFLUENCE_SOURCE, ownerId, prefix],
  );
  const known = new Map(existing.rows.map((row) => [row.source_ref, row]));
  const result: SyncResult = { created: 0, updated: 0, unchanged: 0, deleted: 0 };
  const seen = new Set<string>();
  for (const page of pages) {
    const sourceRef = sourceRefOf(connection, page.id);
    seen.add(sourceRef);
    const current = known.get(sourceRef);
    if (!current) {
      await module.ingest({
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
      continue;
    }
    if (current.source_version === String(page.version)) {
      await db.transaction((tx) => replaceGroups(tx, current.id, page.groups));
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
  }
  for (const [sourceRef, row] of known) {
    if (seen.has(sourceRef)) continue;
    await module.remove(row.id);
    result.deleted++;
  }
  return result;
}
