/**
 * Gateway benchmark figures: per measurement (target × mode × connections) and the summary the
 * issue asks for (added latency vs direct, throughput vs Portkey, time-to-first-token
 * overhead), the targets, and the Markdown page. Pure functions (tested in report.test.ts).
 */
import { mean, percentile } from '../bench/stats.ts';

export type TargetName = 'direct' | 'rempart-pglite' | 'rempart-postgres' | 'portkey';

export const TARGET_LABELS: Record<TargetName, string> = {
  direct: 'direct to the stub',
  'rempart-pglite': 'Rempart, PGlite (shield + audit)',
  'rempart-postgres': 'Rempart, PostgreSQL (shield + audit)',
  portkey: 'Portkey gateway (no shield)',
};

export interface Measurement {
  target: TargetName;
  mode: 'whole' | 'stream';
  connections: number;
  requests: number;
  errors: number;
  firstError?: string;
  requestsPerSecond: number;
  /** whole: response latency; stream: time to first token. ms. */
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  maxMs: number;
  /** stream only: time to the end of the stream, p50, ms. */
  totalP50Ms?: number;
  /** CPU time of the target's server process per measured request (ms), from /proc. */
  serverCpuMsPerRequest?: number;
  /** 1-minute load average when the measurement ended (the machine is shared). */
  loadAverage: number;
}

export function summariseLatencies(sortedAscendingMs: readonly number[]): Pick<Measurement, 'p50Ms' | 'p99Ms' | 'meanMs' | 'maxMs'> {
  if (sortedAscendingMs.length === 0) return { p50Ms: Number.NaN, p99Ms: Number.NaN, meanMs: Number.NaN, maxMs: Number.NaN };
  return {
    p50Ms: percentile(sortedAscendingMs, 50),
    p99Ms: percentile(sortedAscendingMs, 99),
    meanMs: mean(sortedAscendingMs),
    maxMs: sortedAscendingMs[sortedAscendingMs.length - 1]!,
  };
}

export interface Comparison {
  target: TargetName;
  mode: 'whole' | 'stream';
  connections: number;
  requestsPerSecond: number;
  /** Target minus direct, at the same mode and number of connections (ms). */
  addedP50Ms: number;
  addedP99Ms: number;
  /** Throughput relative to Portkey's at the same connections (undefined without Portkey). */
  timesPortkey?: number;
  loadAverage: number;
}

export function compare(measurements: readonly Measurement[]): Comparison[] {
  const find = (target: TargetName, mode: Measurement['mode'], connections: number) =>
    measurements.find((m) => m.target === target && m.mode === mode && m.connections === connections);
  return measurements
    .filter((m) => m.target !== 'direct')
    .flatMap((m) => {
      const direct = find('direct', m.mode, m.connections);
      if (!direct) return [];
      const portkey = find('portkey', m.mode, m.connections);
      return [
        {
          target: m.target,
          mode: m.mode,
          connections: m.connections,
          requestsPerSecond: m.requestsPerSecond,
          addedP50Ms: m.p50Ms - direct.p50Ms,
          addedP99Ms: m.p99Ms - direct.p99Ms,
          ...(portkey && portkey.requestsPerSecond > 0 ? { timesPortkey: m.requestsPerSecond / portkey.requestsPerSecond } : {}),
          loadAverage: m.loadAverage,
        },
      ];
    });
}

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
}

/** The issue's targets, for each Rempart back-end measured. */
export function checkTargets(comparisons: readonly Comparison[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const backend of ['rempart-pglite', 'rempart-postgres'] as const) {
    const one = comparisons.find((c) => c.target === backend && c.mode === 'whole' && c.connections === 1);
    if (one) {
      checks.push({ target: `${TARGET_LABELS[backend]}: added latency p50 ≤ 1 ms at 1 connection`, measured: `${one.addedP50Ms.toFixed(3)} ms`, met: one.addedP50Ms <= 1 });
      checks.push({ target: `${TARGET_LABELS[backend]}: added latency p99 ≤ 5 ms at 1 connection`, measured: `${one.addedP99Ms.toFixed(3)} ms`, met: one.addedP99Ms <= 5 });
    }
    const fifty = comparisons.find((c) => c.target === backend && c.mode === 'whole' && c.connections === 50);
    if (fifty?.timesPortkey !== undefined) {
      checks.push({
        target: `${TARGET_LABELS[backend]}: ≥ 2 × Portkey's requests/s at 50 connections`,
        measured: `${fifty.requestsPerSecond.toFixed(0)} req/s = ${fifty.timesPortkey.toFixed(2)} × Portkey`,
        met: fifty.timesPortkey >= 2,
      });
    }
  }
  return checks;
}

const ms = (value: number | undefined): string => (value === undefined || Number.isNaN(value) ? '—' : value.toFixed(3));

export function renderMarkdown(input: {
  date: string;
  environment: Record<string, string | number>;
  measurements: readonly Measurement[];
  comparisons: readonly Comparison[];
  checks: readonly TargetCheck[];
  notes: readonly string[];
}): string {
  const { measurements, comparisons, checks } = input;
  const whole = measurements.filter((m) => m.mode === 'whole');
  const stream = measurements.filter((m) => m.mode === 'stream');
  return [
    `# Gateway benchmark — ${input.date}`,
    '',
    'Generated by `npm run bench` (its second part; alone: `npm run bench:gateway -w bench`) (bench/src/gateway/run-gateway-bench.ts). Same stub upstream for every target, same ~1 KB French request; load from a separate process (undici, keep-alive, one request at a time per connection). Added latency = target minus direct at the same number of connections.',
    '',
    Object.entries(input.environment).map(([key, value]) => `- ${key}: ${value}`).join('\n'),
    '',
    '## Targets',
    '',
    '| target | measured | met |',
    '| --- | --- | --- |',
    ...checks.map((check) => `| ${check.target} | ${check.measured} | ${check.met ? 'yes' : '**no**'} |`),
    '',
    '## Non-streamed requests: throughput and added latency',
    '',
    '| target | connections | req/s | × Portkey | added p50 ms | added p99 ms | load avg |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...comparisons
      .filter((c) => c.mode === 'whole')
      .map((c) => `| ${TARGET_LABELS[c.target]} | ${c.connections} | ${c.requestsPerSecond.toFixed(0)} | ${c.timesPortkey?.toFixed(2) ?? '—'} | ${ms(c.addedP50Ms)} | ${ms(c.addedP99Ms)} | ${c.loadAverage.toFixed(2)} |`),
    '',
    '## Streams: time-to-first-token overhead (1 connection)',
    '',
    '| target | TTFT added p50 ms | TTFT added p99 ms | load avg |',
    '| --- | --- | --- | --- |',
    ...comparisons
      .filter((c) => c.mode === 'stream')
      .map((c) => `| ${TARGET_LABELS[c.target]} | ${ms(c.addedP50Ms)} | ${ms(c.addedP99Ms)} | ${c.loadAverage.toFixed(2)} |`),
    '',
    '## Raw measurements',
    '',
    '| target | mode | connections | requests | errors | req/s | p50 ms | p99 ms | mean ms | max ms | stream end p50 ms | server CPU ms/request | load avg |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...[...whole, ...stream].map(
      (m) =>
        `| ${TARGET_LABELS[m.target]} | ${m.mode === 'whole' ? 'whole' : 'stream (TTFT)'} | ${m.connections} | ${m.requests} | ${m.errors} | ${m.requestsPerSecond.toFixed(0)} | ${ms(m.p50Ms)} | ${ms(m.p99Ms)} | ${ms(m.meanMs)} | ${ms(m.maxMs)} | ${ms(m.totalP50Ms)} | ${ms(m.serverCpuMsPerRequest)} | ${m.loadAverage.toFixed(2)} |`,
    ),
    '',
    ...measurements.filter((m) => m.firstError).map((m) => `- first error, ${m.target} ${m.mode} ×${m.connections}: \`${m.firstError!.replaceAll('`', "'")}\``),
    '',
    '## Notes',
    '',
    ...input.notes.map((note) => `- ${note}`),
    '',
  ].join('\n');
}
