/**
 * The shield on every field, with the official openai client as the caller and a real stub
 * upstream: planted identifiers never reach the upstream in clear, and come back restored —
 * whole, streamed (split inside placeholders and inside multi-byte characters), tool calls.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type OpenAI from 'openai';
import { memoryDeps, startGateway, stubProvider, eventually, type GatewayHarness, type MemoryDeps } from '../support/gateway-harness.ts';
import { byteSlices, openAiCompletion, receivedMessagesText, startStubUpstream, type StubUpstream } from '../support/stub-upstream.ts';
import { assertNoLeak, PLANTED } from './planted.ts';

const PLACEHOLDER = /<[A-Z_]+_\d+>/g;
const value = (type: string): string => PLANTED.find((planted) => planted.type === type)!.value;
const sentence = (type: string): string => PLANTED.find((planted) => planted.type === type)!.sentence;

let stub: StubUpstream;
let deps: MemoryDeps;
let gateway: GatewayHarness;
let client: OpenAI;

beforeAll(async () => {
  stub = await startStubUpstream();
  deps = memoryDeps({ providers: { stub: stubProvider(stub.url) }, models: { 'gpt-test': { provider: 'stub', upstreamModel: 'upstream-model' } } });
  gateway = await startGateway(deps);
  client = gateway.client();
});
afterAll(async () => {
  await gateway?.close();
  await stub?.close();
});
beforeEach(() => stub.reset());

/** A request with planted values in every field the shield must cover. */
function everyFieldRequest(): OpenAI.ChatCompletionCreateParamsNonStreaming {
  return {
    model: 'gpt-test',
    messages: [
      { role: 'system', content: `Contexte : ${sentence('PERSON')}` },
      { role: 'developer', content: [{ type: 'text', text: sentence('EMAIL') }] },
      { role: 'user', name: 'Jean Dupont', content: `${sentence('PHONE')} ; ${sentence('IBAN')}` },
      {
        role: 'user',
        content: [
          { type: 'text', text: sentence('CREDIT_CARD') },
          { type: 'image_url', image_url: { url: value('URL_CREDENTIALS') } },
        ],
      },
      {
        role: 'assistant',
        content: sentence('FR_NIR'),
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: { name: 'lookup_customer', arguments: JSON.stringify({ query: sentence('FR_SIRET'), ip: sentence('IP_ADDRESS') }) },
          },
        ],
      },
      // LiteLLM's guardrail skipped tool messages (#14612): these carry data too.
      { role: 'tool', tool_call_id: 'call_1', content: `${sentence('ADDRESS')} ; ${sentence('DATE_OF_BIRTH')}` },
      { role: 'user', content: `${sentence('LICENSE_PLATE')} et ${sentence('SECRET')}` },
    ],
    tools: [
      {
        type: 'function',
        function: {
          name: 'lookup_customer',
          description: `Cherche un client, par exemple ${sentence('EMAIL')}`,
          parameters: {
            type: 'object',
            properties: { query: { type: 'string', description: `ex. ${sentence('PHONE')}` }, ip: { type: 'string' } },
            required: ['query'],
          },
        },
      },
    ],
    response_format: {
      type: 'json_schema',
      json_schema: { name: 'answer', description: `Réponse pour ${sentence('PERSON')}`, schema: { type: 'object', description: sentence('IBAN') } },
    },
    user: value('EMAIL'),
  };
}

describe('shield on every field (non-streamed)', () => {
  it('sends no planted value to the upstream, and restores them in the answer', async () => {
    const { data, response } = await client.chat.completions.create(everyFieldRequest()).withResponse();
    expect(stub.received).toHaveLength(1);
    const leaked = assertNoLeak(
      stub.allReceivedText(),
      PLANTED.map((planted) => planted.value),
    );
    expect(leaked).toEqual([]);
    const sent = stub.received[0]!.json as { model: string; messages: unknown[]; tools: unknown[] };
    expect(sent.model).toBe('upstream-model');
    expect(JSON.stringify(sent)).toMatch(PLACEHOLDER);
    // The tool call arguments stayed valid JSON with placeholders inside.
    const assistant = sent.messages[4] as { tool_calls: { function: { arguments: string } }[] };
    const args = JSON.parse(assistant.tool_calls[0]!.function.arguments) as { query: string };
    expect(args.query).toMatch(PLACEHOLDER);

    // The stub echoed every message text it received: the client gets the real values back.
    const answer = data.choices[0]!.message.content!;
    for (const type of ['PERSON', 'EMAIL', 'PHONE', 'IBAN', 'CREDIT_CARD', 'FR_NIR', 'ADDRESS', 'DATE_OF_BIRTH', 'LICENSE_PLATE', 'SECRET']) {
      expect(answer).toContain(value(type));
    }
    expect(answer).not.toMatch(PLACEHOLDER);
    expect(data.model).toBe('gpt-test');
    expect(response.headers.get('x-rempart-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const summary = response.headers.get('x-rempart-protected')!;
    expect(summary).toMatch(/PERSON=\d+/);
    expect(summary).toMatch(/IBAN=\d+/);
    expect(summary).not.toContain(value('IBAN'));
  });

  it('gives the same value the same placeholder across messages', async () => {
    await client.chat.completions.create({
      model: 'gpt-test',
      messages: [
        { role: 'user', content: sentence('EMAIL') },
        { role: 'assistant', content: `Bien noté : ${value('EMAIL')}` },
        { role: 'user', content: `Encore ${value('EMAIL')} ?` },
      ],
    });
    const sent = stub.received[0]!.json as { messages: { content: string }[] };
    const placeholders = sent.messages.map((message) => message.content.match(PLACEHOLDER)?.[0]);
    expect(placeholders[0]).toBeDefined();
    expect(new Set(placeholders).size).toBe(1);
  });

  it('restores placeholders inside tool call arguments as valid JSON', async () => {
    stub.enqueue((request) => {
      const placeholders = receivedMessagesText(request).match(PLACEHOLDER) ?? [];
      return {
        kind: 'json',
        body: openAiCompletion(null, {
          toolCalls: [{ id: 'call_9', name: 'send_mail', arguments: JSON.stringify({ to: placeholders[0], note: `pour ${placeholders[1]}` }) }],
        }),
      };
    });
    const data = await client.chat.completions.create({
      model: 'gpt-test',
      messages: [{ role: 'user', content: `${sentence('EMAIL')} et ${sentence('PERSON')}` }],
      tools: [{ type: 'function', function: { name: 'send_mail', parameters: { type: 'object', properties: {} } } }],
    });
    const call = data.choices[0]!.message.tool_calls![0]! as { function: { arguments: string } };
    const args = JSON.parse(call.function.arguments) as { to: string; note: string };
    expect(args.to).toBe(value('EMAIL'));
    expect(args.note).toBe(`pour ${value('PERSON')}`);
  });

  it('returns all choices (n) restored, and records usage', async () => {
    stub.enqueue((request) => ({ kind: 'json', body: openAiCompletion(receivedMessagesText(request), { choices: 3 }) }));
    const data = await client.chat.completions.create({ model: 'gpt-test', n: 3, messages: [{ role: 'user', content: sentence('PERSON') }] });
    expect(data.choices).toHaveLength(3);
    for (const choice of data.choices) expect(choice.message.content).toContain(value('PERSON'));
    expect(data.usage?.total_tokens).toBe(18);
    await eventually(() => deps.tokensRecorded.includes(18));
  });
});

describe('shield on every field (streamed)', () => {
  it('streams the echo restored, split every 7 characters', async () => {
    const stream = await client.chat.completions.create({ ...everyFieldRequest(), stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(assertNoLeak(stub.allReceivedText(), PLANTED.map((planted) => planted.value))).toEqual([]);
    for (const type of ['PERSON', 'EMAIL', 'IBAN', 'FR_NIR', 'SECRET']) expect(text).toContain(value(type));
    expect(text).not.toMatch(PLACEHOLDER);
  });

  it('reassembles SSE events split byte-wise inside placeholders and multi-byte characters', async () => {
    stub.enqueue((request) => {
      const placeholders = receivedMessagesText(request).match(PLACEHOLDER) ?? [];
      const base = { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm' };
      const deltas = [`Réponse à ${placeholders[0]} — `, `écrit à ${placeholders[1]} ✓ `, 'fin'];
      const events = [
        ...deltas.map((content) => `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`),
        `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`,
        'data: [DONE]\n\n',
      ].join('');
      // 3-byte pieces: cuts inside `<PERSONNE_1>`, inside `é`/`—`/`✓`, inside `data:` lines.
      return { kind: 'stream', pieces: byteSlices(events, 3), pauseMs: 0 };
    });
    const stream = await client.chat.completions.create({
      model: 'gpt-test',
      stream: true,
      messages: [{ role: 'user', content: `${sentence('PERSON')} ${sentence('EMAIL')}` }],
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe(`Réponse à ${value('PERSON')} — écrit à ${value('EMAIL')} ✓ fin`);
  });

  it('restores placeholders in streamed tool call argument deltas split inside placeholders', async () => {
    stub.enqueue((request) => {
      const placeholder = (receivedMessagesText(request).match(PLACEHOLDER) ?? [])[0]!;
      const args = JSON.stringify({ to: placeholder, cc: [placeholder] });
      const base = { id: 'c2', object: 'chat.completion.chunk', created: 1, model: 'm' };
      const pieces = [args.slice(0, 9), args.slice(9, 13), args.slice(13, 20), args.slice(20)];
      const events = [
        { ...base, choices: [{ index: 0, delta: { role: 'assistant', tool_calls: [{ index: 0, id: 'call_s', type: 'function', function: { name: 'send_mail', arguments: '' } }] }, finish_reason: null }] },
        ...pieces.map((piece) => ({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: piece } }] }, finish_reason: null }] })),
        { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
      ];
      return { kind: 'stream', pieces: [...events.map((event) => `data: ${JSON.stringify(event)}\n\n`), 'data: [DONE]\n\n'] };
    });
    const stream = await client.chat.completions.create({
      model: 'gpt-test',
      stream: true,
      messages: [{ role: 'user', content: sentence('EMAIL') }],
      tools: [{ type: 'function', function: { name: 'send_mail', parameters: { type: 'object', properties: {} } } }],
    });
    let args = '';
    let name = '';
    for await (const chunk of stream) {
      for (const call of chunk.choices[0]?.delta.tool_calls ?? []) {
        args += call.function?.arguments ?? '';
        name += call.function?.name ?? '';
      }
    }
    expect(name).toBe('send_mail');
    expect(JSON.parse(args)).toEqual({ to: value('EMAIL'), cc: [value('EMAIL')] });
  });

  it('audits the request before the call and its completion after, without any value', async () => {
    const before = deps.auditEntries.length;
    const stream = await client.chat.completions.create({ model: 'gpt-test', stream: true, messages: [{ role: 'user', content: sentence('IBAN') }] });
    for await (const _chunk of stream) {
      // drain
    }
    await eventually(() => deps.auditEntries.slice(before).some((entry) => entry.kind === 'completion'));
    const entries = deps.auditEntries.slice(before);
    expect(entries.map((entry) => entry.kind)).toEqual(['request', 'completion']);
    expect(entries[0]!.details).toMatchObject({ model: 'gpt-test', provider: 'stub', location: 'eu', stream: true, entities: { IBAN: 1 } });
    expect(entries[1]!.refersTo).toBe(entries[0]!.id);
    expect(entries[1]!.details).toMatchObject({ status: 'ok' });
    expect(JSON.stringify(entries)).not.toContain(value('IBAN'));
    expect(JSON.stringify(entries)).not.toContain('FR76');
  });
});
