/**
 * Bad input at the boundary, all in OpenAI's error shape with the right status: invalid JSON,
 * wrong types (zod), bodies over the limit (10 MB by default, configurable), invalid UTF-8,
 * content that cannot be inspected, unknown or forbidden model, missing/malformed/unknown/
 * expired/revoked key, rate limit. Also /v1/models filtering, embeddings, the offline model.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, ALICE_KEY, memoryDeps, startGateway, stubProvider, type GatewayHarness, type MemoryDeps } from '../support/gateway-harness.ts';
import { startStubUpstream, type StubUpstream } from '../support/stub-upstream.ts';
import { OFFLINE_ANSWER } from '../../src/providers/offline-adapter.ts';
import { PLANTED } from './planted.ts';

let stub: StubUpstream;
let deps: MemoryDeps;
let gateway: GatewayHarness;

beforeAll(async () => {
  stub = await startStubUpstream();
  deps = memoryDeps({
    providers: { stub: stubProvider(stub.url) },
    models: { 'gpt-test': { provider: 'stub' }, 'gpt-big': { provider: 'stub' }, 'embed-test': { provider: 'stub' } },
    groups: { staff: { models: ['gpt-test', 'embed-test'] } },
    keys: {
      [ALICE_KEY]: ALICE,
      rk_test_restricted: { ...ALICE, apiKeyId: 'k-restricted', keyAllowedModels: ['embed-test'] },
      rk_test_expired: 'expired_api_key',
      rk_test_revoked: 'revoked_api_key',
    },
  });
  gateway = await startGateway(deps);
});
afterAll(async () => {
  await gateway?.close();
  await stub?.close();
});

async function send(path: string, body: string | Uint8Array, headers: Record<string, string> = {}) {
  const response = await fetch(`${gateway.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ALICE_KEY}`, 'content-type': 'application/json', ...headers },
    body,
  });
  const json = (await response.json()) as { error: { message: string; type: string; code: string; param: string | null } };
  return { status: response.status, headers: response.headers, error: json.error };
}

const valid = { model: 'gpt-test', messages: [{ role: 'user', content: 'Bonjour' }] };

describe('bad input', () => {
  it('legacy functions, audio and predicted outputs → 400 unsupported_parameter naming the field, nothing sent', async () => {
    stub.reset();
    const cases: Array<[string, unknown, RegExp]> = [
      ['functions', [{ name: 'lookup', parameters: { type: 'object' } }], /as 'tools'/],
      ['function_call', 'auto', /tool_choice/],
      ['audio', { voice: 'alloy', format: 'wav' }, /audio/],
      ['prediction', { type: 'content', content: 'x' }, /prediction/],
    ];
    for (const [field, value, message] of cases) {
      const { status, error } = await send('/v1/chat/completions', JSON.stringify({ ...valid, [field]: value }));
      expect(status).toBe(400);
      expect(error).toMatchObject({ type: 'invalid_request_error', code: 'unsupported_parameter', param: field });
      expect(error.message).toMatch(message);
    }
    const audio = await send('/v1/chat/completions', JSON.stringify({ ...valid, modalities: ['text', 'audio'] }));
    expect(audio.status).toBe(400);
    expect(audio.error.param).toBe('modalities.1');
    expect(stub.received).toHaveLength(0);
  });

  it('invalid JSON → 400 invalid_json', async () => {
    const { status, error } = await send('/v1/chat/completions', '{"model": "gpt-test", ');
    expect(status).toBe(400);
    expect(error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_json', param: null });
  });

  it('wrong types → 400 naming the field', async () => {
    const { status, error } = await send('/v1/chat/completions', JSON.stringify({ model: 'gpt-test', messages: 'hello' }));
    expect(status).toBe(400);
    expect(error.param).toBe('messages');
    const roles = await send('/v1/chat/completions', JSON.stringify({ model: 'gpt-test', messages: [{ role: 'wizard', content: 'x' }] }));
    expect(roles.status).toBe(400);
    expect(roles.error.param).toBe('messages.0.role');
    const array = await send('/v1/chat/completions', '[1, 2]');
    expect(array.status).toBe(400);
  });

  it('content the shield cannot inspect (audio) is refused, not passed', async () => {
    const body = { model: 'gpt-test', messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }] }] };
    const { status } = await send('/v1/chat/completions', JSON.stringify(body));
    expect(status).toBe(400);
  });

  it('invalid UTF-8 → 400 invalid_utf8 (not silently replaced)', async () => {
    const prefix = new TextEncoder().encode('{"model":"gpt-test","messages":[{"role":"user","content":"caf');
    const suffix = new TextEncoder().encode('"}]}');
    const body = new Uint8Array([...prefix, 0xc3, 0x28, ...suffix]);
    const { status, error } = await send('/v1/chat/completions', body);
    expect(status).toBe(400);
    expect(error.code).toBe('invalid_utf8');
  });

  it('a body over the default 10 MB limit → 413 request_too_large', async () => {
    const huge = JSON.stringify({ ...valid, messages: [{ role: 'user', content: 'a'.repeat(10 * 1024 * 1024) }] });
    const { status, error } = await send('/v1/chat/completions', huge);
    expect(status).toBe(413);
    expect(error.code).toBe('request_too_large');
    expect(error.message).toMatch(/10485760 bytes/);
  });

  it('the body limit is configurable', async () => {
    const small = await startGateway(deps, { bodyLimit: 1_000 });
    try {
      const response = await fetch(`${small.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ALICE_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ...valid, messages: [{ role: 'user', content: 'b'.repeat(2_000) }] }),
      });
      expect(response.status).toBe(413);
    } finally {
      await small.close();
    }
  });

  it('too many messages and too much text are refused with their limits', async () => {
    const limited = await startGateway(
      memoryDeps({ providers: { stub: stubProvider(stub.url) }, models: { 'gpt-test': { provider: 'stub' } }, requestLimits: { maxMessages: 2, maxTextChars: 100 } }),
    );
    try {
      const post = (body: unknown) =>
        fetch(`${limited.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ALICE_KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const many = await post({ model: 'gpt-test', messages: Array.from({ length: 3 }, () => ({ role: 'user', content: 'x' })) });
      expect(many.status).toBe(400);
      const long = await post({ model: 'gpt-test', messages: [{ role: 'user', content: 'y'.repeat(101) }] });
      expect(long.status).toBe(413);
    } finally {
      await limited.close();
    }
  });

  it('unknown model → 404 model_not_found; forbidden model → 403', async () => {
    const unknown = await send('/v1/chat/completions', JSON.stringify({ ...valid, model: 'gpt-nope' }));
    expect(unknown.status).toBe(404);
    expect(unknown.error).toMatchObject({ code: 'model_not_found', param: 'model' });
    const forbidden = await send('/v1/chat/completions', JSON.stringify({ ...valid, model: 'gpt-big' }));
    expect(forbidden.status).toBe(403);
    expect(forbidden.error.code).toBe('model_not_allowed');
  });

  it.each([
    [undefined, 'missing_api_key'],
    ['Basic abc', 'malformed_api_key'],
    ['Bearer rk_test_nobody', 'unknown_api_key'],
    ['Bearer rk_test_expired', 'expired_api_key'],
    ['Bearer rk_test_revoked', 'revoked_api_key'],
  ])('authorization %s → 401 %s', async (authorization, code) => {
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(valid),
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { code: string; type: string } };
    expect(body.error).toMatchObject({ code, type: 'authentication_error' });
  });

  it('rate limited → 429 with retry-after', async () => {
    deps.faults.limit = { allowed: false, reason: 'rate_limit', scope: 'key', limit: 60, retryAfterSeconds: 17, message: 'Too many requests for this key: 60 per minute.' };
    try {
      const { status, headers, error } = await send('/v1/chat/completions', JSON.stringify(valid));
      expect(status).toBe(429);
      expect(headers.get('retry-after')).toBe('17');
      expect(error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded' });
    } finally {
      delete deps.faults.limit;
    }
  });

  it('fields the gateway does not know are dropped, not forwarded uninspected', async () => {
    stub.reset();
    const body = { ...valid, metadata: { note: PLANTED[0]!.sentence }, vendor_hint: { content: PLANTED[1]!.sentence } };
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ALICE_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    expect(stub.received[0]!.body).not.toContain('metadata');
    expect(stub.received[0]!.body).not.toContain(PLANTED[1]!.value);
  });

  it('error responses carry x-rempart-request-id too', async () => {
    const { headers } = await send('/v1/chat/completions', '{');
    expect(headers.get('x-rempart-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('unknown /v1 endpoint → 404 in OpenAI shape', async () => {
    const { status, error } = await send('/v1/completions', JSON.stringify(valid));
    expect(status).toBe(404);
    expect(error.code).toBe('unknown_url');
  });
});

describe('models and embeddings', () => {
  it('GET /v1/models lists only what the caller may use (groups ∩ key restriction)', async () => {
    const list = async (key: string) => {
      const response = await fetch(`${gateway.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
      return ((await response.json()) as { data: { id: string }[] }).data.map((model) => model.id);
    };
    expect(await list(ALICE_KEY)).toEqual(['gpt-test', 'embed-test']);
    expect(await list('rk_test_restricted')).toEqual(['embed-test']);
    const openai = await gateway.client().models.list();
    expect(openai.data.map((model) => model.id)).toEqual(['gpt-test', 'embed-test']);
  });

  it('embeddings inputs are shielded too', async () => {
    stub.reset();
    stub.enqueue({ kind: 'json', body: { object: 'list', data: [0, 1].map((index) => ({ object: 'embedding', index, embedding: [0.1, 0.2] })), model: 'x', usage: { prompt_tokens: 4, total_tokens: 4 } } });
    const inputs = [PLANTED[0]!.sentence, PLANTED[3]!.sentence];
    const result = await gateway.client().embeddings.create({ model: 'embed-test', input: inputs, encoding_format: 'float' });
    expect(result.data).toHaveLength(2);
    const sent = stub.received[0]!.body;
    expect(sent).not.toContain(PLANTED[0]!.value);
    expect(sent).not.toContain('FR76');
    expect(sent).toMatch(/<PERSONNE_1>/);
  });
});

describe('no provider configured', () => {
  it('the built-in offline model answers, streamed and not, in French and English', async () => {
    const offlineDeps = memoryDeps({});
    const offline = await startGateway(offlineDeps);
    try {
      const client = offline.client();
      const models = await client.models.list();
      expect(models.data.map((model) => model.id)).toEqual(['rempart-offline']);
      const whole = await client.chat.completions.create({ model: 'rempart-offline', messages: [{ role: 'user', content: PLANTED[0]!.sentence }] });
      expect(whole.choices[0]!.message.content).toBe(OFFLINE_ANSWER);
      expect(OFFLINE_ANSWER).toMatch(/Aucun modèle/);
      expect(OFFLINE_ANSWER).toMatch(/No AI model is connected/);
      const stream = await client.chat.completions.create({ model: 'rempart-offline', stream: true, messages: [{ role: 'user', content: 'Bonjour' }] });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      expect(text).toBe(OFFLINE_ANSWER);
    } finally {
      await offline.close();
    }
  });
});
