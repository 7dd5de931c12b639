/**
 * The models Rempart serves: rempart.yaml's (read-only) and those administrators add in the
 * workspace (database), merged into one ModelRegistry used by /v1 and the workspace chat alike.
 * Kept in memory and refreshed like the other administrators' settings (every 2 s, and at once
 * after a change through this instance): every instance picks up a new model within the period.
 *
 * Adapters (connection pools) are reused while a provider's section is unchanged; a changed or
 * deleted provider's pool is closed after a grace period, so requests that already chose it
 * finish (undici's close also waits for requests in flight).
 *
 * Fail closed: when the catalogue could not be refreshed for 30 s, `get` and `names` throw and
 * the gateway refuses requests (503) instead of routing to a provider that may have been removed.
 * A stored entry that cannot be used (its key does not decrypt, its provider is gone) is left out
 * and shown with its problem in the admin view; the others keep working.
 */
import type { Logger } from 'pino';
import type { CatalogueStore, LoadedProvider } from '../providers/catalogue-store.ts';
import type { Location, ModelConfig, ModelsConfig, ProviderConfig, ProvidersConfig } from '../providers/config-schema.ts';
import { OFFLINE_MODEL } from '../providers/offline-adapter.ts';
import { bindProvider, offlineRoute, OFFLINE_DESCRIPTION, routesOf, type BoundProvider, type ModelRegistry, type ModelRoute } from '../providers/registry.ts';
import { RefreshedValue, type RefreshedValueOptions } from './refreshed-value.ts';

export type CatalogueSource = 'config' | 'admin' | 'builtin';

/** A provider as administrators see it: never its API key or header values. */
export interface CatalogueProvider {
  name: string;
  type: ProviderConfig['type'];
  location: Location;
  baseUrl: string | null;
  source: CatalogueSource;
  apiKeySet: boolean;
  headerNames: string[];
  /** Azure's api-version, Anthropic's version and default max_tokens, when they apply. */
  apiVersion?: string;
  anthropicVersion?: string;
  defaultMaxTokens?: number;
  /** Why an administrator's entry is not in service (its models are left out too). */
  problem: string | null;
  updatedAt: string | null;
}

export interface CatalogueModel {
  id: string;
  provider: string;
  location: Location;
  description: string | null;
  fallbacks: string[];
  upstreamModel: string;
  source: CatalogueSource;
  problem: string | null;
  updatedAt: string | null;
}

export interface CatalogueView {
  providers: CatalogueProvider[];
  /** Every model, those out of service included (with their problem). */
  models: CatalogueModel[];
}

interface Snapshot {
  routes: Map<string, ModelRoute>;
  names: string[];
  view: CatalogueView;
  /** The merged sections, as rempart.yaml would hold them (for the AI-system register). */
  sections: { providers: ProvidersConfig; models: ModelsConfig };
}

export interface LiveCatalogueOptions extends Omit<RefreshedValueOptions<unknown>, 'load' | 'what'> {
  config: { providers: ProvidersConfig; models: ModelsConfig };
  store: Pick<CatalogueStore, 'providers' | 'models'>;
  logger: Pick<Logger, 'warn' | 'error'>;
  /** Wall clock for the adapters (ms). */
  clock?: () => number;
  /** How long a replaced provider's pool stays open for requests that already chose it (default 60 s). */
  retireGraceMs?: number;
}

export class LiveCatalogue implements ModelRegistry {
  readonly #value: RefreshedValue<Snapshot>;
  readonly #options: LiveCatalogueOptions;
  /** Provider name → its section's fingerprint and adapter. */
  readonly #bound = new Map<string, { fingerprint: string; bound: BoundProvider }>();
  readonly #retiring = new Set<{ timer: NodeJS.Timeout; bound: BoundProvider }>();
  #offline: BoundProvider | undefined;
  /** Problems already logged (each once, not every 2 s). */
  readonly #reported = new Set<string>();

  constructor(options: LiveCatalogueOptions) {
    const { config: _config, store: _store, logger: _logger, clock: _clock, retireGraceMs: _grace, ...refresh } = options;
    this.#options = options;
    this.#value = new RefreshedValue<Snapshot>({ ...refresh, what: 'the catalogue of providers and models', load: () => this.#load() });
  }

  start(): Promise<void> {
    return this.#value.start();
  }

  /** Reloads now (after an administrator's change); see RefreshedValue.refresh. */
  refresh(): Promise<void> {
    return this.#value.refresh();
  }

  get(name: string): ModelRoute | undefined {
    return this.#value.current().routes.get(name);
  }

  get names(): readonly string[] {
    return this.#value.current().names;
  }

  /** Providers and models for the admin views and the model pickers (throws when stale). */
  view(): CatalogueView {
    return this.#value.current().view;
  }

  /** The merged `providers` and `models` sections (throws when stale). */
  sections(): { providers: ProvidersConfig; models: ModelsConfig } {
    return this.#value.current().sections;
  }

  async close(): Promise<void> {
    this.#value.stop();
    const adapters = [...[...this.#bound.values()].map(({ bound }) => bound), ...[...this.#retiring].map(({ timer, bound }) => (clearTimeout(timer), bound))];
    if (this.#offline) adapters.push(this.#offline);
    this.#bound.clear();
    this.#retiring.clear();
    await Promise.all(adapters.map(({ adapter }) => adapter.close()));
  }

  async #load(): Promise<Snapshot> {
    const { config } = this.#options;
    const [storedProviders, storedModels] = await Promise.all([this.#options.store.providers(), this.#options.store.models()]);

    const providers: ProvidersConfig = { ...config.providers };
    const providerViews: CatalogueProvider[] = Object.entries(config.providers).map(([name, provider]) => providerView(name, provider, 'config', { apiKeySet: 'apiKey' in provider && provider.apiKey !== undefined, problem: null, updatedAt: null }));
    for (const stored of storedProviders) {
      const problem = Object.hasOwn(config.providers, stored.name) ? 'rempart.yaml now defines a provider of the same name, which wins' : stored.problem ?? null;
      if (problem === null && stored.config) providers[stored.name] = stored.config;
      else this.#report(`provider ${stored.name}`, problem ?? 'unusable');
      providerViews.push(storedProviderView(stored, problem));
    }

    const models: ModelsConfig = { ...config.models };
    const modelViews: CatalogueModel[] = Object.entries(config.models).map(([name, model]) => modelView(name, model, providers, 'config', null, null));
    const candidates: [string, ModelConfig, Date][] = [];
    for (const stored of storedModels) {
      if (Object.hasOwn(config.models, stored.name)) {
        this.#report(`model ${stored.name}`, 'rempart.yaml now defines a model of the same name, which wins');
        continue;
      }
      if (!stored.settings) {
        this.#report(`model ${stored.name}`, stored.problem);
        modelViews.push({ id: stored.name, provider: '', location: 'on-premise', description: null, fallbacks: [], upstreamModel: stored.name, source: 'admin', problem: stored.problem, updatedAt: stored.updatedAt.toISOString() });
        continue;
      }
      candidates.push([stored.name, stored.settings, stored.updatedAt]);
    }
    // An administrator's model is in service when its provider is, and so are its fallbacks
    // (repeated until stable: a fallback may itself be left out).
    const accepted = new Map(candidates.map(([name, settings]) => [name, settings] as const));
    const rejected = new Map<string, string>();
    for (let changed = true; changed; ) {
      changed = false;
      for (const [name, settings] of accepted) {
        const problem = !Object.hasOwn(providers, settings.provider)
          ? `its provider ${settings.provider} is not in service`
          : settings.fallbacks.find((fallback) => !Object.hasOwn(config.models, fallback) && !accepted.has(fallback))
            ? `its fallback ${settings.fallbacks.find((fallback) => !Object.hasOwn(config.models, fallback) && !accepted.has(fallback))} is not in service`
            : undefined;
        if (problem) {
          accepted.delete(name);
          rejected.set(name, problem);
          changed = true;
        }
      }
    }
    for (const [name, settings, updatedAt] of candidates) {
      const problem = rejected.get(name) ?? null;
      if (problem) this.#report(`model ${name}`, problem);
      else models[name] = settings;
      modelViews.push(modelView(name, settings, providers, 'admin', problem, updatedAt.toISOString()));
    }

    const adapters = this.#bindAll(providers);
    const routes = routesOf(models, adapters);
    if (routes.size === 0) {
      this.#offline ??= bindProvider('offline', { type: 'offline', location: 'on-premise' }, this.#clock);
      routes.set(OFFLINE_MODEL, offlineRoute(this.#offline.adapter));
      modelViews.push({ id: OFFLINE_MODEL, provider: 'offline', location: 'on-premise', description: OFFLINE_DESCRIPTION, fallbacks: [], upstreamModel: OFFLINE_MODEL, source: 'builtin', problem: null, updatedAt: null });
    }
    return { routes, names: [...routes.keys()], view: { providers: providerViews, models: modelViews }, sections: { providers, models } };
  }

  readonly #clock = (): number => (this.#options.clock ?? Date.now)();

  /** Adapters for these providers: the current ones where the section is unchanged, new ones otherwise. */
  #bindAll(providers: ProvidersConfig): Map<string, BoundProvider> {
    const adapters = new Map<string, BoundProvider>();
    for (const [name, provider] of Object.entries(providers)) {
      const fingerprint = JSON.stringify(provider);
      const current = this.#bound.get(name);
      if (current?.fingerprint === fingerprint) {
        adapters.set(name, current.bound);
        continue;
      }
      if (current) this.#retire(current.bound);
      const bound = bindProvider(name, provider, this.#clock);
      this.#bound.set(name, { fingerprint, bound });
      adapters.set(name, bound);
    }
    for (const [name, current] of this.#bound) {
      if (adapters.has(name)) continue;
      this.#bound.delete(name);
      this.#retire(current.bound);
    }
    return adapters;
  }

  #retire(bound: BoundProvider): void {
    const entry = {
      bound,
      timer: setTimeout(() => {
        this.#retiring.delete(entry);
        bound.adapter.close().catch((error: unknown) => this.#options.logger.error({ err: error, provider: bound.adapter.name }, 'could not close a retired provider'));
      }, this.#options.retireGraceMs ?? 60_000),
    };
    entry.timer.unref();
    this.#retiring.add(entry);
  }

  #report(what: string, problem: string): void {
    const key = `${what}: ${problem}`;
    if (this.#reported.has(key)) return;
    this.#reported.add(key);
    this.#options.logger.warn({ entry: what, problem }, 'an administrator\'s catalogue entry is not in service');
  }
}

function providerView(name: string, provider: ProviderConfig, source: CatalogueSource, extra: Pick<CatalogueProvider, 'apiKeySet' | 'problem' | 'updatedAt'>): CatalogueProvider {
  return {
    name,
    type: provider.type,
    location: provider.location,
    baseUrl: 'baseUrl' in provider ? provider.baseUrl : null,
    source,
    headerNames: 'headers' in provider ? Object.keys(provider.headers).sort() : [],
    ...(provider.type === 'azure' ? { apiVersion: provider.apiVersion } : {}),
    ...(provider.type === 'anthropic' ? { anthropicVersion: provider.anthropicVersion, defaultMaxTokens: provider.defaultMaxTokens } : {}),
    ...extra,
  };
}

function storedProviderView(stored: LoadedProvider, problem: string | null): CatalogueProvider {
  const extra = { apiKeySet: stored.apiKeySet, problem, updatedAt: stored.updatedAt.toISOString() };
  if (stored.config) return providerView(stored.name, stored.config, 'admin', extra);
  const settings = stored.settings;
  return {
    name: stored.name,
    type: settings.type,
    location: (typeof settings.location === 'string' ? settings.location : 'on-premise') as Location,
    baseUrl: typeof settings.baseUrl === 'string' ? settings.baseUrl : null,
    source: 'admin',
    headerNames: [],
    ...extra,
  };
}

function modelView(name: string, model: ModelConfig, providers: ProvidersConfig, source: CatalogueSource, problem: string | null, updatedAt: string | null): CatalogueModel {
  return {
    id: name,
    provider: model.provider,
    location: providers[model.provider]?.location ?? 'on-premise',
    description: model.description ?? null,
    fallbacks: model.fallbacks,
    upstreamModel: model.upstreamModel ?? name,
    source,
    problem,
    updatedAt,
  };
}
