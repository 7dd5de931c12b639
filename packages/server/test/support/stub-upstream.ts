/**
 * A real HTTP server on 127.0.0.1:0 standing in for an AI provider. It records exactly what
 * it received (method, path, headers, raw body) and answers with a scripted behaviour:
 * JSON, SSE streams given as raw byte pieces (so tests can split inside placeholders and
 * inside multi-byte characters), errors, 429 with retry-after, a stall, a stream cut midway,
 * malformed JSON. Default behaviour: an OpenAI-compatible echo of what it received.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  json: unknown;
}

export type StubBehaviour =
  | { kind: 'json'; status?: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'raw'; status?: number; body: string; headers?: Record<string, string> }
  /**
   * Pieces written one by one (strings or bytes), with a pause between them; then `cut`
   * destroys the socket, `hold` keeps the response open (a stream stalled midway).
   */
  | { kind: 'stream'; pieces: (string | Uint8Array)[]; pauseMs?: number; cut?: boolean; hold?: boolean }
  /** Accepts the request and never answers. */
  | { kind: 'stall' };

export type StubHandler = (request: RecordedRequest, callNumber: number) => StubBehaviour;

export interface StubUpstream {
  url: string;
  received: RecordedRequest[];
  /** Behaviours for the next calls, in order; then `fallback`. */
  enqueue(...behaviours: (StubBehaviour | StubHandler)[]): void;
  setDefault(handler: StubHandler): void;
  /** Everything received, concatenated (bodies and headers), for "never appears" assertions. */
  allReceivedText(): string;
  reset(): void;
  close(): Promise<void>;
}

export async function startStubUpstream(): Promise<StubUpstream> {
  const received: RecordedRequest[] = [];
  let queue: (StubBehaviour | StubHandler)[] = [];
  let fallback: StubHandler = (request) => echoBehaviour(request);
  const sockets = new Set<import('node:net').Socket>();
  const stalled = new Set<ServerResponse>();

  const server: Server = createServer((request, response) => {
    const pieces: Buffer[] = [];
    request.on('data', (piece: Buffer) => pieces.push(piece));
    request.on('end', () => {
      const body = Buffer.concat(pieces).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      const recorded: RecordedRequest = { method: request.method ?? '', path: request.url ?? '', headers: request.headers, body, json };
      received.push(recorded);
      const next = queue.shift() ?? fallback;
      const behaviour = typeof next === 'function' ? next(recorded, received.length) : next;
      void play(behaviour, response, stalled);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    enqueue: (...behaviours) => {
      queue.push(...behaviours);
    },
    setDefault: (handler) => {
      fallback = handler;
    },
    allReceivedText: () => received.map((request) => `${JSON.stringify(request.headers)}\n${request.path}\n${request.body}`).join('\n'),
    reset: () => {
      received.length = 0;
      queue = [];
      fallback = (request) => echoBehaviour(request);
    },
    close: async () => {
      for (const response of stalled) response.destroy();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function play(behaviour: StubBehaviour, response: ServerResponse, stalled: Set<ServerResponse>): Promise<void> {
  switch (behaviour.kind) {
    case 'json':
      response.writeHead(behaviour.status ?? 200, { 'content-type': 'application/json', ...behaviour.headers });
      response.end(JSON.stringify(behaviour.body));
      return;
    case 'raw':
      response.writeHead(behaviour.status ?? 200, { 'content-type': 'application/json', ...behaviour.headers });
      response.end(behaviour.body);
      return;
    case 'stall':
      stalled.add(response);
      return;
    case 'stream': {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const piece of behaviour.pieces) {
        if (response.destroyed) return;
        response.write(piece);
        await new Promise((resolve) => setTimeout(resolve, behaviour.pauseMs ?? 1));
      }
      if (behaviour.cut) response.socket?.destroy();
      else if (behaviour.hold) stalled.add(response);
      else response.end();
      return;
    }
  }
}

/** Every text the stub received in a chat request's messages (for echoing placeholders back). */
export function receivedMessagesText(request: RecordedRequest): string {
  const body = request.json as { messages?: { content?: unknown }[]; input?: unknown } | undefined;
  const texts: string[] = [];
  for (const message of body?.messages ?? []) {
    if (typeof message.content === 'string') texts.push(message.content);
    else if (Array.isArray(message.content)) {
      for (const part of message.content as { text?: unknown }[]) if (typeof part.text === 'string') texts.push(part.text);
    }
  }
  return texts.join('\n');
}

export function openAiCompletion(content: string | null, extra: { toolCalls?: { id: string; name: string; arguments: string }[]; choices?: number } = {}) {
  const choices = Array.from({ length: extra.choices ?? 1 }, (_, index) => ({
    index,
    message: {
      role: 'assistant',
      content,
      ...(extra.toolCalls
        ? { tool_calls: extra.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })) }
        : {}),
    },
    finish_reason: extra.toolCalls ? 'tool_calls' : 'stop',
  }));
  return {
    id: 'chatcmpl-stub',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'stub-model',
    choices,
    usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 },
  };
}

/** The default: answers with everything it received in the messages (placeholders included). */
export function echoBehaviour(request: RecordedRequest): StubBehaviour {
  const body = request.json as { stream?: boolean } | undefined;
  const text = receivedMessagesText(request);
  if (body?.stream) return { kind: 'stream', pieces: sseFromContent(splitEvery(text, 7)), pauseMs: 0 };
  return { kind: 'json', body: openAiCompletion(text) };
}

/** OpenAI SSE events carrying `contents` as successive deltas, then finish, usage and [DONE]. */
export function sseFromContent(contents: string[], options: { done?: boolean; usage?: boolean } = {}): string[] {
  const base = { id: 'chatcmpl-stub', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'stub-model' };
  const events = [
    { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
    ...contents.map((content) => ({ ...base, choices: [{ index: 0, delta: { content }, finish_reason: null }] })),
    { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
  ];
  if (options.usage !== false) events.push({ ...base, choices: [], usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 } } as never);
  const lines = events.map((event) => `data: ${JSON.stringify(event)}\n\n`);
  if (options.done !== false) lines.push('data: [DONE]\n\n');
  return lines;
}

export function splitEvery(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let at = 0; at < text.length; at += size) pieces.push(text.slice(at, at + size));
  return pieces.length > 0 ? pieces : [''];
}

/** The UTF-8 bytes of `text` cut into pieces of `size` bytes (splits inside characters and placeholders). */
export function byteSlices(text: string, size: number): Uint8Array[] {
  const bytes = new TextEncoder().encode(text);
  const pieces: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += size) pieces.push(bytes.subarray(at, at + size));
  return pieces;
}
