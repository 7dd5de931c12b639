/**
 * What every provider adapter offers the gateway. Requests arrive already shielded, in
 * OpenAI's shape; adapters translate to their wire format and back, so the gateway only
 * ever sees OpenAI completions and chunks.
 */
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionRequest,
  EmbeddingsRequest,
  EmbeddingsResponse,
} from '../gateway/openai-schemas.ts';
import type { Location } from './config-schema.ts';

export interface CallOptions {
  /** The provider's model name (Azure: deployment). */
  upstreamModel: string;
  /** Aborted when the client goes away or the total timeout elapses. */
  signal: AbortSignal;
  /**
   * The built-in answerer's text for this request (document extracts when documents were
   * asked for); read only by adapters marked `builtIn`, never sent anywhere.
   */
  builtInAnswer?: string;
}

/** The exact bytes about to leave, so the audit can record their hash before the call. */
export interface PreparedCall<Result> {
  body: string;
  send(): Promise<Result>;
}

export interface ChatStream {
  /** Parsed chunks, in OpenAI's shape; throws ProviderError on a cut or malformed stream. */
  chunks: AsyncIterable<ChatCompletionChunk>;
  /** Stops reading (client disconnected). */
  cancel(): void;
}

export interface ProviderAdapter {
  readonly name: string;
  readonly location: Location;
  /** The offline answerer (nothing leaves the machine): it answers `CallOptions.builtInAnswer` when given. */
  readonly builtIn?: boolean;
  prepareChat(request: ChatCompletionRequest, options: CallOptions): PreparedCall<ChatCompletion>;
  /** Resolves once the response headers say the stream started (status 200). */
  prepareChatStream(request: ChatCompletionRequest, options: CallOptions): PreparedCall<ChatStream>;
  /** Absent when the provider has no embeddings API (Anthropic). */
  prepareEmbeddings?(request: EmbeddingsRequest, options: CallOptions): PreparedCall<EmbeddingsResponse>;
  close(): Promise<void>;
}
