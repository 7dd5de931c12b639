/**
 * Everything the gateway (/v1) needs from the rest of the server, and nothing more. The server
 * foundation implements it (app.ts: `app.register(gatewayPlugin, { deps })`); tests build an
 * in-memory one. Each member may fail: the gateway then fails closed (no provider call).
 */
import type { Shield } from '@rempart/shield';
import type { Actor } from '../auth/actor.ts';
import type { AppendOptions, AuditEntry } from '../audit/audit-log.ts';
import type { UsageGateState } from '../commands/usage-gates.ts';
import type { DocumentsModule } from '../documents/documents-module.ts';
import type { UsageLimiter } from '../limits/usage-limiter.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { ModelsConfig, ProvidersConfig, RoutingRule } from '../providers/config-schema.ts';
import type { ModelRegistry } from '../providers/registry.ts';

export interface GatewayDeps {
  config: GatewayConfig;
  /**
   * The models served (commands/live-catalogue.ts: rempart.yaml's and the administrators'),
   * owned and closed by the caller. Absent → built from `config` and closed with the plugin.
   * `get` / `names` may throw (catalogue stale): the request is refused, nothing is sent.
   */
  registry?: ModelRegistry;
  /** Built once from the configured policy (and hash key); shared by every request. */
  shield: Pick<Shield, 'protect'>;
  /**
   * Authorization header → Actor. Throws AuthenticationError (auth/auth-errors.ts, statusCode
   * 401, code missing_api_key | malformed_api_key | unknown_api_key | expired_api_key |
   * revoked_api_key | disabled_user); any other error is rendered 503.
   */
  authenticate(authorizationHeader: string | undefined): Promise<Actor>;
  /** Group allow-lists ∩ API key restriction (auth/model-access.ts). */
  modelAccess: { mayUse(actor: Actor, model: string): boolean };
  /**
   * The hash-chained audit (AuditLog). `append` resolves once the record is durable. The
   * gateway appends kind 'request' BEFORE the provider call, then 'completion' or 'failure'
   * with `refersTo` = the request record's id; 'refusal' for requests stopped before that.
   * Details hold types, counts, hashes, names, numbers — never a prompt or a detected value.
   * `deferrable`: the completion of an answer already sent may share the next statement.
   */
  audit: { append(entry: AuditEntry, options?: AppendOptions): Promise<{ id: number }> };
  /**
   * Encrypted per-conversation vault store (VaultStore), used only when the client sends
   * `x-rempart-conversation-id`. load → `{snapshot: null, version: 0}` for a new conversation;
   * save(…, expectedVersion) → new version, throws an error with code 'VAULT_CONFLICT' when
   * another request saved first (the gateway reloads and re-protects), 'VAULT_FORBIDDEN' when
   * the conversation belongs to another user (→ 403).
   */
  vaults: {
    load(conversationId: string, ownerUserId: string): Promise<{ snapshot: unknown; version: number }>;
    save(conversationId: string, ownerUserId: string, snapshot: unknown, expectedVersion: number): Promise<number>;
  };
  /** Rate limits and token quotas (UsageLimiter): admit before anything else, record tokens after. */
  limits: Pick<UsageLimiter, 'admit' | 'recordTokens'>;
  /** prom-client objects registered on the app's /metrics. */
  metrics: Pick<
    Metrics,
    | 'gatewayRequests'
    | 'providerLatency'
    | 'entitiesDetected'
    | 'blockedRequests'
    | 'providerErrors'
    | 'shieldDuration'
    | 'tokens'
    | 'auditFailures'
  >;
  /**
   * The documents feature, for chat requests carrying `"rempart": {"documents": true}`: its
   * search applies the caller's read rights in SQL. Absent → such requests fail closed (503).
   */
  documents?: DocumentsModule;
  /**
   * The workspace's usage charter and per-model training requirements for the key's user
   * (commands/usage-gates.ts: the workspace's own rules, cached a few seconds). `state` throws
   * when they cannot be read → 503, nothing sent. The server always sets it; absent (the
   * gateway alone, as in its unit tests) → neither applies.
   */
  usageGates?: { state(userId: string): Promise<UsageGateState> };
  /** Wall clock in ms (tests may freeze it). */
  now(): number;
}

export interface GatewayConfig {
  /** rempart.yaml `providers`, `models`, `routing` (providers/config-schema.ts). */
  providers: ProvidersConfig;
  models: ModelsConfig;
  routing: RoutingRule[];
  /** Per-request limits; every field optional, defaults in gateway/limits.ts (documented there). */
  requestLimits?: Partial<GatewayRequestLimits>;
}

export interface GatewayRequestLimits {
  /** Messages in one chat request (400 above). Default 1,000. */
  maxMessages: number;
  /** Total characters of text the shield analyses in one request (413 above). Default 2,000,000. */
  maxTextChars: number;
  /** Inputs in one embeddings request (400 above). Default 2,048. */
  maxEmbeddingInputs: number;
  /** Choices (`n`) in one chat request (400 above). Default 8. */
  maxChoices: number;
}
