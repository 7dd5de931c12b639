/**
 * /api/documents and /api/search (issue 5): an encapsulated plugin next to the workspace API,
 * with the same conventions — actor from an API key or the session (request-auth.ts), CSRF
 * checks, problem+json errors — and the same route policy (route-policy.ts): every route
 * declares `config.action` and policies/authorize.ts is asked before every handler.
 * Contract: docs/api.md (Documents) and docs/documents.md.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createDocumentsModule, type DocumentsModule, type DocumentsModuleOptions } from '../documents/documents-module.ts';
import { DocumentRejected } from '../documents/parsed-document.ts';
import type { ServerServices } from '../services.ts';
import { createApiContext } from './context.ts';
import { documentRoutes } from './documents-routes.ts';
import { confluenceRoutes } from './documents-confluence-routes.ts';
import { rejectionProblem } from './documents-request.ts';
import { apiErrorHandler, ApiProblem, problemFromError, sendProblem } from './problems.ts';
import { installRoutePolicy, type RegisteredApiRoute } from './route-policy.ts';
import { searchRoutes } from './search-routes.ts';

/** Every documents / search / connector route with its action, per app (read by the authorization matrix test). */
const registeredRoutes = new WeakMap<ServerServices, RegisteredApiRoute[]>();

export function documentsRoutesOf(services: ServerServices): readonly RegisteredApiRoute[] {
  return registeredRoutes.get(services) ?? [];
}

export interface DocumentsApiOptions extends DocumentsModuleOptions {
  services: ServerServices;
  /** An already built module (tests, the chat retrieval step share it). */
  module?: DocumentsModule;
}

/** Registers the documents API on the app (one line in app.ts); returns the module for the chat step. */
export async function registerDocumentsApi(app: FastifyInstance, options: DocumentsApiOptions): Promise<DocumentsModule> {
  const module = options.module ?? (await createDocumentsModule(options.services, options));
  const context = createApiContext(options.services, process.env);
  const registered: RegisteredApiRoute[] = [];
  registeredRoutes.set(options.services, registered);
  await app.register(
    async (api) => {
      await api.register(multipart, {
        limits: { fileSize: module.settings.limits.maxFileBytes, files: 1, fields: 10, fieldSize: 64 * 1024 },
      });
      api.setErrorHandler((error, request, reply) => {
        if (error instanceof DocumentRejected) return sendProblem(reply, rejectionProblem(error));
        const code = (error as { code?: string }).code;
        if (code === 'FST_REQ_FILE_TOO_LARGE') {
          return sendProblem(reply, new ApiProblem(413, 'FILE_TOO_LARGE', `The file is larger than the limit of ${formatBytes(module.settings.limits.maxFileBytes)}.`));
        }
        if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
          return sendProblem(reply, new ApiProblem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data (field "file").'));
        }
        if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
          return sendProblem(reply, new ApiProblem(400, 'TOO_MANY_PARTS', 'Send one file per request, with at most the fields title and groups.'));
        }
        const problem = problemFromError(error);
        return problem.status >= 500 ? apiErrorHandler(error, request, reply) : sendProblem(reply, problem);
      });
      installRoutePolicy(api, context, registered);
      await api.register(documentRoutes, { module, context });
      await api.register(searchRoutes, { module });
      await api.register(confluenceRoutes, { module, context });
    },
    { prefix: '/api' },
  );
  app.addHook('onReady', async () => {
    await module.ingester.resumePending();
  });
  app.addHook('preClose', async () => {
    await module.ingester.whenIdle();
  });
  return module;
}

/** 52428800 → "50 MB", 200000 → "195 KB": a limit people can read. */
function formatBytes(bytes: number): string {
  return bytes >= 1048576 ? `${Math.round((bytes / 1048576) * 10) / 10} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
