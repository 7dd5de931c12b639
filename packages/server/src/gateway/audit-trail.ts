/**
 * The audit records of one gateway request. `begin` is write-ahead: it resolves once the
 * record is durable and the provider is called only after; if it fails, the request fails
 * closed (AUDIT_UNAVAILABLE). Records after the call (completion, failure) and refusals are
 * best effort: their failure is counted and logged, never turned into a leak or a hang.
 * Details are categories, counts, hashes, names and numbers — never content.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Actor } from '../auth/actor.ts';
import type { AuditDetails } from '../audit/record.ts';
import type { GatewayDeps } from './deps.ts';
import { unavailable } from './errors.ts';

export class AuditTrail {
  readonly #deps: GatewayDeps;
  readonly #requestId: string;
  readonly #log: FastifyBaseLogger;
  #actor: Actor | undefined;

  constructor(deps: GatewayDeps, requestId: string, log: FastifyBaseLogger) {
    this.#deps = deps;
    this.#requestId = requestId;
    this.#log = log;
  }

  set actor(actor: Actor) {
    this.#actor = actor;
  }

  #who(): { userId?: string; apiKeyId?: string } {
    const actor = this.#actor;
    if (!actor) return {};
    return { userId: actor.userId, ...(actor.apiKeyId !== undefined ? { apiKeyId: actor.apiKeyId } : {}) };
  }

  /** Durable before the provider call; throws AUDIT_UNAVAILABLE (fail closed). */
  async begin(details: AuditDetails): Promise<number> {
    try {
      const appended = await this.#deps.audit.append({ kind: 'request', requestId: this.#requestId, ...this.#who(), details });
      return appended.id;
    } catch (error) {
      this.#failed(error, 'request');
      throw unavailable('AUDIT_UNAVAILABLE', 'the audit log could not record it');
    }
  }

  /** After the answer was sent: written with the next write-ahead record (or shortly after), not on its own. */
  complete(refersTo: number, details: AuditDetails): Promise<void> {
    return this.#bestEffort({ kind: 'completion', refersTo, details }, { deferrable: true });
  }

  fail(refersTo: number | undefined, details: AuditDetails): Promise<void> {
    return this.#bestEffort({ kind: 'failure', ...(refersTo !== undefined ? { refersTo } : {}), details });
  }

  refuse(details: AuditDetails): Promise<void> {
    return this.#bestEffort({ kind: 'refusal', details });
  }

  async #bestEffort(
    entry: { kind: 'completion' | 'failure' | 'refusal'; refersTo?: number; details: AuditDetails },
    options: { deferrable?: boolean } = {},
  ): Promise<void> {
    try {
      await this.#deps.audit.append({ ...entry, requestId: this.#requestId, ...this.#who() }, options);
    } catch (error) {
      this.#failed(error, entry.kind);
    }
  }

  #failed(error: unknown, kind: string): void {
    this.#deps.metrics.auditFailures.inc();
    // The error's class and code only: a driver message could quote parameters.
    this.#log.error({ auditKind: kind, errorName: (error as Error)?.name, errorCode: (error as { code?: string })?.code }, 'audit append failed');
  }
}
