/**
 * Runs detectors over datasets and aggregates counts. Pure orchestration: matching rules live
 * in ./matching.ts, formatting in ./report.ts.
 */
import { addCounts, emptyCounts, exactPrf, overlapPrf, scoreCase, type CaseErrors, type Prf, type TypeCounts } from './matching.ts';
import type { Detector, EntityType, SecretDataset, SpanDataset } from './types.ts';

export interface SpanTypeResult {
  dataset: string;
  detector: string;
  type: EntityType;
  support: number;
  counts: TypeCounts;
  exact: Prf;
  overlap: Prf;
  examples: { missed: CaseErrors['missed']; spurious: CaseErrors['spurious'] };
}

export interface SecretResult {
  dataset: string;
  detector: string;
  positives: number;
  detected: number;
  negatives: number;
  falseAlarms: number;
  recall: number | null;
  falseAlarmRate: number | null;
  precision: number | null;
  f1: number | null;
  /** Among detected `secret` cases, share whose reported subtype equals the gitleaks rule id. */
  ruleIdAgreement: number | null;
  /** Rules with the lowest recall (for whoever tunes the secret recognizers). */
  weakestRules: { rule: string; detected: number; total: number }[];
  falseAlarmExamples: { rule: string; text: string; found: string }[];
}

export interface RunInfo {
  dataset: string;
  detector: string;
  casesScored: number;
  casesTotal: number;
  seconds: number;
  /** true when the time budget stopped the run before the end (results cover casesScored only) */
  partial: boolean;
}

const EXAMPLES_PER_TYPE = 8;

export async function evaluateSpans(
  dataset: SpanDataset,
  detector: Detector,
  budgetSeconds: number,
): Promise<{ results: SpanTypeResult[]; run: RunInfo }> {
  const types = dataset.scoredTypes.filter((t) => detector.supportedTypes.includes(t));
  const totals = new Map<EntityType, TypeCounts>(types.map((t) => [t, emptyCounts()]));
  const examples = new Map<EntityType, { missed: CaseErrors['missed']; spurious: CaseErrors['spurious'] }>(
    types.map((t) => [t, { missed: [], spurious: [] }]),
  );
  const started = performance.now();
  let scored = 0;
  for (const c of dataset.cases) {
    if ((performance.now() - started) / 1000 > budgetSeconds) break;
    const caseTypes = c.scoredTypes ? types.filter((t) => c.scoredTypes!.includes(t)) : types;
    if (caseTypes.length === 0) {
      scored++;
      continue;
    }
    const predicted = await detector.detect(c.text, c.language);
    const { counts, errors } = scoreCase(c.text, c.gold, predicted, caseTypes, c.dontCare);
    for (const [type, count] of counts) addCounts(totals.get(type)!, count);
    for (const m of errors.missed) {
      const ex = examples.get(m.type)!;
      if (ex.missed.length < EXAMPLES_PER_TYPE) ex.missed.push(m);
    }
    for (const s of errors.spurious) {
      const ex = examples.get(s.type)!;
      if (ex.spurious.length < EXAMPLES_PER_TYPE) ex.spurious.push(s);
    }
    scored++;
  }
  const seconds = (performance.now() - started) / 1000;
  const results = types.map((type) => {
    const counts = totals.get(type)!;
    return {
      dataset: dataset.name,
      detector: detector.name,
      type,
      support: counts.goldTotal,
      counts,
      exact: exactPrf(counts),
      overlap: overlapPrf(counts),
      examples: examples.get(type)!,
    };
  });
  return {
    results,
    run: { dataset: dataset.name, detector: detector.name, casesScored: scored, casesTotal: dataset.cases.length, seconds, partial: scored < dataset.cases.length },
  };
}

const SECRET_TYPES: readonly EntityType[] = ['SECRET', 'URL_CREDENTIALS'];

export async function evaluateSecrets(
  dataset: SecretDataset,
  detector: Detector,
  budgetSeconds: number,
): Promise<{ result: SecretResult; run: RunInfo }> {
  const started = performance.now();
  let scored = 0;
  let positives = 0;
  let detected = 0;
  let negatives = 0;
  let falseAlarms = 0;
  let ruleChecked = 0;
  let ruleAgreed = 0;
  const perRule = new Map<string, { detected: number; total: number }>();
  const falseAlarmExamples: SecretResult['falseAlarmExamples'] = [];
  for (const c of dataset.cases) {
    if ((performance.now() - started) / 1000 > budgetSeconds) break;
    const found = (await detector.detect(c.text, 'en')).filter((p) => SECRET_TYPES.includes(p.type));
    const fired = found.length > 0;
    if (c.isSecret) {
      positives++;
      if (fired) detected++;
      if (!c.secretForOtherRule) {
        const r = perRule.get(c.rule) ?? { detected: 0, total: 0 };
        r.total++;
        if (fired) r.detected++;
        perRule.set(c.rule, r);
        if (fired) {
          ruleChecked++;
          if (found.some((p) => p.sourceLabel.endsWith(`:${c.rule}`))) ruleAgreed++;
        }
      }
    } else {
      negatives++;
      if (fired) {
        falseAlarms++;
        if (falseAlarmExamples.length < 10) {
          const f = found[0]!;
          falseAlarmExamples.push({ rule: c.rule, text: c.text.slice(0, 160), found: `${f.sourceLabel}: ${c.text.slice(f.start, f.end).slice(0, 80)}` });
        }
      }
    }
    scored++;
  }
  const recall = positives === 0 ? null : detected / positives;
  const precision = detected + falseAlarms === 0 ? null : detected / (detected + falseAlarms);
  const f1 = precision === null || recall === null ? (recall === 0 ? 0 : null) : precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const weakestRules = [...perRule.entries()]
    .map(([rule, r]) => ({ rule, ...r }))
    .filter((r) => r.detected < r.total)
    .sort((a, b) => a.detected / a.total - b.detected / b.total || b.total - a.total)
    .slice(0, 25);
  return {
    result: {
      dataset: dataset.name,
      detector: detector.name,
      positives,
      detected,
      negatives,
      falseAlarms,
      recall,
      falseAlarmRate: negatives === 0 ? null : falseAlarms / negatives,
      precision,
      f1,
      ruleIdAgreement: ruleChecked === 0 ? null : ruleAgreed / ruleChecked,
      weakestRules,
      falseAlarmExamples,
    },
    run: {
      dataset: dataset.name,
      detector: detector.name,
      casesScored: scored,
      casesTotal: dataset.cases.length,
      seconds: (performance.now() - started) / 1000,
      partial: scored < dataset.cases.length,
    },
  };
}
