/**
 * Hot-path benchmark of the shield (a dev tool, not a test; the team benchmark is bench/).
 *
 *   npx tsx packages/shield/scripts/hotpath-bench.ts                 # analyze/protect + per recognizer
 *   npx tsx packages/shield/scripts/hotpath-bench.ts --against DIR   # A/B: DIR is another copy of packages/shield/src
 *
 * The machine is shared and loaded, so wall-clock figures are noisy: besides p50/p99 wall latency
 * we report CPU time per call (process.cpuUsage over batches), and in A/B mode the two versions run
 * in the same process, batch after batch, so both suffer the same load.
 */
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { HR_NOTE_2KB, NO_ENTITY_2KB } from './prompts.ts';

type ShieldModule = typeof import('../src/index.ts');

const args = process.argv.slice(2);
const againstDir = args.includes('--against') ? args[args.indexOf('--against') + 1] : undefined;
const quick = args.includes('--quick');

async function loadShield(srcDir: string): Promise<ShieldModule> {
  return (await import(pathToFileURL(path.resolve(srcDir, 'index.ts')).href)) as ShieldModule;
}

interface Subject {
  label: string;
  run: () => void;
}

/** CPU µs per call, over `batches` batches of `calls`; the median batch. */
function cpuPerCall(run: () => void, calls: number): number {
  const before = process.cpuUsage();
  for (let i = 0; i < calls; i++) run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / calls;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

function latency(run: () => void, calls: number): { p50: number; p99: number; mean: number } {
  const samples = new Float64Array(calls);
  for (let i = 0; i < calls; i++) {
    const t = performance.now();
    run();
    samples[i] = (performance.now() - t) * 1000;
  }
  const sorted = Array.from(samples).sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), mean: sorted.reduce((s, x) => s + x, 0) / calls };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const here = path.dirname(new URL(import.meta.url).pathname);
  const current = await loadShield(path.join(here, '../src'));
  const baseline = againstDir ? await loadShield(againstDir) : undefined;
  const prompts: [string, string][] = [
    ['HR note (names, phone, e-mail, IBAN)', HR_NOTE_2KB],
    ['no entity', NO_ENTITY_2KB],
  ];
  try {
    // The team benchmark's prompt, when bench/ is there (read only).
    const bench = (await import(pathToFileURL(path.join(here, '../../../bench/src/bench/prompt.ts')).href)) as {
      frenchBusinessPrompt: () => string;
    };
    prompts.push(['bench corpus prompt', bench.frenchBusinessPrompt()]);
  } catch {
    // bench/ absent: the two built-in prompts are enough.
  }
  const versions = baseline ? [['before', baseline] as const, ['after', current] as const] : [['current', current] as const];
  console.log(`node ${process.version}, load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`);

  for (const [promptLabel, prompt] of prompts) {
    const bytes = new TextEncoder().encode(prompt).length;
    const subjects: Subject[] = [];
    for (const [label, mod] of versions) {
      const shield = mod.createShield();
      const analyzer = mod.createAnalyzer({ recognizers: mod.defaultRecognizers() });
      const found = shield.analyze(prompt).map((e) => `${e.type}:${e.text}`);
      console.log(`\n[${promptLabel}] ${bytes} bytes, ${label}: ${found.length} findings ${found.slice(0, 12).join(' | ')}`);
      subjects.push({ label: `${label} analyze`, run: () => analyzer.analyze(prompt, { language: 'auto' }) });
      subjects.push({ label: `${label} protect`, run: () => shield.protect(prompt, { vault: new mod.Vault() }) });
    }
    for (const s of subjects) for (let i = 0; i < 300; i++) s.run(); // warm-up
    const cpu = new Map<string, number[]>(subjects.map((s) => [s.label, []]));
    const rounds = quick ? 8 : 20;
    for (let round = 0; round < rounds; round++) {
      for (const s of subjects) cpu.get(s.label)!.push(cpuPerCall(s.run, 100));
    }
    for (const s of subjects) {
      const cpuMedian = median(cpu.get(s.label)!);
      const lat = latency(s.run, quick ? 500 : 2000);
      console.log(
        `  ${s.label.padEnd(16)} CPU ${cpuMedian.toFixed(1).padStart(7)} µs/call (${(bytes / cpuMedian).toFixed(1).padStart(5)} MB per CPU-s)` +
          ` | wall p50 ${lat.p50.toFixed(1).padStart(7)} µs  p99 ${lat.p99.toFixed(1).padStart(7)} µs  mean ${lat.mean.toFixed(1).padStart(7)} µs (${(bytes / lat.mean).toFixed(1)} MB/s)`,
      );
    }
  }

  // Per recognizer, on each prompt: CPU per find, each version measured the same way.
  for (const [promptLabel, prompt] of prompts) {
    const perRecognizer = new Map<string, Map<string, number>>();
    for (const [label, mod] of versions) {
      const recognizers = mod.defaultRecognizers();
      const index = new mod.KeywordIndex<number>();
      recognizers.forEach((r, i) => r.keywords?.forEach((k) => index.add(k.toLowerCase(), i)));
      const triggered = index.matchedValues(prompt.toLowerCase());
      recognizers.forEach((r, i) => {
        if (r.keywords?.length && !triggered.has(i)) return;
        // A fresh input per call, as the analyzer builds one per text (lazily computed views included).
        // Keyword positions come from the analyzer's pre-filter pass: found once here, outside the timing.
        const keywordHits = r.wantsKeywordHits
          ? (() => {
              const own = new mod.KeywordIndex();
              r.keywords?.forEach((k) => own.add(k.toLowerCase(), true));
              return own.findAll(prompt.toLowerCase()).map(({ start, end, keyword }) => ({ start, end, keyword }));
            })()
          : undefined;
        const run = () => r.find({ text: prompt, lowerText: prompt.toLowerCase(), language: 'fr', keywordHits });
        for (let w = 0; w < 100; w++) run();
        const samples: number[] = [];
        for (let b = 0; b < (quick ? 3 : 7); b++) samples.push(cpuPerCall(run, 100));
        if (!perRecognizer.has(r.name)) perRecognizer.set(r.name, new Map());
        perRecognizer.get(r.name)!.set(label, median(samples));
      });
    }
    const rows = [...perRecognizer.entries()].sort((a, b) => Math.max(...b[1].values()) - Math.max(...a[1].values()));
    console.log(`\nRecognizers that run on "${promptLabel}" (CPU µs per find incl. one toLowerCase, median of batches):`);
    for (const [name, byVersion] of rows.slice(0, quick ? 10 : 20)) {
      console.log(`  ${name.padEnd(34)} ${versions.map(([l]) => `${l} ${(byVersion.get(l) ?? NaN).toFixed(1).padStart(6)}`).join('   ')}`);
    }
    for (const [label] of versions) {
      const total = rows.reduce((s, [, v]) => s + (v.get(label) ?? 0), 0);
      console.log(`  total ${label}: ${total.toFixed(1)} µs over ${rows.filter(([, v]) => v.has(label)).length} recognizers`);
    }
  }
}

await main();
