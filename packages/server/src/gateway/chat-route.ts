/**
 * POST /v1/chat/completions: preflight (auth, limits, schema, model access), retrieval of the
 * documents' passages when asked (`rempart.documents`), shield every field, routing,
 * write-ahead audit, provider call with retries and fallbacks, restoration of the answer
 * (whole or streamed, with the citations), completion audit. Fails closed at every step
 * before the provider call.
 */
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor.ts';
import { sha256Hex } from '../audit/record.ts';
import { augmentChatBody, citationsOf, offlineExtractsAnswer, type ChatPassage } from '../documents/chat-retrieval.ts';
import { ProviderError } from '../providers/provider-error.ts';
import type { ModelRoute } from '../providers/registry.ts';
import { AuditTrail } from './audit-trail.ts';
import { fromProviderError, GatewayError, invalidRequest } from './errors.ts';
import { chatCompletionRequestSchema, UNSUPPORTED_CHAT_FIELDS, type ChatCompletion, type ChatCompletionRequest, type Usage } from './openai-schemas.ts';
import { OutboundPlan } from './outbound-plan.ts';
import { chatTextLength, protectChatRequest, protectedSummary } from './outbound-shield.ts';
import { authenticate, parseKnownBody, resolveModel, trainingMissing, VaultHandle, type GatewayRuntime } from './preflight.ts';
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
  let passages: ChatPassage[] | undefined;
  try {
    // Before the shield: the passages' message is then protected like every other one.
    const retrieved = await retrieveDocuments(runtime, actor, body, request);
    passages = retrieved.passages;
    if (passages) checkChatLimits(runtime, retrieved.body);
    vault = await VaultHandle.open(runtime, actor, request);
    plan = await OutboundPlan.build(runtime, request, vault, requested, (model) => deps.modelAccess.mayUse(actor, model) && trainingMissing(runtime, actor, model).length === 0, retrieved.body, protectChatRequest);
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
    const callOptions = {
      upstreamModel: candidate.upstreamModel,
      signal: controller.signal,
      // No model connected: the answer is the extracts themselves, labelled as such.
      ...(passages && candidate.adapter.builtIn ? { builtInAnswer: offlineExtractsAnswer(passages) } : {}),
    };
    const extension = passages ? { rempart: { citations: citationsOf(passages) } } : {};
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
        // Counts only: which passages were used is not recorded (neither text nor ids).
        ...(passages ? { documents: { passages: passages.length, documents: new Set(passages.map((passage) => passage.documentId)).size } } : {}),
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
        reply.headers(headers).code(200).send({ ...restored, ...extension });
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
        firstChunkFields: extension,
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

/**
 * The retrieval step: the request without the `rempart` field (never forwarded) and, when it
 * asked for documents, the passages the caller may read (rights applied in the module's SQL)
 * in a fenced system message before the question. `passages` undefined = not asked for.
 * Retrieval failing fails the request closed: nothing is sent.
 */
async function retrieveDocuments(
  runtime: GatewayRuntime,
  actor: Actor,
  body: ChatCompletionRequest,
  request: FastifyRequest,
): Promise<{ body: ChatCompletionRequest; passages: ChatPassage[] | undefined }> {
  const { rempart, ...rest } = body;
  if (!rempart?.documents) return { body: rest, passages: undefined };
  const documents = runtime.deps.documents;
  if (!documents) {
    request.log.error('chat with documents asked for, but the documents module is not available');
    throw documentsUnavailable();
  }
  try {
    return await augmentChatBody(documents, { userId: actor.userId, groups: actor.groups }, body);
  } catch (error) {
    request.log.error({ errorName: (error as Error)?.name, errorCode: (error as { code?: string })?.code }, 'document retrieval failed');
    throw documentsUnavailable();
  }
}

function documentsUnavailable(): GatewayError {
  return new GatewayError(
    503,
    'server_error',
    'DOCUMENTS_UNAVAILABLE',
    "Rempart refused to forward this request because the search of your documents failed; nothing was sent to any AI provider. Try again, or ask without your documents; if it persists, contact your administrator (the server log has the details, without the request's contents).",
  );
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
