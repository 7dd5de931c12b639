/**
 * JSON that leaves through the gateway: tool-call arguments (keys and numbers too), tool
 * definitions' schemas (every name and value, `required` kept in sync, keys restored in the
 * answer), JSON tool results written with `\uXXXX` escapes, and the safety net that refuses
 * a JSON document still detectable once shielded. Assertions read what the stub upstream
 * received, raw and decoded (escapes resolved, JSON inside strings parsed).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type OpenAI from 'openai';
import type { ProtectResult, Shield } from '@rempart/shield';
import { memoryDeps, startGateway, stubProvider, type GatewayHarness } from '../support/gateway-harness.ts';
import { openAiCompletion, startStubUpstream, type StubUpstream } from '../support/stub-upstream.ts';
import { OutboundProtector } from '../../src/gateway/outbound-shield.ts';
import { Vault } from '@rempart/shield';
import { assertNoLeak } from './planted.ts';

const PLACEHOLDER = /<[A-Z_]+_\d+>/;

let stub: StubUpstream;
let gateway: GatewayHarness;
let client: OpenAI;

beforeAll(async () => {
  stub = await startStubUpstream();
  gateway = await startGateway(memoryDeps({ providers: { stub: stubProvider(stub.url) }, models: { 'gpt-test': { provider: 'stub', upstreamModel: 'upstream-model' } } }));
  client = gateway.client();
});
afterAll(async () => {
  await gateway?.close();
  await stub?.close();
});
beforeEach(() => stub.reset());

/** Every key, string and number the upstream received, decoded, JSON inside strings included. */
function decodedReceived(): string {
  const texts: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      texts.push(value);
      try {
        const inner: unknown = JSON.parse(value);
        if (typeof inner === 'object' && inner !== null) walk(inner);
      } catch {
        // plain text
      }
    } else if (typeof value === 'number') texts.push(String(value));
    else if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        texts.push(key);
        walk(item);
      }
    }
  };
  for (const request of stub.received) walk(request.json);
  return texts.join('\n');
}

function leaks(values: readonly string[]): string[] {
  return [...assertNoLeak(stub.allReceivedText(), values), ...assertNoLeak(decodedReceived(), values)];
}

type SentBody = { messages: { content: string; tool_calls?: { function: { arguments: string } }[] }[]; tools?: { function: { parameters: Record<string, unknown> } }[] };

describe('tool-call arguments and JSON tool results: keys and numbers', () => {
  const planted = ['sophie.lefevre@exemple.fr', '4111111111111111', '73282932000017', '33612345678'];
  const args = `{"${planted[0]}":{"card":${planted[1]},"siret":${planted[2]},"tel":${planted[3]},"ok":true,"n":null}}`;

  it('sends no key or number in clear, and the JSON stays valid', async () => {
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer rk_test_alice', 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gpt-test',
        messages: [
          { role: 'user', content: 'x' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: args } }] },
          { role: 'tool', tool_call_id: 'c1', content: args },
        ],
      }),
    });
    expect(response.status).toBe(200);
    expect(stub.received).toHaveLength(1);
    expect(leaks(planted)).toEqual([]);
    const sent = stub.received[0]!.json as SentBody;
    for (const json of [sent.messages[1]!.tool_calls![0]!.function.arguments, sent.messages[2]!.content]) {
      const parsed = JSON.parse(json) as Record<string, Record<string, unknown>>;
      const [key] = Object.keys(parsed);
      expect(key).toMatch(PLACEHOLDER);
      const inner = parsed[key!]!;
      for (const name of ['card', 'siret', 'tel']) expect(inner[name]).toEqual(expect.stringMatching(PLACEHOLDER));
      expect(inner).toMatchObject({ ok: true, n: null });
    }
    expect(response.headers.get('x-rempart-protected')).toMatch(/CREDIT_CARD=\d+/);
  });

  it('restores placeholders used as keys in the answer\'s tool-call arguments', async () => {
    stub.enqueue((request) => {
      const sent = request.json as SentBody;
      const echoed = sent.messages[1]!.tool_calls![0]!.function.arguments;
      return { kind: 'json', body: openAiCompletion(null, { toolCalls: [{ id: 'c2', name: 'f', arguments: echoed }] }) };
    });
    const data = await client.chat.completions.create({
      model: 'gpt-test',
      messages: [
        { role: 'user', content: 'x' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: args } }] },
        { role: 'tool', tool_call_id: 'c1', content: 'ok' },
      ],
    });
    const call = data.choices[0]!.message.tool_calls![0]! as { function: { arguments: string } };
    const restored = JSON.parse(call.function.arguments) as Record<string, Record<string, unknown>>;
    // Numbers come back as the strings they were pseudonymised into.
    expect(restored).toEqual({ [planted[0]!]: { card: planted[1], siret: planted[2], tel: planted[3], ok: true, n: null } });
  });
});

describe('tool definitions and response_format schemas', () => {
  const planted = ['sophie.lefevre@exemple.fr', 'marc.durand@exemple.fr', 'FR7630006000011234567890189', '06 12 34 56 78', '4111111111111111', 'jean.dupont@exemple.fr'];
  const parameters = {
    type: 'object',
    $comment: `owner ${planted[0]}`,
    properties: {
      [planted[1]!]: { type: 'string', pattern: `^${planted[2]}$`, 'x-note': `tel ${planted[3]}` },
      n: { type: 'integer', const: Number(planted[4]) },
      ref: { $ref: `#/$defs/${planted[5]}` },
    },
    $defs: { [planted[5]!]: { type: 'string', format: 'email' } },
    required: [planted[1], 'n'],
  };

  it('sends no name or value in clear; required and $ref follow the renamed names; type and format stay', async () => {
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer rk_test_alice', 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gpt-test',
        messages: [{ role: 'user', content: 'x' }],
        tools: [{ type: 'function', function: { name: 'f', parameters } }],
        response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: parameters } },
      }),
    });
    expect(response.status).toBe(200);
    expect(leaks(planted)).toEqual([]);
    const sent = stub.received[0]!.json as SentBody & { response_format: { json_schema: { schema: Record<string, unknown> } } };
    for (const schema of [sent.tools![0]!.function.parameters, sent.response_format.json_schema.schema]) {
      const properties = schema.properties as Record<string, { type: string; $ref?: string }>;
      const renamed = Object.keys(properties).find((name) => PLACEHOLDER.test(name))!;
      expect(renamed).toBeDefined();
      expect(schema.required).toEqual([renamed, 'n']);
      expect(properties[renamed]!.type).toBe('string');
      expect(properties.n!.type).toBe('integer');
      const [definition] = Object.keys(schema.$defs as object);
      expect(definition).toMatch(PLACEHOLDER);
      expect(properties.ref!.$ref).toBe(`#/$defs/${definition}`);
      expect((schema.$defs as Record<string, unknown>)[definition!]).toEqual({ type: 'string', format: 'email' });
      expect(schema.type).toBe('object');
    }
  });

  it('restores a renamed property name used as a key in the tool-call arguments', async () => {
    stub.enqueue((request) => {
      const sent = request.json as SentBody;
      const renamed = Object.keys(sent.tools![0]!.function.parameters.properties as object).find((name) => PLACEHOLDER.test(name))!;
      return { kind: 'json', body: openAiCompletion(null, { toolCalls: [{ id: 'c3', name: 'f', arguments: JSON.stringify({ [renamed]: 'ok', n: 1 }) }] }) };
    });
    const data = await client.chat.completions.create({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'x' }],
      tools: [{ type: 'function', function: { name: 'f', parameters } }],
    });
    const call = data.choices[0]!.message.tool_calls![0]! as { function: { arguments: string } };
    expect(JSON.parse(call.function.arguments)).toEqual({ [planted[1]!]: 'ok', n: 1 });
  });
});

describe('JSON tool results with \\u escapes', () => {
  // What Python's json.dumps writes by default (ensure_ascii).
  const pythonDump =
    '{"client": "H\\u00e9l\\u00e8ne Lef\\u00e8vre", "email": "h\\u00e9l\\u00e8ne.lef\\u00e8vre@exemple.fr", "adresse": "12 rue de la R\\u00e9publique, 69002 Lyon", "contact": "jean.dupont\\u0040exemple.fr"}';
  const planted = ['Hélène Lefèvre', 'hélène.lefèvre@exemple.fr', 'lef\\u00e8vre@exemple.fr', '12 rue de la République', 'jean.dupont@exemple.fr', 'jean.dupont\\u0040exemple.fr'];

  it('decodes, shields every value and sends valid JSON', async () => {
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer rk_test_alice', 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gpt-test',
        messages: [
          { role: 'user', content: 'Qui est le client ?' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'crm', arguments: '{}' } }] },
          { role: 'tool', tool_call_id: 'c1', content: pythonDump },
          { role: 'user', content: [{ type: 'text', text: pythonDump }] },
        ],
      }),
    });
    expect(response.status).toBe(200);
    expect(leaks(planted)).toEqual([]);
    const sent = stub.received[0]!.json as SentBody & { messages: { content: unknown }[] };
    const toolResult = JSON.parse(sent.messages[2]!.content as string) as Record<string, string>;
    expect(Object.keys(toolResult)).toEqual(['client', 'email', 'adresse', 'contact']);
    expect(toolResult.email).toMatch(PLACEHOLDER);
    expect(toolResult.contact).toMatch(PLACEHOLDER);
    const part = (sent.messages[3]!.content as { text: string }[])[0]!;
    expect(JSON.parse(part.text)).toEqual(toolResult);
  });
});

describe('safety net: a JSON document still detectable once shielded is refused', () => {
  /** A shield that recognises `AB…CD` only as a whole: each piece alone is clean. */
  const joinedOnly: Pick<Shield, 'protect'> = {
    protect(text) {
      const match = /AB\W{0,3}CD/.exec(text);
      const base: ProtectResult = { text, entities: [], actions: [], blocked: false, blockedTypes: [], counts: {}, replacements: [] };
      if (!match) return base;
      const start = match.index;
      const end = start + match[0].length;
      return {
        ...base,
        text: `${text.slice(0, start)}<SECRET_1>${text.slice(end)}`,
        entities: [{ type: 'SECRET', start, end, score: 1, text: match[0], recognizer: 'test' } as ProtectResult['entities'][number]],
        actions: ['pseudonymize'],
        counts: { SECRET: 1 },
        replacements: [{ start, end, type: 'SECRET', action: 'pseudonymize', replacement: '<SECRET_1>' }],
      };
    },
  };

  it('records the residue when serialisation joins values into something detectable', () => {
    const protector = new OutboundProtector(joinedOnly, new Vault(), 'eu');
    expect(protector.jsonText('["AB","CD"]')).toBe('["AB","CD"]');
    expect([...protector.residualTypes]).toEqual(['SECRET']);
    const clean = new OutboundProtector(joinedOnly, new Vault(), 'eu');
    clean.jsonText('["AB","xy"]');
    expect(clean.residualTypes.size).toBe(0);
  });

  it('answers 422 and sends nothing', async () => {
    const deps = memoryDeps({ providers: { stub: stubProvider(stub.url) }, models: { 'gpt-test': { provider: 'stub', upstreamModel: 'upstream-model' } } });
    deps.shield = joinedOnly;
    const strict = await startGateway(deps);
    try {
      const response = await fetch(`${strict.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: 'Bearer rk_test_alice', 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-test', messages: [{ role: 'tool', tool_call_id: 'c1', content: '["AB","CD"]' }] }),
      });
      expect(response.status).toBe(422);
      const body = (await response.json()) as { error: { code: string; type: string; residual_types: string[] } };
      expect(body.error).toMatchObject({ code: 'shield_unverified', type: 'invalid_request_error', residual_types: ['SECRET'] });
      expect(stub.received).toHaveLength(0);
    } finally {
      await strict.close();
    }
  });
});
