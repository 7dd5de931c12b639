import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database.ts';
import { migrationStatus } from '../db/migrate.ts';
import type { Metrics } from './metrics.ts';

export interface ObservabilityOptions {
  metrics: Metrics;
  db: Database;
}

/**
 * /healthz (the process answers), /readyz (the database answers and is migrated),
 * /metrics (Prometheus), per-request HTTP metrics labelled by route pattern, and the one
 * log line of each request.
 */
async function observability(app: FastifyInstance, options: ObservabilityOptions): Promise<void> {
  const { metrics, db } = options;

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    // What Fastify's "incoming request" and "request completed" lines held, in one line (no body, no headers).
    request.log.info(
      { req: { method: request.method, url: request.url, remoteAddress: request.ip }, res: { statusCode: reply.statusCode }, responseTime: reply.elapsedTime },
      'request completed',
    );
    metrics.httpRequests.inc({ route, method: request.method, status: String(reply.statusCode) });
    metrics.httpRequestDuration.observe({ route, method: request.method }, reply.elapsedTime / 1000);
  });

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    try {
      const status = await migrationStatus(db);
      if (!status.ready) {
        return reply.code(503).send({
          status: 'not_ready',
          reason: `database migrations applied: ${status.applied} of ${status.expected}`,
        });
      }
      return { status: 'ready', database: db.kind, migrations: status.applied };
    } catch (error) {
      return reply.code(503).send({ status: 'not_ready', reason: `database unreachable: ${(error as Error).message}` });
    }
  });

  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}

/**
 * Not encapsulated (Fastify's `skip-override`, what fastify-plugin sets): its onResponse hook
 * must see every route of the app, including 404s, not only the routes declared here.
 */
export const observabilityPlugin = Object.assign(observability, { [Symbol.for('skip-override')]: true });
