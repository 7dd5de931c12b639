/** Turns evaluation results into the printed/markdown tables and the target check. */
import type { RunInfo, SecretResult, SpanTypeResult } from './evaluate.ts';
import type { Prf } from './matching.ts';
import type { Dataset, Detector, EntityType } from './types.ts';

export interface EvalReport {
  date: string;
  environment: Record<string, string | number>;
  detectors: { name: string; description: string; supportedTypes: readonly EntityType[] }[];
  datasets: { name: string; description: string; notes: string[]; cases: number }[];
  spans: SpanTypeResult[];
  secrets: SecretResult[];
  runs: RunInfo[];
  alignment: Record<string, { texts: number; failed: number; mergedAdjacent: number }>;
  targets: TargetCheck[];
}

export interface TargetCheck {
  target: string;
  scope: string;
  measured: string;
  met: boolean;
}

export const fmt = (x: number | null | undefined, digits = 3): string => (x === null || x === undefined ? '—' : x.toFixed(digits));

const CHECKSUMMED: readonly EntityType[] = ['IBAN', 'CREDIT_CARD', 'FR_NIR', 'FR_SIREN', 'FR_SIRET', 'FR_VAT'];

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Dataset × type rows, one P/R/F1 triple per detector; `—` where a detector has no such type. */
export function spanTable(report: EvalReport, which: 'exact' | 'overlap'): string {
  const detectors = report.detectors.map((d) => d.name);
  const keys: { dataset: string; type: EntityType }[] = [];
  for (const r of report.spans) {
    if (r.detector === detectors[0] && !keys.some((k) => k.dataset === r.dataset && k.type === r.type)) keys.push({ dataset: r.dataset, type: r.type });
  }
  const header = ['dataset', 'type', 'support', ...detectors.flatMap((d) => [`${d} P`, 'R', 'F1'])];
  const rows = keys.map((k) => {
    const first = report.spans.find((r) => r.dataset === k.dataset && r.type === k.type)!;
    const cells = detectors.flatMap((d) => {
      const r = report.spans.find((x) => x.detector === d && x.dataset === k.dataset && x.type === k.type);
      if (!r) return ['—', '—', '—'];
      const m: Prf = r[which];
      return [fmt(m.precision), fmt(m.recall), `**${fmt(m.f1)}**`];
    });
    return [k.dataset, k.type, String(first.support), ...cells];
  });
  return table(header, rows);
}

export function secretsTable(report: EvalReport): string {
  return table(
    ['detector', 'secret cases', 'recall', 'true negatives', 'false-alarm rate', 'precision', 'F1', 'rule-id agreement'],
    report.secrets.map((s) => [
      s.detector,
      String(s.positives),
      fmt(s.recall),
      String(s.negatives),
      fmt(s.falseAlarmRate),
      fmt(s.precision),
      fmt(s.f1),
      fmt(s.ruleIdAgreement),
    ]),
  );
}

export function targetsTable(targets: TargetCheck[]): string {
  return table(
    ['target', 'scope', 'measured', 'met'],
    targets.map((t) => [t.target, t.scope, t.measured, t.met ? 'yes' : '**no**']),
  );
}

export function checkTargets(report: EvalReport, ours: string): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const mine = report.spans.filter((r) => r.detector === ours && r.support > 0);
  for (const r of mine.filter((x) => CHECKSUMMED.includes(x.type) || x.type === 'EMAIL')) {
    checks.push({ target: 'F1 ≥ 0.98 (exact)', scope: `${r.type} on ${r.dataset}`, measured: fmt(r.exact.f1), met: (r.exact.f1 ?? 0) >= 0.98 });
  }
  for (const r of mine.filter((x) => x.type === 'PERSON' && x.dataset.startsWith('echr-'))) {
    checks.push({ target: 'PERSON F1 ≥ 0.85 (exact, titles stripped)', scope: r.dataset, measured: fmt(r.exact.f1), met: (r.exact.f1 ?? 0) >= 0.85 });
  }
  for (const s of report.secrets.filter((x) => x.detector === ours)) {
    checks.push({
      target: 'secrets recall ≥ 0.95 with ≤ 2% false alarms',
      scope: s.dataset,
      measured: `recall ${fmt(s.recall)}, false alarms ${fmt((s.falseAlarmRate ?? 0) * 100, 1)}%`,
      met: (s.recall ?? 0) >= 0.95 && (s.falseAlarmRate ?? 1) <= 0.02,
    });
  }
  // Higher F1 than every peer, wherever a peer claims the type. Ties are listed apart: two
  // perfect scores cannot be ordered, a tie below 1 is reported as not met.
  const losses: string[] = [];
  const ties: string[] = [];
  let compared = 0;
  const compare = (cell: string, ourF1: number | null, peer: string, peerF1: number | null) => {
    compared++;
    const a = ourF1 ?? 0;
    const b = peerF1 ?? 0;
    if (a < b || (a === b && a < 1)) losses.push(`${cell} (${fmt(ourF1)} vs ${peer} ${fmt(peerF1)})`);
    else if (a === b) ties.push(`${cell} (both ${fmt(a)}, ${peer})`);
  };
  for (const r of mine) {
    for (const p of report.spans.filter((x) => x.detector !== ours && x.dataset === r.dataset && x.type === r.type)) {
      compare(`${r.type}/${r.dataset}`, r.exact.f1, p.detector, p.exact.f1);
    }
  }
  for (const s of report.secrets.filter((x) => x.detector === ours)) {
    for (const p of report.secrets.filter((x) => x.detector !== ours && x.dataset === s.dataset)) compare(`secrets/${s.dataset}`, s.f1, p.detector, p.f1);
  }
  checks.push({
    target: 'higher F1 than every peer (exact)',
    scope: `${compared} comparisons (Rempart vs one peer on one dataset × type it claims)`,
    measured:
      `higher on ${compared - losses.length - ties.length}` +
      (ties.length ? `; tied at 1.000 on ${ties.length}: ${ties.join('; ')}` : '') +
      (losses.length ? `; NOT higher on ${losses.length}: ${losses.join('; ')}` : ''),
    met: losses.length === 0,
  });
  return checks;
}

export function renderMarkdown(report: EvalReport, allDatasets: Dataset[], detectors: Detector[]): string {
  const out: string[] = [];
  out.push(`# Rempart shield evaluation — ${report.date}`, '');
  out.push('Generated by `npm run eval` (bench/src/eval/run-eval.ts). Matching rules and datasets: bench/README.md.', '');
  out.push(Object.entries(report.environment).map(([k, v]) => `- ${k}: ${v}`).join('\n'), '');
  out.push('## Targets (Rempart)', '', targetsTable(report.targets), '');
  out.push('## Span scores, exact match (P, R, F1 per detector)', '', spanTable(report, 'exact'), '');
  out.push('## Span scores, overlap match', '', spanTable(report, 'overlap'), '');
  out.push('## Secrets (gitleaks, case level)', '', secretsTable(report), '');
  const ours = report.secrets.find((s) => s.detector === report.detectors[0]?.name);
  if (ours && ours.weakestRules.length > 0) {
    out.push(`Weakest gitleaks rules for ${ours.detector}: ` + ours.weakestRules.map((r) => `${r.rule} ${r.detected}/${r.total}`).join(', '), '');
  }
  out.push('## Runs', '');
  out.push(
    table(
      ['detector', 'dataset', 'cases scored', 'seconds', 'complete'],
      report.runs.map((r) => [r.detector, r.dataset, `${r.casesScored}/${r.casesTotal}`, r.seconds.toFixed(1), r.partial ? '**no (time budget)**' : 'yes']),
    ),
    '',
  );
  const alignment = Object.entries(report.alignment);
  if (alignment.length > 0) {
    out.push(
      'Span recovery for redacted-text peers: ' +
        alignment.map(([d, a]) => `${d}: ${a.failed}/${a.texts} texts failed to align, ${a.mergedAdjacent} adjacent tokens merged`).join('; '),
      '',
    );
  }
  out.push('## Detectors', '');
  for (const d of detectors) out.push(`- **${d.name}** (types: ${d.supportedTypes.length > 15 ? 'all taxonomy types' : d.supportedTypes.join(', ')}): ${d.description}`);
  out.push('', '## Datasets', '');
  for (const ds of allDatasets) {
    out.push(`- **${ds.name}**: ${ds.description}`);
    for (const n of ds.notes) out.push(`  - ${n}`);
  }
  out.push('');
  return out.join('\n');
}
