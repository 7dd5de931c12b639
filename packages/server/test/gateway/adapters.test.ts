/**
 * Provider adapters against a stub speaking their wire formats: Azure OpenAI (deployment in
 * the path, api-version, api-key header) and Anthropic Messages (requests translated, answers
 * and SSE events translated back to OpenAI completions and chunks, tool calls both ways),
 * with placeholders restored on the way back.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { memoryDeps, startGateway, type GatewayHarness } from '../support/gateway-harness.ts';
import { byteSlices, openAiCompletion, receivedMessagesText, startStubUpstream, type RecordedRequest, type StubUpstream } from '../support/stub-upstream.ts';
import { PLANTED } from './planted.ts';

const PLACEHOLDER = /<[A-Z_]+_\d+>/g;
const person = PLANTED.find((planted) => planted.type === 'PERSON')!;
const email = PLANTED.find((planted) => planted.type === 'EMAIL')!;

let stub: StubUpstream;
let gateway: GatewayHarness;
const fast = { retries: { max: 0 }, timeouts: { connectMs: 1_000, firstByteMs: 2_000, totalMs: 5_000 } };

beforeAll(async () => {
  stub = await startStubUpstream();
  const deps = memoryDeps({
    providers: {
      azure: { type: 'azure', baseUrl: stub.url, apiKey: 'azure-secret', apiVersion: '2024-10-21', location: 'eu', ...fast },
      claude: { type: 'anthropic', baseUrl: stub.url, apiKey: 'anthropic-secret', location: 'non-eu', defaultMaxTokens: 1234, ...fast },
    },
    models: { 'gpt-azure': { provider: 'azure', upstreamModel: 'my-deployment' }, claude: { provider: 'claude', upstreamModel: 'claude-sonnet-4-5' } },
  });
  gateway = await startGateway(deps);
});
afterAll(async () => {
  await gateway?.close();
  await stub?.close();
});
afterEach(() => stub.reset());

/** Text of an Anthropic request's messages (for echoing placeholders back). */
function anthropicText(request: RecordedRequest): string {
  const body = request.json as { messages: { content: { type: string; text?: string; content?: string }[] }[] };
  return body.messages.flatMap((message) => message.content.map((block) => block.text ?? block.content ?? '')).join(' ');
}

describe('Azure OpenAI', () => {
  it('calls the deployment with api-version and the api-key header', async () => {
    const data = await gateway.client().chat.completions.create({ model: 'gpt-azure', messages: [{ role: 'user', content: person.sentence }] });
    const request = stub.received[0]!;
    expect(request.path).toBe('/openai/deployments/my-deployment/chat/completions?api-version=2024-10-21');
    expect(request.headers['api-key']).toBe('azure-secret');
    expect(request.headers.authorization).toBeUndefined();
    expect(request.body).not.toContain(person.value);
    expect(data.choices[0]!.message.content).toContain(person.value);
  });
});

describe('Anthropic Messages', () => {
  it('translates the request (system, tools, tool results, max_tokens) and the answer', async () => {
    stub.enqueue((request) => {
      const placeholders = anthropicText(request).match(PLACEHOLDER) ?? [];
      return {
        kind: 'json',
        body: {
          id: 'msg_1',
          type: 'message',
          role: 'assistant',
          model: 'claude-sonnet-4-5',
          content: [
            { type: 'text', text: `Je contacte ${placeholders[0]}.` },
            { type: 'tool_use', id: 'toolu_1', name: 'send_mail', input: { to: placeholders[1] } },
          ],
          stop_reason: 'tool_use',
          usage: { input_tokens: 20, output_tokens: 9 },
        },
      };
    });
    const data = await gateway.client().chat.completions.create({
      model: 'claude',
      messages: [
        { role: 'system', content: 'Tu es un assistant.' },
        { role: 'user', content: `${person.sentence} ${email.sentence}` },
        { role: 'assistant', content: null, tool_calls: [{ id: 'toolu_0', type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}' } }] },
        { role: 'tool', tool_call_id: 'toolu_0', content: email.sentence },
      ],
      tools: [{ type: 'function', function: { name: 'send_mail', description: 'Envoie', parameters: { type: 'object', properties: { to: { type: 'string' } } } } }],
      tool_choice: 'required',
    });
    const request = stub.received[0]!;
    expect(request.path).toBe('/v1/messages');
    expect(request.headers['x-api-key']).toBe('anthropic-secret');
    expect(request.headers['anthropic-version']).toBe('2023-06-01');
    const sent = request.json as Record<string, unknown> & { messages: { role: string; content: { type: string }[] }[] };
    expect(sent).toMatchObject({ model: 'claude-sonnet-4-5', max_tokens: 1234, system: 'Tu es un assistant.', tool_choice: { type: 'any' } });
    expect(sent.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(sent.messages[2]!.content[0]!.type).toBe('tool_result');
    expect(request.body).not.toContain(person.value);
    expect(request.body).not.toContain(email.value);

    const choice = data.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBe(`Je contacte ${person.value}.`);
    const call = choice.message.tool_calls![0]! as { id: string; function: { name: string; arguments: string } };
    expect(call.id).toBe('toolu_1');
    expect(JSON.parse(call.function.arguments)).toEqual({ to: email.value });
    expect(data.usage).toEqual({ prompt_tokens: 20, completion_tokens: 9, total_tokens: 29 });
  });

  it('translates a streamed answer (text and tool_use deltas), split byte-wise', async () => {
    stub.enqueue((request) => {
      const placeholders = anthropicText(request).match(PLACEHOLDER) ?? [];
      const argsJson = JSON.stringify({ to: placeholders[1] });
      const events: [string, unknown][] = [
        ['message_start', { type: 'message_start', message: { id: 'msg_s', usage: { input_tokens: 12, output_tokens: 1 } } }],
        ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
        ['ping', { type: 'ping' }],
        ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: `Écrivons à ${placeholders[0]}` } }],
        ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: ' — voilà.' } }],
        ['content_block_stop', { type: 'content_block_stop', index: 0 }],
        ['content_block_start', { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_s', name: 'send_mail', input: {} } }],
        ['content_block_delta', { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: argsJson.slice(0, 10) } }],
        ['content_block_delta', { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: argsJson.slice(10) } }],
        ['content_block_stop', { type: 'content_block_stop', index: 1 }],
        ['message_delta', { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 15 } }],
        ['message_stop', { type: 'message_stop' }],
      ];
      const text = events.map(([name, data]) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`).join('');
      return { kind: 'stream', pieces: byteSlices(text, 5), pauseMs: 0 };
    });
    const stream = await gateway.client().chat.completions.create({
      model: 'claude',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: `${person.sentence} ${email.sentence}` }],
    });
    let text = '';
    let args = '';
    let finish: string | null = null;
    let totalTokens = 0;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      text += choice?.delta.content ?? '';
      for (const call of choice?.delta.tool_calls ?? []) args += call.function?.arguments ?? '';
      finish = choice?.finish_reason ?? finish;
      totalTokens = chunk.usage?.total_tokens ?? totalTokens;
    }
    expect(text).toBe(`Écrivons à ${person.value} — voilà.`);
    expect(JSON.parse(args)).toEqual({ to: email.value });
    expect(finish).toBe('tool_calls');
    expect(totalTokens).toBe(27);
    expect((stub.received[0]!.json as { stream: boolean }).stream).toBe(true);
  });

  it('an Anthropic error event mid-stream reaches the client as an error', async () => {
    const events = [
      `event: message_start\ndata: ${JSON.stringify({ type: 'message_start', message: { id: 'm', usage: { input_tokens: 1 } } })}\n\n`,
      `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })}\n\n`,
    ];
    stub.enqueue({ kind: 'stream', pieces: events });
    const stream = await gateway.client().chat.completions.create({ model: 'claude', stream: true, messages: [{ role: 'user', content: 'Bonjour' }] });
    await expect(
      (async () => {
        for await (const _chunk of stream) {
          // drain until the error
        }
      })(),
    ).rejects.toThrow(/Overloaded/);
  });

  it('n > 1 is refused clearly for Anthropic models', async () => {
    await expect(gateway.client().chat.completions.create({ model: 'claude', n: 2, messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status: 400 });
    expect(stub.received).toHaveLength(0);
  });
});

describe('stub helpers', () => {
  it('receivedMessagesText reads string and part contents', () => {
    const request = { method: 'POST', path: '/', headers: {}, body: '', json: { messages: [{ content: 'a' }, { content: [{ type: 'text', text: 'b' }] }] } };
    expect(receivedMessagesText(request)).toBe('a\nb');
    expect(openAiCompletion(null).choices[0]!.message.content).toBeNull();
  });
});
