import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database.ts';
import type { Chunk } from './chunking.ts';
import type { InjectionFlag } from './injection.ts';
import { unitVector } from './search.ts';
import { foldForSearch } from './text-folding.ts';

export interface ChunkOutcome {
  status: 'ready' | 'quarantined';
  pagesTotal: number | null;
  sensitive: Record<string, number>;
  injection: InjectionFlag[];
  embeddings?: (number[] | null)[];
  error?: { code: string; detail: string };
}

/** Rows per INSERT: large enough to amortise round trips, small enough for PGlite's memory. */
const BATCH = 200;

/** Replaces a document's chunks and records the outcome, in one transaction. */
export async function writeChunks(db: Database, documentId: string, chunks: readonly Chunk[], outcome: ChunkOutcome): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('DELETE FROM document_chunks WHERE document_id = $1', [documentId]);
    for (let start = 0; start < chunks.length; start += BATCH) {
      const batch = chunks.slice(start, start + BATCH);
      const ids = batch.map(() => randomUUID());
      await tx.query(
        `INSERT INTO document_chunks (id, document_id, position, page, heading, text, search_text, token_count)
         SELECT u.id, $1, u.position, u.page, u.heading, u.text, u.search_text,
           (SELECT COALESCE(sum(cardinality(t.positions)), 0) FROM unnest(to_tsvector('french', u.search_text)) AS t)
         FROM unnest($2::uuid[], $3::int[], $4::int[], $5::text[], $6::text[], $7::text[]) AS u(id, position, page, heading, text, search_text)`,
        [
          documentId,
          ids,
          batch.map((chunk) => chunk.position),
          batch.map((chunk) => chunk.page ?? null),
          batch.map((chunk) => chunk.heading ?? null),
          batch.map((chunk) => chunk.text),
          batch.map((chunk) => foldForSearch(chunk.heading && !chunk.text.startsWith(chunk.heading) ? `${chunk.heading}\n${chunk.text}` : chunk.text)),
        ],
      );
      if (outcome.embeddings) {
        for (const [index, id] of ids.entries()) {
          const vector = outcome.embeddings[start + index];
          if (vector) await tx.query('UPDATE document_chunks SET embedding = $2 WHERE id = $1', [id, unitVector(vector)]);
        }
      }
    }
    await tx.query(
      `UPDATE documents SET status = $2, chunk_count = $3, pages_total = $4, pages_processed = COALESCE($4, 0),
         sensitive = $5, injection = $6, error_code = $7, error_detail = $8, updated_at = now() WHERE id = $1`,
      [
        documentId,
        outcome.status,
        chunks.length,
        outcome.pagesTotal,
        JSON.stringify(outcome.sensitive),
        JSON.stringify(outcome.injection),
        outcome.error?.code ?? null,
        outcome.error?.detail ?? null,
      ],
    );
  });
}
