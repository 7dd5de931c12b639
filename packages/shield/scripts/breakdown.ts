/**
 * Where analyze() spends its time (a dev tool): each stage and each triggered recognizer timed
 * alone (CPU µs per call, median of batches) on the bench prompt and a ~64 KB bench block.
 *
 *   npx tsx packages/shield/scripts/breakdown.ts
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createAnalyzer, defaultRecognizers, KeywordIndex, detectLanguage } from '../src/index.ts';
import { resolveOverlaps } from '../src/analyzer.ts';
import { HR_NOTE_2KB } from './prompts.ts';

const here = path.dirname(new URL(import.meta.url).pathname);
const texts: [string, string][] = [['HR note', HR_NOTE_2KB]];
try {
  const bench = (await import(pathToFileURL(path.join(here, '../../../bench/src/bench/prompt.ts')).href)) as {
    frenchBusinessPrompt: () => string;
    throughputTexts: () => string[];
  };
  texts.push(['bench prompt', bench.frenchBusinessPrompt()]);
  let block = '';
  for (const d of bench.throughputTexts()) {
    block += d + '\n\n';
    if (block.length >= 64 * 1024) break;
  }
  texts.push(['64 KB block', block]);
} catch {
  // bench/ absent
}

function cpu(run: () => unknown): number {
  for (let i = 0; i < 5; i++) run();
  const samples: number[] = [];
  let calls = 1;
  // Calibrate a batch to ~20 ms.
  for (;;) {
    const t = process.cpuUsage();
    for (let i = 0; i < calls; i++) run();
    const u = process.cpuUsage(t);
    if (u.user + u.system > 20000 || calls > 100000) break;
    calls *= 2;
  }
  for (let b = 0; b < 7; b++) {
    const t = process.cpuUsage();
    for (let i = 0; i < calls; i++) run();
    const u = process.cpuUsage(t);
    samples.push((u.user + u.system) / calls);
  }
  return samples.sort((a, b) => a - b)[3]!;
}

const recognizers = defaultRecognizers();
const analyzer = createAnalyzer({ recognizers });
const index = new KeywordIndex<number>();
recognizers.forEach((r, i) => r.keywords?.forEach((k) => index.add(k.toLowerCase(), i)));
index.build();
// Warm-up: the JIT (and regex tier-up) on every text, so the first rows are not billed for it.
const warmUntil = performance.now() + 1500;
while (performance.now() < warmUntil) for (const [, text] of texts) analyzer.analyze(text, { language: 'auto' });
for (const [label, text] of texts) {
  const lower = text.toLowerCase();
  const rows: [string, number][] = [];
  const total = cpu(() => analyzer.analyze(text, { language: 'auto' }));
  rows.push(['toLowerCase', cpu(() => text.toLowerCase())]);
  rows.push(['detectLanguage', cpu(() => detectLanguage(text, lower))]);
  rows.push(['keyword matchedValues', cpu(() => index.matchedValues(lower))]);
  const triggered = index.matchedValues(lower);
  const found = recognizers.flatMap((r, i) => (r.keywords?.length && !triggered.has(i) ? [] : r.find({ text, lowerText: lower, language: 'fr' })));
  rows.push([`resolveOverlaps (${found.length})`, cpu(() => resolveOverlaps([...found]))]);
  let sum = 0;
  recognizers.forEach((r, i) => {
    if (r.keywords?.length && !triggered.has(i)) return;
    // Keyword positions come from the analyzer's pre-filter pass (counted in its row).
    let keywordHits: { start: number; end: number; keyword: string }[] | undefined;
    if (r.wantsKeywordHits) {
      const own = new KeywordIndex();
      r.keywords?.forEach((k) => own.add(k.toLowerCase(), true));
      keywordHits = own.findAll(lower).map(({ start, end, keyword }) => ({ start, end, keyword }));
    }
    const t = cpu(() => r.find({ text, lowerText: lower, language: 'fr', keywordHits }));
    sum += t;
    rows.push([`  ${r.name}`, t]);
  });
  rows.push(['recognizers (sum, each with a fresh input)', sum]);
  console.log(`\n${label}: ${text.length} chars, analyze ${total.toFixed(1)} µs = ${(Buffer.byteLength(text) / total).toFixed(2)} MB per CPU-s`);
  for (const [name, t] of rows.sort((a, b) => b[1] - a[1])) console.log(`  ${name.padEnd(44)} ${t.toFixed(1).padStart(9)} µs ${((t / total) * 100).toFixed(1).padStart(5)}%`);
}
