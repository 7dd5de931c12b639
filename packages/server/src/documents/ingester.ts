/**
 * documentIngester: turns a stored upload into searchable passages, in the background.
 * A small in-process queue with bounded concurrency; a bad file fails alone (its record says
 * why) and never stops the others. Steps: parse → chunk → shield scan (types and counts) and
 * prompt-injection flags → policy (index / quarantine / refuse) → chunks written in one
 * transaction (replacing any previous version's).
 */
import type { DetectedEntity } from '@rempart/shield';
import type { Database } from '../db/database.ts';
import { chunkBlocks, type Chunk } from './chunking.ts';
import { getDocument, loadFileForIngestion, markFailed, updateProgress } from './document-store.ts';
import type { Embedder } from './embeddings.ts';
import { findInjection, type InjectionFlag } from './injection.ts';
import { DocumentRejected, type DocumentFormat } from './parsed-document.ts';
import { parseDocument } from './parsers/index.ts';
import type { DocumentSettings, SensitiveAction } from './settings.ts';
import { writeChunks } from './chunk-writer.ts';

export interface IngesterDeps {
  db: Database;
  settings: DocumentSettings;
  /** The shield's analyzer (types, never stored values). */
  analyze(text: string): DetectedEntity[];
  embedder?: Embedder;
  /** Failures that are not the file's fault (database down…). */
  onError?(error: unknown, documentId: string): void;
}

const SECRET_TYPES = new Set(['SECRET', 'URL_CREDENTIALS']);
/** Progress is written at most this often (a 2,000-page PDF must not mean 2,000 updates). */
const PROGRESS_INTERVAL_MS = 500;

export class DocumentIngester {
  readonly #deps: IngesterDeps;
  readonly #waiting: string[] = [];
  #running = 0;
  readonly #idleWaiters: (() => void)[] = [];

  constructor(deps: IngesterDeps) {
    this.#deps = deps;
  }

  /** Queues a stored document; returns at once. */
  enqueue(documentId: string): void {
    this.#waiting.push(documentId);
    this.#pump();
  }

  /** Resolves when nothing is queued or running (tests, shutdown). */
  whenIdle(): Promise<void> {
    if (this.#running === 0 && this.#waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Documents left queued or half-processed by a previous run go back in the queue. */
  async resumePending(): Promise<number> {
    const pending = await this.#deps.db.query<{ id: string }>(
      "SELECT id FROM documents WHERE status IN ('queued', 'processing') ORDER BY created_at",
    );
    for (const row of pending.rows) this.enqueue(String(row.id));
    return pending.rows.length;
  }

  #pump(): void {
    while (this.#running < this.#deps.settings.concurrency && this.#waiting.length > 0) {
      const documentId = this.#waiting.shift()!;
      this.#running++;
      void this.process(documentId)
        .catch((error: unknown) => this.#deps.onError?.(error, documentId))
        .finally(() => {
          this.#running--;
          this.#pump();
          if (this.#running === 0 && this.#waiting.length === 0) this.#idleWaiters.splice(0).forEach((resolve) => resolve());
        });
    }
  }

  /** Processes one document now (the queue calls it; the eval and tests may too). */
  async process(documentId: string): Promise<void> {
    const { db, settings } = this.#deps;
    const document = await getDocument(db, documentId);
    const bytes = await loadFileForIngestion(db, documentId);
    if (!document || !bytes) return; // deleted while queued
    await updateProgress(db, documentId, 0, null);
    let lastProgressAt = 0;
    try {
      const parsed = await parseDocument(bytes, document.format as DocumentFormat, {
        limits: settings.limits,
        onProgress: (done, total) => {
          const now = Date.now();
          if (now - lastProgressAt < PROGRESS_INTERVAL_MS) return;
          lastProgressAt = now;
          void updateProgress(db, documentId, done, total).catch(() => {});
        },
      });
      const chunks = chunkBlocks(parsed.blocks);
      if (chunks.length === 0) throw new DocumentRejected('EMPTY_DOCUMENT', 'No text was found in this file (a scanned document without OCR?).');
      const scan = this.#scan(chunks);
      const decision = policyDecision(scan.sensitive, settings);
      if (decision === 'refuse') {
        await markFailed(db, documentId, 'REFUSED_BY_POLICY', `The document holds ${describe(scan.sensitive)}; the documents policy refuses such files.`);
        await db.query('DELETE FROM document_files WHERE document_id = $1', [documentId]);
        await db.query('UPDATE documents SET sensitive = $2 WHERE id = $1', [documentId, JSON.stringify(scan.sensitive)]);
        return;
      }
      const embeddings = this.#deps.embedder && decision === 'index' ? await this.#deps.embedder.embedPassages(chunks.map((chunk) => chunk.text)) : undefined;
      await writeChunks(db, documentId, chunks, {
        status: decision === 'quarantine' ? 'quarantined' : 'ready',
        pagesTotal: parsed.pageCount ?? null,
        sensitive: scan.sensitive,
        injection: scan.injection,
        ...(embeddings ? { embeddings } : {}),
        ...(decision === 'quarantine'
          ? { error: { code: 'QUARANTINED', detail: `The document holds ${describe(scan.sensitive)}; it is kept out of search until an administrator reviews it.` } }
          : {}),
      });
    } catch (error) {
      if (error instanceof DocumentRejected) {
        await markFailed(db, documentId, error.code, error.message);
        return;
      }
      await markFailed(db, documentId, 'PROCESSING_FAILED', 'The file could not be processed. Try again; if it persists, contact your administrator.').catch(() => {});
      throw error;
    }
  }

  #scan(chunks: readonly Chunk[]): { sensitive: Record<string, number>; injection: InjectionFlag[] } {
    const sensitive: Record<string, number> = {};
    const injection: InjectionFlag[] = [];
    for (const chunk of chunks) {
      for (const entity of this.#deps.analyze(chunk.text)) sensitive[entity.type] = (sensitive[entity.type] ?? 0) + 1;
      for (const rule of findInjection(chunk.text)) {
        injection.push({ rule, chunk: chunk.position, ...(chunk.page !== undefined ? { page: chunk.page } : {}) });
      }
    }
    return { sensitive, injection };
  }
}

function policyDecision(sensitive: Record<string, number>, settings: DocumentSettings): SensitiveAction {
  const actions: SensitiveAction[] = ['index'];
  if (Object.keys(sensitive).some((type) => SECRET_TYPES.has(type))) actions.push(settings.onSecret);
  if (sensitive.SPECIAL_CATEGORY) actions.push(settings.onSpecialCategory);
  if (actions.includes('refuse')) return 'refuse';
  if (actions.includes('quarantine')) return 'quarantine';
  return 'index';
}

function describe(sensitive: Record<string, number>): string {
  const kinds = Object.keys(sensitive).filter((type) => SECRET_TYPES.has(type) || type === 'SPECIAL_CATEGORY');
  return kinds.length > 0 ? kinds.join(', ') : 'sensitive data';
}
