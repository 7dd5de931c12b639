/**
 * `npm run eval`: scores Rempart and the TypeScript peers on every dev set, prints the table,
 * writes bench/results/eval-<date>.{md,json} and eval-latest.{md,json}.
 * Options: --only=<detector,...>  --datasets=<name,...>  --budget=<seconds per detector × dataset>
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEchr, ECHR_SPLITS } from './datasets/echr.ts';
import { loadFrCorpus } from './datasets/fr-corpus.ts';
import { loadGitleaks } from './datasets/gitleaks.ts';
import { RESULTS_DIR } from './datasets/paths.ts';
import { loadPresidioCases, loadPresidioSynth } from './datasets/presidio.ts';
import { openRedactionDetector, redactpiiNodeDetector, redactPiiDetector, type AlignmentStats } from './detectors/peers.ts';
import { rempartDetector } from './detectors/rempart.ts';
import { runEnvironment } from './environment.ts';
import { evaluateSecrets, evaluateSpans } from './evaluate.ts';
import { checkTargets, renderMarkdown, secretsTable, spanTable, targetsTable, type EvalReport } from './report.ts';
import type { Dataset, Detector } from './types.ts';

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

async function main(): Promise<void> {
  const budgetSeconds = Number(option('budget') ?? 40);
  const alignment: Record<string, AlignmentStats> = {
    'redact-pii': { texts: 0, failed: 0, mergedAdjacent: 0 },
    '@redactpii/node': { texts: 0, failed: 0, mergedAdjacent: 0 },
  };
  let detectors: Detector[] = [
    rempartDetector(),
    redactPiiDetector(alignment['redact-pii']!),
    redactpiiNodeDetector(alignment['@redactpii/node']!),
    openRedactionDetector(),
  ];
  const only = option('only')?.split(',');
  if (only) detectors = detectors.filter((d) => only.includes(d.name));

  let datasets: Dataset[] = [loadFrCorpus(), loadPresidioCases(), loadPresidioSynth(), ...ECHR_SPLITS.map(loadEchr), loadGitleaks()];
  const onlyDatasets = option('datasets')?.split(',');
  if (onlyDatasets) datasets = datasets.filter((d) => onlyDatasets.includes(d.name));

  const date = new Date().toISOString().slice(0, 10);
  const report: EvalReport = {
    date,
    environment: {
      ...runEnvironment(),
      'time budget per detector × dataset (s)': budgetSeconds,
    },
    detectors: detectors.map((d) => ({ name: d.name, description: d.description, supportedTypes: d.supportedTypes })),
    datasets: datasets.map((d) => ({ name: d.name, description: d.description, notes: d.notes, cases: d.cases.length })),
    spans: [],
    secrets: [],
    runs: [],
    alignment: {},
    targets: [],
  };

  const started = performance.now();
  for (const dataset of datasets) {
    for (const detector of detectors) {
      if (dataset.kind === 'spans') {
        const { results, run } = await evaluateSpans(dataset, detector, budgetSeconds);
        report.spans.push(...results);
        report.runs.push(run);
      } else {
        if (!detector.supportedTypes.includes('SECRET')) continue;
        const { result, run } = await evaluateSecrets(dataset, detector, budgetSeconds);
        report.secrets.push(result);
        report.runs.push(run);
      }
      const last = report.runs[report.runs.length - 1]!;
      process.stderr.write(`${detector.name} × ${dataset.name}: ${last.casesScored}/${last.casesTotal} cases, ${last.seconds.toFixed(1)} s\n`);
    }
  }
  report.environment['total seconds'] = Number(((performance.now() - started) / 1000).toFixed(1));
  for (const [name, stats] of Object.entries(alignment)) if (stats.texts > 0) report.alignment[name] = stats;
  report.targets = checkTargets(report, 'rempart');

  console.log('\nExact match (P / R / F1 per detector; — = type not claimed by the detector)\n');
  console.log(spanTable(report, 'exact'));
  console.log('\nOverlap match\n');
  console.log(spanTable(report, 'overlap'));
  if (report.secrets.length > 0) console.log('\nSecrets (gitleaks)\n\n' + secretsTable(report));
  console.log('\nTargets\n\n' + targetsTable(report.targets));

  mkdirSync(RESULTS_DIR, { recursive: true });
  const markdown = renderMarkdown(report, datasets, detectors);
  const json = JSON.stringify(report, null, 1) + '\n';
  for (const stem of [`eval-${date}`, 'eval-latest']) {
    writeFileSync(join(RESULTS_DIR, `${stem}.md`), markdown);
    writeFileSync(join(RESULTS_DIR, `${stem}.json`), json);
  }
  console.log(`\nwrote ${join(RESULTS_DIR, `eval-${date}.md`)} (+ .json, eval-latest.*) in ${report.environment['total seconds']} s`);
}

await main();
