/**
 * Sending a chat message from the workspace goes through THE SAME pipeline as
 * POST /v1/chat/completions — the gateway's own handler (gateway/chat-route.ts): limits,
 * model access, the shield on every message, routing, write-ahead audit, the conversation's
 * vault (the conversation id is its x-rempart-conversation-id), retries/fallbacks, restoration
 * of the streamed answer, completion audit, abort on client disconnect.
 *
 * What differs is only around it: the caller is the /api actor (session or key) instead of a
 * bearer header; the shield uses the administrators' live policy; model access includes their
 * group overrides; and the gateway's OpenAI SSE output is read from an in-memory response
 * (GatewayResponseTap) and turned into the workspace's events. With documents, the request
 * carries the gateway's `rempart` extension: the same retrieval step (before the shield, rights
 * in SQL), and the citations of the first chunk become the workspace's `citations` event.
 */
import { EventEmitter } from 'node:events';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createShield, Vault, type Destination, type Shield } from '@rempart/shield';
import type { Actor } from '../auth/actor.ts';
import type { ModelAccess } from '../auth/model-access.ts';
import type { ChatCitation } from '../documents/chat-retrieval.ts';
import type { DocumentsModule } from '../documents/documents-module.ts';
import { createGatewayDeps, shieldHashKey } from '../gateway-deps.ts';
import { handleChatCompletion } from '../gateway/chat-route.ts';
import type { GatewayDeps } from '../gateway/deps.ts';
import { requestLimits } from '../gateway/limits.ts';
import type { GatewayRuntime } from '../gateway/preflight.ts';
import type { ModelRegistry } from '../providers/registry.ts';
import type { ServerServices } from '../services.ts';
import type { EffectivePolicy } from './workspace-settings.ts';

export interface ChatTurn {
  role: 'user' | 'assistant';
  content: string;
}

/** What the gateway's stream said, as the workspace needs it. */
export interface StreamCallbacks {
  /** The provider answered: headers are known (request id, protected summary, model used). */
  onStart(info: { model: string; protectedSummary: string }): void;
  onDelta(text: string): void;
  /** Documents were asked for: the passages given to the model (before the first delta). */
  onCitations?(citations: ChatCitation[]): void;
}

export interface StreamOutcome {
  status: 'complete' | 'stopped' | 'failed';
  /** The provider's error inside the stream (OpenAI error object), when status is failed. */
  error?: { message: string; code: string | null };
}

export class WorkspaceChat {
  readonly #baseDeps: GatewayDeps;
  readonly #registry: ModelRegistry;
  readonly #hashKey: Uint8Array;
  #policyShield: { updatedAt: number; shield: Pick<Shield, 'protect'> } | undefined;

  constructor(services: ServerServices, documents?: DocumentsModule) {
    this.#baseDeps = createGatewayDeps(services, undefined, documents);
    this.#registry = services.catalogue; // the same registry (and connection pools) as /v1
    // The same key as /v1's shield, so `hash` actions agree between /v1 and /api.
    this.#hashKey = shieldHashKey(services);
  }

  locationOf(model: string): Destination | undefined {
    return this.#registry.get(model)?.location;
  }

  /** The shield for the live policy: the configuration's, or the administrators' (rebuilt when it changes). */
  shieldFor(policy: EffectivePolicy): Pick<Shield, 'protect'> {
    if (policy.source === 'config' || !policy.updatedAt) return this.#baseDeps.shield;
    const updatedAt = policy.updatedAt.getTime();
    if (this.#policyShield?.updatedAt !== updatedAt) {
      this.#policyShield = { updatedAt, shield: createShield({ policy: policy.policy, hashKey: this.#hashKey }) };
    }
    return this.#policyShield.shield;
  }

  /** Types and counts the shield transforms in one text for a destination (the message's chips). */
  countProtected(shield: Pick<Shield, 'protect'>, text: string, destination: Destination): { counts: Record<string, number>; blockedTypes: string[] } {
    const result = shield.protect(text, { vault: new Vault(), destination });
    return { counts: { ...result.counts } as Record<string, number>, blockedTypes: result.blocked ? [...result.blockedTypes] : [] };
  }

  /**
   * Runs the gateway's chat handler for this conversation. Throws the gateway's errors raised
   * before anything was streamed (GatewayError: blocked, routing refused, limits, fail-closed).
   */
  async stream(input: {
    request: FastifyRequest;
    actor: Actor;
    conversationId: string;
    model: string;
    history: ChatTurn[];
    shield: Pick<Shield, 'protect'>;
    modelAccess: ModelAccess;
    /** Aborted when the browser goes away (stop button). */
    clientGone: AbortSignal;
    /** Answer with passages of the documents the actor may read. */
    useDocuments?: boolean;
    callbacks: StreamCallbacks;
  }): Promise<StreamOutcome> {
    const deps: GatewayDeps = {
      ...this.#baseDeps,
      shield: input.shield,
      authenticate: async () => input.actor,
      modelAccess: input.modelAccess,
    };
    const runtime: GatewayRuntime = {
      deps,
      registry: this.#registry,
      rules: deps.config.routing,
      limits: requestLimits(deps.config.requestLimits),
    };
    const tap = new GatewayResponseTap(input.callbacks);
    if (input.clientGone.aborted) tap.clientClosed();
    else input.clientGone.addEventListener('abort', () => tap.clientClosed(), { once: true });
    // The gateway handler reads only id, log, headers and body of the request, and writes the
    // reply through hijack() + raw; these two objects give it exactly that (see GatewayResponseTap).
    const gatewayRequest = {
      id: input.request.id,
      log: input.request.log,
      headers: { 'x-rempart-conversation-id': input.conversationId },
      body: { model: input.model, stream: true, messages: input.history, ...(input.useDocuments ? { rempart: { documents: true } } : {}) },
    } as unknown as FastifyRequest;
    await handleChatCompletion(runtime, gatewayRequest, tap.reply);
    return tap.outcome();
  }
}

/**
 * An in-memory stand-in for the reply the gateway writes its SSE stream to: parses each
 * `data:` event, hands restored text to the callbacks, remembers errors and the end.
 */
class GatewayResponseTap {
  readonly raw: EventEmitter & { destroyed: boolean; writableFinished: boolean; writeHead(status: number, headers: Record<string, string>): void; write(payload: string): boolean; end(): void };
  readonly reply: FastifyReply;
  #buffer = '';
  #done = false;
  #stopped = false;
  #error: { message: string; code: string | null } | undefined;
  #started = false;
  readonly #callbacks: StreamCallbacks;

  constructor(callbacks: StreamCallbacks) {
    this.#callbacks = callbacks;
    const tap = this;
    const raw = Object.assign(new EventEmitter(), {
      destroyed: false,
      writableFinished: false,
      writeHead(_status: number, headers: Record<string, string>) {
        tap.#started = true;
        callbacks.onStart({ model: headers['x-rempart-model'] ?? '', protectedSummary: headers['x-rempart-protected'] ?? '' });
      },
      write(payload: string) {
        tap.#consume(payload);
        return true;
      },
      end() {
        raw.writableFinished = true;
      },
    });
    // A listener added after the browser already left hears about it at once (the gateway
    // subscribes to 'close' only after its preflight; the abort must not be missed).
    const subscribe = raw.once.bind(raw);
    raw.once = ((event: string, listener: (...args: unknown[]) => void) => {
      if (event === 'close' && tap.#stopped) {
        queueMicrotask(() => listener());
        return raw;
      }
      return subscribe(event, listener);
    }) as typeof raw.once;
    this.raw = raw;
    // Only what the streaming path uses: hijack() and raw (headers/code/send are for whole answers, never asked here).
    this.reply = {
      raw,
      hijack() {},
      sent: false,
    } as unknown as FastifyReply;
  }

  clientClosed(): void {
    if (this.raw.writableFinished) return;
    this.#stopped = true;
    this.raw.destroyed = true;
    this.raw.emit('close');
  }

  #consume(payload: string): void {
    this.#buffer += payload;
    let boundary = this.#buffer.indexOf('\n\n');
    while (boundary !== -1) {
      const event = this.#buffer.slice(0, boundary);
      this.#buffer = this.#buffer.slice(boundary + 2);
      for (const line of event.split('\n')) {
        if (!line.startsWith('data:')) continue;
        const data = line.slice(5).trim();
        if (data === '[DONE]') this.#done = true;
        else this.#chunk(JSON.parse(data) as GatewayChunk);
      }
      boundary = this.#buffer.indexOf('\n\n');
    }
  }

  #chunk(chunk: GatewayChunk): void {
    if (chunk.error) {
      this.#error = { message: chunk.error.message ?? 'The AI provider failed.', code: chunk.error.code ?? null };
      return;
    }
    if (Array.isArray(chunk.rempart?.citations)) this.#callbacks.onCitations?.(chunk.rempart.citations);
    const text = chunk.choices?.find((choice) => choice.index === 0)?.delta?.content;
    if (typeof text === 'string' && text.length > 0) this.#callbacks.onDelta(text);
  }

  outcome(): StreamOutcome {
    if (!this.#started) return { status: 'failed', error: { message: 'The AI provider did not answer.', code: null } };
    if (this.#error) return { status: 'failed', error: this.#error };
    if (this.#stopped || !this.#done) return { status: 'stopped' };
    return { status: 'complete' };
  }
}

interface GatewayChunk {
  choices?: { index: number; delta?: { content?: string | null } }[];
  error?: { message?: string; code?: string | null };
  rempart?: { citations?: ChatCitation[] };
}
