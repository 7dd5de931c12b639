/**
 * Relays a provider's stream to the client as OpenAI SSE, restoring placeholders on the fly
 * (ChunkRestorer). Headers go out only once the first chunk arrived (so earlier failures
 * could still be retried); from then on nothing is retried: a failure becomes an SSE error
 * event the OpenAI clients raise, and the stream ends. Respects backpressure; stops reading
 * upstream when the client goes away.
 */
import type { FastifyReply } from 'fastify';
import type { Vault } from '@rempart/shield';
import { ProviderError } from '../providers/provider-error.ts';
import type { ChatStream } from '../providers/types.ts';
import { fromProviderError } from './errors.ts';
import type { ChatCompletionChunk, Usage } from './openai-schemas.ts';
import { ChunkRestorer } from './restore-answer.ts';

export interface OpenedStream {
  result: { upstream: ChatStream; iterator: AsyncIterator<ChatCompletionChunk>; first: IteratorResult<ChatCompletionChunk> };
  attempts: number;
}

export interface RelayOutcome {
  status: 'ok' | 'provider_error' | 'client_disconnected';
  usage?: Usage;
  finishReasons: (string | null)[];
  danglingFragments: number;
  error?: ProviderError;
}

export async function relayStream(options: {
  reply: FastifyReply;
  requestId: string;
  headers: Record<string, string>;
  opened: OpenedStream;
  vault: Vault;
  clientModel: string;
  includeUsage: boolean;
  signal: AbortSignal;
  /** Top-level fields added to the first chunk sent (e.g. `rempart.citations`). */
  firstChunkFields?: Record<string, unknown>;
}): Promise<RelayOutcome> {
  const { reply, opened, signal } = options;
  const { upstream, iterator } = opened.result;
  const raw = reply.raw;
  reply.hijack();
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-rempart-request-id': options.requestId,
    ...options.headers,
  });
  const restorer = new ChunkRestorer(options.vault);
  const finishReasons: (string | null)[] = [];
  let usage: Usage | undefined;
  let template: Pick<ChatCompletionChunk, 'id' | 'created' | 'model'> = { id: '', created: 0, model: options.clientModel };
  let firstFields = options.firstChunkFields && Object.keys(options.firstChunkFields).length > 0 ? options.firstChunkFields : undefined;
  /** A chunk as sent: the client's model name, and the first-chunk fields once. */
  const outgoing = (chunk: object): string => {
    const extra = firstFields;
    firstFields = undefined;
    return `data: ${JSON.stringify({ ...chunk, model: options.clientModel, ...extra })}\n\n`;
  };

  const write = async (payload: string): Promise<void> => {
    if (raw.destroyed) return;
    if (!raw.write(payload)) await new Promise<void>((resolve) => {
      const done = (): void => {
        raw.off('drain', done);
        raw.off('close', done);
        resolve();
      };
      raw.on('drain', done);
      raw.on('close', done);
    });
  };

  const handle = async (chunk: ChatCompletionChunk): Promise<void> => {
    template = { id: chunk.id, created: chunk.created, model: options.clientModel };
    if (chunk.usage) usage = chunk.usage;
    if (!Array.isArray(chunk.choices) || chunk.choices.length === 0) {
      // The usage-only chunk: forwarded only when the client asked for it.
      if (chunk.usage && options.includeUsage) await write(outgoing(chunk));
      return;
    }
    for (const choice of chunk.choices) if (choice.finish_reason != null) finishReasons[choice.index] = choice.finish_reason;
    const restored = restorer.restore(chunk);
    const { usage: _usage, ...withoutUsage } = restored;
    await write(outgoing(options.includeUsage ? restored : withoutUsage));
  };

  try {
    let next = opened.result.first;
    while (!next.done) {
      await handle(next.value);
      if (signal.aborted) break;
      next = await iterator.next();
    }
    if (signal.aborted) {
      upstream.cancel();
      return { status: 'client_disconnected', usage, finishReasons, danglingFragments: restorer.danglingFragments };
    }
    const rest = restorer.flush(template);
    if (rest) await write(outgoing(rest));
    else if (firstFields) await write(outgoing({ ...template, object: 'chat.completion.chunk', choices: [] }));
    await write('data: [DONE]\n\n');
    raw.end();
    return { status: 'ok', usage, finishReasons, danglingFragments: restorer.danglingFragments };
  } catch (error) {
    upstream.cancel();
    if (signal.aborted) return { status: 'client_disconnected', usage, finishReasons, danglingFragments: restorer.danglingFragments };
    const providerError =
      error instanceof ProviderError ? error : new ProviderError('upstream', 'malformed', 'the provider stream could not be read');
    const body = fromProviderError(providerError).toBody();
    // Restored text already sent is the client's own; the held-back tail is dropped with the error.
    await write(`data: ${JSON.stringify(body)}\n\n`);
    raw.end();
    return { status: 'provider_error', usage, finishReasons, danglingFragments: restorer.danglingFragments, error: providerError };
  }
}
