/**
 * OpenAI chat ⇄ Anthropic Messages, both ways, without I/O: requests to Anthropic's shape,
 * answers and stream events back to OpenAI's, so the gateway and its clients only ever see
 * OpenAI completions.
 */
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionRequest,
  ChatMessage,
  ToolCall,
} from '../gateway/openai-schemas.ts';

type AnthropicBlock =
  | { type: 'text'; text: string }
  | { type: 'image'; source: { type: 'base64'; media_type: string; data: string } | { type: 'url'; url: string } }
  | { type: 'tool_use'; id: string; name: string; input: unknown }
  | { type: 'tool_result'; tool_use_id: string; content: string };

interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: AnthropicBlock[];
}

export class TranslationError extends Error {}

export function toAnthropicRequest(request: ChatCompletionRequest, upstreamModel: string, defaultMaxTokens: number, stream: boolean) {
  if ((request.n ?? 1) > 1) throw new TranslationError('Anthropic models return one choice: n must be 1');
  const system: string[] = [];
  const messages: AnthropicMessage[] = [];
  const append = (role: AnthropicMessage['role'], blocks: AnthropicBlock[]): void => {
    if (blocks.length === 0) return;
    const last = messages[messages.length - 1];
    // Anthropic wants alternating roles: consecutive messages of one role become one.
    if (last && last.role === role) last.content.push(...blocks);
    else messages.push({ role, content: blocks });
  };
  for (const message of request.messages) {
    if (message.role === 'user') append('user', userBlocks(message));
    else if (message.role === 'assistant') append('assistant', assistantBlocks(message));
    else if (message.role !== 'tool') system.push(textOf(message.content));
    else append('user', [{ type: 'tool_result', tool_use_id: message.tool_call_id, content: textOf(message.content) }]);
  }
  const format = request.response_format;
  if (format?.type === 'json_object') system.push('Answer with a single JSON object and nothing else.');
  if (format?.type === 'json_schema') {
    system.push(`Answer with a single JSON value and nothing else, valid against this JSON Schema: ${JSON.stringify(format.json_schema.schema ?? {})}`);
  }
  const stop = request.stop == null ? undefined : Array.isArray(request.stop) ? request.stop : [request.stop];
  const toolChoice = anthropicToolChoice(request);
  return {
    model: upstreamModel,
    max_tokens: request.max_completion_tokens ?? request.max_tokens ?? defaultMaxTokens,
    messages,
    ...(system.length > 0 ? { system: system.join('\n\n') } : {}),
    ...(request.temperature != null ? { temperature: Math.min(1, request.temperature) } : {}),
    ...(request.top_p != null ? { top_p: request.top_p } : {}),
    ...(stop ? { stop_sequences: stop } : {}),
    ...(request.tools && request.tools.length > 0
      ? {
          tools: request.tools.map((tool) => ({
            name: tool.function.name,
            ...(tool.function.description !== undefined ? { description: tool.function.description } : {}),
            input_schema: tool.function.parameters ?? { type: 'object', properties: {} },
          })),
        }
      : {}),
    ...(toolChoice ? { tool_choice: toolChoice } : {}),
    ...(stream ? { stream: true } : {}),
  };
}

function anthropicToolChoice(request: ChatCompletionRequest): Record<string, unknown> | undefined {
  if (!request.tools || request.tools.length === 0) return undefined;
  const choice = request.tool_choice;
  const parallel = request.parallel_tool_calls === false ? { disable_parallel_tool_use: true } : {};
  if (choice === undefined || choice === 'auto') return request.parallel_tool_calls === false ? { type: 'auto', ...parallel } : undefined;
  if (choice === 'none') return { type: 'none' };
  if (choice === 'required') return { type: 'any', ...parallel };
  return { type: 'tool', name: choice.function.name, ...parallel };
}

function textOf(content: string | { type: 'text'; text: string }[]): string {
  return typeof content === 'string' ? content : content.map((part) => part.text).join('');
}

function userBlocks(message: Extract<ChatMessage, { role: 'user' }>): AnthropicBlock[] {
  if (typeof message.content === 'string') return [{ type: 'text', text: message.content }];
  return message.content.map((part): AnthropicBlock => {
    if (part.type === 'text') return { type: 'text', text: part.text };
    const dataUrl = /^data:([^;,]+);base64,(.*)$/s.exec(part.image_url.url);
    return dataUrl
      ? { type: 'image', source: { type: 'base64', media_type: dataUrl[1]!, data: dataUrl[2]! } }
      : { type: 'image', source: { type: 'url', url: part.image_url.url } };
  });
}

function assistantBlocks(message: Extract<ChatMessage, { role: 'assistant' }>): AnthropicBlock[] {
  const blocks: AnthropicBlock[] = [];
  const content = message.content;
  if (typeof content === 'string' && content !== '') blocks.push({ type: 'text', text: content });
  else if (Array.isArray(content)) {
    for (const part of content) blocks.push({ type: 'text', text: part.type === 'text' ? part.text : part.refusal });
  }
  for (const call of message.tool_calls ?? []) {
    blocks.push({ type: 'tool_use', id: call.id, name: call.function.name, input: parseArguments(call.function.arguments) });
  }
  return blocks;
}

function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text === '' ? '{}' : text);
  } catch {
    throw new TranslationError('an assistant tool call has arguments that are not valid JSON (Anthropic needs a JSON object)');
  }
}

const FINISH_REASONS: Record<string, string> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  tool_use: 'tool_calls',
  pause_turn: 'stop',
  refusal: 'content_filter',
};

export function finishReasonOf(stopReason: unknown): string | null {
  return typeof stopReason === 'string' ? (FINISH_REASONS[stopReason] ?? 'stop') : null;
}

interface AnthropicResponse {
  id: string;
  model?: string;
  content: { type: string; text?: string; id?: string; name?: string; input?: unknown }[];
  stop_reason?: string | null;
  usage?: { input_tokens?: number; output_tokens?: number };
}

export function isAnthropicResponse(value: unknown): value is AnthropicResponse {
  return typeof value === 'object' && value !== null && Array.isArray((value as { content?: unknown }).content);
}

export function fromAnthropicResponse(response: AnthropicResponse, model: string, createdSeconds: number): ChatCompletion {
  let text = '';
  let hasText = false;
  const toolCalls: ToolCall[] = [];
  for (const block of response.content) {
    if (block.type === 'text' && typeof block.text === 'string') {
      text += block.text;
      hasText = true;
    } else if (block.type === 'tool_use') {
      toolCalls.push({
        id: String(block.id ?? ''),
        type: 'function',
        function: { name: String(block.name ?? ''), arguments: JSON.stringify(block.input ?? {}) },
      });
    }
  }
  const promptTokens = response.usage?.input_tokens ?? 0;
  const completionTokens = response.usage?.output_tokens ?? 0;
  return {
    id: response.id,
    object: 'chat.completion',
    created: createdSeconds,
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: hasText ? text : null, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) },
        finish_reason: finishReasonOf(response.stop_reason) ?? 'stop',
      },
    ],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
}

/**
 * Anthropic stream events → OpenAI chunks, one stream's state: text blocks become content
 * deltas, tool_use blocks become tool_calls deltas (numbered in order of appearance), the
 * final message_delta becomes the finish chunk and a usage chunk.
 */
export class AnthropicStreamTranslator {
  #id = '';
  #promptTokens = 0;
  #nextToolIndex = 0;
  readonly #toolIndexByBlock = new Map<number, number>();
  readonly #model: string;
  readonly #created: number;

  constructor(model: string, createdSeconds: number) {
    this.#model = model;
    this.#created = createdSeconds;
  }

  /** Chunks for one event's parsed data; 'done' at message_stop. */
  translate(type: string, data: Record<string, unknown>): ChatCompletionChunk[] | 'done' {
    switch (type) {
      case 'message_start': {
        const message = (data.message ?? {}) as { id?: string; usage?: { input_tokens?: number } };
        this.#id = message.id ?? '';
        this.#promptTokens = message.usage?.input_tokens ?? 0;
        return [this.#chunk({ role: 'assistant', content: '' }, null)];
      }
      case 'content_block_start': {
        const block = (data.content_block ?? {}) as { type?: string; id?: string; name?: string };
        if (block.type !== 'tool_use') return [];
        const toolIndex = this.#nextToolIndex++;
        this.#toolIndexByBlock.set(Number(data.index), toolIndex);
        return [
          this.#chunk({ tool_calls: [{ index: toolIndex, id: block.id ?? '', type: 'function', function: { name: block.name ?? '', arguments: '' } }] }, null),
        ];
      }
      case 'content_block_delta': {
        const delta = (data.delta ?? {}) as { type?: string; text?: string; partial_json?: string };
        if (delta.type === 'text_delta' && typeof delta.text === 'string') return [this.#chunk({ content: delta.text }, null)];
        if (delta.type === 'input_json_delta' && typeof delta.partial_json === 'string') {
          const toolIndex = this.#toolIndexByBlock.get(Number(data.index));
          if (toolIndex === undefined) return [];
          return [this.#chunk({ tool_calls: [{ index: toolIndex, function: { arguments: delta.partial_json } }] }, null)];
        }
        return [];
      }
      case 'message_delta': {
        const delta = (data.delta ?? {}) as { stop_reason?: string };
        const usage = (data.usage ?? {}) as { output_tokens?: number; input_tokens?: number };
        const promptTokens = usage.input_tokens ?? this.#promptTokens;
        const completionTokens = usage.output_tokens ?? 0;
        return [
          this.#chunk({}, finishReasonOf(delta.stop_reason) ?? 'stop'),
          {
            ...this.#chunk({}, null),
            choices: [],
            usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
          },
        ];
      }
      case 'message_stop':
        return 'done';
      default:
        // ping, content_block_stop and future event types carry nothing to relay.
        return [];
    }
  }

  #chunk(delta: ChatCompletionChunk['choices'][number]['delta'], finishReason: string | null): ChatCompletionChunk {
    return {
      id: this.#id,
      object: 'chat.completion.chunk',
      created: this.#created,
      model: this.#model,
      choices: [{ index: 0, delta, finish_reason: finishReason }],
    };
  }
}
