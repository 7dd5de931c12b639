/**
 * The built-in answerer used when no provider is configured: `npm start` gives a working
 * gateway whose model says plainly (French and English) that no model is connected and how
 * to connect one. Nothing leaves the machine. When the request asked for documents, the gateway
 * gives it the extracts to answer instead (`CallOptions.builtInAnswer`: offlineExtractsAnswer).
 */
import type { ChatCompletion, ChatCompletionChunk } from '../gateway/openai-schemas.ts';
import type { ChatStream, PreparedCall, ProviderAdapter } from './types.ts';

export const OFFLINE_MODEL = 'rempart-offline';

export const OFFLINE_ANSWER = [
  "Aucun modèle d'IA n'est connecté à Rempart : ceci est la réponse intégrée, rien n'a quitté cette machine.",
  'Pour connecter un modèle, déclarez un fournisseur et un modèle dans rempart.yaml, par exemple :',
  '',
  'No AI model is connected to Rempart: this is the built-in answer, nothing left this machine.',
  'To connect a model, declare a provider and a model in rempart.yaml, for example:',
  '',
  'providers:',
  '  local: { type: openai, baseUrl: http://127.0.0.1:11434/v1, location: on-premise }',
  'models:',
  '  llama: { provider: local, upstreamModel: llama3.1 }',
  '',
  'Puis redémarrez (`npm start`). / Then restart (`npm start`).',
].join('\n');

export function createOfflineAdapter(name: string, now: () => number): ProviderAdapter {
  const completion = (model: string, choices: number, content: string): ChatCompletion => ({
    id: `chatcmpl-offline-${now()}`,
    object: 'chat.completion',
    created: Math.floor(now() / 1000),
    model,
    choices: Array.from({ length: choices }, (_, index) => ({
      index,
      message: { role: 'assistant' as const, content },
      finish_reason: 'stop',
    })),
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  });

  return {
    name,
    location: 'on-premise',
    builtIn: true,
    prepareChat(request, options): PreparedCall<ChatCompletion> {
      return { body: '', send: async () => completion(request.model, request.n ?? 1, options.builtInAnswer ?? OFFLINE_ANSWER) };
    },
    prepareChatStream(request, options): PreparedCall<ChatStream> {
      return {
        body: '',
        async send() {
          const content = options.builtInAnswer ?? OFFLINE_ANSWER;
          const whole = completion(request.model, request.n ?? 1, content);
          const base = { id: whole.id, object: 'chat.completion.chunk' as const, created: whole.created, model: whole.model };
          const lines = content.split(/(?<=\n)/);
          async function* chunks(): AsyncGenerator<ChatCompletionChunk> {
            for (const choice of whole.choices) {
              yield { ...base, choices: [{ index: choice.index, delta: { role: 'assistant', content: '' }, finish_reason: null }] };
              for (const line of lines) yield { ...base, choices: [{ index: choice.index, delta: { content: line }, finish_reason: null }] };
              yield { ...base, choices: [{ index: choice.index, delta: {}, finish_reason: 'stop' }] };
            }
            yield { ...base, choices: [], usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 } };
          }
          return { chunks: chunks(), cancel: () => {} };
        },
      };
    },
    prepareEmbeddings: undefined,
    close: async () => {},
  };
}
