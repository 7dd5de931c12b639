/**
 * HTTP to one provider: a keep-alive undici Pool per provider (connections reused across
 * requests), the three timeouts (connect, first byte = response headers, total), and error
 * classification into ProviderError. Nothing here reads or logs content.
 */
import { Pool, errors as undiciErrors } from 'undici';
import type { Timeouts } from './config-schema.ts';
import { ProviderError, parseRetryAfter } from './provider-error.ts';

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: AsyncIterable<Uint8Array> & { text(): Promise<string>; dump?(): Promise<void> };
}

export interface UpstreamRequest {
  /** Path and query, appended to the base URL's own path. */
  path: string;
  headers: Record<string, string>;
  body: string;
  signal: AbortSignal;
}

export class HttpUpstream {
  readonly provider: string;
  readonly #pool: Pool;
  readonly #basePath: string;
  readonly #timeouts: Timeouts;

  constructor(provider: string, baseUrl: string, timeouts: Timeouts, maxConnections: number) {
    const url = new URL(baseUrl);
    this.provider = provider;
    this.#basePath = url.pathname.replace(/\/+$/, '');
    this.#timeouts = timeouts;
    this.#pool = new Pool(url.origin, {
      connections: maxConnections,
      connect: { timeout: timeouts.connectMs },
      headersTimeout: timeouts.firstByteMs,
      // Between two body chunks: a stalled stream fails instead of hanging.
      bodyTimeout: timeouts.totalMs,
      keepAliveTimeout: 30_000,
      pipelining: 1,
    });
  }

  /**
   * Sends the request; resolves with the response once headers arrived. The returned signal
   * aborts the body too, when the total timeout elapses or the caller's signal fires; call
   * `release()` once the body is consumed (it clears the timer: one per exchange, not one
   * lingering per request).
   */
  async request(request: UpstreamRequest): Promise<UpstreamResponse & { signal: AbortSignal; release(): void }> {
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new DOMException(`total timeout of ${this.#timeouts.totalMs} ms`, 'TimeoutError')),
      this.#timeouts.totalMs,
    );
    const forwardAbort = (): void => controller.abort(request.signal.reason);
    if (request.signal.aborted) forwardAbort();
    else request.signal.addEventListener('abort', forwardAbort, { once: true });
    const release = (): void => {
      clearTimeout(timer);
      request.signal.removeEventListener('abort', forwardAbort);
    };
    const signal = controller.signal;
    try {
      const response = await this.#pool.request({
        method: 'POST',
        path: this.#basePath + request.path,
        headers: request.headers,
        body: request.body,
        signal,
      });
      return { status: response.statusCode, headers: response.headers, body: response.body, signal, release };
    } catch (error) {
      release();
      throw this.classify(error, signal);
    }
  }

  /** Maps transport errors (and aborts) to ProviderError kinds. */
  classify(error: unknown, signal?: AbortSignal): ProviderError {
    if (error instanceof ProviderError) return error;
    const provider = this.provider;
    if (signal?.aborted) {
      // AbortSignal.timeout() aborts with a TimeoutError; the client's disconnect with anything else.
      return (signal.reason as { name?: string } | undefined)?.name === 'TimeoutError'
        ? new ProviderError(provider, 'timeout', `${provider} did not finish within ${this.#timeouts.totalMs} ms`)
        : new ProviderError(provider, 'aborted', 'the client went away');
    }
    if (error instanceof undiciErrors.ConnectTimeoutError) {
      return new ProviderError(provider, 'timeout', `could not connect to ${provider} within ${this.#timeouts.connectMs} ms`);
    }
    if (error instanceof undiciErrors.HeadersTimeoutError) {
      return new ProviderError(provider, 'timeout', `${provider} sent no response within ${this.#timeouts.firstByteMs} ms`);
    }
    if (error instanceof undiciErrors.BodyTimeoutError) {
      return new ProviderError(provider, 'timeout', `${provider} stopped sending for ${this.#timeouts.totalMs} ms`);
    }
    const code = (error as { code?: string }).code;
    return new ProviderError(provider, 'network', `could not reach ${provider}${code ? ` (${code})` : ''}`, { cause: error });
  }

  /** A non-2xx answer as a ProviderError; the body is read (bounded) for the provider's message. */
  async errorFrom(response: UpstreamResponse & { release(): void }, nowMs: number): Promise<ProviderError> {
    const provider = this.provider;
    const status = response.status;
    let detail = '';
    try {
      detail = providerMessage(await response.body.text());
    } catch {
      // The message is only a courtesy: the status decides.
    } finally {
      response.release();
    }
    const suffix = detail ? `: ${detail}` : '';
    if (status === 429) {
      const retryAfterMs = parseRetryAfter(response.headers['retry-after'], nowMs);
      return new ProviderError(provider, 'http_429', `${provider} is rate limiting requests${suffix}`, {
        upstreamStatus: status,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      });
    }
    if (status >= 500) return new ProviderError(provider, 'http_5xx', `${provider} failed (HTTP ${status})${suffix}`, { upstreamStatus: status });
    if (status === 401 || status === 403) {
      return new ProviderError(provider, 'auth', `${provider} refused the gateway's credentials (HTTP ${status}): check its apiKey in rempart.yaml`, {
        upstreamStatus: status,
      });
    }
    return new ProviderError(provider, 'http_4xx', `${provider} rejected the request (HTTP ${status})${suffix}`, { upstreamStatus: status });
  }

  close(): Promise<void> {
    return this.#pool.close();
  }
}

/** The message from an OpenAI/Anthropic error body, short; never the whole body. */
function providerMessage(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    const message =
      typeof parsed.error === 'object' && parsed.error !== null ? parsed.error.message : (parsed.error ?? parsed.message);
    if (typeof message === 'string') return message.slice(0, 500);
  } catch {
    // Not JSON: no message to relay.
  }
  return '';
}

/** Reads a whole JSON body; malformed → ProviderError('malformed'). */
export async function readJson(upstream: HttpUpstream, response: UpstreamResponse & { signal: AbortSignal; release(): void }): Promise<unknown> {
  let text: string;
  try {
    text = await response.body.text();
  } catch (error) {
    throw upstream.classify(error, response.signal);
  } finally {
    response.release();
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ProviderError(upstream.provider, 'malformed', `${upstream.provider} returned a response that is not valid JSON`);
  }
}
