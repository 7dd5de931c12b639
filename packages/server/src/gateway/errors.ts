/**
 * Errors in OpenAI's shape `{error: {message, type, param, code}}`, so every OpenAI client
 * shows them properly. Codes that OpenAI defines keep OpenAI's spelling (lower case:
 * `model_not_found`, `rate_limit_exceeded`, …); Rempart's own fail-closed outcomes are upper
 * case (`SHIELD_BLOCKED`, `SHIELD_UNAVAILABLE`, `AUDIT_UNAVAILABLE`, …) so they stand out.
 * Messages name categories and what to do, never a value from the request.
 */
import { ProviderError } from '../providers/provider-error.ts';

export type OpenAiErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'api_error'
  | 'server_error';

export class GatewayError extends Error {
  readonly statusCode: number;
  readonly type: OpenAiErrorType;
  readonly code: string;
  readonly param: string | null;
  readonly headers: Record<string, string>;
  /** Extra fields in the error object (e.g. blocked_types), categories only. */
  readonly extra: Record<string, unknown>;

  constructor(
    statusCode: number,
    type: OpenAiErrorType,
    code: string,
    message: string,
    options: { param?: string | null; headers?: Record<string, string>; extra?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = 'GatewayError';
    this.statusCode = statusCode;
    this.type = type;
    this.code = code;
    this.param = options.param ?? null;
    this.headers = options.headers ?? {};
    this.extra = options.extra ?? {};
  }

  toBody(): { error: Record<string, unknown> } {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code, ...this.extra } };
  }
}

export const invalidRequest = (code: string, message: string, param?: string | null): GatewayError =>
  new GatewayError(400, 'invalid_request_error', code, message, { param: param ?? null });

/** Fail closed: something the request depends on for safety failed; nothing was sent. */
export const unavailable = (code: 'SHIELD_UNAVAILABLE' | 'POLICY_UNAVAILABLE' | 'AUDIT_UNAVAILABLE' | 'VAULT_UNAVAILABLE' | 'LIMITS_UNAVAILABLE' | 'AUTH_UNAVAILABLE' | 'USAGE_GATES_UNAVAILABLE' | 'CATALOGUE_UNAVAILABLE', what: string): GatewayError =>
  new GatewayError(
    503,
    'server_error',
    code,
    `Rempart refused to forward this request because ${what} failed; nothing was sent to any AI provider. Try again; if it persists, contact your administrator (the server log has the details, without the request's contents).`,
  );

/** How a provider failure reaches the client once retries and fallbacks are exhausted. */
export function fromProviderError(error: ProviderError): GatewayError {
  switch (error.kind) {
    case 'timeout':
      return new GatewayError(504, 'server_error', 'PROVIDER_TIMEOUT', `The AI provider did not answer in time: ${error.message}.`);
    case 'http_429': {
      const seconds = Math.max(1, Math.ceil((error.retryAfterMs ?? 1000) / 1000));
      return new GatewayError(429, 'rate_limit_error', 'PROVIDER_RATE_LIMITED', `${error.message}. Retry after ${seconds} s.`, {
        headers: { 'retry-after': String(seconds) },
      });
    }
    case 'http_4xx':
      return new GatewayError(error.upstreamStatus === 404 ? 404 : 400, 'invalid_request_error', 'PROVIDER_REJECTED', error.message);
    case 'malformed':
      return new GatewayError(502, 'server_error', 'PROVIDER_MALFORMED_RESPONSE', `${error.message}.`);
    case 'stream_cut':
      return new GatewayError(502, 'server_error', 'PROVIDER_STREAM_CUT', `${error.message}.`);
    case 'auth':
      return new GatewayError(502, 'server_error', 'PROVIDER_AUTH_FAILED', `${error.message}.`);
    default:
      return new GatewayError(502, 'server_error', 'PROVIDER_ERROR', `${error.message}.`);
  }
}

/** Fastify's own errors (body parsing, limits) in the OpenAI shape. */
export function fromFrameworkError(error: { statusCode?: number; code?: string; message: string }, bodyLimitBytes: number | undefined): GatewayError {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new GatewayError(
        413,
        'invalid_request_error',
        'request_too_large',
        `The request body is larger than the limit${bodyLimitBytes ? ` of ${bodyLimitBytes} bytes` : ''} (server.bodyLimitBytes in rempart.yaml).`,
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new GatewayError(415, 'invalid_request_error', 'unsupported_media_type', 'Send the body as JSON (Content-Type: application/json).');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return invalidRequest('invalid_json', 'The request body is empty: send a JSON object.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return invalidRequest('invalid_request', 'The Content-Length header does not match the body.');
    default:
      if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
        return invalidRequest('invalid_request', error.message);
      }
      return new GatewayError(500, 'server_error', 'INTERNAL_ERROR', 'Internal error in the gateway. The server log has the details (never the request contents).');
  }
}
