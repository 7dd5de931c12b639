/**
 * Writes the generated corpus to bench/results/corpus/ so evaluations read a fixed file (results stay
 * reproducible even if Faker's data changes in a later version). Run: npm run corpus -w bench
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { DEFAULT_CORPUS_OPTIONS, generateCorpus } from './generate.ts';

export const CORPUS_PATH = join(dirname(fileURLToPath(import.meta.url)), '../../results/corpus/fr-business-corpus.jsonl');

function main(): void {
  const docs = generateCorpus(DEFAULT_CORPUS_OPTIONS);
  mkdirSync(dirname(CORPUS_PATH), { recursive: true });
  writeFileSync(CORPUS_PATH, docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
  const fakerVersion = (createRequire(import.meta.url)('@faker-js/faker/package.json') as { version: string }).version;
  const counts: Record<string, number> = {};
  for (const d of docs) for (const s of d.spans) counts[s.type] = (counts[s.type] ?? 0) + 1;
  const meta = { ...DEFAULT_CORPUS_OPTIONS, fakerVersion, spans: counts, chars: docs.reduce((n, d) => n + d.text.length, 0) };
  writeFileSync(CORPUS_PATH.replace(/\.jsonl$/, '.meta.json'), JSON.stringify(meta, null, 2) + '\n');
  console.log(`wrote ${docs.length} documents to ${CORPUS_PATH}`);
  console.log(meta);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
