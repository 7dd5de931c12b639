/**
 * The stub AI provider every target talks to (child process of the benchmark, loopback only):
 * POST …/chat/completions answers a fixed OpenAI completion at once, or an SSE stream when the
 * request asks for one. The answer quotes a placeholder so Rempart's restoration runs too.
 * Started by `run-gateway-bench.ts`; tells its URL over IPC; exits with its parent.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const ANSWER_PIECES = ['Bonjour ', '<PERSONNE_1>', ', le double ', 'prélèvement ', 'est confirmé : ', 'vous serez ', 'remboursé sous 48 h.'];

const completion = JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 1_700_000_000,
  model: 'bench-upstream',
  choices: [{ index: 0, message: { role: 'assistant', content: ANSWER_PIECES.join('') }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 260, completion_tokens: 20, total_tokens: 280 },
});

function chunk(delta: object, finishReason: string | null, usage?: object): string {
  const payload = {
    id: 'chatcmpl-bench',
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model: 'bench-upstream',
    choices: usage ? [] : [{ index: 0, delta, finish_reason: finishReason }],
    ...(usage ? { usage } : {}),
  };
  return `data: ${JSON.stringify(payload)}\n\n`;
}

/** Each SSE event is written separately (one network write each), as a real provider does. */
const streamEvents = [
  chunk({ role: 'assistant', content: '' }, null),
  ...ANSWER_PIECES.map((piece) => chunk({ content: piece }, null)),
  chunk({}, 'stop'),
  chunk({}, null, { prompt_tokens: 260, completion_tokens: 20, total_tokens: 280 }),
  'data: [DONE]\n\n',
];

const server = createServer((request, response) => {
  let body = '';
  request.setEncoding('utf8');
  request.on('data', (piece: string) => (body += piece));
  request.on('end', () => {
    if (request.method !== 'POST' || !request.url?.endsWith('/chat/completions')) {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
      return;
    }
    // Every gateway re-serialises the body, so `"stream":true` is the marker (no space).
    if (!body.includes('"stream":true')) {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(completion) });
      response.end(completion);
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    let next = 0;
    const writeNext = (): void => {
      if (response.destroyed) return;
      response.write(streamEvents[next++]!);
      if (next < streamEvents.length) setImmediate(writeNext);
      else response.end();
    };
    writeNext();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.send!({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
});
process.on('disconnect', () => process.exit(0));
