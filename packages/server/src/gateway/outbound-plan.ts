/**
 * The decision for one request before anything leaves: shield the body for a destination
 * (cached per destination: policies may differ by location), refuse blocked content, choose
 * the candidate models with the routing rules, and save the conversation's vault (reloading
 * and redoing everything when another request saved it concurrently).
 */
import type { Destination, EntityType } from '@rempart/shield';
import type { FastifyRequest } from 'fastify';
import type { ModelRoute } from '../providers/registry.ts';
import type { OutboundProtector } from './outbound-shield.ts';
import { GatewayError, unavailable } from './errors.ts';
import { blockedError, routingRefusal, shieldFor, type GatewayRuntime, type VaultHandle } from './preflight.ts';
import { planRoute } from './routing.ts';

const MAX_VAULT_CONFLICT_RETRIES = 3;

export interface Shielded<Body> {
  body: Body;
  protector: OutboundProtector;
}

export class OutboundPlan<Body> {
  readonly candidates: ModelRoute[];
  /** Every entity type found in the request (destination-independent). */
  readonly typesFound: ReadonlySet<EntityType>;
  readonly #byDestination: Map<Destination, Shielded<Body>>;
  readonly #runtime: GatewayRuntime;
  readonly #vault: VaultHandle;
  readonly #body: Body;
  readonly #protect: (body: Body, protector: OutboundProtector) => Body;
  readonly #request: FastifyRequest;

  private constructor(
    fields: { candidates: ModelRoute[]; typesFound: ReadonlySet<EntityType>; byDestination: Map<Destination, Shielded<Body>> },
    runtime: GatewayRuntime,
    vault: VaultHandle,
    body: Body,
    protect: (body: Body, protector: OutboundProtector) => Body,
    request: FastifyRequest,
  ) {
    this.candidates = fields.candidates;
    this.typesFound = fields.typesFound;
    this.#byDestination = fields.byDestination;
    this.#runtime = runtime;
    this.#vault = vault;
    this.#body = body;
    this.#protect = protect;
    this.#request = request;
  }

  static async build<Body>(
    runtime: GatewayRuntime,
    request: FastifyRequest,
    vault: VaultHandle,
    requested: ModelRoute,
    mayUse: (model: string) => boolean,
    body: Body,
    protect: (body: Body, protector: OutboundProtector) => Body,
  ): Promise<OutboundPlan<Body>> {
    for (let attempt = 0; ; attempt++) {
      const first = shieldFor(runtime, vault.vault, requested.location, body, protect, request);
      if (first.protector.blockedTypes.size > 0) throw blockedError(first.protector.blockedTypes, requested.location);
      let plan: ReturnType<typeof planRoute>;
      try {
        plan = planRoute(requested, first.protector.typesFound, runtime.rules, runtime.registry, mayUse);
      } catch (error) {
        request.log.error({ errorName: (error as Error)?.name }, 'routing policy failed');
        throw unavailable('POLICY_UNAVAILABLE', 'the routing policy');
      }
      if (!plan.ok) throw routingRefusal(plan.matchedTypes, plan.allowedLocations, requested.name);
      const byDestination = new Map<Destination, Shielded<Body>>([[requested.location, first]]);
      if ((await vault.save(request)) === 'saved') {
        return new OutboundPlan({ candidates: plan.candidates, typesFound: first.protector.typesFound, byDestination }, runtime, vault, body, protect, request);
      }
      if (attempt >= MAX_VAULT_CONFLICT_RETRIES) throw unavailable('VAULT_UNAVAILABLE', 'the conversation vault (too many concurrent changes)');
      await vault.reload(request);
    }
  }

  /** The body shielded for this candidate's location (blocked → 422), vault saved. */
  async shieldedFor(candidate: ModelRoute): Promise<Shielded<Body>> {
    const cached = this.#byDestination.get(candidate.location);
    if (cached) return cached;
    const shielded = shieldFor(this.#runtime, this.#vault.vault, candidate.location, this.#body, this.#protect, this.#request);
    if (shielded.protector.blockedTypes.size > 0) throw blockedError(shielded.protector.blockedTypes, candidate.location);
    if ((await this.#vault.save(this.#request)) === 'conflict') {
      throw new GatewayError(503, 'server_error', 'VAULT_UNAVAILABLE', 'The conversation vault changed concurrently while falling back to another model; nothing was sent. Try again.');
    }
    this.#byDestination.set(candidate.location, shielded);
    return shielded;
  }
}
