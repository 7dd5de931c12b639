/**
 * The documents' SQL: records, original files, groups, chunks. Reads of content take a
 * DocumentReader and carry the read rule inside the query (policies/authorize.ts, rules in document-policy.ts).
 */
import { randomUUID } from 'node:crypto';
import { toDate, toNumber, type Database, type Queryable } from '../db/database.ts';
import { readableDocumentCondition, type DocumentReader } from '../policies/authorize.ts';
import type { InjectionFlag } from './injection.ts';

export type DocumentStatus = 'queued' | 'processing' | 'ready' | 'failed' | 'quarantined';

export interface DocumentRecord {
  id: string;
  ownerId: string;
  title: string;
  fileName: string | null;
  mediaType: string;
  format: string;
  sizeBytes: number;
  contentHash: string;
  status: DocumentStatus;
  error: { code: string; detail: string } | null;
  pagesTotal: number | null;
  pagesProcessed: number;
  chunkCount: number;
  /** {ENTITY_TYPE: count}: what the shield found; never values. */
  sensitive: Record<string, number>;
  injection: InjectionFlag[];
  groups: string[];
  source: string;
  sourceRef: string | null;
  sourceVersion: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const DOCUMENT_COLUMNS = `d.id, d.owner_id, d.title, d.file_name, d.media_type, d.format, d.size_bytes, d.content_hash,
  d.status, d.error_code, d.error_detail, d.pages_total, d.pages_processed, d.chunk_count, d.sensitive, d.injection,
  d.source, d.source_ref, d.source_version, d.created_at, d.updated_at,
  COALESCE((SELECT array_agg(g.group_name ORDER BY g.group_name) FROM document_groups g WHERE g.document_id = d.id), '{}') AS group_names`;

type DocumentRow = Record<string, unknown>;

function toRecord(row: DocumentRow): DocumentRecord {
  return {
    id: String(row.id),
    ownerId: String(row.owner_id),
    title: String(row.title),
    fileName: (row.file_name as string | null) ?? null,
    mediaType: String(row.media_type),
    format: String(row.format),
    sizeBytes: toNumber(row.size_bytes),
    contentHash: String(row.content_hash),
    status: row.status as DocumentStatus,
    error: row.error_code ? { code: String(row.error_code), detail: String(row.error_detail ?? '') } : null,
    pagesTotal: row.pages_total === null ? null : toNumber(row.pages_total),
    pagesProcessed: toNumber(row.pages_processed),
    chunkCount: toNumber(row.chunk_count),
    sensitive: row.sensitive as Record<string, number>,
    injection: row.injection as InjectionFlag[],
    groups: (row.group_names as string[]) ?? [],
    source: String(row.source),
    sourceRef: (row.source_ref as string | null) ?? null,
    sourceVersion: (row.source_version as string | null) ?? null,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

export interface NewDocument {
  ownerId: string;
  title: string;
  fileName?: string;
  mediaType: string;
  format: string;
  contentHash: string;
  content: Uint8Array;
  groups: readonly string[];
  source?: string;
  sourceRef?: string;
  sourceVersion?: string;
}

export async function insertDocument(db: Database, input: NewDocument): Promise<string> {
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO documents (id, owner_id, title, file_name, media_type, format, size_bytes, content_hash, status, source, source_ref, source_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'queued', $9, $10, $11)`,
      [id, input.ownerId, input.title, input.fileName ?? null, input.mediaType, input.format, input.content.byteLength, input.contentHash,
        input.source ?? 'upload', input.sourceRef ?? null, input.sourceVersion ?? null],
    );
    await tx.query('INSERT INTO document_files (document_id, content) VALUES ($1, $2)', [id, input.content]);
    await replaceGroups(tx, id, input.groups);
  });
  return id;
}

export async function replaceGroups(tx: Queryable, documentId: string, groups: readonly string[]): Promise<void> {
  await tx.query('DELETE FROM document_groups WHERE document_id = $1', [documentId]);
  for (const group of new Set(groups)) {
    await tx.query('INSERT INTO document_groups (document_id, group_name) VALUES ($1, $2)', [documentId, group]);
  }
}

/** The owner's copy of a file with these bytes, if any (dedup by content hash). */
export async function findOwnDuplicate(db: Database, ownerId: string, contentHash: string): Promise<DocumentRecord | undefined> {
  const result = await db.query<DocumentRow>(
    `SELECT ${DOCUMENT_COLUMNS} FROM documents d WHERE d.owner_id = $1 AND d.content_hash = $2 AND d.source = 'upload'`,
    [ownerId, contentHash],
  );
  return result.rows[0] ? toRecord(result.rows[0]) : undefined;
}

/** A document the reader may read; undefined when it does not exist or they may not. */
export async function findReadableDocument(db: Database, reader: DocumentReader, documentId: string): Promise<DocumentRecord | undefined> {
  if (!isUuid(documentId)) return undefined;
  const result = await db.query<DocumentRow>(
    `SELECT ${DOCUMENT_COLUMNS} FROM documents d WHERE d.id = $3 AND ${readableDocumentCondition('d', 1, 2)}`,
    [reader.userId, [...reader.groups], documentId],
  );
  return result.rows[0] ? toRecord(result.rows[0]) : undefined;
}

export async function listReadableDocuments(
  db: Database,
  reader: DocumentReader,
  options: { limit: number; offset: number },
): Promise<DocumentRecord[]> {
  const result = await db.query<DocumentRow>(
    `SELECT ${DOCUMENT_COLUMNS} FROM documents d WHERE ${readableDocumentCondition('d', 1, 2)}
     ORDER BY d.created_at DESC, d.id LIMIT $3 OFFSET $4`,
    [reader.userId, [...reader.groups], options.limit, options.offset],
  );
  return result.rows.map(toRecord);
}

/** For the ingester (no reader: it works on behalf of the uploader). */
export async function getDocument(db: Queryable, documentId: string): Promise<DocumentRecord | undefined> {
  const result = await db.query<DocumentRow>(`SELECT ${DOCUMENT_COLUMNS} FROM documents d WHERE d.id = $1`, [documentId]);
  return result.rows[0] ? toRecord(result.rows[0]) : undefined;
}

/** The original bytes, only for a reader allowed to read the document. */
export async function readDocumentFile(db: Database, reader: DocumentReader, documentId: string): Promise<Buffer | undefined> {
  if (!isUuid(documentId)) return undefined;
  const result = await db.query<{ content: unknown }>(
    `SELECT f.content FROM document_files f JOIN documents d ON d.id = f.document_id
     WHERE d.id = $3 AND ${readableDocumentCondition('d', 1, 2)}`,
    [reader.userId, [...reader.groups], documentId],
  );
  const content = result.rows[0]?.content;
  if (content === undefined) return undefined;
  return Buffer.isBuffer(content) ? content : Buffer.from(content as Uint8Array);
}

export async function loadFileForIngestion(db: Database, documentId: string): Promise<Uint8Array | undefined> {
  const result = await db.query<{ content: Uint8Array }>('SELECT content FROM document_files WHERE document_id = $1', [documentId]);
  return result.rows[0]?.content;
}

export interface Passage {
  chunkId: string;
  documentId: string;
  title: string;
  text: string;
  page: number | null;
  heading: string | null;
  position: number;
}

/** One passage (citation link), only for a reader allowed to read its document. */
export async function findReadablePassage(db: Database, reader: DocumentReader, documentId: string, chunkId: string): Promise<Passage | undefined> {
  if (!isUuid(documentId) || !isUuid(chunkId)) return undefined;
  const result = await db.query<Record<string, unknown>>(
    `SELECT c.id, c.document_id, d.title, c.text, c.page, c.heading, c.position
     FROM document_chunks c JOIN documents d ON d.id = c.document_id
     WHERE c.id = $3 AND d.id = $4 AND d.status = 'ready' AND ${readableDocumentCondition('d', 1, 2)}`,
    [reader.userId, [...reader.groups], chunkId, documentId],
  );
  const row = result.rows[0];
  if (!row) return undefined;
  return {
    chunkId: String(row.id),
    documentId: String(row.document_id),
    title: String(row.title),
    text: String(row.text),
    page: row.page === null ? null : toNumber(row.page),
    heading: (row.heading as string | null) ?? null,
    position: toNumber(row.position),
  };
}

/** Deletes the document with its file, groups and every chunk (and so every index entry). */
export async function deleteDocument(db: Database, documentId: string): Promise<boolean> {
  const result = await db.query('DELETE FROM documents WHERE id = $1', [documentId]);
  return result.rowCount > 0;
}

export async function updateProgress(db: Database, documentId: string, pagesProcessed: number, pagesTotal: number | null): Promise<void> {
  await db.query(
    `UPDATE documents SET status = 'processing', pages_processed = $2, pages_total = COALESCE($3, pages_total), updated_at = now() WHERE id = $1`,
    [documentId, pagesProcessed, pagesTotal],
  );
}

export async function markFailed(db: Database, documentId: string, code: string, detail: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('DELETE FROM document_chunks WHERE document_id = $1', [documentId]);
    await tx.query(
      `UPDATE documents SET status = 'failed', error_code = $2, error_detail = $3, chunk_count = 0, updated_at = now() WHERE id = $1`,
      [documentId, code, detail],
    );
  });
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}
