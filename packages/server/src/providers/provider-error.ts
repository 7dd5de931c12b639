/**
 * A provider call that failed, classified so the gateway can decide: retry, fall back, or
 * answer the client (502 bad gateway, 504 timeout, 429, or the provider's own 4xx).
 */
export type ProviderErrorKind =
  | 'timeout'
  | 'network'
  | 'http_429'
  | 'http_5xx'
  | 'http_4xx'
  | 'auth'
  | 'malformed'
  | 'stream_cut'
  | 'aborted';

export class ProviderError extends Error {
  readonly kind: ProviderErrorKind;
  readonly provider: string;
  /** The provider's HTTP status, when it answered. */
  readonly upstreamStatus?: number;
  /** From the provider's retry-after header, in ms. */
  readonly retryAfterMs?: number;

  constructor(
    provider: string,
    kind: ProviderErrorKind,
    message: string,
    details: { upstreamStatus?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, details.cause !== undefined ? { cause: details.cause } : undefined);
    this.name = 'ProviderError';
    this.provider = provider;
    this.kind = kind;
    if (details.upstreamStatus !== undefined) this.upstreamStatus = details.upstreamStatus;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
  }

  /** Worth another attempt on the same provider (transient). */
  get retryable(): boolean {
    return this.kind === 'http_429' || this.kind === 'http_5xx' || this.kind === 'network' || this.kind === 'timeout';
  }

  /** Worth trying a fallback model: anything that is not the client's own fault or choice. */
  get fallbackable(): boolean {
    return this.kind !== 'http_4xx' && this.kind !== 'aborted';
  }
}

/** retry-after: seconds or an HTTP date (RFC 9110); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === '') return undefined;
  const seconds = Number(text);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
