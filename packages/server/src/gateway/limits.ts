import type { GatewayRequestLimits } from './deps.ts';

/**
 * Per-request limits (rempart.yaml can override each through GatewayConfig.requestLimits).
 * Body size is the server's `server.bodyLimitBytes` (default 10 MB → 413); upstream timeouts
 * and retries are per provider (providers/config-schema.ts: connect 5 s, first byte 60 s,
 * total/idle 300 s; 2 retries, 250 ms base backoff, 8 s cap, retry-after honoured up to 20 s).
 */
export const DEFAULT_REQUEST_LIMITS: GatewayRequestLimits = {
  maxMessages: 1_000,
  maxTextChars: 2_000_000,
  maxEmbeddingInputs: 2_048,
  maxChoices: 8,
};

export function requestLimits(overrides: Partial<GatewayRequestLimits> | undefined): GatewayRequestLimits {
  return { ...DEFAULT_REQUEST_LIMITS, ...overrides };
}
