import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { ConfluenceClient, type ConfluenceConnection } from '../connectors/confluence/confluence-client.ts';
import { syncConfluenceSpace } from '../connectors/confluence/confluence-sync.ts';
import type { DocumentsModule } from '../documents/documents-module.ts';
import type { ApiContext } from './context.ts';
import { documentActorOf } from './documents-request.ts';
import { ApiProblem } from './problems.ts';

const syncBody = z
  .object({
    flavor: z.enum(['cloud', 'server']),
    baseUrl: z.url().refine((url) => /^https?:\/\//.test(url), 'must be an http(s) URL'),
    spaceKey: z.string().trim().min(1).max(255),
    email: z.string().max(320).optional(),
    apiToken: z.string().max(2000).optional(),
    token: z.string().max(2000).optional(),
  })
  .refine((body) => (body.flavor === 'cloud' ? Boolean(body.email && body.apiToken) : Boolean(body.token)), {
    message: 'Cloud needs email and apiToken; Server / Data Center needs token',
  });

/**
 * POST /api/documents/connectors/confluence/sync (admins): syncs a space now, incrementally.
 * Credentials are used for this call only and never stored; the last result is kept in
 * connector_sources, and every run is audited (connector.confluence.sync).
 */
export const confluenceRoutes: FastifyPluginAsync<{ module: DocumentsModule; context: ApiContext }> = async (api, { module, context }) => {
  api.post('/documents/connectors/confluence/sync', { config: { action: 'connector:manage' } }, async (request) => {
    const actor = documentActorOf(request);
    const body = syncBody.parse(request.body ?? {});
    const connection: ConfluenceConnection = {
      flavor: body.flavor,
      baseUrl: body.baseUrl,
      spaceKey: body.spaceKey,
      auth: body.flavor === 'cloud' ? { email: body.email!, apiToken: body.apiToken! } : { token: body.token! },
    };
    let result;
    try {
      result = await syncConfluenceSpace(module, new ConfluenceClient(connection), connection, actor.userId, {
        // Every run, a failed one too: counts and document ids (never the credentials, a title or a page).
        audit: ({ action, ...details }) => context.auditChange(request, String(action), details),
      });
    } catch (error) {
      throw new ApiProblem(502, 'CONNECTOR_FAILED', `The Confluence sync failed: ${(error as Error).message}. Check the URL, the space key and the credentials.`);
    }
    await module.db.query(
      `INSERT INTO connector_sources (id, kind, base_url, space_key, owner_id, last_sync_at, last_result)
       VALUES ($1, 'confluence', $2, $3, $4, now(), $5)
       ON CONFLICT (kind, base_url, space_key) DO UPDATE SET last_sync_at = now(), last_result = EXCLUDED.last_result`,
      [randomUUID(), body.baseUrl, body.spaceKey, actor.userId, JSON.stringify(result)],
    );
    return { result };
  });
};
