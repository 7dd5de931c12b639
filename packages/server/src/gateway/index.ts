/**
 * The OpenAI-compatible gateway, mounted under /v1: chat completions (streamed or not),
 * embeddings, models. Registered by app.ts with `{ deps }` (see deps.ts). Errors in OpenAI's
 * shape; every response carries x-rempart-request-id. Never logs request contents.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { createModelRegistry } from '../providers/registry.ts';
import { handleChatCompletion } from './chat-route.ts';
import type { GatewayDeps } from './deps.ts';
import { fromFrameworkError, GatewayError, invalidRequest } from './errors.ts';
import { requestLimits } from './limits.ts';
import { handleEmbeddings, handleListModels } from './other-routes.ts';
import type { GatewayRuntime } from './preflight.ts';

export type { GatewayDeps, GatewayConfig, GatewayRequestLimits } from './deps.ts';
export { OFFLINE_MODEL } from '../providers/offline-adapter.ts';

export interface GatewayPluginOptions {
  deps: GatewayDeps;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export const gatewayPlugin: FastifyPluginAsync<GatewayPluginOptions> = async (app, options) => {
  const deps = options.deps;
  // The server's live catalogue when given (closed with the services), else rempart.yaml's models.
  const registry = deps.registry ?? createModelRegistry(deps.config, () => deps.now());
  const runtime: GatewayRuntime = { deps, registry, rules: deps.config.routing, limits: requestLimits(deps.config.requestLimits) };
  if (!deps.registry) app.addHook('onClose', () => registry.close());
  await app.register(
    async (v1: FastifyInstance) => {
      // JSON bodies decoded strictly: invalid UTF-8 is refused, not silently replaced.
      v1.removeContentTypeParser('application/json');
      v1.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body: Buffer, done) => {
        let text: string;
        try {
          text = strictUtf8.decode(body);
        } catch {
          done(invalidRequest('invalid_utf8', 'The request body is not valid UTF-8.'), undefined);
          return;
        }
        if (text.trim() === '') {
          done(invalidRequest('invalid_json', 'The request body is empty: send a JSON object.'), undefined);
          return;
        }
        try {
          done(null, JSON.parse(text));
        } catch {
          done(invalidRequest('invalid_json', 'The request body is not valid JSON.'), undefined);
        }
      });
      v1.addHook('onRequest', async (request, reply) => {
        reply.header('x-rempart-request-id', request.id);
      });
      v1.setErrorHandler(async (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
        const gatewayError =
          error instanceof GatewayError
            ? error
            : fromFrameworkError(error as { statusCode?: number; code?: string; message: string }, app.initialConfig.bodyLimit);
        if (gatewayError.statusCode >= 500) {
          // Class and code only: messages of unexpected errors could quote content.
          request.log.error({ errorName: (error as Error)?.name, errorCode: gatewayError.code }, 'gateway request failed');
        }
        if (reply.sent || reply.raw.headersSent) return reply;
        return reply.code(gatewayError.statusCode).headers(gatewayError.headers).send(gatewayError.toBody());
      });
      v1.setNotFoundHandler(unknownEndpoint);
      // Every other path and method under /v1 is ours too: without these, the app's web
      // fallback (GET /*) would answer GETs here in the /api problem format.
      v1.all('/', unknownEndpoint);
      v1.all('/*', unknownEndpoint);
      // Handlers send (or hijack) the reply themselves; returning it tells Fastify so.
      v1.post('/chat/completions', async (request, reply) => {
        await handleChatCompletion(runtime, request, reply);
        return reply;
      });
      v1.post('/embeddings', async (request, reply) => {
        await handleEmbeddings(runtime, request, reply);
        return reply;
      });
      v1.get('/models', async (request, reply) => {
        await handleListModels(runtime, request, reply);
        return reply;
      });
    },
    { prefix: '/v1' },
  );
};

/** Methods served per path, for 405 (known path, other method) versus 404. */
const SERVED: Readonly<Record<string, readonly string[]>> = {
  '/v1/chat/completions': ['POST'],
  '/v1/embeddings': ['POST'],
  '/v1/models': ['GET', 'HEAD'],
};

async function unknownEndpoint(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const path = request.url.split('?')[0] ?? '';
  const allowed = SERVED[path.replace(/\/+$/, '')];
  const error = allowed
    ? new GatewayError(405, 'invalid_request_error', 'method_not_allowed', `${request.method} is not allowed on ${path}: use ${allowed.join(' or ')}.`, {
        headers: { allow: allowed.join(', ') },
      })
    : new GatewayError(404, 'not_found_error', 'unknown_url', `Unknown endpoint ${request.method} ${path}. Rempart serves POST /v1/chat/completions, POST /v1/embeddings and GET /v1/models.`);
  return reply.code(error.statusCode).headers(error.headers).send(error.toBody());
}

// Routes under the prefix must share the parent's hooks/decorators (fastify-plugin semantics
// without the dependency): only the inner /v1 scope is encapsulated.
(gatewayPlugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
