/**
 * The documents feature, assembled once per server: settings, the shield's analyzer, the
 * ingestion queue, optional embeddings, and the commands the routes, the chat retrieval step
 * and the connectors call (documentIngester, documentDeleter, search).
 */
import { createHash } from 'node:crypto';
import { Vault } from '@rempart/shield';
import { configShield } from '../gateway-deps.ts';
import type { Database } from '../db/database.ts';
import type { DocumentReader } from '../policies/authorize.ts';
import type { ServerServices } from '../services.ts';
import { deleteDocument, findOwnDuplicate, getDocument, insertDocument, type DocumentRecord } from './document-store.ts';
import { createEmbeddingsClient, type Embedder } from './embeddings.ts';
import type { Location } from '../providers/config-schema.ts';
import { DocumentIngester } from './ingester.ts';
import { FORMAT_MEDIA_TYPES, preflightDocument } from './parsers/index.ts';
import { searchDocuments, type SearchResult } from './search.ts';
import { loadDocumentSettings, type DocumentSettings, type DocumentSettingsInput } from './settings.ts';

export interface DocumentsModuleOptions {
  settings?: DocumentSettingsInput;
  /** OpenAI-compatible embeddings endpoint; absent = lexical search only. */
  embeddings?: { baseUrl: string; apiKey?: string; model: string; location?: Location };
}

export interface UploadInput {
  ownerId: string;
  bytes: Uint8Array;
  fileName?: string;
  mediaType?: string;
  title?: string;
  groups: readonly string[];
  source?: string;
  sourceRef?: string;
  sourceVersion?: string;
}

export interface DocumentsModule {
  db: Database;
  settings: DocumentSettings;
  ingester: DocumentIngester;
  embedder?: Embedder;
  /** documentIngester: checks and stores a file, queues it; a duplicate of the owner's returns the existing record. */
  ingest(input: UploadInput): Promise<{ document: DocumentRecord; duplicate: boolean }>;
  /** documentDeleter: the document, its file, groups and every chunk. */
  remove(documentId: string): Promise<boolean>;
  search(reader: DocumentReader, query: string, k: number): Promise<SearchResult[]>;
}

export async function createDocumentsModule(services: ServerServices, options: DocumentsModuleOptions = {}): Promise<DocumentsModule> {
  const { db } = services;
  const settings = await loadDocumentSettings(db, options.settings);
  const shield = configShield(services); // the gateway's derivation of the hash key, the configured policy
  const embedder = options.embeddings
    ? createEmbeddingsClient({
        ...options.embeddings,
        protect: (text) => {
          // The provider's location decides the policy variant; unknown → the strictest (non-eu).
          const result = shield.protect(text, { vault: new Vault(), destination: options.embeddings?.location ?? 'non-eu' });
          return { text: result.text, blocked: result.blocked };
        },
      })
    : undefined;
  const ingester = new DocumentIngester({
    db,
    settings,
    analyze: (text) => shield.analyze(text),
    ...(embedder ? { embedder } : {}),
    onError: (error, documentId) => services.logger.error({ err: error, documentId }, 'document ingestion failed'),
  });
  return {
    db,
    settings,
    ingester,
    ...(embedder ? { embedder } : {}),
    async ingest(input) {
      const { format } = await preflightDocument(input.bytes, input.fileName, input.mediaType, { limits: settings.limits });
      const contentHash = createHash('sha256').update(input.bytes).digest('hex');
      if ((input.source ?? 'upload') === 'upload') {
        const existing = await findOwnDuplicate(db, input.ownerId, contentHash);
        if (existing) return { document: existing, duplicate: true };
      }
      const id = await insertDocument(db, {
        ownerId: input.ownerId,
        title: input.title?.trim() || input.fileName || 'Untitled',
        ...(input.fileName ? { fileName: input.fileName } : {}),
        mediaType: FORMAT_MEDIA_TYPES[format],
        format,
        contentHash,
        content: input.bytes,
        groups: input.groups,
        ...(input.source ? { source: input.source } : {}),
        ...(input.sourceRef ? { sourceRef: input.sourceRef } : {}),
        ...(input.sourceVersion ? { sourceVersion: input.sourceVersion } : {}),
      });
      ingester.enqueue(id);
      const document = await getDocument(db, id);
      if (!document) throw new Error('the document just stored cannot be read back');
      return { document, duplicate: false };
    },
    remove: (documentId) => deleteDocument(db, documentId),
    async search(reader, query, k) {
      const queryEmbedding = embedder ? await embedder.embedQuery(query).catch(() => null) : null;
      return searchDocuments(db, reader, query, { k, ...(queryEmbedding ? { queryEmbedding } : {}) });
    },
  };
}
