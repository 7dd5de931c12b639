import type { ChatCompletionChunk } from '../gateway/openai-schemas.ts';
import type { HttpUpstream, UpstreamResponse } from './http-upstream.ts';
import { ProviderError } from './provider-error.ts';
import { SseParser, type SseEvent } from './sse-parser.ts';
import type { ChatStream } from './types.ts';

/**
 * Turns an upstream SSE body into OpenAI chunks. `translate` maps one event to zero or more
 * chunks, or to 'done' when the provider signalled the end. A body that ends before that
 * signal is a cut stream (an error, never a silent truncation).
 */
export function readChatStream(
  upstream: HttpUpstream,
  response: UpstreamResponse & { signal: AbortSignal; release(): void },
  translate: (event: SseEvent) => ChatCompletionChunk[] | 'done',
): ChatStream {
  async function* chunks(): AsyncGenerator<ChatCompletionChunk> {
    const parser = new SseParser();
    let done = false;
    const handle = function* (events: SseEvent[]): Generator<ChatCompletionChunk> {
      for (const event of events) {
        if (done) return;
        const translated = translate(event);
        if (translated === 'done') {
          done = true;
          return;
        }
        yield* translated;
      }
    };
    try {
      for await (const piece of response.body) {
        yield* handle(parser.push(piece));
        if (done) break;
      }
      if (!done) yield* handle(parser.end());
    } catch (error) {
      response.release();
      if (error instanceof ProviderError) throw error;
      const classified = upstream.classify(error, response.signal);
      // A socket error once the stream started means it was cut, not that the provider is unreachable.
      if (classified.kind !== 'network') throw classified;
      throw new ProviderError(upstream.provider, 'stream_cut', `${upstream.provider} closed the stream before its end`, { cause: error });
    }
    response.release();
    if (!done) {
      throw new ProviderError(upstream.provider, 'stream_cut', `${upstream.provider} closed the stream before its end`);
    }
  }
  return {
    chunks: chunks(),
    cancel: () => {
      response.release();
      // Stop reading: the connection is discarded rather than drained.
      (response.body as { destroy?: () => void }).destroy?.();
    },
  };
}

/** JSON.parse for one event's data; malformed → ProviderError. */
export function parseEventJson(provider: string, data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    throw new ProviderError(provider, 'malformed', `${provider} sent a stream event that is not valid JSON`);
  }
}

/** An `{error: …}` object inside a stream (OpenAI and Anthropic both send them). */
export function streamedError(provider: string, payload: unknown): ProviderError | undefined {
  if (typeof payload !== 'object' || payload === null || !('error' in payload)) return undefined;
  const error = (payload as { error: unknown }).error;
  if (error === null || error === undefined) return undefined;
  const message = typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string'
    ? (error as { message: string }).message.slice(0, 500)
    : 'unspecified error';
  const type = typeof error === 'object' ? (error as { type?: unknown }).type : undefined;
  const kind = type === 'rate_limit_error' || type === 'overloaded_error' ? 'http_429' : 'http_5xx';
  return new ProviderError(provider, kind, `${provider} failed during the stream: ${message}`);
}
