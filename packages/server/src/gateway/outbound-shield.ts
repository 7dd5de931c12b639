/**
 * The shield applied to every text of a request that leaves: system, developer, user,
 * assistant and tool messages (string or parts), message names, image URLs (credentials,
 * identifiers in paths; inline `data:` images are pixels, not text), tool calls' names and
 * arguments (keys, strings and numbers inside the parsed JSON, so it stays valid JSON; so is
 * any content that is a JSON document), tool definitions and the response format's schema
 * (every name, string and number: outbound-schema.ts), stop sequences, `user`, embeddings
 * inputs. One vault for the whole request (or conversation): the same value gets the same
 * placeholder everywhere.
 */
import type { EntityType } from '@rempart/shield';
import type { ChatCompletionRequest, ChatMessage, EmbeddingsRequest, ToolCall, ToolDefinition } from './openai-schemas.ts';
import { OutboundProtector } from './outbound-protector.ts';
import { protectSchema } from './outbound-schema.ts';

export { OutboundProtector };

function protectToolCall(call: ToolCall, protector: OutboundProtector): ToolCall {
  return { ...call, function: { name: protector.text(call.function.name), arguments: protector.jsonText(call.function.arguments) } };
}

function protectMessage(message: ChatMessage, protector: OutboundProtector): ChatMessage {
  switch (message.role) {
    case 'system':
    case 'developer':
      return {
        ...message,
        content: protector.textContent(message.content),
        ...(message.name !== undefined ? { name: protector.text(message.name) } : {}),
      } as ChatMessage;
    case 'user':
      return {
        ...message,
        content: protector.textContent(message.content),
        ...(message.name !== undefined ? { name: protector.text(message.name) } : {}),
      };
    case 'assistant':
      return {
        ...message,
        ...(message.content != null ? { content: protector.textContent(message.content) } : {}),
        ...(message.name !== undefined ? { name: protector.text(message.name) } : {}),
        ...(message.refusal != null ? { refusal: protector.content(message.refusal) } : {}),
        ...(message.tool_calls ? { tool_calls: message.tool_calls.map((call) => protectToolCall(call, protector)) } : {}),
      };
    case 'tool':
      // Tool results are the most common carrier of personal data (database rows, documents).
      return { ...message, content: protector.textContent(message.content) };
  }
}

function protectTool(tool: ToolDefinition, protector: OutboundProtector): ToolDefinition {
  const fn = tool.function;
  return {
    ...tool,
    function: {
      ...fn,
      name: protector.text(fn.name),
      ...(fn.description !== undefined ? { description: protector.text(fn.description) } : {}),
      ...(fn.parameters !== undefined ? { parameters: protectSchema(fn.parameters, protector) } : {}),
    },
  };
}

export function protectChatRequest(request: ChatCompletionRequest, protector: OutboundProtector): ChatCompletionRequest {
  const out: ChatCompletionRequest = { ...request, messages: request.messages.map((message) => protectMessage(message, protector)) };
  if (request.tools) out.tools = request.tools.map((tool) => protectTool(tool, protector));
  if (typeof request.tool_choice === 'object') {
    out.tool_choice = { ...request.tool_choice, function: { name: protector.text(request.tool_choice.function.name) } };
  }
  const format = request.response_format;
  if (format?.type === 'json_schema') {
    const schema = format.json_schema;
    out.response_format = {
      type: 'json_schema',
      json_schema: {
        ...schema,
        name: protector.text(schema.name),
        ...(schema.description !== undefined ? { description: protector.text(schema.description) } : {}),
        ...(schema.schema !== undefined ? { schema: protectSchema(schema.schema, protector) } : {}),
      },
    };
  }
  if (request.stop != null) out.stop = Array.isArray(request.stop) ? request.stop.map((stop) => protector.text(stop)) : protector.text(request.stop);
  if (request.user !== undefined) out.user = protector.text(request.user);
  return out;
}

export function protectEmbeddingsRequest(request: EmbeddingsRequest, protector: OutboundProtector): EmbeddingsRequest {
  const input = Array.isArray(request.input) ? request.input.map((text) => protector.content(text)) : protector.content(request.input);
  return { ...request, input, ...(request.user !== undefined ? { user: protector.text(request.user) } : {}) };
}

/** Characters the shield will analyse, to refuse oversized requests before any work. */
export function chatTextLength(request: ChatCompletionRequest): number {
  let total = 0;
  const add = (content: unknown): void => {
    if (typeof content === 'string') total += content.length;
    else if (Array.isArray(content)) {
      for (const part of content as { text?: unknown; refusal?: unknown }[]) {
        if (typeof part.text === 'string') total += part.text.length;
        if (typeof part.refusal === 'string') total += part.refusal.length;
      }
    }
  };
  for (const message of request.messages) {
    add(message.content);
    if (message.role === 'assistant') for (const call of message.tool_calls ?? []) total += call.function.arguments.length;
  }
  for (const tool of request.tools ?? []) total += (tool.function.description?.length ?? 0) + JSON.stringify(tool.function.parameters ?? {}).length;
  return total;
}

/** `PERSON=2,IBAN=1` (types and counts, never values), sorted for stable output. */
export function protectedSummary(counts: ReadonlyMap<EntityType, number>): string {
  if (counts.size === 0) return '';
  return [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([type, count]) => `${type}=${count}`)
    .join(',');
}
