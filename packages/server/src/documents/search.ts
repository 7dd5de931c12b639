/**
 * Retrieval: BM25 over the French tsvector, computed INSIDE PostgreSQL with the read rule in
 * the same query — the corpus statistics (N, average length, document frequencies) are those
 * of the chunks the caller may read, so nothing about other people's documents leaks through
 * scores either. Optionally fused (reciprocal rank fusion) with embedding similarity when an
 * embeddings provider is configured and chunks carry vectors.
 */
import { toNumber, type Database } from '../db/database.ts';
import { readableDocumentCondition, type DocumentReader } from '../policies/authorize.ts';
import { foldForSearch } from './text-folding.ts';

export interface SearchResult {
  documentId: string;
  title: string;
  chunkId: string;
  text: string;
  score: number;
  page: number | null;
}

export interface SearchOptions {
  k: number;
  /** Query vector (same model as the stored ones); enables fusion with the lexical ranking. */
  queryEmbedding?: readonly number[];
}

/** BM25 parameters (Robertson/Sparck Jones defaults). */
const BM25_K1 = 1.2;
const BM25_B = 0.75;
/** Reciprocal rank fusion constant (Cormack et al. 2009). */
const RRF_K = 60;

const quotedLexeme = `'''' || replace(replace(lexeme, '\\', '\\\\'), '''', '''''') || ''''`;

/**
 * One BM25 pass over a tsvector column: `name` prefixes its CTEs. Two passes are summed: the
 * French one (stems: "dépenses" finds "dépense") and an exact-word one ('simple': no stemming,
 * no stop words), which breaks ties the stemmer creates. On PIAF dev the sum lifts Recall@5
 * from 0.844 (French alone) to 0.850 (bench/results/retrieval-latest.md).
 */
function bm25Pass(name: string, config: 'french' | 'simple', column: string, k1: number, b: number): string {
  return `
${name}_terms AS (
  SELECT DISTINCT lexeme FROM unnest(tsvector_to_array(to_tsvector('${config}', $3))) AS lexeme
  -- French stop words ("le", "de"…) match nearly every chunk: costly, and worth nothing.
  WHERE length(to_tsvector('french', lexeme)) > 0
),
${name}_query AS (
  SELECT string_agg(${quotedLexeme}, ' | ')::tsquery AS query, array_agg(lexeme) AS lexemes FROM ${name}_terms
),
${name}_matched AS (
  SELECT c.id, c.token_count, term.lexeme, cardinality(term.positions)::float8 AS frequency
  FROM document_chunks c
  JOIN documents d ON d.id = c.document_id
  CROSS JOIN ${name}_query q
  -- Only the query's lexemes are unnested: marked with weight A, then kept by ts_filter (in C).
  CROSS JOIN LATERAL unnest(ts_filter(setweight(c.${column}, 'A', q.lexemes), '{a}')) AS term(lexeme, positions, weights)
  WHERE c.${column} @@ q.query AND d.status = 'ready' AND ${readableDocumentCondition('d', 1, 2)}
),
${name}_stats AS (
  SELECT lexeme, count(*)::float8 AS chunk_frequency FROM ${name}_matched GROUP BY lexeme
),
${name}_scored AS (
  SELECT m.id,
    sum(ln(1 + (corpus.chunk_total - s.chunk_frequency + 0.5) / (s.chunk_frequency + 0.5))
        * m.frequency * ${k1 + 1}
        / (m.frequency + ${k1} * (${1 - b} + ${b} * m.token_count / corpus.average_length))) AS score
  FROM ${name}_matched m JOIN ${name}_stats s ON s.lexeme = m.lexeme CROSS JOIN corpus
  GROUP BY m.id
)`;
}

/** BM25 (French stems + exact words) over the chunks the reader may read: statistics included. */
export function lexicalSql(k1 = BM25_K1, b = BM25_B): string {
  return `
WITH corpus AS (
  SELECT count(*)::float8 AS chunk_total, GREATEST(avg(c.token_count), 1)::float8 AS average_length
  FROM document_chunks c JOIN documents d ON d.id = c.document_id
  WHERE d.status = 'ready' AND ${readableDocumentCondition('d', 1, 2)}
),
${bm25Pass('stemmed', 'french', 'tsv', k1, b)},
${bm25Pass('exact', 'simple', 'tsv_exact', k1, b)},
scored AS (
  SELECT id, sum(score) AS score FROM (SELECT * FROM stemmed_scored UNION ALL SELECT * FROM exact_scored) AS passes
  GROUP BY id
  ORDER BY score DESC, id
  LIMIT $4
)
SELECT c.id AS chunk_id, c.document_id, d.title, c.text, c.page, scored.score
FROM scored JOIN document_chunks c ON c.id = scored.id JOIN documents d ON d.id = c.document_id
ORDER BY scored.score DESC, c.id`;
}

/** Cosine similarity of stored (unit-length) vectors with the query's, readable chunks only. */
function vectorSql(): string {
  return `
SELECT c.id AS chunk_id, c.document_id, d.title, c.text, c.page,
  (SELECT sum(stored.value * wanted.value) FROM unnest(c.embedding) WITH ORDINALITY AS stored(value, i)
     JOIN unnest($3::real[]) WITH ORDINALITY AS wanted(value, i) ON wanted.i = stored.i) AS score
FROM document_chunks c JOIN documents d ON d.id = c.document_id
WHERE c.embedding IS NOT NULL AND d.status = 'ready' AND ${readableDocumentCondition('d', 1, 2)}
ORDER BY score DESC, c.id
LIMIT $4`;
}

type ResultRow = { chunk_id: string; document_id: string; title: string; text: string; page: unknown; score: unknown };

function toResult(row: ResultRow): SearchResult {
  return {
    documentId: String(row.document_id),
    title: String(row.title),
    chunkId: String(row.chunk_id),
    text: String(row.text),
    score: toNumber(row.score ?? 0),
    page: row.page === null || row.page === undefined ? null : toNumber(row.page),
  };
}

export async function searchDocuments(db: Database, reader: DocumentReader, query: string, options: SearchOptions): Promise<SearchResult[]> {
  const folded = foldForSearch(query).slice(0, 10_000);
  const groups = [...reader.groups];
  const depth = options.queryEmbedding ? Math.max(options.k * 4, 50) : options.k;
  const lexical = (await db.query<ResultRow>(lexicalSql(), [reader.userId, groups, folded, depth])).rows.map(toResult);
  if (!options.queryEmbedding) return lexical;
  const semantic = (await db.query<ResultRow>(vectorSql(), [reader.userId, groups, unitVector(options.queryEmbedding), depth])).rows.map(toResult);
  return reciprocalRankFusion([lexical, semantic]).slice(0, options.k);
}

/** Σ 1/(60 + rank) over the rankings a chunk appears in; the fused score replaces the originals. */
export function reciprocalRankFusion(rankings: readonly SearchResult[][]): SearchResult[] {
  const fused = new Map<string, SearchResult>();
  for (const ranking of rankings) {
    ranking.forEach((result, index) => {
      const previous = fused.get(result.chunkId);
      const contribution = 1 / (RRF_K + index + 1);
      fused.set(result.chunkId, { ...result, score: (previous?.score ?? 0) + contribution });
    });
  }
  return [...fused.values()].sort((a, b) => b.score - a.score || a.chunkId.localeCompare(b.chunkId));
}

export function unitVector(vector: readonly number[]): number[] {
  const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0)) || 1;
  return vector.map((value) => value / norm);
}
