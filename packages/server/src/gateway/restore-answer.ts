/**
 * Placeholders back to the original values in what the provider answers: message content,
 * refusals, tool calls' names and arguments (JSON-safe: a restored value is escaped as JSON
 * string content, so the arguments stay valid JSON). Streamed answers go through one
 * StreamRestorer per choice and per tool call, which holds back only a tail that could still
 * be a placeholder and releases it at the choice's end.
 *
 * A dangling fragment (a held-back tail that never became a placeholder, e.g. the model wrote
 * `<PERSONNE_` and stopped) is emitted as written: it is model output, the model never saw a
 * real value, so nothing can leak through it; it is counted for the audit.
 */
import { jsonStringContent, restore, StreamRestorer, type Vault } from '@rempart/shield';
import type { ChatCompletion, ChatCompletionChunk, ChunkChoice, ToolCallDelta } from './openai-schemas.ts';

const JSON_SAFE = { encodeValue: jsonStringContent };

export function restoreCompletion(completion: ChatCompletion, vault: Vault): ChatCompletion {
  if (vault.size === 0) return completion;
  return {
    ...completion,
    choices: completion.choices.map((choice) => {
      const message = choice.message;
      return {
        ...choice,
        message: {
          ...message,
          content: typeof message.content === 'string' ? restore(message.content, vault) : message.content,
          ...(typeof message.refusal === 'string' ? { refusal: restore(message.refusal, vault) } : {}),
          ...(Array.isArray(message.tool_calls)
            ? {
                tool_calls: message.tool_calls.map((call) => ({
                  ...call,
                  function: {
                    name: restore(call.function.name, vault),
                    arguments: restore(call.function.arguments, vault, JSON_SAFE),
                  },
                })),
              }
            : {}),
        },
      };
    }),
  };
}

interface ChoiceRestorers {
  content?: StreamRestorer;
  refusal?: StreamRestorer;
  /** Per tool call index. */
  toolArguments: Map<number, StreamRestorer>;
}

/** Restores a stream of chunks; one instance per response. */
export class ChunkRestorer {
  readonly #vault: Vault;
  readonly #choices = new Map<number, ChoiceRestorers>();
  /** Held-back fragments that never completed into a placeholder. */
  danglingFragments = 0;

  constructor(vault: Vault) {
    this.#vault = vault;
  }

  /** The chunk to send, restored; choices finishing in it are flushed into it. */
  restore(chunk: ChatCompletionChunk): ChatCompletionChunk {
    if (this.#vault.size === 0 || !Array.isArray(chunk.choices) || chunk.choices.length === 0) return chunk;
    return { ...chunk, choices: chunk.choices.map((choice) => this.#choice(choice)) };
  }

  /** Whatever is still held when the stream ends without finish reasons: one last chunk or none. */
  flush(template: Pick<ChatCompletionChunk, 'id' | 'created' | 'model'>): ChatCompletionChunk | undefined {
    const choices: ChunkChoice[] = [];
    for (const index of [...this.#choices.keys()]) {
      const delta = this.#end(index);
      if (delta.content || delta.refusal || delta.tool_calls) choices.push({ index, delta, finish_reason: null });
    }
    if (choices.length === 0) return undefined;
    return { ...template, object: 'chat.completion.chunk', choices };
  }

  #restorers(index: number): ChoiceRestorers {
    let restorers = this.#choices.get(index);
    if (!restorers) {
      restorers = { toolArguments: new Map() };
      this.#choices.set(index, restorers);
    }
    return restorers;
  }

  #choice(choice: ChunkChoice): ChunkChoice {
    const delta = choice.delta ?? {};
    const restorers = this.#restorers(choice.index);
    const out: ChunkChoice['delta'] = { ...delta };
    if (typeof delta.content === 'string') {
      restorers.content ??= new StreamRestorer(this.#vault);
      out.content = restorers.content.push(delta.content);
    }
    if (typeof delta.refusal === 'string') {
      restorers.refusal ??= new StreamRestorer(this.#vault);
      out.refusal = restorers.refusal.push(delta.refusal);
    }
    if (Array.isArray(delta.tool_calls)) {
      out.tool_calls = delta.tool_calls.map((call) => this.#toolCall(call, restorers));
    }
    if (choice.finish_reason == null) return { ...choice, delta: out };
    const rest = this.#end(choice.index);
    if (rest.content) out.content = (out.content ?? '') + rest.content;
    if (rest.refusal) out.refusal = (out.refusal ?? '') + rest.refusal;
    if (rest.tool_calls) out.tool_calls = [...(out.tool_calls ?? []), ...rest.tool_calls];
    return { ...choice, delta: out };
  }

  #toolCall(call: ToolCallDelta, restorers: ChoiceRestorers): ToolCallDelta {
    const fn = call.function;
    if (!fn) return call;
    const out: ToolCallDelta = { ...call, function: { ...fn } };
    // Names arrive whole in the call's first delta.
    if (typeof fn.name === 'string') out.function!.name = restore(fn.name, this.#vault);
    if (typeof fn.arguments === 'string') {
      let restorer = restorers.toolArguments.get(call.index);
      if (!restorer) {
        restorer = new StreamRestorer(this.#vault, JSON_SAFE);
        restorers.toolArguments.set(call.index, restorer);
      }
      out.function!.arguments = restorer.push(fn.arguments);
    }
    return out;
  }

  /** Ends one choice's restorers; returns the held-back text as a delta. */
  #end(index: number): ChunkChoice['delta'] {
    const restorers = this.#choices.get(index);
    this.#choices.delete(index);
    const delta: ChunkChoice['delta'] = {};
    if (!restorers) return delta;
    const take = (restorer: StreamRestorer | undefined): string => {
      if (!restorer) return '';
      const end = restorer.end();
      if (end.dangling !== undefined) this.danglingFragments++;
      return end.text;
    };
    const content = take(restorers.content);
    if (content) delta.content = content;
    const refusal = take(restorers.refusal);
    if (refusal) delta.refusal = refusal;
    const calls: ToolCallDelta[] = [];
    for (const [toolIndex, restorer] of restorers.toolArguments) {
      const rest = take(restorer);
      if (rest) calls.push({ index: toolIndex, function: { arguments: rest } });
    }
    if (calls.length > 0) delta.tool_calls = calls;
    return delta;
  }
}
