/**
 * The Rempart server: what it is made of, in order. Each line is a plugin with one
 * responsibility; later work adds /api/* plugins here.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { RempartConfig } from './config/load-config.ts';
import { registerWorkspaceApi } from './api/index.ts';
import { complianceApi } from './api/compliance-routes.ts';
import { registerDocumentsApi } from './api/documents-api.ts';
import { createDocumentsModule } from './documents/documents-module.ts';
import { embeddingsEndpointFrom } from './documents/embeddings-config.ts';
import { gatewayPlugin } from './gateway/index.ts';
import { LiveSettings } from './commands/live-settings.ts';
import { WorkspaceSettings } from './commands/workspace-settings.ts';
import { configShield, createGatewayDeps, shieldHashKey } from './gateway-deps.ts';
import { observabilityPlugin } from './observability/observability-plugin.ts';
import { openServices, type ServerServices } from './services.ts';
import { webStaticPlugin } from './web/static.ts';

export interface BuildAppOptions {
  config: RempartConfig;
  /** Already opened services (tests share them); otherwise opened here and closed with the app. */
  services?: ServerServices;
}

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const services = options.services ?? (await openServices(options.config));
  const { config, logger, metrics, db } = services;

  const app = Fastify({
    // pino's Logger is a FastifyBaseLogger; the cast only bridges two pino type versions.
    loggerInstance: logger as unknown as FastifyBaseLogger,
    bodyLimit: config.server.bodyLimitBytes,
    trustProxy: config.server.trustProxy,
    genReqId: () => randomUUID(),
    // One line per request (observability-plugin.ts's onResponse), not Fastify's two.
    disableRequestLogging: true,
    requestIdHeader: false, // never trust a client-chosen id for the audit trail
  });

  await app.register(observabilityPlugin, { metrics, db }); // /healthz /readyz /metrics
  // Administrators' policy and model allow-lists, kept fresh in memory for /v1's hot path.
  const liveSettings = new LiveSettings({
    settings: new WorkspaceSettings(db, config),
    configShield: configShield(services),
    hashKey: shieldHashKey(services),
    onRefreshError: (error) => logger.error({ err: error }, 'could not refresh the administrators\' settings'),
  });
  await liveSettings.start();
  const unsubscribe = services.settingsChanges.subscribe(() =>
    // The change is stored; if this reload fails the periodic one retries (and fails closed when stale).
    liveSettings.refresh().catch((error: unknown) => logger.error({ err: error }, 'could not reload the administrators\' settings')),
  );
  app.addHook('onClose', async () => {
    unsubscribe();
    liveSettings.stop();
  });
  // The documents feature, shared by its API and the chat with documents of /v1 and the workspace.
  const embeddings = embeddingsEndpointFrom(config);
  // rempart.yaml's documents section (onSecret, onSpecialCategory, limits) over the built-in defaults.
  const { embeddings: _embeddingsModel, ...documentSettings } = config.documents;
  const documents = await createDocumentsModule(services, { settings: documentSettings, ...(embeddings ? { embeddings } : {}) });
  await app.register(gatewayPlugin, { deps: createGatewayDeps(services, liveSettings, documents) }); // /v1 (OpenAI-compatible)
  await registerWorkspaceApi(app, { services, documents }); // /api (workspace, admin, DPO: docs/api.md)
  await complianceApi(app, { services }); // /api/compliance (DPO console: docs/compliance.md)
  await registerDocumentsApi(app, { services, module: documents }); // /api/documents, /api/search (docs/documents.md)
  await app.register(webStaticPlugin); // the web workspace (packages/web/dist), SPA fallback outside /api and /v1

  if (!options.services) app.addHook('onClose', () => services.close());
  return app;
}

export interface RunningServer {
  app: FastifyInstance;
  /** http://host:port actually bound (port 0 → the one chosen). */
  url: string;
  close(): Promise<void>;
}

/** Builds the app and listens on the configured host and port. */
export async function startServer(options: BuildAppOptions): Promise<RunningServer> {
  const app = await buildApp(options);
  try {
    await app.listen({ host: options.config.server.host, port: options.config.server.port });
  } catch (error) {
    await app.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.config.server.port;
  const host = options.config.server.host.includes(':') ? `[${options.config.server.host}]` : options.config.server.host;
  return { app, url: `http://${host}:${port}`, close: () => app.close() };
}
