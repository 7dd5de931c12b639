/**
 * The workspace API (/api): one encapsulated Fastify plugin whose table of contents is below.
 * Contract: docs/api.md. Every route declares a policy action (route-policy.ts) and errors are
 * RFC 9457 problem details (problems.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { DocumentsModule } from '../documents/documents-module.ts';
import type { ServerServices } from '../services.ts';
import { applyBootstrapPassword, issueSetupToken, setupRequired } from '../commands/first-start.ts';
import { adminRoutes } from './admin-routes.ts';
import { catalogueRoutes } from './catalogue-routes.ts';
import { authRoutes } from './auth-routes.ts';
import { charterRoutes } from './charter-routes.ts';
import { concernRoutes } from './concern-routes.ts';
import { conversationRoutes } from './conversation-routes.ts';
import { createApiContext, type ApiContext } from './context.ts';
import { meRoutes } from './me-routes.ts';
import { messageRoutes } from './message-routes.ts';
import { modelRoutes } from './model-routes.ts';
import { oidcRoutes } from './oidc-routes.ts';
import { apiErrorHandler, ApiProblem, sendProblem } from './problems.ts';
import { installRoutePolicy, type RegisteredApiRoute } from './route-policy.ts';
import { setupRoutes } from './setup-routes.ts';
import { trainingRoutes } from './training-routes.ts';

export interface ApiPluginOptions {
  services: ServerServices;
  /** Default: process.env (REMPART_BOOTSTRAP_ADMIN_PASSWORD, NODE_ENV). */
  environment?: Record<string, string | undefined>;
  /** The documents module (app.ts), for messages sent with `useDocuments`. */
  documents?: DocumentsModule;
}

/** Every /api route with its action, per app, filled at registration (read by the authorization matrix test). */
const registeredRoutes = new WeakMap<ServerServices, RegisteredApiRoute[]>();

export function apiRoutesOf(services: ServerServices): readonly RegisteredApiRoute[] {
  return registeredRoutes.get(services) ?? [];
}

/** Registers /api on the app (called from app.ts). */
export async function registerWorkspaceApi(app: FastifyInstance, options: ApiPluginOptions): Promise<void> {
  const context = createApiContext(options.services, options.environment ?? process.env, options.documents);
  const registered: RegisteredApiRoute[] = [];
  registeredRoutes.set(options.services, registered);

  await app.register(
    async (api) => {
      api.setErrorHandler(apiErrorHandler);
      api.setNotFoundHandler((request, reply) => sendProblem(reply, new ApiProblem(404, 'NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}.`)));
      installRoutePolicy(api, context, registered);
      await api.register(authRoutes, { context });
      await api.register(setupRoutes, { context });
      await api.register(oidcRoutes, { context });
      await api.register(meRoutes, { context });
      await api.register(modelRoutes, { context });
      await api.register(charterRoutes, { context });
      await api.register(trainingRoutes, { context });
      await api.register(conversationRoutes, { context });
      await api.register(messageRoutes, { context });
      await api.register(concernRoutes, { context });
      await api.register(adminRoutes, { context });
      await api.register(catalogueRoutes, { context });
    },
    { prefix: '/api' },
  );

  // Housekeeping: expired sessions, old login counters and abandoned SSO flows (every instance
  // may do it; the deletes are idempotent). Not on the request path.
  const sweep = setInterval(() => {
    void sweepExpired(context).catch((error: unknown) => options.services.logger.warn({ errorName: (error as Error)?.name }, 'workspace housekeeping failed'));
  }, HOUSEKEEPING_INTERVAL_MS);
  sweep.unref();
  app.addHook('onClose', async () => {
    clearInterval(sweep);
  });

  let setupMessage: (() => void) | undefined;
  app.addHook('onReady', async () => {
    setupMessage = await prepareFirstStart(app, context);
  });
  app.addHook('onListen', () => setupMessage?.());
}

const HOUSEKEEPING_INTERVAL_MS = 15 * 60_000;

export async function sweepExpired(context: ApiContext): Promise<void> {
  const { db } = context.services;
  await context.sessions.sweep();
  await db.query(`DELETE FROM login_failures WHERE window_start < now() - make_interval(mins => $1)`, [context.auth.loginLimits.windowMinutes]);
  await db.query('DELETE FROM oidc_flows WHERE expires_at <= now()');
}

/** Bootstrap password from the environment, or a setup link in the log while no admin can sign in. */
async function prepareFirstStart(app: FastifyInstance, context: ApiContext): Promise<(() => void) | undefined> {
  const { services, environment } = context;
  const password = environment.REMPART_BOOTSTRAP_ADMIN_PASSWORD;
  if (password && services.config.bootstrap.adminEmail) {
    await applyBootstrapPassword(services.db, context.credentials, services.auditLog, {
      adminEmail: services.config.bootstrap.adminEmail,
      password,
    });
  }
  if (!(await setupRequired(services.db))) return undefined;
  const { token, expiresAt } = await issueSetupToken(services.db, context.auth.setupTokenMinutes);
  const path = `/setup?token=${token}`;
  return () => {
    const address = app.server.address();
    const origin = typeof address === 'object' && address ? `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}` : '';
    services.logger.warn({ setupPath: path, expiresAt: expiresAt.toISOString() }, `First start: no administrator can sign in yet. Open ${origin}${path} to create one (valid until ${expiresAt.toISOString()}, single use).`);
    // The log is JSON for machines; the person who just ran `npm start` needs a plain line.
    if (environment.NODE_ENV !== 'test') {
      process.stderr.write(
        `\n  Rempart — first start. Create the administrator account here (single use, valid until ${expiresAt.toISOString()}):\n\n    ${origin}${path}\n\n`,
      );
    }
  };
}
