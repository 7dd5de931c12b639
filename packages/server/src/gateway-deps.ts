import { hkdfSync } from 'node:crypto';
import { createShield, type Shield } from '@rempart/shield';
import type { LiveSettings } from './commands/live-settings.ts';
import { usageGatesOf } from './commands/usage-gates.ts';
import type { DocumentsModule } from './documents/documents-module.ts';
import type { GatewayDeps } from './gateway/deps.ts';
import type { ServerServices } from './services.ts';

/**
 * What the gateway gets from the foundation (see gateway/deps.ts): the services built at
 * start, narrowed to the interface. The shield is built once here from the configured policy.
 * `documents`: the documents module, for chat with documents (absent → those requests get 503).
 */
export function createGatewayDeps(services: ServerServices, live?: LiveSettings, documents?: DocumentsModule): GatewayDeps {
  const { config } = services;
  const { perRequest } = config.limits;
  return {
    config: {
      providers: config.providers,
      models: config.models,
      routing: config.routing,
      requestLimits: Object.fromEntries(Object.entries(perRequest).filter(([, value]) => value !== undefined)),
    },
    registry: services.catalogue,
    // With live settings, the administrators' policy and model allow-lists apply on /v1 too.
    shield: live?.shield ?? configShield(services),
    authenticate: (authorizationHeader) => services.authenticator.authenticate(authorizationHeader),
    modelAccess: live?.modelAccess ?? services.modelAccess,
    audit: services.auditLog,
    vaults: services.vaultStore,
    limits: services.limiter,
    metrics: services.metrics,
    // The workspace's charter and training conditions hold on /v1 too.
    usageGates: usageGatesOf(services),
    ...(documents ? { documents } : {}),
    now: Date.now,
  };
}

/** The policy's `hash` action needs a key: derived from the secret key, never the key itself. */
export function shieldHashKey(services: ServerServices): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', services.secretKey.key, new Uint8Array(0), 'rempart shield hash key', 32));
}

/** The shield of the configuration file's policy. */
export function configShield(services: ServerServices): Shield {
  return createShield({ policy: services.config.policy, hashKey: shieldHashKey(services) });
}
