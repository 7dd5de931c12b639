import { describe, expect, it } from 'vitest';
import { checkTargets, compare, renderMarkdown, summariseLatencies, type Measurement } from './report.ts';

function measurement(target: Measurement['target'], connections: number, requestsPerSecond: number, p50Ms: number, p99Ms: number, mode: Measurement['mode'] = 'whole'): Measurement {
  return { target, mode, connections, requests: 100, errors: 0, requestsPerSecond, p50Ms, p99Ms, meanMs: p50Ms, maxMs: p99Ms, loadAverage: 1 };
}

describe('gateway benchmark report', () => {
  it('summarises latencies by nearest rank', () => {
    const sorted = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(summariseLatencies(sorted)).toEqual({ p50Ms: 50, p99Ms: 99, meanMs: 50.5, maxMs: 100 });
    expect(Number.isNaN(summariseLatencies([]).p50Ms)).toBe(true);
  });

  it('compares each target with direct at the same connections and with Portkey', () => {
    const comparisons = compare([
      measurement('direct', 1, 3000, 0.1, 0.5),
      measurement('direct', 50, 3000, 10, 20),
      measurement('rempart-pglite', 1, 800, 0.9, 4.5),
      measurement('rempart-pglite', 50, 2000, 20, 40),
      measurement('portkey', 50, 900, 50, 90),
      measurement('direct', 1, 2000, 0.3, 1, 'stream'),
      measurement('rempart-pglite', 1, 700, 1.3, 3, 'stream'),
    ]);
    const one = comparisons.find((c) => c.target === 'rempart-pglite' && c.connections === 1 && c.mode === 'whole')!;
    expect(one.addedP50Ms).toBeCloseTo(0.8);
    expect(one.addedP99Ms).toBeCloseTo(4);
    expect(one.timesPortkey).toBeUndefined();
    const fifty = comparisons.find((c) => c.target === 'rempart-pglite' && c.connections === 50)!;
    expect(fifty.timesPortkey).toBeCloseTo(2000 / 900);
    const stream = comparisons.find((c) => c.mode === 'stream')!;
    expect(stream.addedP50Ms).toBeCloseTo(1);

    const checks = checkTargets(comparisons);
    expect(checks.map((check) => check.met)).toEqual([true, true, true]);
    const markdown = renderMarkdown({ date: '2026-01-01', environment: { node: 'v20' }, measurements: [], comparisons, checks, notes: ['n'] });
    expect(markdown).toContain('| Rempart, PGlite (shield + audit) | 50 | 2000 | 2.22 |');
  });

  it('reports a missed target as not met', () => {
    const checks = checkTargets(
      compare([measurement('direct', 1, 3000, 0.1, 0.5), measurement('rempart-postgres', 1, 100, 2.1, 9), measurement('direct', 50, 3000, 10, 20), measurement('rempart-postgres', 50, 1000, 30, 60), measurement('portkey', 50, 900, 50, 90)]),
    );
    expect(checks.map((check) => [check.measured, check.met])).toEqual([
      ['2.000 ms', false],
      ['8.500 ms', false],
      ['1000 req/s = 1.11 × Portkey', false],
    ]);
  });
});
