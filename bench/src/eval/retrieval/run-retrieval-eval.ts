/**
 * `npm run eval:retrieval -w bench`: retrieval quality on PIAF dev and speed, on PGlite and on
 * PostgreSQL (127.0.0.1:5432 db test, in a schema of its own, dropped afterwards).
 *  1. quality: the 761 paragraphs ingested as documents titled with their paragraph_id through
 *     the real pipeline (chunking, shield scan, French tsvector); the 1,283 dev questions asked
 *     through the real search (BM25 in SQL, rights in the query); Recall@1/5/10 and MRR@10 over
 *     distinct documents, next to an in-memory plain BM25 baseline on the same paragraphs;
 *  2. ingestion throughput: MB/s for the text corpus, pages/s for a generated 200-page PDF;
 *  3. search latency p50/p99 with 10,000 chunks (PIAF paragraphs copied into other people's
 *     documents, half of them shared with the reader's group, half not).
 * Options: --backends=pglite,postgres  --latency-queries=300
 * Writes bench/results/retrieval-<date>.{md,json} and retrieval-latest.{md,json}.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createShield } from '@rempart/shield';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import pg from 'pg';
import type { Database } from '../../../../packages/server/src/db/database.ts';
import { migrate } from '../../../../packages/server/src/db/migrate.ts';
import { openPglite } from '../../../../packages/server/src/db/pglite.ts';
import { openPostgres } from '../../../../packages/server/src/db/postgres.ts';
import { writeChunks } from '../../../../packages/server/src/documents/chunk-writer.ts';
import { insertDocument } from '../../../../packages/server/src/documents/document-store.ts';
import { DocumentIngester } from '../../../../packages/server/src/documents/ingester.ts';
import { searchDocuments } from '../../../../packages/server/src/documents/search.ts';
import { DEFAULT_DOCUMENT_SETTINGS } from '../../../../packages/server/src/documents/settings.ts';
import { createUser } from '../../../../packages/server/src/users/users.ts';
import { RESULTS_DIR } from '../datasets/paths.ts';
import { runEnvironment } from '../environment.ts';
import { Bm25Index, rankingMetrics } from './bm25.ts';
import { loadPiaf, type PiafParagraph, type PiafQuestion } from './piaf.ts';

const POSTGRES_URL = process.env.REMPART_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const KS = [1, 5, 10];

function option(name: string): string | undefined {
  return process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface BackendResult {
  backend: string;
  quality: { recall: Record<number, number>; mrr: number; questions: number; chunks: number };
  ingestion: { textMegabytesPerSecond: number; textSeconds: number; pdfPagesPerSecond: number; pdfPages: number };
  latency: { chunks: number; visibleChunks: number; queries: number; p50Ms: number; p99Ms: number };
}

async function openBackend(name: string): Promise<{ db: Database; dispose(): Promise<void> }> {
  if (name === 'pglite') {
    const db = await openPglite(undefined);
    return { db, dispose: () => db.close() };
  }
  const schema = `rempart_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const db = await openPostgres({ url: POSTGRES_URL, schema, maxConnections: 4 });
  return {
    db,
    dispose: async () => {
      await db.close();
      const cleanup = new pg.Client({ connectionString: POSTGRES_URL });
      await cleanup.connect();
      await cleanup.query(`DROP SCHEMA ${schema} CASCADE`);
      await cleanup.end();
    },
  };
}

async function makePdf(paragraphs: PiafParagraph[], pages: number): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let pageIndex = 0; pageIndex < pages; pageIndex++) {
    const page = pdf.addPage([595, 842]);
    // WinAnsi covers French; anything else (rare in PIAF) is dropped from the generated PDF.
    const text = paragraphs[pageIndex % paragraphs.length]!.context.replace(/[^\u0020-\u007e\u00a0-\u00ff’œŒ€]/g, ' ').replace(/[’]/g, "'");
    const words = text.split(/\s+/);
    let line = '';
    let y = 800;
    for (const word of words) {
      if (font.widthOfTextAtSize(`${line} ${word}`, 10) > 500) {
        page.drawText(line, { x: 40, y, size: 10, font });
        y -= 14;
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    if (line) page.drawText(line, { x: 40, y, size: 10, font });
  }
  return pdf.save();
}

async function evaluateBackend(name: string, paragraphs: PiafParagraph[], questions: PiafQuestion[], latencyQueries: number): Promise<BackendResult> {
  const { db, dispose } = await openBackend(name);
  try {
    await migrate(db);
    const reader = await createUser(db, { email: 'reader@example.org', groups: ['lecteurs'] });
    const other = await createUser(db, { email: 'other@example.org' });
    const shield = createShield();
    const ingester = new DocumentIngester({ db, settings: { ...DEFAULT_DOCUMENT_SETTINGS, onSecret: 'index', onSpecialCategory: 'index' }, analyze: (text) => shield.analyze(text) });

    // 1 + 2a: PIAF through the real pipeline, timed.
    const idToParagraph = new Map<string, string>();
    let textBytes = 0;
    const textStart = performance.now();
    for (const paragraph of paragraphs) {
      const content = new TextEncoder().encode(paragraph.context);
      textBytes += content.byteLength;
      const id = await insertDocument(db, {
        ownerId: reader.id,
        title: paragraph.paragraphId,
        mediaType: 'text/plain; charset=utf-8',
        format: 'text',
        contentHash: randomUUID(),
        content,
        groups: [],
      });
      await ingester.process(id);
      idToParagraph.set(id, paragraph.paragraphId);
    }
    const textSeconds = (performance.now() - textStart) / 1000;
    const chunkCount = Number((await db.query<{ n: unknown }>('SELECT count(*) AS n FROM document_chunks')).rows[0]!.n);

    const rankings: { gold: string; ranked: string[] }[] = [];
    for (const question of questions) {
      const results = await searchDocuments(db, { userId: reader.id, groups: reader.groups }, question.question, { k: 30 });
      const ranked = [...new Set(results.map((result) => result.title))].slice(0, 10);
      rankings.push({ gold: question.paragraphId, ranked });
    }
    const quality = { ...rankingMetrics(rankings, KS), questions: questions.length, chunks: chunkCount };

    // 2b: a 200-page PDF.
    const pdfPages = 200;
    const pdfBytes = await makePdf(paragraphs, pdfPages);
    const pdfId = await insertDocument(db, {
      ownerId: other.id,
      title: 'bench.pdf',
      mediaType: 'application/pdf',
      format: 'pdf',
      contentHash: randomUUID(),
      content: pdfBytes,
      groups: [],
    });
    const pdfStart = performance.now();
    await ingester.process(pdfId);
    const pdfSeconds = (performance.now() - pdfStart) / 1000;
    const pdfStatus = (await db.query<{ status: string }>('SELECT status FROM documents WHERE id = $1', [pdfId])).rows[0]!.status;
    if (pdfStatus !== 'ready') throw new Error(`the bench PDF ended ${pdfStatus}`);

    // 3: fill up to 10,000 chunks with copies in other people's documents, half shared with the reader's group.
    let total = Number((await db.query<{ n: unknown }>('SELECT count(*) AS n FROM document_chunks')).rows[0]!.n);
    let copy = 0;
    while (total < 10_000) {
      const batch = paragraphs.slice(0, Math.min(paragraphs.length, 10_000 - total));
      const id = await insertDocument(db, {
        ownerId: other.id,
        title: `copy-${copy}`,
        mediaType: 'text/plain; charset=utf-8',
        format: 'text',
        contentHash: randomUUID(),
        content: new Uint8Array(0),
        groups: copy % 2 === 0 ? ['lecteurs'] : ['autres'],
      });
      await writeChunks(
        db,
        id,
        batch.map((paragraph, position) => ({ position, text: paragraph.context })),
        { status: 'ready', pagesTotal: null, sensitive: {}, injection: [] },
      );
      total += batch.length;
      copy++;
    }
    if (db.kind === 'postgres') await db.query('ANALYZE');
    const visibleChunks = Number(
      (
        await db.query<{ n: unknown }>(
          `SELECT count(*) AS n FROM document_chunks c JOIN documents d ON d.id = c.document_id
           WHERE d.owner_id = $1 OR EXISTS (SELECT 1 FROM document_groups g WHERE g.document_id = d.id AND g.group_name = ANY($2))`,
          [reader.id, reader.groups],
        )
      ).rows[0]!.n,
    );
    const timings: number[] = [];
    for (const question of questions.slice(0, latencyQueries)) {
      const start = performance.now();
      await searchDocuments(db, { userId: reader.id, groups: reader.groups }, question.question, { k: 10 });
      timings.push(performance.now() - start);
    }
    timings.sort((a, b) => a - b);
    return {
      backend: name,
      quality,
      ingestion: { textMegabytesPerSecond: textBytes / 1048576 / textSeconds, textSeconds, pdfPagesPerSecond: pdfPages / pdfSeconds, pdfPages },
      latency: { chunks: total, visibleChunks, queries: timings.length, p50Ms: percentile(timings, 50), p99Ms: percentile(timings, 99) },
    };
  } finally {
    await dispose();
  }
}

function renderMarkdown(report: { environment: Record<string, unknown>; baseline: BackendResult['quality']; backends: BackendResult[] }): string {
  const pct = (value: number) => value.toFixed(3);
  const lines = [
    '# Retrieval evaluation (PIAF dev)',
    '',
    `Run: ${Object.entries(report.environment).map(([key, value]) => `${key} ${value}`).join(', ')}.`,
    '',
    'Quality: 761 PIAF paragraphs indexed as documents titled with their paragraph_id; 1,283 dev questions; ranking over distinct documents.',
    '',
    '| system | Recall@1 | Recall@5 | Recall@10 | MRR@10 |',
    '|---|---|---|---|---|',
    `| plain BM25 baseline (in memory, no stemming) | ${pct(report.baseline.recall[1]!)} | ${pct(report.baseline.recall[5]!)} | ${pct(report.baseline.recall[10]!)} | ${pct(report.baseline.mrr)} |`,
    ...report.backends.map(
      (result) =>
        `| Rempart search on ${result.backend} (BM25 in SQL, French tsvector, accents folded) | ${pct(result.quality.recall[1]!)} | ${pct(result.quality.recall[5]!)} | ${pct(result.quality.recall[10]!)} | ${pct(result.quality.mrr)} |`,
    ),
    '',
    'Speed (2 shared cores; ingestion includes parsing, chunking, the shield scan and the database writes):',
    '',
    '| backend | text ingestion MB/s | PDF ingestion pages/s | search p50 ms | search p99 ms | chunks (visible to the reader) |',
    '|---|---|---|---|---|---|',
    ...report.backends.map(
      (result) =>
        `| ${result.backend} | ${result.ingestion.textMegabytesPerSecond.toFixed(3)} | ${result.ingestion.pdfPagesPerSecond.toFixed(1)} | ${result.latency.p50Ms.toFixed(1)} | ${result.latency.p99Ms.toFixed(1)} | ${result.latency.chunks} (${result.latency.visibleChunks}) |`,
    ),
    '',
    'Reproduce: `npm run eval` (its second part; alone: `npm run eval:retrieval -w bench -- --backends=pglite,postgres --latency-queries=300`).',
    '',
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const backends = (option('backends') ?? 'pglite,postgres').split(',').filter(Boolean);
  const latencyQueries = Number(option('latency-queries') ?? 300);
  const { paragraphs, questions } = loadPiaf();

  const bm25 = new Bm25Index();
  for (const paragraph of paragraphs) bm25.add(paragraph.paragraphId, paragraph.context);
  const baseline = {
    ...rankingMetrics(
      questions.map((question) => ({ gold: question.paragraphId, ranked: bm25.search(question.question, 10).map((hit) => hit.id) })),
      KS,
    ),
    questions: questions.length,
    chunks: paragraphs.length,
  };
  console.log(`baseline BM25: R@1 ${baseline.recall[1]!.toFixed(3)} R@5 ${baseline.recall[5]!.toFixed(3)} R@10 ${baseline.recall[10]!.toFixed(3)} MRR ${baseline.mrr.toFixed(3)}`);

  const results: BackendResult[] = [];
  for (const backend of backends) {
    const result = await evaluateBackend(backend, paragraphs, questions, latencyQueries);
    console.log(JSON.stringify(result));
    results.push(result);
  }
  const report = { environment: { ...runEnvironment(), date: new Date().toISOString() }, baseline, backends: results };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const day = new Date().toISOString().slice(0, 10);
  const markdown = renderMarkdown(report);
  for (const name of [`retrieval-${day}`, 'retrieval-latest']) {
    writeFileSync(join(RESULTS_DIR, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(join(RESULTS_DIR, `${name}.md`), markdown);
  }
  console.log(markdown);
  const target = results.every((result) => result.quality.recall[5]! >= 0.85 && result.quality.recall[5]! > baseline.recall[5]!);
  console.log(target ? 'target met: recall@5 >= 0.85 and above the baseline on every backend' : 'TARGET NOT MET: recall@5 >= 0.85 and above the baseline');
}

await main();
