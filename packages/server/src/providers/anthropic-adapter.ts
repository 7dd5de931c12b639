/** Anthropic Messages API behind the OpenAI shape (translation in anthropic-translate.ts). */
import type { ChatCompletion, ChatCompletionRequest } from '../gateway/openai-schemas.ts';
import type { ProviderConfig } from './config-schema.ts';
import { HttpUpstream, readJson } from './http-upstream.ts';
import { ProviderError } from './provider-error.ts';
import { parseEventJson, readChatStream, streamedError } from './stream-reader.ts';
import {
  AnthropicStreamTranslator,
  TranslationError,
  fromAnthropicResponse,
  isAnthropicResponse,
  toAnthropicRequest,
} from './anthropic-translate.ts';
import type { CallOptions, ChatStream, PreparedCall, ProviderAdapter } from './types.ts';

type AnthropicConfig = Extract<ProviderConfig, { type: 'anthropic' }>;

export function createAnthropicAdapter(name: string, config: AnthropicConfig, now: () => number): ProviderAdapter {
  const upstream = new HttpUpstream(name, config.baseUrl, config.timeouts, config.maxConnections);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json',
    'x-api-key': config.apiKey,
    'anthropic-version': config.anthropicVersion,
    ...config.headers,
  };
  const streamHeaders = { ...headers, accept: 'text/event-stream' };

  function translateRequest(request: ChatCompletionRequest, options: CallOptions, stream: boolean): string {
    try {
      return JSON.stringify(toAnthropicRequest(request, options.upstreamModel, config.defaultMaxTokens, stream));
    } catch (error) {
      if (error instanceof TranslationError) throw new ProviderError(name, 'http_4xx', error.message, { upstreamStatus: 400 });
      throw error;
    }
  }

  async function send(body: string, requestHeaders: Record<string, string>, signal: AbortSignal) {
    const response = await upstream.request({ path: '/v1/messages', headers: requestHeaders, body, signal });
    if (response.status < 200 || response.status >= 300) throw await upstream.errorFrom(response, now());
    return response;
  }

  return {
    name,
    location: config.location,

    prepareChat(request, options): PreparedCall<ChatCompletion> {
      const body = translateRequest(request, options, false);
      return {
        body,
        async send() {
          const parsed = await readJson(upstream, await send(body, headers, options.signal));
          if (!isAnthropicResponse(parsed)) throw new ProviderError(name, 'malformed', `${name} returned JSON that is not a message`);
          return fromAnthropicResponse(parsed, request.model, Math.floor(now() / 1000));
        },
      };
    },

    prepareChatStream(request, options): PreparedCall<ChatStream> {
      const body = translateRequest(request, options, true);
      return {
        body,
        async send() {
          const response = await send(body, streamHeaders, options.signal);
          const translator = new AnthropicStreamTranslator(request.model, Math.floor(now() / 1000));
          return readChatStream(
            upstream,
            response,
            (event) => {
              const payload = parseEventJson(name, event.data);
              const failure = streamedError(name, payload);
              if (failure) throw failure;
              if (typeof payload !== 'object' || payload === null) {
                throw new ProviderError(name, 'malformed', `${name} sent a stream event that is not an object`);
              }
              const type = event.event ?? String((payload as { type?: unknown }).type ?? '');
              return translator.translate(type, payload as Record<string, unknown>);
            },
          );
        },
      };
    },

    close: () => upstream.close(),
  };
}
