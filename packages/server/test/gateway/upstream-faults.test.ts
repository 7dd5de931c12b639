/**
 * Provider faults: 500, 429 with retry-after, a stall (timeout), malformed JSON, a stream cut
 * midway. The client always gets a clear error (OpenAI shape) or the answer after the
 * configured retries and fallbacks; nothing hangs (every test is bounded by short timeouts);
 * a stream is never retried once its first byte reached the client.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { eventually, memoryDeps, startGateway, stubProvider, type GatewayHarness, type MemoryDeps } from '../support/gateway-harness.ts';
import { openAiCompletion, sseFromContent, startStubUpstream, type StubUpstream } from '../support/stub-upstream.ts';

let primary: StubUpstream;
let secondary: StubUpstream;
let harness: GatewayHarness | undefined;

beforeAll(async () => {
  primary = await startStubUpstream();
  secondary = await startStubUpstream();
});
afterAll(async () => {
  await primary?.close();
  await secondary?.close();
});
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  primary.reset();
  secondary.reset();
});

async function gateway(
  retries: Record<string, number>,
  extra: { fallbacks?: string[]; firstByteMs?: number; totalMs?: number } = {},
): Promise<{ client: OpenAI; deps: MemoryDeps }> {
  const timeouts = { connectMs: 1_000, firstByteMs: extra.firstByteMs ?? 2_000, totalMs: extra.totalMs ?? 5_000 };
  const deps = memoryDeps({
    providers: {
      primary: stubProvider(primary.url, { retries: { baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 1_000, ...retries }, timeouts }),
      secondary: stubProvider(secondary.url),
    },
    models: { main: { provider: 'primary', fallbacks: extra.fallbacks ?? [] }, backup: { provider: 'secondary' } },
  });
  harness = await startGateway(deps);
  return { client: harness.client(), deps };
}

const ask = { model: 'main', messages: [{ role: 'user' as const, content: 'Bonjour' }] };

async function apiError(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OpenAI.APIError) return error;
    throw error;
  }
  throw new Error('expected an API error');
}

describe('upstream faults', () => {
  it('500 without retries: 502 PROVIDER_ERROR', async () => {
    const { client, deps } = await gateway({ max: 0 });
    primary.enqueue({ kind: 'json', status: 500, body: { error: { message: 'boom' } } });
    const error = await apiError(client.chat.completions.create(ask));
    expect(error.status).toBe(502);
    expect(error.code).toBe('PROVIDER_ERROR');
    expect(primary.received).toHaveLength(1);
    expect(deps.auditEntries.map((entry) => entry.kind)).toEqual(['request', 'failure']);
  });

  it('500, 500, then 200: retried with backoff, answered', async () => {
    const { client } = await gateway({ max: 2 });
    primary.enqueue({ kind: 'json', status: 500, body: {} }, { kind: 'json', status: 503, body: {} });
    const data = await client.chat.completions.create(ask);
    expect(data.choices[0]!.message.content).toBe('Bonjour');
    expect(primary.received).toHaveLength(3);
  });

  it('429 with retry-after is honoured, then answered', async () => {
    const { client } = await gateway({ max: 1 });
    primary.enqueue({ kind: 'json', status: 429, body: {}, headers: { 'retry-after': '0.2' } });
    // The wait itself (retry-after as a floor of the backoff) is checked without clocks in units.test.ts.
    const data = await client.chat.completions.create(ask);
    expect(data.choices[0]!.message.content).toBe('Bonjour');
    expect(primary.received).toHaveLength(2);
  });

  it('429 beyond the bounded retry-after: 429 to the client with retry-after, no wait', async () => {
    const { client } = await gateway({ max: 3 });
    primary.enqueue({ kind: 'json', status: 429, body: { error: { message: 'slow down' } }, headers: { 'retry-after': '120' } });
    const error = await apiError(client.chat.completions.create(ask));
    expect(error.status).toBe(429);
    expect(error.code).toBe('PROVIDER_RATE_LIMITED');
    expect(error.headers?.get('retry-after')).toBe('120');
    expect(primary.received).toHaveLength(1);
  });

  it('a stalled provider: 504 PROVIDER_TIMEOUT after the first-byte timeout', async () => {
    const { client } = await gateway({ max: 0 }, { firstByteMs: 300 });
    primary.enqueue({ kind: 'stall' });
    const error = await apiError(client.chat.completions.create(ask));
    expect(error.status).toBe(504);
    expect(error.code).toBe('PROVIDER_TIMEOUT');
  });

  it('malformed JSON: 502 PROVIDER_MALFORMED_RESPONSE', async () => {
    const { client } = await gateway({ max: 0 });
    primary.enqueue({ kind: 'raw', body: '{"id": "x", "choices": [' });
    const error = await apiError(client.chat.completions.create(ask));
    expect(error.status).toBe(502);
    expect(error.code).toBe('PROVIDER_MALFORMED_RESPONSE');
  });

  it('fallback to a second provider when the first fails', async () => {
    const { client, deps } = await gateway({ max: 1 }, { fallbacks: ['backup'] });
    primary.setDefault(() => ({ kind: 'json', status: 500, body: {} }));
    const { data, response } = await client.chat.completions.create(ask).withResponse();
    expect(data.choices[0]!.message.content).toBe('Bonjour');
    expect(response.headers.get('x-rempart-model')).toBe('backup');
    expect(primary.received).toHaveLength(2);
    expect(secondary.received).toHaveLength(1);
    await eventually(() => deps.auditEntries.some((entry) => entry.kind === 'completion'));
    expect(deps.auditEntries.map((entry) => [entry.kind, entry.details.model ?? null])).toEqual([
      ['request', 'main'],
      ['failure', null],
      ['request', 'backup'],
      ['completion', null],
    ]);
  });

  it('a stream failing before its first chunk is retried', async () => {
    const { client } = await gateway({ max: 1 });
    primary.enqueue({ kind: 'json', status: 502, body: {} });
    const stream = await client.chat.completions.create({ ...ask, stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Bonjour');
    expect(primary.received).toHaveLength(2);
  });

  it('a stream cut midway: the client gets an error, never a silent truncation, and no retry', async () => {
    const { client, deps } = await gateway({ max: 3 }, { fallbacks: ['backup'] });
    const events = sseFromContent(['Un ', 'deux ', 'trois'], { done: false, usage: false });
    primary.enqueue({ kind: 'stream', pieces: events.slice(0, 3), cut: true });
    const stream = await client.chat.completions.create({ ...ask, stream: true });
    let text = '';
    const error = await apiError(
      (async () => {
        for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      })(),
    );
    expect(text).toBe('Un deux ');
    expect(error.message).toMatch(/closed the stream before its end/);
    expect(primary.received).toHaveLength(1);
    expect(secondary.received).toHaveLength(0);
    await eventually(() => deps.auditEntries.some((entry) => entry.kind === 'completion'));
    expect(deps.auditEntries.at(-1)?.details).toMatchObject({ status: 'provider_error', errorKind: 'stream_cut' });
  });

  it('a stream that stalls midway ends with a timeout error (total timeout), never hangs', async () => {
    const { client, deps } = await gateway({ max: 2 }, { totalMs: 800 });
    const events = sseFromContent(['Un '], { done: false, usage: false });
    // The stub leaves the stream open after two events.
    primary.enqueue({ kind: 'stream', pieces: [events[0]!, events[1]!], hold: true });
    const stream = await client.chat.completions.create({ ...ask, stream: true });
    let text = '';
    const error = await apiError(
      (async () => {
        for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      })(),
    );
    expect(text).toBe('Un ');
    expect(error.message).toMatch(/did not answer in time: primary (did not finish within|stopped sending for) 800 ms/);
    expect(primary.received).toHaveLength(1);
    await eventually(() => deps.auditEntries.some((entry) => entry.kind === 'completion'));
    expect(deps.auditEntries.at(-1)?.details).toMatchObject({ status: 'provider_error', errorKind: 'timeout' });
  });

  it('upstream 200 with non-completion JSON: 502', async () => {
    const { client } = await gateway({ max: 0 });
    primary.enqueue({ kind: 'json', body: { hello: 'world' } });
    const error = await apiError(client.chat.completions.create(ask));
    expect(error.status).toBe(502);
  });

  it('client disconnect mid-stream: upstream aborted, completion audited as client_disconnected', async () => {
    const { deps } = await gateway({ max: 0 });
    const events = sseFromContent(Array.from({ length: 200 }, (_, index) => `mot${index} `));
    primary.enqueue({ kind: 'stream', pieces: events, pauseMs: 5 });
    const controller = new AbortController();
    const response = await fetch(`${harness!.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer rk_test_alice', 'content-type': 'application/json' },
      body: JSON.stringify({ ...ask, stream: true }),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await eventually(() => deps.auditEntries.some((entry) => entry.kind === 'completion'), 5_000);
    expect(deps.auditEntries.at(-1)?.details).toMatchObject({ status: 'client_disconnected' });
  });
});

describe('openAiCompletion helper sanity', () => {
  it('builds a completion the openai client accepts', () => {
    expect(openAiCompletion('x').choices[0]!.message.content).toBe('x');
  });
});
