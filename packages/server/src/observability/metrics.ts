import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Every Prometheus metric the server exposes on /metrics, in one registry per app instance
 * (so tests can build several apps). Label values are categories — route patterns, model and
 * provider names, entity types — never request content.
 */
export interface Metrics {
  registry: Registry;
  /** Every HTTP request: route pattern (not the raw URL), method, status code. */
  httpRequests: Counter<'route' | 'method' | 'status'>;
  httpRequestDuration: Histogram<'route' | 'method'>;
  /** Gateway requests by outcome: ok, blocked, refused, provider_error, error. */
  gatewayRequests: Counter<'model' | 'provider' | 'outcome'>;
  /** Time spent by the provider (first byte to end for streams). */
  providerLatency: Histogram<'provider' | 'model'>;
  /** Entities the shield found in outbound text, by TAXONOMY type. */
  entitiesDetected: Counter<'type'>;
  /** Requests refused by policy/routing/limits before any provider call. */
  blockedRequests: Counter<'reason'>;
  /** Provider failures: timeout, http_5xx, http_429, network, malformed, … */
  providerErrors: Counter<'provider' | 'kind'>;
  /** Time the shield took to analyse and transform one request. */
  shieldDuration: Histogram;
  /** Tokens reported by providers. */
  tokens: Counter<'model' | 'kind'>;
  /** Audit appends that failed (each one refused a request: fail closed). */
  auditFailures: Counter;
}

export function createMetrics(options: { collectProcessMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.collectProcessMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'rempart_' });
  const registers = [registry];
  const latencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
  return {
    registry,
    httpRequests: new Counter({
      name: 'rempart_http_requests_total',
      help: 'HTTP requests served, by route pattern, method and status code.',
      labelNames: ['route', 'method', 'status'],
      registers,
    }),
    httpRequestDuration: new Histogram({
      name: 'rempart_http_request_duration_seconds',
      help: 'HTTP request duration (until the response is sent), by route pattern and method.',
      labelNames: ['route', 'method'],
      buckets: latencyBuckets,
      registers,
    }),
    gatewayRequests: new Counter({
      name: 'rempart_gateway_requests_total',
      help: 'Gateway (/v1) requests by model, provider and outcome.',
      labelNames: ['model', 'provider', 'outcome'],
      registers,
    }),
    providerLatency: new Histogram({
      name: 'rempart_provider_latency_seconds',
      help: 'Time spent waiting for the AI provider, by provider and model.',
      labelNames: ['provider', 'model'],
      buckets: latencyBuckets,
      registers,
    }),
    entitiesDetected: new Counter({
      name: 'rempart_entities_detected_total',
      help: 'Sensitive entities found in outbound text, by entity type.',
      labelNames: ['type'],
      registers,
    }),
    blockedRequests: new Counter({
      name: 'rempart_blocked_requests_total',
      help: 'Requests refused before reaching a provider, by reason.',
      labelNames: ['reason'],
      registers,
    }),
    providerErrors: new Counter({
      name: 'rempart_provider_errors_total',
      help: 'Provider call failures, by provider and kind.',
      labelNames: ['provider', 'kind'],
      registers,
    }),
    shieldDuration: new Histogram({
      name: 'rempart_shield_duration_seconds',
      help: 'Time the shield took to protect one request.',
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
      registers,
    }),
    tokens: new Counter({
      name: 'rempart_tokens_total',
      help: 'Tokens reported by providers, by model and kind (prompt, completion).',
      labelNames: ['model', 'kind'],
      registers,
    }),
    auditFailures: new Counter({
      name: 'rempart_audit_failures_total',
      help: 'Audit appends that failed (the request was refused).',
      registers,
    }),
  };
}
