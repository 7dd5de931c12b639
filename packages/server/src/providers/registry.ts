/**
 * Models bound to their provider's adapter (one adapter, so one connection pool, per provider).
 * With no model configured, the built-in offline model is the only one. `get` and `names` may
 * throw (a live catalogue that could not be refreshed): callers fail closed.
 */
import type { Location, ModelsConfig, ProviderConfig, ProvidersConfig, RetrySettings } from './config-schema.ts';
import { gatewayConfigProblems, retriesSchema } from './config-schema.ts';
import { createAnthropicAdapter } from './anthropic-adapter.ts';
import { createOfflineAdapter, OFFLINE_MODEL } from './offline-adapter.ts';
import { createOpenAiAdapter } from './openai-adapter.ts';
import type { ProviderAdapter } from './types.ts';

export interface ModelRoute {
  /** The name clients use. */
  name: string;
  adapter: ProviderAdapter;
  upstreamModel: string;
  location: Location;
  fallbacks: readonly string[];
  retries: RetrySettings;
  description?: string;
}

export interface ModelRegistry {
  get(name: string): ModelRoute | undefined;
  /** Every model name: rempart.yaml's in its order, then those added by administrators. */
  readonly names: readonly string[];
  close(): Promise<void>;
}

const NO_RETRIES: RetrySettings = retriesSchema.parse({ max: 0 });

export class GatewayConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

/** One adapter (so one connection pool) for a provider's section, with the retries it applies. */
export interface BoundProvider {
  adapter: ProviderAdapter;
  retries: RetrySettings;
}

export function bindProvider(name: string, provider: ProviderConfig, now: () => number): BoundProvider {
  if (provider.type === 'offline') return { adapter: createOfflineAdapter(name, now), retries: NO_RETRIES };
  if (provider.type === 'anthropic') return { adapter: createAnthropicAdapter(name, provider, now), retries: provider.retries };
  return { adapter: createOpenAiAdapter(name, provider, now), retries: provider.retries };
}

/** The route of each model (its provider must be among `providers`, checked by the caller). */
export function routesOf(models: ModelsConfig, providers: ReadonlyMap<string, BoundProvider>): Map<string, ModelRoute> {
  const routes = new Map<string, ModelRoute>();
  for (const [name, model] of Object.entries(models)) {
    const bound = providers.get(model.provider);
    if (!bound) continue;
    routes.set(name, {
      name,
      adapter: bound.adapter,
      upstreamModel: model.upstreamModel ?? name,
      location: bound.adapter.location,
      fallbacks: model.fallbacks,
      retries: bound.retries,
      ...(model.description !== undefined ? { description: model.description } : {}),
    });
  }
  return routes;
}

export const OFFLINE_DESCRIPTION = 'Built-in answer: no model is connected yet.';

/** The built-in offline model's route: the only one while no model is configured. */
export function offlineRoute(adapter: ProviderAdapter): ModelRoute {
  return { name: OFFLINE_MODEL, adapter, upstreamModel: OFFLINE_MODEL, location: 'on-premise', fallbacks: [], retries: NO_RETRIES, description: OFFLINE_DESCRIPTION };
}

/** The models of rempart.yaml alone (the gateway on its own, as in its tests; the server uses LiveModelRegistry). */
export function createModelRegistry(
  config: { providers: ProvidersConfig; models: ModelsConfig; routing: Parameters<typeof gatewayConfigProblems>[0]['routing'] },
  now: () => number,
): ModelRegistry {
  const problems = gatewayConfigProblems(config);
  if (problems.length > 0) throw new GatewayConfigError(`invalid gateway configuration — ${problems.join('; ')}`);

  const adapters = new Map<string, BoundProvider>();
  for (const [name, provider] of Object.entries(config.providers)) adapters.set(name, bindProvider(name, provider, now));
  const routes = routesOf(config.models, adapters);
  if (routes.size === 0) {
    const adapter = createOfflineAdapter('offline', now);
    adapters.set('offline', { adapter, retries: NO_RETRIES });
    routes.set(OFFLINE_MODEL, offlineRoute(adapter));
  }
  const names = [...routes.keys()];
  return {
    get: (name) => routes.get(name),
    names,
    close: async () => {
      await Promise.all([...adapters.values()].map(({ adapter }) => adapter.close()));
    },
  };
}
