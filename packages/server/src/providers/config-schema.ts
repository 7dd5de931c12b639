import { z } from 'zod';
import { DESTINATIONS, ENTITY_TYPES } from '@rempart/shield';

/**
 * The gateway's sections of rempart.yaml: `providers` (where requests may go), `models` (the
 * names clients use, mapped to a provider) and `routing` (sensitivity/residency rules). The
 * server foundation composes them into the root schema. Every field has a documented default;
 * numbers accept strings so `${ENV}` interpolation works for them.
 *
 * ```yaml
 * providers:
 *   local:   { type: openai, baseUrl: http://127.0.0.1:8000/v1, location: on-premise }
 *   azure:   { type: azure, baseUrl: https://acme.openai.azure.com, apiKey: '${AZURE_KEY}', location: eu }
 *   claude:  { type: anthropic, apiKey: '${ANTHROPIC_KEY}', location: non-eu }
 * models:
 *   mistral: { provider: local, upstreamModel: mistral-small, fallbacks: [gpt-eu] }
 *   gpt-eu:  { provider: azure, upstreamModel: my-gpt4o-deployment }
 * routing:
 *   - when: { types: [SPECIAL_CATEGORY, FR_NIR] }
 *     allowLocations: [on-premise]
 *     fallbackModel: mistral
 * ```
 */

const positiveInt = z.coerce.number().int().positive();
const nonNegativeInt = z.coerce.number().int().min(0);

export const locationSchema = z.enum(DESTINATIONS);

export const timeoutsSchema = z
  .object({
    /** Establishing the TCP/TLS connection. */
    connectMs: positiveInt.default(5_000),
    /** From sending the request to the response headers (and, streamed, the first event). */
    firstByteMs: positiveInt.default(60_000),
    /** The whole exchange, body included (and between two stream events: idle). */
    totalMs: positiveInt.default(300_000),
  })
  .strict();

export const retriesSchema = z
  .object({
    /** Retries after the first attempt, on 429 / 5xx / network errors (never once a stream started). */
    max: nonNegativeInt.max(10).default(2),
    /** Exponential backoff: base × 2^attempt, full jitter, capped. */
    baseDelayMs: positiveInt.default(250),
    maxDelayMs: positiveInt.default(8_000),
    /** A retry-after longer than this is not waited for: the error (or a fallback) is returned. */
    maxRetryAfterMs: positiveInt.default(20_000),
  })
  .strict();

const providerCommon = {
  /** Where the provider processes data: the shield policy's destination. */
  location: locationSchema,
  /** Extra headers sent upstream (e.g. an organisation id). */
  headers: z.record(z.string(), z.string()).default({}),
  timeouts: timeoutsSchema.default(timeoutsSchema.parse({})),
  retries: retriesSchema.default(retriesSchema.parse({})),
  /** Keep-alive connections kept open to this provider (per instance). */
  maxConnections: positiveInt.default(128),
};

export const providerSchema = z.discriminatedUnion('type', [
  z
    .object({
      /** Any OpenAI-compatible API: OpenAI, Mistral, vLLM, Ollama, Scaleway, OVHcloud… */
      type: z.literal('openai'),
      /** Up to the version segment: https://api.mistral.ai/v1, http://127.0.0.1:11434/v1 */
      baseUrl: z.url(),
      apiKey: z.string().min(1).optional(),
      ...providerCommon,
    })
    .strict(),
  z
    .object({
      type: z.literal('azure'),
      /** https://RESOURCE.openai.azure.com (models' upstreamModel = deployment name). */
      baseUrl: z.url(),
      apiKey: z.string().min(1),
      apiVersion: z.string().min(1).default('2024-10-21'),
      ...providerCommon,
    })
    .strict(),
  z
    .object({
      type: z.literal('anthropic'),
      baseUrl: z.url().default('https://api.anthropic.com'),
      apiKey: z.string().min(1),
      anthropicVersion: z.string().min(1).default('2023-06-01'),
      /** Anthropic requires max_tokens; used when the client sends none. */
      defaultMaxTokens: positiveInt.default(4_096),
      ...providerCommon,
    })
    .strict(),
  z
    .object({
      /** The built-in answerer: explains that no model is connected (nothing leaves). */
      type: z.literal('offline'),
      location: locationSchema.default('on-premise'),
    })
    .strict(),
]);

export const modelSchema = z
  .object({
    provider: z.string().min(1),
    /** The provider's name for it (Azure: the deployment); default: the model's own name. */
    upstreamModel: z.string().min(1).optional(),
    /** Models tried in order when this one fails (after its retries) or is not allowed by routing. */
    fallbacks: z.array(z.string().min(1)).default([]),
    /** Shown in GET /v1/models. */
    description: z.string().optional(),
  })
  .strict();

export const routingRuleSchema = z
  .object({
    when: z
      .object({
        /** Applies when the request contains at least one entity of these types. */
        types: z.array(z.enum(ENTITY_TYPES)).min(1),
      })
      .strict(),
    /** Locations allowed for such a request. */
    allowLocations: z.array(locationSchema).min(1),
    /** Model used instead when the requested one is not in an allowed location; absent → refused. */
    fallbackModel: z.string().min(1).optional(),
  })
  .strict();

/**
 * Both spellings are accepted: a map keyed by id/name (as above), or the list form
 * (`providers: [{ id: onprem, type: openai, … }]`, `models: [{ name: assistant, provider: … }]`).
 * The list form is turned into the map form; a duplicate id/name is an error.
 */
function listToRecord(keyField: 'id' | 'name') {
  return (value: unknown, context: z.RefinementCtx): unknown => {
    if (!Array.isArray(value)) return value;
    const record: Record<string, unknown> = {};
    value.forEach((item: unknown, index) => {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        context.addIssue({ code: 'custom', message: `item ${index} must be an object`, path: [index] });
        return;
      }
      const { [keyField]: key, ...rest } = item as Record<string, unknown>;
      if (typeof key !== 'string' || key.length === 0) {
        context.addIssue({ code: 'custom', message: `item ${index} needs a non-empty '${keyField}'`, path: [index, keyField] });
        return;
      }
      if (Object.hasOwn(record, key)) {
        context.addIssue({ code: 'custom', message: `duplicate ${keyField} '${key}'`, path: [index, keyField] });
        return;
      }
      record[key] = rest;
    });
    return record;
  };
}

export const providersSchema = z
  .preprocess(listToRecord('id'), z.record(z.string().min(1), providerSchema))
  .default({});
export const modelsSchema = z
  .preprocess(listToRecord('name'), z.record(z.string().min(1), modelSchema))
  .default({});
export const routingSchema = z.array(routingRuleSchema).default([]);

export type Location = z.infer<typeof locationSchema>;
export type ProviderConfig = z.infer<typeof providerSchema>;
export type ProvidersConfig = z.infer<typeof providersSchema>;
export type ModelConfig = z.infer<typeof modelSchema>;
export type ModelsConfig = z.infer<typeof modelsSchema>;
export type RoutingRule = z.infer<typeof routingRuleSchema>;
export type Timeouts = z.infer<typeof timeoutsSchema>;
export type RetrySettings = z.infer<typeof retriesSchema>;

/**
 * Cross-section checks zod cannot express per section: every model names a configured
 * provider, every fallback names a configured model. Returns the problems (empty = valid).
 */
export function gatewayConfigProblems(config: {
  providers: ProvidersConfig;
  models: ModelsConfig;
  routing: RoutingRule[];
}): string[] {
  const problems: string[] = [];
  for (const [name, model] of Object.entries(config.models)) {
    if (!Object.hasOwn(config.providers, model.provider)) {
      problems.push(`models.${name}.provider: no provider named '${model.provider}' under providers`);
    }
    for (const fallback of model.fallbacks) {
      if (!Object.hasOwn(config.models, fallback)) problems.push(`models.${name}.fallbacks: no model named '${fallback}'`);
    }
  }
  config.routing.forEach((rule, index) => {
    if (rule.fallbackModel !== undefined && !Object.hasOwn(config.models, rule.fallbackModel)) {
      problems.push(`routing.${index}.fallbackModel: no model named '${rule.fallbackModel}'`);
    }
  });
  return problems;
}
