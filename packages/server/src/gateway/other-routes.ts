/** GET /v1/models and POST /v1/embeddings (inputs shielded like chat messages). */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sha256Hex } from '../audit/record.ts';
import { ProviderError } from '../providers/provider-error.ts';
import { AuditTrail } from './audit-trail.ts';
import { auditRefusal } from './chat-route.ts';
import { fromProviderError, GatewayError, invalidRequest } from './errors.ts';
import { embeddingsRequestSchema, type EmbeddingsRequest } from './openai-schemas.ts';
import { OutboundPlan } from './outbound-plan.ts';
import { protectEmbeddingsRequest, protectedSummary } from './outbound-shield.ts';
import { authenticate, modelNames, parseBody, resolveModel, routeOf, trainingMissing, VaultHandle, type GatewayRuntime } from './preflight.ts';
import { attemptsOf, withRetries } from './resilience.ts';

/**
 * Only the models the caller may use now: group allow-lists ∩ API key restriction, minus those
 * whose required training is not completed. Answers before the charter is accepted (listing
 * sends nothing to a model); using one then needs it.
 */
export async function handleListModels(runtime: GatewayRuntime, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const actor = await authenticate(runtime, request, { charter: false });
  const created = Math.floor(runtime.deps.now() / 1000);
  const routes = modelNames(runtime).flatMap((name) => routeOf(runtime, name) ?? []);
  const data = routes
    .filter((route) => runtime.deps.modelAccess.mayUse(actor, route.name) && trainingMissing(runtime, actor, route.name).length === 0)
    .map((route) => {
      const name = route.name;
      return { id: name, object: 'model', created, owned_by: route.adapter.name, rempart: { location: route.location } };
    });
  reply.send({ object: 'list', data });
}

export async function handleEmbeddings(runtime: GatewayRuntime, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const { deps } = runtime;
  const trail = new AuditTrail(deps, request.id, request.log);
  const actor = await authenticate(runtime, request);
  trail.actor = actor;
  const body = parseBody(embeddingsRequestSchema, request.body);
  const inputs = Array.isArray(body.input) ? body.input : [body.input];
  if (inputs.length > runtime.limits.maxEmbeddingInputs) {
    throw invalidRequest('too_many_inputs', `This request has ${inputs.length} inputs; the limit is ${runtime.limits.maxEmbeddingInputs}.`, 'input');
  }
  const length = inputs.reduce((sum, text) => sum + text.length, 0);
  if (length > runtime.limits.maxTextChars) {
    throw new GatewayError(413, 'invalid_request_error', 'text_too_large', `This request holds ${length} characters of text; the limit is ${runtime.limits.maxTextChars}.`);
  }
  const requested = resolveModel(runtime, actor, body.model);
  const operation = 'embeddings';
  let plan: OutboundPlan<EmbeddingsRequest>;
  try {
    const vault = await VaultHandle.open(runtime, actor, request);
    plan = await OutboundPlan.build(runtime, request, vault, requested, (model) => deps.modelAccess.mayUse(actor, model) && trainingMissing(runtime, actor, model).length === 0, body, protectEmbeddingsRequest);
  } catch (error) {
    await auditRefusal(trail, runtime, error, { operation, model: requested.name });
    throw error;
  }
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort(new Error('client disconnected'));
  });
  let lastError: ProviderError | undefined;
  for (const candidate of plan.candidates) {
    if (!candidate.adapter.prepareEmbeddings) {
      lastError = new ProviderError(candidate.adapter.name, 'http_4xx', `the model '${candidate.name}' has no embeddings API`, { upstreamStatus: 400 });
      continue;
    }
    const shielded = await plan.shieldedFor(candidate);
    const prepared = candidate.adapter.prepareEmbeddings(shielded.body, { upstreamModel: candidate.upstreamModel, signal: controller.signal });
    const auditId = await trail.begin({
      operation,
      model: candidate.name,
      provider: candidate.adapter.name,
      location: candidate.location,
      inputs: inputs.length,
      entities: Object.fromEntries(shielded.protector.counts),
      typesFound: [...plan.typesFound].sort(),
      decision: 'forwarded',
      outboundSha256: sha256Hex(prepared.body),
    });
    const started = performance.now();
    try {
      const outcome = await withRetries(candidate.retries, controller.signal, () => prepared.send());
      const latencyMs = performance.now() - started;
      deps.metrics.gatewayRequests.inc({ model: candidate.name, provider: candidate.adapter.name, outcome: 'ok' });
      deps.metrics.providerLatency.observe({ provider: candidate.adapter.name, model: candidate.name }, latencyMs / 1000);
      const tokens = outcome.result.usage?.total_tokens ?? 0;
      if (tokens > 0) {
        void deps.limits.recordTokens(actor, tokens).catch((error: unknown) => {
          request.log.warn({ errorName: (error as Error)?.name }, 'token quota could not be recorded');
        });
      }
      for (const [type, count] of shielded.protector.counts) deps.metrics.entitiesDetected.inc({ type }, count);
      void trail.complete(auditId, { status: 'ok', latencyMs: Math.round(latencyMs), attempts: outcome.attempts, promptTokens: outcome.result.usage?.prompt_tokens ?? null });
      reply
        .headers({ 'x-rempart-protected': protectedSummary(shielded.protector.counts), 'x-rempart-model': candidate.name })
        .send({ ...outcome.result, model: candidate.name });
      return;
    } catch (error) {
      const providerError = error instanceof ProviderError ? error : new ProviderError(candidate.adapter.name, 'network', 'embeddings call failed');
      deps.metrics.providerErrors.inc({ provider: candidate.adapter.name, kind: providerError.kind });
      await trail.fail(auditId, { status: 'provider_error', errorKind: providerError.kind, attempts: attemptsOf(error) });
      lastError = providerError;
      if (!providerError.fallbackable) break;
    }
  }
  throw fromProviderError(lastError ?? new ProviderError(requested.adapter.name, 'network', 'no provider could be reached'));
}
