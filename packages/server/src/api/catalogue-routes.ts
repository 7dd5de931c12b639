/**
 * Admin → Providers and models: rempart.yaml's entries (read-only here) and those administrators
 * add, change and delete (stored in the database, served by every instance within 2 s, at once
 * by this one). API keys are write-only: sealed at rest, never returned, never in the audit.
 * Every change is appended to the audit chain.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { CatalogueProvider, CatalogueView } from '../commands/live-catalogue.ts';
import { catalogueNameSchema, EDITABLE_PROVIDER_TYPES, type ProviderSettings } from '../providers/catalogue-store.ts';
import { modelSchema, providerSchema, type ProviderConfig } from '../providers/config-schema.ts';
import type { ApiContext } from './context.ts';
import { ApiProblem, conflict, notFound } from './problems.ts';
import { actorOf } from './route-policy.ts';

const apiKeyField = z.string().min(1).max(4_096);
/** What an administrator may set on a provider (its rempart.yaml fields; validated as a whole by providerSchema). */
const providerFields = {
  type: z.enum(EDITABLE_PROVIDER_TYPES),
  location: z.enum(['on-premise', 'eu', 'non-eu']),
  baseUrl: z.url().max(2_000),
  apiVersion: z.string().min(1).max(100),
  anthropicVersion: z.string().min(1).max(100),
  defaultMaxTokens: z.number().int().positive().max(1_000_000),
  headers: z.record(z.string().min(1).max(200), z.string().max(4_000)),
  timeouts: z.object({ connectMs: z.number().int().positive(), firstByteMs: z.number().int().positive(), totalMs: z.number().int().positive() }).partial().strict(),
  retries: z.object({ max: z.number().int().min(0).max(10), baseDelayMs: z.number().int().positive(), maxDelayMs: z.number().int().positive(), maxRetryAfterMs: z.number().int().positive() }).partial().strict(),
  maxConnections: z.number().int().positive().max(10_000),
};
const OPTIONAL_PROVIDER_FIELDS = ['baseUrl', 'apiVersion', 'anthropicVersion', 'defaultMaxTokens', 'headers', 'timeouts', 'retries', 'maxConnections'] as const;

const createProviderBody = z
  .object({
    name: catalogueNameSchema,
    type: providerFields.type,
    location: providerFields.location,
    apiKey: apiKeyField.optional(),
    ...Object.fromEntries(OPTIONAL_PROVIDER_FIELDS.map((field) => [field, providerFields[field].optional()])),
  })
  .strict();
/** A field set to null returns to its default; `apiKey`: absent keeps it, null removes it. */
const updateProviderBody = z
  .object({
    type: providerFields.type.optional(),
    location: providerFields.location.optional(),
    apiKey: apiKeyField.nullable().optional(),
    ...Object.fromEntries(OPTIONAL_PROVIDER_FIELDS.map((field) => [field, providerFields[field].nullable().optional()])),
  })
  .strict();
const nameParams = z.object({ name: z.string().max(200) });

const modelFields = {
  provider: catalogueNameSchema,
  upstreamModel: z.string().trim().min(1).max(200),
  fallbacks: z.array(z.string().min(1).max(200)).max(10),
  description: z.string().trim().max(500),
};
const createModelBody = z
  .object({
    name: catalogueNameSchema,
    provider: z.string().min(1).max(200),
    upstreamModel: modelFields.upstreamModel.optional(),
    fallbacks: modelFields.fallbacks.default([]),
    description: modelFields.description.optional(),
  })
  .strict();
const updateModelBody = z
  .object({
    provider: z.string().min(1).max(200).optional(),
    upstreamModel: modelFields.upstreamModel.nullable().optional(),
    fallbacks: modelFields.fallbacks.optional(),
    description: modelFields.description.nullable().optional(),
  })
  .strict();

/** How long "Test the connection" waits for the provider. */
const TEST_TIMEOUT_MS = 5_000;

export async function catalogueRoutes(app: FastifyInstance, { context }: { context: ApiContext }): Promise<void> {
  const { config, catalogue, catalogueStore: store } = context.services;

  /** The view after this instance reloaded it (a change answers with what now applies). */
  async function freshView(): Promise<CatalogueView> {
    await context.services.settingsChanges.notify();
    return catalogue.view();
  }

  function refuseConfigName(kind: 'provider' | 'model', name: string): void {
    const defined = kind === 'provider' ? Object.hasOwn(config.providers, name) : Object.hasOwn(config.models, name);
    if (defined) {
      throw conflict('CONFIG_MANAGED', `The ${kind} ${name} is defined in rempart.yaml: change it there (the administration pages cannot edit or reuse its name).`);
    }
  }

  /** The whole section, validated as rempart.yaml's would be (ZodError → 400 VALIDATION_FAILED). */
  function validatedProvider(settings: ProviderSettings, apiKey: string | undefined): ProviderConfig {
    return providerSchema.parse({ ...settings, ...(apiKey !== undefined ? { apiKey } : {}) });
  }

  app.get('/admin/providers', { config: { action: 'compliance:read' } }, async () => catalogue.view());

  app.post('/admin/providers', { config: { action: 'provider:manage' } }, async (request, reply) => {
    const { name, apiKey, ...settings } = createProviderBody.parse(request.body);
    refuseConfigName('provider', name);
    validatedProvider(settings as ProviderSettings, apiKey);
    if (!(await store.createProvider(name, settings as ProviderSettings, apiKey, actorOf(request).userId))) {
      throw conflict('PROVIDER_EXISTS', `A provider named ${name} already exists.`);
    }
    await context.auditChange(request, 'provider.created', { provider: name, type: settings.type, location: settings.location, ...endpointOf(settings), apiKeySet: apiKey !== undefined });
    return reply.code(201).send(providerOf(await freshView(), name));
  });

  app.patch('/admin/providers/:name', { config: { action: 'provider:manage' } }, async (request) => {
    const { name } = nameParams.parse(request.params);
    const { apiKey, ...changes } = updateProviderBody.parse(request.body);
    refuseConfigName('provider', name);
    const stored = (await store.providers()).find((provider) => provider.name === name);
    if (!stored) throw notFound('This provider');
    const settings: Record<string, unknown> = { ...stored.settings };
    for (const [field, value] of Object.entries(changes)) {
      if (value === null) delete settings[field];
      else if (value !== undefined) settings[field] = value;
    }
    // The key kept (undefined), replaced or removed (null); a key that no longer opens counts as absent.
    const effectiveKey = apiKey === undefined ? (stored.config && 'apiKey' in stored.config ? stored.config.apiKey : undefined) : (apiKey ?? undefined);
    validatedProvider(settings as ProviderSettings, effectiveKey);
    await store.updateProvider(name, settings as ProviderSettings, apiKey, actorOf(request).userId);
    await context.auditChange(request, 'provider.updated', {
      provider: name,
      changed: Object.keys(changes).filter((field) => (changes as Record<string, unknown>)[field] !== undefined).sort(),
      ...(changes.location ? { location: changes.location } : {}),
      ...endpointOf(settings),
      apiKeyChanged: apiKey !== undefined,
    });
    return providerOf(await freshView(), name);
  });

  app.delete('/admin/providers/:name', { config: { action: 'provider:manage' } }, async (request, reply) => {
    const { name } = nameParams.parse(request.params);
    refuseConfigName('provider', name);
    const using = await modelsUsingProvider(name);
    if (using.length > 0) {
      throw conflict('PROVIDER_IN_USE', `The provider ${name} is used by the model(s) ${using.join(', ')}: delete them or move them to another provider first.`, { models: using });
    }
    if (!(await store.deleteProvider(name))) throw notFound('This provider');
    await context.auditChange(request, 'provider.deleted', { provider: name });
    await context.services.settingsChanges.notify();
    return reply.code(204).send();
  });

  // Reads the provider's model list: checks the address and the key without sending any content.
  app.post('/admin/providers/:name/test', { config: { action: 'provider:manage' } }, async (request) => {
    const { name } = nameParams.parse(request.params);
    // Read now, not from the in-memory copy: the provider may have been added a moment ago on another instance.
    const stored = Object.hasOwn(config.providers, name) ? { config: config.providers[name]!, problem: undefined } : (await store.providers()).find((entry) => entry.name === name);
    if (!stored) throw notFound('This provider');
    if (!stored.config) return { ok: false, status: null, latencyMs: null, message: `Not in service: ${stored.problem}.` };
    return testConnection(stored.config);
  });

  // ── models ──
  app.post('/admin/models', { config: { action: 'provider:manage' } }, async (request, reply) => {
    const { name, ...settings } = createModelBody.parse(request.body);
    refuseConfigName('model', name);
    await checkModelReferences(name, settings.provider, settings.fallbacks);
    if (!(await store.createModel(name, modelSchema.parse(settings), actorOf(request).userId))) {
      throw conflict('MODEL_EXISTS', `A model named ${name} already exists.`);
    }
    await context.auditChange(request, 'model.created', { model: name, provider: settings.provider, upstreamModel: settings.upstreamModel ?? name, fallbacks: settings.fallbacks });
    return reply.code(201).send(modelOf(await freshView(), name));
  });

  app.patch('/admin/models/:name', { config: { action: 'provider:manage' } }, async (request) => {
    const { name } = nameParams.parse(request.params);
    const changes = updateModelBody.parse(request.body);
    refuseConfigName('model', name);
    const stored = (await store.models()).find((model) => model.name === name);
    if (!stored) throw notFound('This model');
    const settings: Record<string, unknown> = { ...(stored.settings ?? {}) };
    for (const [field, value] of Object.entries(changes)) {
      if (value === null) delete settings[field];
      else if (value !== undefined) settings[field] = value;
    }
    const parsed = modelSchema.parse(settings);
    await checkModelReferences(name, parsed.provider, parsed.fallbacks);
    await store.updateModel(name, parsed, actorOf(request).userId);
    await context.auditChange(request, 'model.updated', {
      model: name,
      changed: Object.keys(changes).filter((field) => (changes as Record<string, unknown>)[field] !== undefined).sort(),
      provider: parsed.provider,
      upstreamModel: parsed.upstreamModel ?? name,
      fallbacks: parsed.fallbacks,
    });
    return modelOf(await freshView(), name);
  });

  app.delete('/admin/models/:name', { config: { action: 'provider:manage' } }, async (request, reply) => {
    const { name } = nameParams.parse(request.params);
    refuseConfigName('model', name);
    const dependents = (await store.models()).filter((model) => model.settings?.fallbacks.includes(name)).map((model) => model.name);
    if (dependents.length > 0) {
      throw conflict('MODEL_IN_USE', `The model ${name} is a fallback of ${dependents.join(', ')}: remove it from their fallbacks first.`, { models: dependents });
    }
    if (!(await store.deleteModel(name))) throw notFound('This model');
    await context.auditChange(request, 'model.deleted', { model: name });
    await context.services.settingsChanges.notify();
    return reply.code(204).send();
  });

  async function modelsUsingProvider(name: string): Promise<string[]> {
    return (await store.models()).filter((model) => model.settings?.provider === name).map((model) => model.name);
  }

  /** The provider must exist (rempart.yaml's or an administrator's) and the fallbacks be known models. */
  async function checkModelReferences(name: string, provider: string, fallbacks: readonly string[]): Promise<void> {
    const providerNames = new Set([...Object.keys(config.providers), ...(await store.providers()).map((stored) => stored.name)]);
    if (!providerNames.has(provider)) {
      throw new ApiProblem(400, 'UNKNOWN_PROVIDER', `There is no provider named ${provider}: add it first (GET /api/admin/providers lists them).`);
    }
    const modelNames = new Set([...Object.keys(config.models), ...(await store.models()).map((model) => model.name)]);
    const unknown = fallbacks.filter((fallback) => fallback === name || !modelNames.has(fallback));
    if (unknown.length > 0) {
      throw new ApiProblem(400, 'UNKNOWN_MODEL', `Fallbacks must be other existing models; not: ${unknown.join(', ')}.`);
    }
  }
}

function endpointOf(settings: Record<string, unknown>): { endpointHost?: string } {
  if (typeof settings.baseUrl !== 'string') return {};
  try {
    return { endpointHost: new URL(settings.baseUrl).host };
  } catch {
    return {};
  }
}

function providerOf(view: CatalogueView, name: string): CatalogueProvider {
  const provider = view.providers.find((entry) => entry.name === name);
  if (!provider) throw notFound('This provider');
  return provider;
}

function modelOf(view: CatalogueView, name: string) {
  const model = view.models.find((entry) => entry.id === name);
  if (!model) throw notFound('This model');
  return model;
}

/** GET of the provider's list of models with its credentials: reachable, key accepted? */
async function testConnection(provider: ProviderConfig): Promise<{ ok: boolean; status: number | null; latencyMs: number | null; message: string }> {
  if (provider.type === 'offline') return { ok: true, status: null, latencyMs: 0, message: 'The built-in answerer needs no connection.' };
  const base = provider.baseUrl.replace(/\/+$/, '');
  const headers: Record<string, string> = { ...provider.headers };
  let url: string;
  if (provider.type === 'openai') {
    url = `${base}/models`;
    if (provider.apiKey) headers.authorization = `Bearer ${provider.apiKey}`;
  } else if (provider.type === 'azure') {
    url = `${base}/openai/models?api-version=${encodeURIComponent(provider.apiVersion)}`;
    headers['api-key'] = provider.apiKey;
  } else {
    url = `${base}/v1/models`;
    headers['x-api-key'] = provider.apiKey;
    headers['anthropic-version'] = provider.anthropicVersion;
  }
  const started = performance.now();
  try {
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(TEST_TIMEOUT_MS), redirect: 'manual' });
    await response.body?.cancel();
    const latencyMs = Math.round(performance.now() - started);
    if (response.ok) return { ok: true, status: response.status, latencyMs, message: 'The provider answered and accepted the credentials.' };
    const message =
      response.status === 401 || response.status === 403
        ? 'The provider refused the API key.'
        : response.status === 404
          ? 'The address answered but has no model list there: check the base URL (OpenAI-compatible: up to /v1).'
          : `The provider answered with HTTP ${response.status}.`;
    return { ok: false, status: response.status, latencyMs, message };
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    return {
      ok: false,
      status: null,
      latencyMs: null,
      message: timedOut ? `No answer within ${TEST_TIMEOUT_MS / 1000} s.` : 'The provider could not be reached (address, port, DNS or TLS).',
    };
  }
}
