/**
 * A loop to profile (a dev tool): analyze or protect on the bench prompt and 64 KB blocks.
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx packages/shield/scripts/profile-loop.ts [analyze|protect] [seconds]
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createAnalyzer, createShield, defaultRecognizers, Vault } from '../src/index.ts';
import { HR_NOTE_2KB } from './prompts.ts';

const mode = process.argv[2] ?? 'analyze';
const seconds = Number(process.argv[3] ?? 5);
const here = path.dirname(new URL(import.meta.url).pathname);
const texts: string[] = [HR_NOTE_2KB];
try {
  const bench = (await import(pathToFileURL(path.join(here, '../../../bench/src/bench/prompt.ts')).href)) as {
    frenchBusinessPrompt: () => string;
    throughputTexts: () => string[];
  };
  texts.push(bench.frenchBusinessPrompt());
  let block = '';
  for (const d of bench.throughputTexts()) {
    block += d + '\n\n';
    if (block.length >= 64 * 1024) {
      texts.push(block);
      block = '';
    }
  }
} catch {
  // bench/ absent
}
const analyzer = createAnalyzer({ recognizers: defaultRecognizers() });
const shield = createShield();
const run = mode === 'protect' ? (t: string) => shield.protect(t, { vault: new Vault(), destination: 'non-eu' }) : (t: string) => analyzer.analyze(t, { language: 'auto' });
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
const end = performance.now() + seconds * 1000;
let passes = 0;
const cpu0 = process.cpuUsage();
while (performance.now() < end) {
  for (const t of texts) run(t);
  passes++;
}
const cpu = process.cpuUsage(cpu0);
console.log(`${mode}: ${passes} passes, ${((passes * bytes) / (cpu.user + cpu.system)).toFixed(2)} MB per CPU-s`);
