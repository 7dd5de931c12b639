/**
 * The one way the app talks to /api: JSON in and out, the session cookie, the CSRF token on
 * state-changing requests, and RFC 9457 problem+json turned into an ApiError the UI can
 * translate by its `code`.
 */

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  /** Any extension member the server adds (blocked categories, retry delay, …). */
  [extension: string]: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code ?? (problem.status === 0 ? 'NETWORK_ERROR' : `HTTP_${problem.status}`);
    this.problem = problem;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

let csrfToken: string | undefined;

/** The server hands the token out with the session; it goes back in a header. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

function csrfFromCookie(): string | undefined {
  const match = /(?:^|;\s*)rempart_csrf=([^;]+)/.exec(document.cookie);
  return match ? decodeURIComponent(match[1]!) : undefined;
}

export const CSRF_HEADER = 'x-csrf-token';

export function requestHeaders(method: string, hasBody: boolean): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (hasBody) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD') {
    const token = csrfToken ?? csrfFromCookie();
    if (token) headers[CSRF_HEADER] = token;
  }
  return headers;
}

/** Reads a failed response as a Problem, whatever the server (or a proxy) actually sent. */
export async function problemFrom(response: Response): Promise<Problem> {
  const problem = await problemBody(response);
  const retryAfter = Number(response.headers.get('retry-after'));
  if (Number.isFinite(retryAfter) && retryAfter > 0) problem.retryAfterSeconds = retryAfter;
  if (problem.code === 'UNAUTHENTICATED') unauthenticatedListener?.();
  return problem;
}

let unauthenticatedListener: (() => void) | undefined;
/** The session layer learns here that the server no longer knows us (expired session). */
export function onUnauthenticated(listener: (() => void) | undefined): void {
  unauthenticatedListener = listener;
}

async function problemBody(response: Response): Promise<Problem> {
  const text = await response.text().catch(() => '');
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') {
      const body = parsed as Record<string, unknown>;
      // The /v1 error shape nests the message: { error: { message, code } }.
      const nested = body.error && typeof body.error === 'object' ? (body.error as Record<string, unknown>) : undefined;
      return {
        ...body,
        status: response.status,
        title: typeof body.title === 'string' ? body.title : response.statusText,
        detail: typeof body.detail === 'string' ? body.detail : typeof nested?.message === 'string' ? nested.message : undefined,
        code: typeof body.code === 'string' ? body.code : typeof nested?.code === 'string' ? nested.code : undefined,
      };
    }
  } catch {
    // Not JSON (a proxy error page): keep the status only.
  }
  return { status: response.status, title: response.statusText };
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: requestHeaders(method, options.body !== undefined),
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({ status: 0, code: 'NETWORK_ERROR', title: 'Network error' });
  }
  if (!response.ok) throw new ApiError(await problemFrom(response));
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) => apiRequest<T>(path, { method: 'GET', signal }),
  post: <T>(path: string, body: unknown = {}) => apiRequest<T>(path, { method: 'POST', body }),
  put: <T>(path: string, body: unknown) => apiRequest<T>(path, { method: 'PUT', body }),
  patch: <T>(path: string, body: unknown) => apiRequest<T>(path, { method: 'PATCH', body }),
  delete: <T>(path: string) => apiRequest<T>(path, { method: 'DELETE' }),
};
