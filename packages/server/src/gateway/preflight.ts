/**
 * Everything that happens before a request may leave, shared by the /v1 routes: who is
 * calling, whether they may (limits, model access), what they sent (zod at the boundary),
 * which vault, and the shield + routing decision. Each step fails closed with a clear error.
 */
import type { FastifyRequest } from 'fastify';
import { isShieldError, Vault, type Destination } from '@rempart/shield';
import type { z } from 'zod';
import type { Actor } from '../auth/actor.ts';
import { AuthenticationError } from '../auth/auth-errors.ts';
import { charterAccepted, trainingMissingFor, type UsageGateState } from '../commands/usage-gates.ts';
import type { RoutingRule } from '../providers/config-schema.ts';
import type { ModelRegistry, ModelRoute } from '../providers/registry.ts';
import type { AuditTrail } from './audit-trail.ts';
import type { GatewayDeps, GatewayRequestLimits } from './deps.ts';
import { GatewayError, invalidRequest, unavailable } from './errors.ts';
import { OutboundProtector } from './outbound-shield.ts';

export interface GatewayRuntime {
  deps: GatewayDeps;
  registry: ModelRegistry;
  rules: readonly RoutingRule[];
  limits: GatewayRequestLimits;
}

/** The usage gates' state read for an actor by `authenticate`, for `resolveModel` (same request). */
const gateStates = new WeakMap<Actor, UsageGateState>();

/**
 * API key → Actor, then the rate limit, then the workspace's usage gates: the current charter
 * must be accepted (unless `charter: false`, for listing models, which uses none), and the
 * person's training state is read for `resolveModel`.
 */
export async function authenticate(runtime: GatewayRuntime, request: FastifyRequest, options: { charter?: boolean } = {}): Promise<Actor> {
  let actor: Actor;
  try {
    actor = await runtime.deps.authenticate(request.headers.authorization);
  } catch (error) {
    if (error instanceof AuthenticationError) {
      throw new GatewayError(401, 'authentication_error', error.code, error.message);
    }
    request.log.error({ errorName: (error as Error)?.name }, 'authentication failed');
    throw unavailable('AUTH_UNAVAILABLE', 'authentication');
  }
  let decision: Awaited<ReturnType<GatewayDeps['limits']['admit']>>;
  try {
    decision = await runtime.deps.limits.admit(actor);
  } catch (error) {
    request.log.error({ errorName: (error as Error)?.name }, 'rate limiter failed');
    throw unavailable('LIMITS_UNAVAILABLE', 'the rate limiter');
  }
  if (!decision.allowed) {
    runtime.deps.metrics.blockedRequests.inc({ reason: decision.reason });
    throw new GatewayError(429, 'rate_limit_error', decision.reason === 'rate_limit' ? 'rate_limit_exceeded' : 'insufficient_quota', decision.message, {
      headers: { 'retry-after': String(decision.retryAfterSeconds) },
    });
  }
  const gates = runtime.deps.usageGates;
  if (gates) {
    let state: UsageGateState;
    try {
      state = await gates.state(actor.userId);
    } catch (error) {
      request.log.error({ errorName: (error as Error)?.name }, 'usage gates failed');
      throw unavailable('USAGE_GATES_UNAVAILABLE', 'the usage charter and training checks');
    }
    gateStates.set(actor, state);
    if (options.charter !== false && !charterAccepted(state)) {
      runtime.deps.metrics.blockedRequests.inc({ reason: 'charter_not_accepted' });
      throw charterRefusal(state.charter.currentVersion ?? 0);
    }
  }
  return actor;
}

export function charterRefusal(version: number): GatewayError {
  return new GatewayError(
    403,
    'permission_error',
    'charter_not_accepted',
    `Accept the usage charter (version ${version}) before using AI through Rempart: read and accept it in the workspace at /charter (or GET /api/charter, then POST /api/charter/accept), then send again.`,
    { extra: { charter_version: version } },
  );
}

/** The modules the actor must still pass before using `model` ([] = none, or no gates). Fails closed without a state. */
export function trainingMissing(runtime: GatewayRuntime, actor: Actor, model: string): readonly { id: string; title: string }[] {
  if (!runtime.deps.usageGates) return [];
  const state = gateStates.get(actor);
  if (!state) throw unavailable('USAGE_GATES_UNAVAILABLE', 'the training check (state not read)');
  return trainingMissingFor(state, model);
}

export function trainingRefusal(model: string, modules: readonly { id: string; title: string }[]): GatewayError {
  return new GatewayError(
    403,
    'permission_error',
    'training_required',
    `Complete the training required for the model '${model}' before using it: ${modules.map((module) => `"${module.title}"`).join(', ')}. Open them in the workspace at /training (or GET /api/training/modules), then send again.`,
    { param: 'model', extra: { required_training: modules.map((module) => ({ id: module.id, title: module.title })) } },
  );
}

/** zod at the boundary: the first problem, with its JSON path as `param`. */
export function parseBody<Schema extends z.ZodType>(schema: Schema, body: unknown): z.infer<Schema> {
  return parseKnownBody(schema, body, {});
}

/** parseBody, refusing first the fields listed in `unsupported` (name → what to do instead). */
export function parseKnownBody<Schema extends z.ZodType>(schema: Schema, body: unknown, unsupported: Readonly<Record<string, string>>): z.infer<Schema> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidRequest('invalid_request', 'The request body must be a JSON object.');
  }
  for (const [field, message] of Object.entries(unsupported)) {
    if (Object.hasOwn(body, field) && (body as Record<string, unknown>)[field] != null) {
      throw invalidRequest('unsupported_parameter', message, field);
    }
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const param = issue.path.map(String).join('.');
  throw invalidRequest('invalid_request', `Invalid request: ${param || 'body'}: ${issue.message}.`, param || null);
}

/** The route of a model; fails closed (503) when the live catalogue could not be refreshed. */
export function routeOf(runtime: GatewayRuntime, name: string): ModelRoute | undefined {
  try {
    return runtime.registry.get(name);
  } catch {
    throw unavailable('CATALOGUE_UNAVAILABLE', 'the catalogue of providers and models (not refreshed)');
  }
}

/** Every model name; fails closed like routeOf. */
export function modelNames(runtime: GatewayRuntime): readonly string[] {
  try {
    return runtime.registry.names;
  } catch {
    throw unavailable('CATALOGUE_UNAVAILABLE', 'the catalogue of providers and models (not refreshed)');
  }
}

export function resolveModel(runtime: GatewayRuntime, actor: Actor, name: string): ModelRoute {
  const route = routeOf(runtime, name);
  if (!route) {
    throw new GatewayError(404, 'not_found_error', 'model_not_found', `The model '${clip(name)}' does not exist. GET /v1/models lists the models you may use.`, {
      param: 'model',
    });
  }
  if (!runtime.deps.modelAccess.mayUse(actor, name)) {
    throw new GatewayError(403, 'permission_error', 'model_not_allowed', `You are not allowed to use the model '${name}' (group allow-list or API key restriction). GET /v1/models lists yours.`, {
      param: 'model',
    });
  }
  const missing = trainingMissing(runtime, actor, name);
  if (missing.length > 0) {
    runtime.deps.metrics.blockedRequests.inc({ reason: 'training_required' });
    throw trainingRefusal(name, missing);
  }
  return route;
}

const CONVERSATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request's vault: ephemeral, or the conversation's (x-rempart-conversation-id), saved before anything leaves. */
export class VaultHandle {
  vault: Vault;
  readonly conversationId: string | undefined;
  #version = 0;
  #savedSize = 0;
  readonly #runtime: GatewayRuntime;
  readonly #actor: Actor;

  private constructor(runtime: GatewayRuntime, actor: Actor, conversationId: string | undefined) {
    this.#runtime = runtime;
    this.#actor = actor;
    this.conversationId = conversationId;
    this.vault = new Vault();
  }

  static async open(runtime: GatewayRuntime, actor: Actor, request: FastifyRequest): Promise<VaultHandle> {
    const header = request.headers['x-rempart-conversation-id'];
    if (header === undefined) return new VaultHandle(runtime, actor, undefined);
    if (typeof header !== 'string' || !CONVERSATION_ID.test(header)) {
      throw invalidRequest('invalid_conversation_id', 'x-rempart-conversation-id must be 1 to 128 characters among A-Z a-z 0-9 . _ : -');
    }
    const handle = new VaultHandle(runtime, actor, header);
    await handle.reload(request);
    return handle;
  }

  async reload(request: FastifyRequest): Promise<void> {
    if (this.conversationId === undefined) {
      this.vault = new Vault();
      return;
    }
    try {
      const stored = await this.#runtime.deps.vaults.load(this.conversationId, this.#actor.userId);
      this.vault = stored.snapshot == null ? new Vault() : Vault.fromJSON(stored.snapshot);
      this.#version = stored.version;
      this.#savedSize = this.vault.size;
    } catch (error) {
      throw vaultError(error, request);
    }
  }

  /** Saves the conversation's vault when this request added entries; 'conflict' → reload and redo. */
  async save(request: FastifyRequest): Promise<'saved' | 'conflict'> {
    if (this.conversationId === undefined || this.vault.size === this.#savedSize) return 'saved';
    try {
      this.#version = await this.#runtime.deps.vaults.save(this.conversationId, this.#actor.userId, this.vault.toJSON(), this.#version);
      this.#savedSize = this.vault.size;
      return 'saved';
    } catch (error) {
      if ((error as { code?: unknown })?.code === 'VAULT_CONFLICT') return 'conflict';
      throw vaultError(error, request);
    }
  }
}

function vaultError(error: unknown, request: FastifyRequest): GatewayError {
  if ((error as { code?: unknown })?.code === 'VAULT_FORBIDDEN') {
    return new GatewayError(403, 'permission_error', 'conversation_forbidden', 'This conversation id belongs to another user: use a conversation id of your own.');
  }
  request.log.error({ errorName: (error as Error)?.name, errorCode: (error as { code?: string })?.code }, 'vault failed');
  return unavailable('VAULT_UNAVAILABLE', 'the pseudonym vault');
}

/**
 * Runs the shield over a request for one destination. A shield exception of any kind fails
 * closed (nothing leaves); a block decision is a 422 naming the categories, never the values.
 */
export function shieldFor<Body>(
  runtime: GatewayRuntime,
  vault: Vault,
  destination: Destination,
  body: Body,
  protect: (body: Body, protector: OutboundProtector) => Body,
  request: FastifyRequest,
): { body: Body; protector: OutboundProtector } {
  const protector = new OutboundProtector(runtime.deps.shield, vault, destination);
  const started = performance.now();
  let protectedBody: Body;
  try {
    protectedBody = protect(body, protector);
  } catch (error) {
    if (isShieldError(error) && error.code === 'INPUT_TOO_LARGE') {
      throw new GatewayError(413, 'invalid_request_error', 'text_too_large', `A text in this request is too long for the shield: ${error.message}.`);
    }
    request.log.error({ errorName: (error as Error)?.name, errorCode: (error as { code?: string })?.code }, 'shield failed');
    throw unavailable('SHIELD_UNAVAILABLE', 'the privacy shield (analysis or policy)');
  }
  runtime.deps.metrics.shieldDuration.observe((performance.now() - started) / 1000);
  if (protector.residualTypes.size > 0) throw residualRefusal(protector.residualTypes);
  return { body: protectedBody, protector };
}

/** A JSON document still held detectable data once shielded (e.g. a value split across fields). */
export function residualRefusal(types: ReadonlySet<string>): GatewayError {
  const sorted = [...types].sort();
  return new GatewayError(
    422,
    'invalid_request_error',
    'shield_unverified',
    `Rempart refused to forward this request: once pseudonymised, a JSON document in it (tool arguments, a tool result or a schema) still read as containing ${sorted.join(', ')} as a whole, so nothing was sent. Send that data as plain text or in fewer, complete fields.`,
    { extra: { residual_types: sorted } },
  );
}

export function blockedError(blockedTypes: ReadonlySet<string>, destination: Destination): GatewayError {
  const types = [...blockedTypes].sort();
  return new GatewayError(
    422,
    'invalid_request_error',
    'SHIELD_BLOCKED',
    `Rempart blocked this request: it contains ${types.join(', ')}, which the policy does not allow to be sent to a ${destination} provider, even pseudonymised. Remove that content (for a secret: revoke it if it was real) and send again, or ask your administrator about the policy.`,
    { extra: { blocked_types: types } },
  );
}

export function routingRefusal(types: readonly string[], locations: readonly string[], model: string): GatewayError {
  return new GatewayError(
    403,
    'permission_error',
    'ROUTING_REFUSED',
    `Rempart refused to send this request to '${model}': it contains ${types.join(', ')}, which may only go to ${locations.length > 0 ? locations.join(' or ') : 'no'} providers, and no such model is available to you. Remove that content or use a model hosted there.`,
    { extra: { matched_types: [...types], allowed_locations: [...locations] } },
  );
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
