/**
 * The compliance console API (/api/compliance/*, docs/compliance.md): one Fastify plugin
 * registered from app.ts. It reuses the workspace API's authentication (session cookie or API
 * key, CSRF), problem details, denial answers and route policy (route-policy.ts): every
 * route declares `config.action`, a route without one fails registration, and
 * policies/authorize.ts decides (its compliance rules: policies/compliance-policy.ts).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { listAlerts, acknowledgeAlert } from '../compliance/alerts.ts';
import { ComplianceService } from '../compliance/compliance-service.ts';
import { listPurgeRuns, PURGE_STEPS } from '../compliance/purge.ts';
import type { ApiActor } from '../policies/api-actor.ts';
import type { ServerServices } from '../services.ts';
import { authConfigOf } from '../sessions/auth-config.ts';
import { SessionStore } from '../sessions/session-store.ts';
import { complianceAuditRoutes } from './compliance-audit-routes.ts';
import { complianceReportRoutes, sendCsv } from './compliance-report-routes.ts';
import { complianceRightsRoutes } from './compliance-rights-routes.ts';
import type { ApiContext } from './context.ts';
import { apiErrorHandler, ApiProblem, notFound, sendProblem } from './problems.ts';
import { installRoutePolicy, type RegisteredApiRoute } from './route-policy.ts';
import { z } from 'zod';

const csvQuery = z.object({ format: z.enum(['json', 'csv']).default('json') });

/** Every compliance route with its action, per app's services (read by the authorization matrix test). */
const registeredRoutes = new WeakMap<ServerServices, RegisteredApiRoute[]>();

export function complianceRoutesOf(services: ServerServices): readonly RegisteredApiRoute[] {
  return registeredRoutes.get(services) ?? [];
}

export interface ComplianceRouteOptions {
  compliance: ComplianceService;
}

export function complianceActorOf(request: FastifyRequest): ApiActor {
  const actor = request.apiActor;
  if (!actor) throw new ApiProblem(401, 'UNAUTHENTICATED', 'Sign in first.');
  return actor;
}

export async function complianceApi(app: FastifyInstance, options: { services: ServerServices; environment?: Record<string, string | undefined> }): Promise<void> {
  const compliance = new ComplianceService(options.services, options.environment ?? process.env);
  const auth = authConfigOf(options.services.config);
  const sessions = new SessionStore(options.services.db, { idleMs: auth.session.idleMinutes * 60_000, absoluteMs: auth.session.absoluteHours * 3_600_000 });
  // resolveActor reads only `services` and `sessions` of the workspace API's context.
  const authContext = { services: options.services, sessions } as Pick<ApiContext, 'services' | 'sessions'> as ApiContext;
  const registered: RegisteredApiRoute[] = [];
  registeredRoutes.set(options.services, registered);

  await app.register(
    async (api) => {
      api.setErrorHandler(apiErrorHandler);
      api.setNotFoundHandler((request, reply) => sendProblem(reply, new ApiProblem(404, 'NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}.`)));
      installRoutePolicy(api, authContext, registered);

      api.get('/overview', { config: { action: 'compliance:view' } }, async () => {
        const { db, config } = options.services;
        const [alerts, rights, incidents, runs, checkpoint] = await Promise.all([
          listAlerts(db, { unacknowledgedOnly: true, limit: 50 }),
          compliance.rights.list(),
          compliance.incidents.list(),
          listPurgeRuns(db, 1),
          db.query<{ created_at: Date; last_id: unknown }>('SELECT created_at, last_id FROM audit_checkpoints ORDER BY id DESC LIMIT 1'),
        ]);
        const openRights = rights.filter((request) => request.status === 'open');
        return {
          alerts: { unacknowledged: alerts.length },
          rights: { open: openRights.length, overdue: openRights.filter((request) => request.overdue).length, nextDueAt: openRights[0]?.dueAt ?? null },
          incidents: {
            open: incidents.filter((incident) => incident.status !== 'closed').length,
            late: incidents.filter((incident) => incident.gdprClock?.late || incident.aiActClock?.late).length,
          },
          retention: config.compliance.retention,
          lastPurge: runs[0] ?? null,
          lastCheckpointAt: checkpoint.rows[0] ? new Date(checkpoint.rows[0].created_at).toISOString() : null,
          signingKeyId: compliance.signingKey.keyId,
        };
      });

      api.get('/alerts', { config: { action: 'compliance:alerts' } }, async (request, reply) => {
        const query = z.object({ unacknowledged: z.enum(['true', 'false']).optional(), format: z.enum(['json', 'csv']).default('json') }).parse(request.query);
        const items = await listAlerts(options.services.db, { unacknowledgedOnly: query.unacknowledged === 'true' });
        if (query.format === 'csv') {
          // What the console lists: time, kind, summary, who; not the alert's audit details.
          return sendCsv(reply, 'rempart-alerts', ['created_at', 'kind', 'summary', 'actor_email', 'acknowledged_at'], items.map((alert) => [alert.createdAt, alert.kind, alert.summary, alert.actorEmail, alert.acknowledgedAt]));
        }
        return { items };
      });
      api.post('/alerts/:id/acknowledge', { config: { action: 'compliance:alerts' } }, async (request) => {
        const { id } = z.object({ id: z.uuid() }).parse(request.params);
        if (!(await acknowledgeAlert(options.services.db, id, complianceActorOf(request).userId))) {
          const [existing] = await listAlerts(options.services.db, { id });
          if (!existing) throw notFound('This alert');
        }
        return (await listAlerts(options.services.db, { id }))[0];
      });

      api.get('/retention', { config: { action: 'compliance:view' } }, async (request, reply) => {
        const { retention, purge } = options.services.config.compliance;
        if (csvQuery.parse(request.query).format === 'csv') {
          return sendCsv(reply, 'rempart-retention', ['data', 'retention', 'unit'], [
            ['conversations', retention.conversationDays, 'days'],
            ['documents', retention.documentDays ?? 'kept', retention.documentDays === null ? '' : 'days'],
            ['audit', retention.auditMonths, 'months'],
          ]);
        }
        return { retention, purge, runs: await listPurgeRuns(options.services.db, 20) };
      });
      /** Purge runs (the console's table); CSV with one column of deleted rows per step. */
      api.get('/retention/runs', { config: { action: 'compliance:view' } }, async (request, reply) => {
        const runs = await listPurgeRuns(options.services.db, 100);
        if (csvQuery.parse(request.query).format === 'csv') {
          return sendCsv(reply, 'rempart-purge-runs', ['started_at', 'finished_at', 'trigger', 'status', ...PURGE_STEPS.map((step) => `${step}_deleted`)], runs.map((run) => [
            new Date(run.startedAt).toISOString(),
            run.finishedAt ? new Date(run.finishedAt).toISOString() : null,
            run.trigger,
            run.status,
            ...PURGE_STEPS.map((step) => run.progress[step]?.deleted ?? 0),
          ]));
        }
        return { items: runs };
      });
      api.post('/retention/purge', { config: { action: 'compliance:purge' } }, async (request, reply) => {
        try {
          const run = await compliance.purge('api', complianceActorOf(request).userId);
          return reply.code(200).send(run);
        } catch (error) {
          if ((error as { code?: string }).code === 'PURGE_RUNNING') throw new ApiProblem(409, 'PURGE_RUNNING', (error as Error).message);
          throw error;
        }
      });

      await api.register(complianceAuditRoutes, { compliance });
      await api.register(complianceRightsRoutes, { compliance });
      await api.register(complianceReportRoutes, { compliance });
    },
    { prefix: '/api/compliance' },
  );

  app.addHook('onReady', async () => compliance.start());
  app.addHook('onClose', async () => compliance.stop());
}
