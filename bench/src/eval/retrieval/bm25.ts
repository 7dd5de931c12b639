/**
 * The baseline: plain Okapi BM25 (k1 = 1.2, b = 0.75) over lower-cased letter/digit tokens —
 * no stemming, no stop words, no accent folding — computed in memory in the same run.
 */
const TOKEN = /[\p{L}\p{N}]+/gu;

export function tokenize(text: string): string[] {
  return text.toLowerCase().match(TOKEN) ?? [];
}

export class Bm25Index {
  readonly #k1: number;
  readonly #b: number;
  readonly #ids: string[] = [];
  readonly #frequencies: Map<string, number>[] = [];
  readonly #lengths: number[] = [];
  readonly #documentFrequency = new Map<string, number>();

  constructor(options: { k1?: number; b?: number } = {}) {
    this.#k1 = options.k1 ?? 1.2;
    this.#b = options.b ?? 0.75;
  }

  add(id: string, text: string): void {
    const tokens = tokenize(text);
    const frequencies = new Map<string, number>();
    for (const token of tokens) frequencies.set(token, (frequencies.get(token) ?? 0) + 1);
    for (const token of frequencies.keys()) this.#documentFrequency.set(token, (this.#documentFrequency.get(token) ?? 0) + 1);
    this.#ids.push(id);
    this.#frequencies.push(frequencies);
    this.#lengths.push(tokens.length);
  }

  search(query: string, k: number): { id: string; score: number }[] {
    const total = this.#ids.length;
    const averageLength = this.#lengths.reduce((sum, length) => sum + length, 0) / Math.max(total, 1);
    const terms = [...new Set(tokenize(query))];
    const scored: { id: string; score: number }[] = [];
    for (let index = 0; index < total; index++) {
      let score = 0;
      for (const term of terms) {
        const frequency = this.#frequencies[index]!.get(term);
        if (!frequency) continue;
        const documentFrequency = this.#documentFrequency.get(term)!;
        const idf = Math.log(1 + (total - documentFrequency + 0.5) / (documentFrequency + 0.5));
        score += (idf * frequency * (this.#k1 + 1)) / (frequency + this.#k1 * (1 - this.#b + (this.#b * this.#lengths[index]!) / averageLength));
      }
      if (score > 0) scored.push({ id: this.#ids[index]!, score });
    }
    return scored.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)).slice(0, k);
  }
}

/** Recall@k (gold among the first k) and MRR over the first maxRank, from ranked id lists. */
export function rankingMetrics(rankings: { gold: string; ranked: string[] }[], ks: number[], maxRank = 10): { recall: Record<number, number>; mrr: number } {
  const recall: Record<number, number> = {};
  for (const k of ks) recall[k] = rankings.filter((r) => r.ranked.slice(0, k).includes(r.gold)).length / rankings.length;
  const mrr =
    rankings.reduce((sum, r) => {
      const rank = r.ranked.slice(0, maxRank).indexOf(r.gold);
      return sum + (rank >= 0 ? 1 / (rank + 1) : 0);
    }, 0) / rankings.length;
  return { recall, mrr };
}
