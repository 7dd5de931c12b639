import { describe, expect, it } from 'vitest';
import type { SpanTypeResult } from './evaluate.ts';
import { emptyCounts } from './matching.ts';
import { checkTargets, type EvalReport } from './report.ts';
import type { EntityType } from './types.ts';

function cell(detector: string, dataset: string, type: EntityType, f1: number): SpanTypeResult {
  return {
    dataset,
    detector,
    type,
    support: 10,
    counts: emptyCounts(),
    exact: { precision: f1, recall: f1, f1 },
    overlap: { precision: f1, recall: f1, f1 },
    examples: { missed: [], spurious: [] },
  };
}

function report(spans: SpanTypeResult[]): EvalReport {
  return { date: 'd', environment: {}, detectors: [], datasets: [], spans, secrets: [], runs: [], alignment: {}, targets: [] };
}

describe('checkTargets', () => {
  it('flags a checksummed type under 0.98 and an ECHR PERSON score under 0.85', () => {
    const checks = checkTargets(report([cell('rempart', 'fr', 'IBAN', 0.97), cell('rempart', 'echr-all', 'PERSON', 0.9)]), 'rempart');
    expect(checks.find((c) => c.scope === 'IBAN on fr')?.met).toBe(false);
    expect(checks.find((c) => c.scope === 'echr-all')?.met).toBe(true);
  });

  it('peer comparison: a tie at 1 is listed but met, a tie below 1 or a loss is not met', () => {
    const tieAtOne = checkTargets(report([cell('rempart', 'x', 'EMAIL', 1), cell('peer', 'x', 'EMAIL', 1)]), 'rempart').at(-1)!;
    expect(tieAtOne.met).toBe(true);
    expect(tieAtOne.measured).toContain('tied at 1.000 on 1');
    const tieBelow = checkTargets(report([cell('rempart', 'x', 'PHONE', 0.9), cell('peer', 'x', 'PHONE', 0.9)]), 'rempart').at(-1)!;
    expect(tieBelow.met).toBe(false);
    const loss = checkTargets(report([cell('rempart', 'x', 'PHONE', 0.5), cell('peer', 'x', 'PHONE', 0.6)]), 'rempart').at(-1)!;
    expect(loss.met).toBe(false);
    expect(loss.measured).toContain('NOT higher on 1: PHONE/x (0.500 vs peer 0.600)');
  });
});
