/**
 * Test scaffolding for the gateway: an in-memory GatewayDeps (keys, audit, vaults, limits in
 * memory; the real shield, metrics and model access) with fault-injection switches, and a
 * Fastify app serving only the gateway plugin on 127.0.0.1:0. Integration tests with the
 * real app and database live in test/gateway/app-integration.test.ts.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import OpenAI from 'openai';
import { createShield, parsePolicy, type Policy, type Shield } from '@rempart/shield';
import type { Actor } from '../../src/auth/actor.ts';
import { AuthenticationError, type AuthFailureCode } from '../../src/auth/auth-errors.ts';
import { createModelAccess } from '../../src/auth/model-access.ts';
import type { AuditEntry } from '../../src/audit/audit-log.ts';
import type { LimitDecision } from '../../src/limits/usage-limiter.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import { gatewayPlugin, type GatewayDeps } from '../../src/gateway/index.ts';
import { modelsSchema, providersSchema, routingSchema } from '../../src/providers/config-schema.ts';

export const ALICE_KEY = 'rk_test_alice';
export const ALICE: Actor = { userId: 'u-alice', email: 'alice@example.org', role: 'user', groups: ['staff'], apiKeyId: 'k-alice' };

export interface Faults {
  shield?: boolean;
  audit?: boolean;
  /** Fail only the write-ahead 'request' record. */
  auditRequest?: boolean;
  vaultLoad?: boolean;
  auth?: boolean;
  limit?: LimitDecision;
}

export interface MemoryDeps extends GatewayDeps {
  auditEntries: (AuditEntry & { id: number })[];
  storedVaults: Map<string, { owner: string; snapshot: unknown; version: number }>;
  tokensRecorded: number[];
  faults: Faults;
}

export function memoryDeps(options: {
  providers?: unknown;
  models?: unknown;
  routing?: unknown;
  policy?: Policy | Record<string, unknown>;
  keys?: Record<string, Actor | AuthFailureCode>;
  groups?: Record<string, { models: string[] }>;
  requestLimits?: GatewayDeps['config']['requestLimits'];
}): MemoryDeps {
  const realShield: Shield = createShield(options.policy ? { policy: parsePolicy(options.policy) } : {});
  const keys: Record<string, Actor | AuthFailureCode> = options.keys ?? { [ALICE_KEY]: ALICE };
  const faults: Faults = {};
  const auditEntries: MemoryDeps['auditEntries'] = [];
  const storedVaults: MemoryDeps['storedVaults'] = new Map();
  const tokensRecorded: number[] = [];
  const modelAccess = createModelAccess({ groups: options.groups ?? {}, defaultModels: ['*'] });
  const metrics = createMetrics({ collectProcessMetrics: false });
  return {
    faults,
    auditEntries,
    storedVaults,
    tokensRecorded,
    config: {
      providers: providersSchema.parse(options.providers ?? {}),
      models: modelsSchema.parse(options.models ?? {}),
      routing: routingSchema.parse(options.routing ?? []),
      ...(options.requestLimits ? { requestLimits: options.requestLimits } : {}),
    },
    shield: {
      protect(text, context) {
        if (faults.shield) throw new Error('injected analyzer failure');
        return realShield.protect(text, context);
      },
    },
    async authenticate(header) {
      if (faults.auth) throw new Error('injected database outage');
      if (!header) throw new AuthenticationError('missing_api_key');
      const match = /^Bearer (rk_\S+)$/.exec(header);
      if (!match) throw new AuthenticationError('malformed_api_key');
      const found = keys[match[1]!];
      if (found === undefined) throw new AuthenticationError('unknown_api_key');
      if (typeof found === 'string') throw new AuthenticationError(found);
      return found;
    },
    modelAccess,
    audit: {
      async append(entry) {
        if (faults.audit || (faults.auditRequest && entry.kind === 'request')) throw new Error('injected audit failure');
        const id = auditEntries.length + 1;
        auditEntries.push({ ...entry, id });
        return { id };
      },
    },
    vaults: {
      async load(conversationId, owner) {
        if (faults.vaultLoad) throw new Error('injected vault failure');
        const stored = storedVaults.get(conversationId);
        if (!stored) return { snapshot: null, version: 0 };
        if (stored.owner !== owner) throw Object.assign(new Error('forbidden'), { code: 'VAULT_FORBIDDEN' });
        return { snapshot: stored.snapshot, version: stored.version };
      },
      async save(conversationId, owner, snapshot, expectedVersion) {
        const stored = storedVaults.get(conversationId);
        if ((stored?.version ?? 0) !== expectedVersion) throw Object.assign(new Error('conflict'), { code: 'VAULT_CONFLICT' });
        storedVaults.set(conversationId, { owner, snapshot: JSON.parse(JSON.stringify(snapshot)), version: expectedVersion + 1 });
        return expectedVersion + 1;
      },
    },
    limits: {
      async admit() {
        return faults.limit ?? { allowed: true };
      },
      async recordTokens(_actor, tokens) {
        tokensRecorded.push(tokens);
      },
    },
    metrics,
    now: () => Date.now(),
  };
}

export interface GatewayHarness {
  url: string;
  app: FastifyInstance;
  client(apiKey?: string, headers?: Record<string, string>): OpenAI;
  close(): Promise<void>;
}

export async function startGateway(deps: GatewayDeps, options: { bodyLimit?: number; logLines?: string[] } = {}): Promise<GatewayHarness> {
  const logLines = options.logLines;
  const app = Fastify({
    // With logLines: every log line at debug level is captured, to assert what is never logged.
    logger: logLines ? { level: 'debug', stream: { write: (line: string) => void logLines.push(line) } } : false,
    bodyLimit: options.bodyLimit ?? 10 * 1024 * 1024,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
  });
  await app.register(gatewayPlugin, { deps });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url,
    app,
    client: (apiKey = ALICE_KEY, headers = {}) =>
      new OpenAI({ apiKey, baseURL: `${url}/v1`, maxRetries: 0, timeout: 15_000, defaultHeaders: headers }),
    close: () => app.close(),
  };
}

/** An OpenAI-compatible provider pointing at the stub, with fast retries for tests. */
export function stubProvider(url: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'openai',
    baseUrl: `${url}/v1`,
    apiKey: 'sk-upstream-test',
    location: 'eu',
    retries: { max: 0, baseDelayMs: 5, maxDelayMs: 20 },
    timeouts: { connectMs: 2_000, firstByteMs: 2_000, totalMs: 5_000 },
    ...extra,
  };
}

/** Waits (bounded) until `predicate` holds: audit completions are written after the response. */
export async function eventually(predicate: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
