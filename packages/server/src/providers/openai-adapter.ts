/**
 * OpenAI-compatible providers (OpenAI, Mistral, vLLM, Ollama, Scaleway, OVHcloud…) and Azure
 * OpenAI, which speaks the same bodies at a different address (deployment in the path,
 * api-version query, `api-key` header).
 */
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionRequest,
  EmbeddingsRequest,
  EmbeddingsResponse,
} from '../gateway/openai-schemas.ts';
import type { ProviderConfig } from './config-schema.ts';
import { HttpUpstream, readJson } from './http-upstream.ts';
import { ProviderError } from './provider-error.ts';
import { parseEventJson, readChatStream, streamedError } from './stream-reader.ts';
import type { CallOptions, ChatStream, PreparedCall, ProviderAdapter } from './types.ts';

type OpenAiLikeConfig = Extract<ProviderConfig, { type: 'openai' | 'azure' }>;

export function createOpenAiAdapter(name: string, config: OpenAiLikeConfig, now: () => number): ProviderAdapter {
  const upstream = new HttpUpstream(name, config.baseUrl, config.timeouts, config.maxConnections);
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', ...config.headers };
  if (config.type === 'azure') headers['api-key'] = config.apiKey;
  else if (config.apiKey) headers.authorization = `Bearer ${config.apiKey}`;
  const streamHeaders = { ...headers, accept: 'text/event-stream' };

  const pathFor = (operation: 'chat/completions' | 'embeddings', model: string): string =>
    config.type === 'azure'
      ? `/openai/deployments/${encodeURIComponent(model)}/${operation}?api-version=${encodeURIComponent(config.apiVersion)}`
      : `/${operation}`;

  async function send(path: string, body: string, requestHeaders: Record<string, string>, signal: AbortSignal) {
    const response = await upstream.request({ path, headers: requestHeaders, body, signal });
    if (response.status < 200 || response.status >= 300) throw await upstream.errorFrom(response, now());
    return response;
  }

  return {
    name,
    location: config.location,

    prepareChat(request: ChatCompletionRequest, options: CallOptions): PreparedCall<ChatCompletion> {
      const body = JSON.stringify({ ...request, model: options.upstreamModel, stream: false, stream_options: undefined });
      return {
        body,
        async send() {
          const response = await send(pathFor('chat/completions', options.upstreamModel), body, headers, options.signal);
          const parsed = await readJson(upstream, response);
          if (!isChatCompletion(parsed)) {
            throw new ProviderError(name, 'malformed', `${name} returned JSON that is not a chat completion`);
          }
          return parsed;
        },
      };
    },

    prepareChatStream(request: ChatCompletionRequest, options: CallOptions): PreparedCall<ChatStream> {
      // Usage is always asked for (quotas, audit); the gateway drops it if the client did not ask.
      const body = JSON.stringify({
        ...request,
        model: options.upstreamModel,
        stream: true,
        stream_options: { include_usage: true },
      });
      return {
        body,
        async send() {
          const response = await send(pathFor('chat/completions', options.upstreamModel), body, streamHeaders, options.signal);
          return readChatStream(
            upstream,
            response,
            (event) => {
              if (event.data === '[DONE]') return 'done';
              const payload = parseEventJson(name, event.data);
              const failure = streamedError(name, payload);
              if (failure) throw failure;
              if (!isChunk(payload)) throw new ProviderError(name, 'malformed', `${name} sent a stream event that is not a chunk`);
              return [payload];
            },
          );
        },
      };
    },

    prepareEmbeddings(request: EmbeddingsRequest, options: CallOptions): PreparedCall<EmbeddingsResponse> {
      const body = JSON.stringify({ ...request, model: options.upstreamModel });
      return {
        body,
        async send() {
          const response = await send(pathFor('embeddings', options.upstreamModel), body, headers, options.signal);
          const parsed = await readJson(upstream, response);
          if (typeof parsed !== 'object' || parsed === null || !Array.isArray((parsed as { data?: unknown }).data)) {
            throw new ProviderError(name, 'malformed', `${name} returned JSON that is not an embeddings list`);
          }
          return parsed as EmbeddingsResponse;
        },
      };
    },

    close: () => upstream.close(),
  };
}

function isChatCompletion(value: unknown): value is ChatCompletion {
  if (typeof value !== 'object' || value === null) return false;
  const choices = (value as { choices?: unknown }).choices;
  return (
    Array.isArray(choices) &&
    choices.every((choice: unknown) => typeof choice === 'object' && choice !== null && typeof (choice as { message?: unknown }).message === 'object')
  );
}

function isChunk(value: unknown): value is ChatCompletionChunk {
  return typeof value === 'object' && value !== null && Array.isArray((value as { choices?: unknown }).choices);
}
