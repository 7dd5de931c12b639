import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { DocumentsModule } from '../documents/documents-module.ts';
import { documentActorOf } from './documents-request.ts';

const searchBody = z.object({
  query: z.string().trim().min(1).max(2000),
  k: z.number().int().min(1).max(100).default(10),
});

/** POST /api/search {query, k} → {results: [{documentId, title, chunkId, text, score, page}]}: the caller's readable passages only. */
export const searchRoutes: FastifyPluginAsync<{ module: DocumentsModule }> = async (api, { module }) => {
  api.post('/search', { config: { action: 'document:search' } }, async (request) => {
    const actor = documentActorOf(request);
    const { query, k } = searchBody.parse(request.body ?? {});
    const results = await module.search({ userId: actor.userId, groups: actor.groups }, query, k);
    return {
      results: results.map((result) => ({
        documentId: result.documentId,
        title: result.title,
        chunkId: result.chunkId,
        text: result.text,
        score: result.score,
        page: result.page,
      })),
    };
  });
};
