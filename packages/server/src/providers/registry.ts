/**
 * The configured models, each bound to its provider's adapter (one adapter, so one connection
 * pool, per provider). With no model configured, the built-in offline model is the only one.
 */
import type { Location, ModelsConfig, ProvidersConfig, RetrySettings } from './config-schema.ts';
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
  /** Every model name, in configuration order. */
  readonly names: readonly string[];
  close(): Promise<void>;
}

const NO_RETRIES: RetrySettings = retriesSchema.parse({ max: 0 });

export class GatewayConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

export function createModelRegistry(
  config: { providers: ProvidersConfig; models: ModelsConfig; routing: Parameters<typeof gatewayConfigProblems>[0]['routing'] },
  now: () => number,
): ModelRegistry {
  const problems = gatewayConfigProblems(config);
  if (problems.length > 0) throw new GatewayConfigError(`invalid gateway configuration — ${problems.join('; ')}`);

  const adapters = new Map<string, { adapter: ProviderAdapter; retries: RetrySettings }>();
  for (const [name, provider] of Object.entries(config.providers)) {
    if (provider.type === 'offline') adapters.set(name, { adapter: createOfflineAdapter(name, now), retries: NO_RETRIES });
    else if (provider.type === 'anthropic') adapters.set(name, { adapter: createAnthropicAdapter(name, provider, now), retries: provider.retries });
    else adapters.set(name, { adapter: createOpenAiAdapter(name, provider, now), retries: provider.retries });
  }

  const routes = new Map<string, ModelRoute>();
  for (const [name, model] of Object.entries(config.models)) {
    const bound = adapters.get(model.provider)!; // checked by gatewayConfigProblems
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
  if (routes.size === 0) {
    const adapter = createOfflineAdapter('offline', now);
    adapters.set('offline', { adapter, retries: NO_RETRIES });
    routes.set(OFFLINE_MODEL, {
      name: OFFLINE_MODEL,
      adapter,
      upstreamModel: OFFLINE_MODEL,
      location: 'on-premise',
      fallbacks: [],
      retries: NO_RETRIES,
      description: 'Built-in answer: no model is connected yet.',
    });
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
