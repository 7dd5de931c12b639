/**
 * POST /v1/chat/completions: preflight (auth, limits, schema, model access), shield every
 * field, routing, write-ahead audit, provider call with retries and fallbacks, restoration
 * of the answer (whole or streamed), completion audit. Fails closed at every step before the
 * provider call.
 */
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor.ts';
import { sha256Hex } from '../audit/record.ts';
import { ProviderError } from '../providers/provider-error.ts';
import type { ModelRoute } from '../providers/registry.ts';
import { AuditTrail } from './audit-trail.ts';
import { fromProviderError, GatewayError, invalidRequest } from './errors.ts';
import { chatCompletionRequestSchema, UNSUPPORTED_CHAT_FIELDS, type ChatCompletion, type ChatCompletionRequest, type Usage } from './openai-schemas.ts';
import { OutboundPlan } from './outbound-plan.ts';
import { chatTextLength, protectChatRequest, protectedSummary } from './outbound-shield.ts';
import { authenticate, parseKnownBody, resolveModel, VaultHandle, type GatewayRuntime } from './preflight.ts';
import { attemptsOf, withRetries } from './resilience.ts';
import { restoreCompletion } from './restore-answer.ts';
import { relayStream } from './stream-relay.ts';

export async function handleChatCompletion(runtime: GatewayRuntime, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const { deps } = runtime;
  const trail = new AuditTrail(deps, request.id, request.log);
  const actor = await authenticate(runtime, request);
  trail.actor = actor;
  const body = parseKnownBody(chatCompletionRequestSchema, request.body, UNSUPPORTED_CHAT_FIELDS);
  checkChatLimits(runtime, body);
  const requested = resolveModel(runtime, actor, body.model);
  const stream = body.stream === true;
  const operation = 'chat.completions';

  let plan: OutboundPlan<ChatCompletionRequest>;
  let vault: VaultHandle;
  try {
    vault = await VaultHandle.open(runtime, actor, request);
    plan = await OutboundPlan.build(runtime, request, vault, requested, (model) => deps.modelAccess.mayUse(actor, model), body, protectChatRequest);
  } catch (error) {
    await auditRefusal(trail, runtime, error, { operation, model: requested.name });
    throw error;
  }

  // Client disconnect (or our own end) aborts the upstream call.
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort(new Error('client disconnected'));
  });

  let lastError: ProviderError | undefined;
  for (const [position, candidate] of plan.candidates.entries()) {
    const shielded = await auditOnThrow(trail, plan.shieldedFor(candidate), { operation, model: candidate.name });
    const summary = protectedSummary(shielded.protector.counts);
    if (position === 0) for (const [type, count] of shielded.protector.counts) deps.metrics.entitiesDetected.inc({ type }, count);
    const callOptions = { upstreamModel: candidate.upstreamModel, signal: controller.signal };
    const started = performance.now();
    let auditId: number | undefined;
    try {
      const preparedStream = stream ? candidate.adapter.prepareChatStream(shielded.body, callOptions) : undefined;
      const preparedWhole = stream ? undefined : candidate.adapter.prepareChat(shielded.body, callOptions);
      const outboundBody = (preparedStream ?? preparedWhole)!.body;
      auditId = await trail.begin({
        operation,
        model: candidate.name,
        requestedModel: requested.name,
        provider: candidate.adapter.name,
        location: candidate.location,
        upstreamModel: candidate.upstreamModel,
        stream,
        messages: body.messages.length,
        entities: Object.fromEntries(shielded.protector.counts),
        typesFound: [...plan.typesFound].sort(),
        decision: position === 0 ? 'forwarded' : 'forwarded_to_fallback',
        conversation: vault.conversationId !== undefined ? sha256Hex(vault.conversationId) : null,
        outboundSha256: sha256Hex(outboundBody),
        outboundBytes: Buffer.byteLength(outboundBody),
      });
      const headers = {
        'x-rempart-protected': summary,
        'x-rempart-model': candidate.name,
      };
      if (preparedWhole) {
        const outcome = await withRetries(candidate.retries, controller.signal, () => preparedWhole.send());
        let restored: ChatCompletion;
        try {
          restored = restoreCompletion({ ...outcome.result, model: candidate.name }, vault.vault);
        } catch {
          throw new GatewayError(500, 'server_error', 'RESTORE_FAILED', 'The answer arrived but its placeholders could not be restored; it was not returned. Try again.');
        }
        const latencyMs = performance.now() - started;
        finished(runtime, request.log, candidate, actor, latencyMs, outcome.result.usage);
        void trail.complete(auditId, {
          status: 'ok',
          latencyMs: Math.round(latencyMs),
          attempts: outcome.attempts,
          promptTokens: outcome.result.usage?.prompt_tokens ?? null,
          completionTokens: outcome.result.usage?.completion_tokens ?? null,
          finishReasons: outcome.result.choices.map((choice) => choice.finish_reason ?? null),
        });
        reply.headers(headers).code(200).send(restored);
        return;
      }
      const opened = await withRetries(candidate.retries, controller.signal, async () => {
        const upstream = await preparedStream!.send();
        const iterator = upstream.chunks[Symbol.asyncIterator]();
        // The first chunk is read before anything is sent: a failure here may still be retried.
        const first = await iterator.next();
        return { upstream, iterator, first };
      });
      const relayed = await relayStream({
        reply,
        requestId: request.id,
        headers,
        opened,
        vault: vault.vault,
        clientModel: candidate.name,
        includeUsage: body.stream_options?.include_usage === true,
        signal: controller.signal,
      });
      const latencyMs = performance.now() - started;
      if (relayed.status === 'ok') finished(runtime, request.log, candidate, actor, latencyMs, relayed.usage);
      else if (relayed.error) deps.metrics.providerErrors.inc({ provider: candidate.adapter.name, kind: relayed.error.kind });
      void trail.complete(auditId, {
        status: relayed.status,
        latencyMs: Math.round(latencyMs),
        attempts: opened.attempts,
        promptTokens: relayed.usage?.prompt_tokens ?? null,
        completionTokens: relayed.usage?.completion_tokens ?? null,
        finishReasons: relayed.finishReasons,
        danglingFragments: relayed.danglingFragments,
        ...(relayed.error ? { errorKind: relayed.error.kind } : {}),
      });
      return;
    } catch (error) {
      if (error instanceof GatewayError) {
        // Our own failure (the write-ahead record: nothing was sent; or restoring the answer):
        // never a reason to try another provider. Recorded if the audit works.
        await trail.fail(auditId, { operation, model: candidate.name, reason: error.code });
        throw error;
      }
      const providerError = asProviderError(error, candidate, controller.signal);
      deps.metrics.providerErrors.inc({ provider: candidate.adapter.name, kind: providerError.kind });
      deps.metrics.gatewayRequests.inc({ model: candidate.name, provider: candidate.adapter.name, outcome: 'provider_error' });
      if (auditId !== undefined) {
        await trail.fail(auditId, { status: 'provider_error', errorKind: providerError.kind, attempts: attemptsOf(error), upstreamStatus: providerError.upstreamStatus ?? null });
      }
      lastError = providerError;
      if (providerError.kind === 'aborted' || !providerError.fallbackable) break;
    }
  }
  throw fromProviderError(lastError ?? new ProviderError(requested.adapter.name, 'network', 'no provider could be reached'));
}

function checkChatLimits(runtime: GatewayRuntime, body: ChatCompletionRequest): void {
  const { limits } = runtime;
  if (body.messages.length > limits.maxMessages) {
    throw invalidRequest('too_many_messages', `This request has ${body.messages.length} messages; the limit is ${limits.maxMessages}.`, 'messages');
  }
  if ((body.n ?? 1) > limits.maxChoices) throw invalidRequest('too_many_choices', `n is limited to ${limits.maxChoices}.`, 'n');
  const length = chatTextLength(body);
  if (length > limits.maxTextChars) {
    throw new GatewayError(413, 'invalid_request_error', 'text_too_large', `This request holds ${length} characters of text; the limit is ${limits.maxTextChars}.`);
  }
}

/** Metrics and quota for a successful answer (the quota write is not awaited: the answer is out). */
function finished(
  runtime: GatewayRuntime,
  log: FastifyBaseLogger,
  candidate: ModelRoute,
  actor: Actor,
  latencyMs: number,
  usage: Usage | null | undefined,
): void {
  const { metrics, limits } = runtime.deps;
  metrics.gatewayRequests.inc({ model: candidate.name, provider: candidate.adapter.name, outcome: 'ok' });
  metrics.providerLatency.observe({ provider: candidate.adapter.name, model: candidate.name }, latencyMs / 1000);
  if (usage) {
    metrics.tokens.inc({ model: candidate.name, kind: 'prompt' }, usage.prompt_tokens ?? 0);
    metrics.tokens.inc({ model: candidate.name, kind: 'completion' }, usage.completion_tokens ?? 0);
    if (usage.total_tokens > 0) {
      void limits.recordTokens(actor, usage.total_tokens).catch((error: unknown) => {
        log.warn({ errorName: (error as Error)?.name }, 'token quota could not be recorded');
      });
    }
  }
}

function asProviderError(error: unknown, candidate: ModelRoute, signal: AbortSignal): ProviderError {
  if (error instanceof ProviderError) return error;
  if (signal.aborted) return new ProviderError(candidate.adapter.name, 'aborted', 'the client went away');
  return new ProviderError(candidate.adapter.name, 'network', `${candidate.adapter.name} failed unexpectedly`, { cause: error });
}

/** Refusals and fail-closed failures before the provider call, audited where the audit works. */
export async function auditRefusal(trail: AuditTrail, runtime: GatewayRuntime, error: unknown, context: { operation: string; model: string }): Promise<void> {
  if (!(error instanceof GatewayError)) return;
  if (error.code === 'SHIELD_BLOCKED' || error.code === 'ROUTING_REFUSED') {
    runtime.deps.metrics.blockedRequests.inc({ reason: error.code });
    runtime.deps.metrics.gatewayRequests.inc({ model: context.model, provider: '', outcome: 'blocked' });
    const types = (error.extra.blocked_types ?? error.extra.matched_types ?? []) as string[];
    await trail.refuse({ ...context, reason: error.code, types });
  } else if (error.statusCode >= 500) {
    runtime.deps.metrics.gatewayRequests.inc({ model: context.model, provider: '', outcome: 'error' });
    await trail.fail(undefined, { ...context, reason: error.code });
  }
}

async function auditOnThrow<T>(trail: AuditTrail, work: Promise<T>, context: { operation: string; model: string }): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof GatewayError) await trail.refuse({ ...context, reason: error.code });
    throw error;
  }
}
