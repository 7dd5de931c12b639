/**
 * Serves the built web workspace (packages/web/dist) and falls back to its index.html for
 * every GET that is not an API route, so deep links (/chat/…, /admin/…) work after a reload.
 * /api and /v1 never fall back: an unknown API route stays a JSON 404.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

export interface WebStaticOptions {
  /** Folder holding the built app; default: packages/web/dist next to this package. */
  root?: string;
}

export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** Prefixes owned by the server: a miss there is an API 404, not a page. */
const API_PREFIXES = ['/api/', '/v1/', '/api', '/v1'];
const SERVER_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * The page may only talk to its own origin and load its own scripts and styles; no framing.
 * Scripts and styles are files emitted by Vite, so no 'unsafe-inline' is needed.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function isApiPath(path: string): boolean {
  return API_PREFIXES.some((prefix) => path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`));
}

function setPageHeaders(reply: FastifyReply): void {
  reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'same-origin');
  // index.html names the hashed bundles: it must be revalidated so a new build is picked up.
  reply.header('cache-control', 'no-cache');
}

export async function webStaticPlugin(app: FastifyInstance, options: WebStaticOptions): Promise<void> {
  const root = options.root ?? DEFAULT_WEB_ROOT;
  if (!existsSync(`${root}/index.html`)) {
    app.log.warn({ root }, 'web workspace not built: run `npm run build -w @rempart/web` (the API and /v1 work without it)');
    app.get('/', async (_request, reply) =>
      reply
        .type('text/plain; charset=utf-8')
        .code(503)
        .send('Rempart is running, but the web workspace has not been built.\nRun: npm run build -w @rempart/web, then restart.\n'),
    );
    return;
  }

  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    // Files are listed once at start (the build is immutable while running); unknown paths
    // reach the SPA fallback below instead of a static 404.
    wildcard: false,
    index: false,
    setHeaders(response: FastifyReply, filePath: string) {
      response.header('x-content-type-options', 'nosniff');
      // Vite fingerprints everything under assets/: safe to cache for a year.
      if (filePath.includes('/assets/')) response.header('cache-control', 'public, max-age=31536000, immutable');
    },
  });

  const sendIndex = (reply: FastifyReply) => {
    setPageHeaders(reply);
    return reply.sendFile('index.html', { cacheControl: false });
  };
  app.get('/', async (_request, reply) => sendIndex(reply));
  app.get('/*', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (isApiPath(path) || SERVER_PATHS.has(path) || path.startsWith('/assets/')) {
      return reply
        .code(404)
        .type('application/problem+json')
        .send({ type: 'about:blank', title: 'Not Found', status: 404, detail: `no route ${request.method} ${path}`, code: 'NOT_FOUND' });
    }
    return sendIndex(reply);
  });
}
