/**
 * Optional embeddings through any OpenAI-compatible `/v1/embeddings` endpoint. Text goes
 * through the shield first, like everything else that leaves: passages and queries are
 * pseudonymised (a fresh vault each, never restored) and a passage the policy blocks gets no
 * vector (it stays findable by the lexical search).
 */
export interface Embedder {
  embedPassages(texts: readonly string[]): Promise<(number[] | null)[]>;
  embedQuery(text: string): Promise<number[] | null>;
}

export interface EmbeddingsClientOptions {
  /** e.g. http://127.0.0.1:11434/v1 (the path /embeddings is appended). */
  baseUrl: string;
  apiKey?: string;
  model: string;
  /** The shield: text that may leave, or blocked. */
  protect(text: string): { text: string; blocked: boolean };
  batchSize?: number;
  timeoutMs?: number;
}

export function createEmbeddingsClient(options: EmbeddingsClientOptions): Embedder {
  const batchSize = options.batchSize ?? 64;
  const call = async (inputs: string[]): Promise<number[][]> => {
    const response = await fetch(`${options.baseUrl.replace(/\/$/, '')}/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) },
      body: JSON.stringify({ model: options.model, input: inputs }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
    });
    if (!response.ok) throw new Error(`the embeddings provider answered HTTP ${response.status}`);
    const body = (await response.json()) as { data?: { index: number; embedding: number[] }[] };
    const vectors: number[][] = [];
    for (const item of body.data ?? []) vectors[item.index] = item.embedding;
    if (vectors.length !== inputs.length || vectors.some((vector) => !Array.isArray(vector))) {
      throw new Error('the embeddings provider returned a malformed answer');
    }
    return vectors;
  };
  const embedPassages = async (texts: readonly string[]): Promise<(number[] | null)[]> => {
    const protectedTexts = texts.map((text) => options.protect(text));
    const vectors: (number[] | null)[] = texts.map(() => null);
    const sendable = protectedTexts.flatMap((result, index) => (result.blocked ? [] : [{ index, text: result.text }]));
    for (let start = 0; start < sendable.length; start += batchSize) {
      const batch = sendable.slice(start, start + batchSize);
      const embedded = await call(batch.map((item) => item.text));
      batch.forEach((item, position) => {
        vectors[item.index] = embedded[position]!;
      });
    }
    return vectors;
  };
  return {
    embedPassages,
    embedQuery: async (text) => (await embedPassages([text]))[0] ?? null,
  };
}
