/**
 * Equivalence check for performance work: runs analyze() and protect() of two copies of the
 * shield source on the same texts and reports any difference (a dev tool, not a test).
 *
 *   npx tsx packages/shield/scripts/equivalence-check.ts --against DIR   # DIR: another copy of packages/shield/src
 *
 * Texts: the bench corpus (documents and ~64 KB blocks), the hot-path prompts, and variants
 * (upper-cased, accent-stripped, English) so language detection and folding are exercised.
 */
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { HR_NOTE_2KB, NO_ENTITY_2KB } from './prompts.ts';

type ShieldModule = typeof import('../src/index.ts');

const args = process.argv.slice(2);
const againstDir = args.includes('--against') ? args[args.indexOf('--against') + 1] : undefined;
if (!againstDir) throw new Error('usage: --against DIR');

async function load(dir: string): Promise<ShieldModule> {
  return (await import(pathToFileURL(path.resolve(dir, 'index.ts')).href)) as ShieldModule;
}

const here = path.dirname(new URL(import.meta.url).pathname);
const current = await load(path.join(here, '../src'));
const baseline = await load(againstDir);

const texts: string[] = [HR_NOTE_2KB, NO_ENTITY_2KB];
try {
  const bench = (await import(pathToFileURL(path.join(here, '../../../bench/src/bench/prompt.ts')).href)) as {
    frenchBusinessPrompt: () => string;
    throughputTexts: () => string[];
  };
  const docs = bench.throughputTexts();
  texts.push(bench.frenchBusinessPrompt(), ...docs);
  let block = '';
  for (const d of docs) {
    block += d + '\n\n';
    if (block.length > 64 * 1024) {
      texts.push(block);
      block = '';
    }
  }
  if (block) texts.push(block);
} catch {
  // bench/ absent
}
// Shared evaluation data when present (/work/shared/data or $REMPART_DATA): ECHR judgments,
// PIAF paragraphs, Presidio synthetic texts, gitleaks cases.
{
  const { existsSync, readFileSync } = await import('node:fs');
  const data = process.env.REMPART_DATA ?? '/work/shared/data';
  const jsonl = (file: string, field: string, limit: number) => {
    if (!existsSync(file)) return;
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(0, limit);
    let chunk = '';
    for (const line of lines) {
      chunk += (JSON.parse(line) as Record<string, string>)[field] + '\n';
      if (chunk.length > 3000) {
        texts.push(chunk);
        chunk = '';
      }
    }
    if (chunk) texts.push(chunk);
  };
  for (const split of ['FR-all-dev', 'FR-rev-dev', 'FR-manual-dev', 'FR-all-train']) jsonl(`${data}/echr-fr/${split}.spans.jsonl`, 'text', 20000);
  jsonl(`${data}/piaf/paragraphs.jsonl`, 'context', 3000);
  const synth = `${data}/presidio/synth_dataset_v2.json`;
  if (existsSync(synth)) for (const row of JSON.parse(readFileSync(synth, 'utf8')) as { full_text: string }[]) texts.push(row.full_text);
  const leaks = `${data}/gitleaks/cases.dev.json`;
  if (existsSync(leaks)) {
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (typeof o.text === 'string') texts.push(o.text);
        Object.values(o).forEach(walk);
      }
    };
    walk(JSON.parse(readFileSync(leaks, 'utf8')));
  }
}
const base = [...texts];
for (const t of base.slice(0, 120)) {
  texts.push(t.toUpperCase(), t.normalize('NFD').replace(/\p{M}/gu, ''), t.replace(/ /g, '\u00a0'), t.replace(/'/g, '\u2019'));
}
texts.push('İstanbul İbrahim Çelik 06 12 34 56 78', 'The patient John Smith, born 12/03/1980, email john@example.com', '');

const strip = (e: object) => JSON.stringify(e);
let differences = 0;
const pairs = [
  ['baseline', baseline],
  ['current', current],
] as const;
const outputs = pairs.map(([, mod]) => {
  const analyzer = mod.createAnalyzer({ recognizers: mod.defaultRecognizers() });
  const shield = mod.createShield();
  return texts.map((t) => {
    const a = analyzer.analyze(t, { language: 'auto' }).map(strip).join('\n');
    const p = shield.protect(t, { vault: new mod.Vault(), destination: 'non-eu' });
    return a + '\n--\n' + JSON.stringify(p, (_k, v) => (v instanceof Map ? [...v] : v));
  });
});
for (let i = 0; i < texts.length; i++) {
  if (outputs[0]![i] !== outputs[1]![i]) {
    differences++;
    if (differences <= 5) {
      console.log(`DIFF on text ${i}: ${JSON.stringify(texts[i]!.slice(0, 80))}`);
      const a = outputs[0]![i]!.split('\n');
      const b = outputs[1]![i]!.split('\n');
      for (let l = 0; l < Math.max(a.length, b.length); l++) if (a[l] !== b[l]) console.log(`  - ${a[l]?.slice(0, 200)}\n  + ${b[l]?.slice(0, 200)}`);
    }
  }
}
console.log(`${texts.length} texts, ${differences} differences`);
process.exitCode = differences ? 1 : 0;
