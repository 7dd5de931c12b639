/**
 * `npm run bench:gateway -w bench`: the gateway's measured targets (issue 3). One run, one stub
 * upstream, four ways to reach it: direct; Rempart on PGlite; Rempart on PostgreSQL
 * (127.0.0.1:5432/test, own schema, dropped); Portkey's open-source gateway (@portkey-ai/gateway,
 * child process on loopback, the stub as a custom OpenAI host). Non-streamed requests at 1, 50
 * and 200 connections, then streams at 1 connection (time to first token). Every server and the
 * load generator are separate processes; every load phase is bounded in time and count.
 *
 * Options: --seconds=5 (measured, per phase) --warmup=2 --connections=1,50,200
 *          --only=rempart-pglite,portkey (direct always runs) --no-write
 *          --cpu-prof=DIR (Rempart servers write V8 CPU profiles there, for a profiler or Chrome)
 * Environment: REMPART_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test).
 * Writes bench/results/gateway-<date>.{md,json} and gateway-latest.*.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RESULTS_DIR } from '../eval/datasets/paths.ts';
import { runEnvironment } from '../eval/environment.ts';
import { cpuSecondsOf, forkModule, freePort, nextMessage, spawnNode, stopChild, waitForHttp } from './children.ts';
import type { LoadJob, LoadResult } from './load-client.ts';
import { chatRequestBody, GATEWAY_PROMPT } from './prompt.ts';
import { checkTargets, compare, renderMarkdown, summariseLatencies, TARGET_LABELS, type Measurement, type TargetName } from './report.ts';

const here = dirname(fileURLToPath(import.meta.url));

function option(name: string, fallback: string): string {
  const prefix = `--${name}=`;
  return process.argv.find((argument) => argument.startsWith(prefix))?.slice(prefix.length) ?? fallback;
}

const seconds = Number(option('seconds', '5'));
const warmupSeconds = Number(option('warmup', '2'));
const connectionCounts = option('connections', '1,50,200').split(',').map(Number);
const allTargets: TargetName[] = ['direct', 'rempart-pglite', 'rempart-postgres', 'portkey'];
const only = option('only', allTargets.join(',')).split(',') as TargetName[];
const targets = allTargets.filter((name) => name === 'direct' || only.includes(name));
const write = !process.argv.includes('--no-write');
const cpuProfileDir = option('cpu-prof', '');
const postgresUrl = process.env.REMPART_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** Per phase, whatever the duration: a bound on the number of measured requests. */
const MAX_REQUESTS_PER_PHASE = 500_000;

interface RunningTarget {
  url: string;
  headers: Record<string, string>;
  /** The process serving the target (its CPU time is measured). */
  pid: number | undefined;
  logFile?: string;
  /** Stops it; returns facts worth reporting (audit records…). */
  stop(): Promise<Record<string, unknown>>;
}

const scratch = mkdtempSync(join(tmpdir(), 'rempart-gateway-bench-run-'));
const children = new Set<ChildProcess>();
const track = (child: ChildProcess): ChildProcess => {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
};

async function startStub(): Promise<{ url: string; child: ChildProcess }> {
  const child = track(forkModule(join(here, 'stub-provider.ts'), []));
  const { url } = await nextMessage<{ url: string }>(child, 'stub provider');
  return { url, child };
}

async function startTarget(name: TargetName, stub: { url: string; child: ChildProcess }): Promise<RunningTarget> {
  const json = { 'content-type': 'application/json' };
  if (name === 'direct') {
    return { url: `${stub.url}/v1/chat/completions`, headers: { ...json, authorization: 'Bearer sk-bench' }, pid: stub.child.pid, stop: async () => ({}) };
  }
  if (name === 'portkey') {
    const port = await freePort();
    const logFile = join(scratch, 'portkey.log');
    const child = track(spawnNode(portkeyScript(), [`--port=${port}`, '--headless'], { ...process.env, NODE_ENV: 'production' }, logFile));
    await waitForHttp(`http://127.0.0.1:${port}/`);
    return {
      url: `http://127.0.0.1:${port}/v1/chat/completions`,
      headers: { ...json, authorization: 'Bearer sk-bench', 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${stub.url}/v1` },
      pid: child.pid,
      logFile,
      stop: async () => {
        await stopChild(child);
        return {};
      },
    };
  }
  const backend = name === 'rempart-pglite' ? 'pglite' : 'postgres';
  const logFile = join(scratch, `${name}.log`);
  const profiling = cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : [];
  const child = track(forkModule(join(here, 'rempart-target.ts'), [JSON.stringify({ backend, upstreamUrl: stub.url, postgresUrl })], logFile, profiling));
  const { url, apiKey } = await nextMessage<{ url: string; apiKey: string }>(child, name);
  return {
    url: `${url}/v1/chat/completions`,
    headers: { ...json, authorization: `Bearer ${apiKey}` },
    pid: child.pid,
    logFile,
    stop: async () => {
      child.send('stop');
      const facts = await nextMessage<Record<string, unknown>>(child, `${name} stop`, 60_000);
      await stopChild(child, 10_000, 30_000); // it exits by itself (and writes its CPU profile first)
      return facts;
    },
  };
}

function portkeyScript(): string {
  const manifest = createRequire(import.meta.url).resolve('@portkey-ai/gateway/package.json');
  return join(dirname(manifest), 'build', 'start-server.js');
}

function portkeyVersion(): string {
  const manifest = createRequire(import.meta.url).resolve('@portkey-ai/gateway/package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

async function measure(name: TargetName, target: RunningTarget, mode: LoadJob['mode'], connections: number): Promise<Measurement> {
  const child = track(forkModule(join(here, 'load-client.ts'), []));
  const job: LoadJob = {
    url: target.url,
    headers: target.headers,
    body: chatRequestBody(mode === 'stream'),
    mode,
    connections,
    warmupSeconds,
    seconds,
    maxRequests: MAX_REQUESTS_PER_PHASE,
  };
  // The CPU window includes the warm-up; it is divided by the requests of both (counted below).
  const answer = nextMessage<LoadResult | { failed: string }>(child, `load ${name}`, (warmupSeconds + seconds) * 1000 + 90_000);
  child.send(job);
  const cpuBefore = cpuSecondsOf(target.pid);
  const started = performance.now();
  const result = await answer;
  await stopChild(child);
  if ('failed' in result) throw new Error(`load generator failed on ${name}: ${result.failed}`);
  const cpuAfter = cpuSecondsOf(target.pid);
  const wallSeconds = (performance.now() - started) / 1000;
  // Requests served over the whole window (warm-up included) estimated at the measured rate.
  const requestsInWindow = result.requestsPerSecond * wallSeconds;
  const summary = summariseLatencies(result.latenciesMs);
  const measurement: Measurement = {
    target: name,
    mode,
    connections,
    requests: result.requests,
    errors: result.errors,
    ...(result.firstError !== undefined ? { firstError: result.firstError } : {}),
    requestsPerSecond: result.requestsPerSecond,
    ...summary,
    ...(result.totalMs ? { totalP50Ms: summariseLatencies(result.totalMs).p50Ms } : {}),
    ...(cpuBefore !== undefined && cpuAfter !== undefined && requestsInWindow > 0
      ? { serverCpuMsPerRequest: ((cpuAfter - cpuBefore) * 1000) / requestsInWindow }
      : {}),
    loadAverage: loadavg()[0]!,
  };
  process.stderr.write(
    `${name.padEnd(17)} ${mode.padEnd(6)} ×${String(connections).padEnd(4)} ${measurement.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${measurement.p50Ms.toFixed(3)} ms  p99 ${measurement.p99Ms.toFixed(3)} ms  errors ${measurement.errors}  load ${measurement.loadAverage.toFixed(2)}\n`,
  );
  return measurement;
}

function countLines(file: string | undefined): number | undefined {
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '').length;
  } catch {
    return undefined;
  }
}

function firstErrorLine(file: string | undefined): string | undefined {
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8').split('\n').find((line) => /\bError\b/.test(line))?.slice(0, 300);
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const stub = await startStub();
  const measurements: Measurement[] = [];
  const facts: Record<string, unknown> = {};
  for (const name of targets) {
    const target = await startTarget(name, stub);
    try {
      for (const connections of connectionCounts) measurements.push(await measure(name, target, 'whole', connections));
      measurements.push(await measure(name, target, 'stream', 1));
    } finally {
      const stopped = await target.stop();
      const served = measurements.filter((m) => m.target === name).reduce((sum, m) => sum + m.requests, 0);
      const logLines = countLines(target.logFile);
      const loggedError = firstErrorLine(target.logFile);
      facts[name] = {
        ...stopped,
        ...(logLines !== undefined ? { logLines, measuredRequests: served } : {}),
        ...(loggedError ? { firstLoggedError: loggedError } : {}),
      };
    }
  }
  await stopChild(stub.child);

  const comparisons = compare(measurements);
  const checks = checkTargets(comparisons);
  const date = new Date().toISOString().slice(0, 10);
  const environment = {
    ...runEnvironment(),
    'load average (1/5/15 min) at end': loadavg().map((load) => load.toFixed(2)).join(' / '),
    'measured seconds per phase (after warm-up)': `${seconds} (warm-up ${warmupSeconds})`,
    'request': `POST /v1/chat/completions, ${Buffer.byteLength(GATEWAY_PROMPT)}-byte French user message with 2 names, an e-mail, a phone, an IBAN, a SIRET`,
    'Portkey': `@portkey-ai/gateway ${portkeyVersion()} (node build/start-server.js --headless, NODE_ENV=production)`,
    'Rempart': 'startServer() as `rempart serve` runs it: API key auth, rate limiter (high limits), default shield policy, write-ahead hash-chained audit, logs at info to a file',
  };
  const notes = [
    'The machine has 2 cores shared by every process of the run (stub, server, load generator) and by other users: read the load average next to each figure. At 200 connections the load generator competes with the server for the same cores.',
    'Server CPU ms/request: user + system CPU time of the server process over the phase (warm-up included) divided by the requests served in it; less sensitive to other users than wall-clock figures.',
    ...(measurements.some((m) => m.target === 'portkey' && m.mode === 'stream' && m.errors > 0)
      ? ['Portkey streams failed (HTTP 500 "Something went wrong"; its log says `TypeError: immutable` in updateHeaders): a known bug of @portkey-ai/gateway on Node (Portkey-AI/gateway issues #1389, #1550), not of the stub; its TTFT could not be measured.']
      : []),
    ...Object.entries(facts).map(([name, value]) => `${TARGET_LABELS[name as TargetName]}: ${JSON.stringify(value)}`),
  ];
  const markdown = renderMarkdown({ date, environment, measurements, comparisons, checks, notes });
  console.log('\n' + markdown);
  if (write) {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const json = JSON.stringify({ date, environment, measurements, comparisons, targets: checks, facts, prompt: GATEWAY_PROMPT }, null, 1) + '\n';
    for (const stem of [`gateway-${date}`, 'gateway-latest']) {
      writeFileSync(join(RESULTS_DIR, `${stem}.md`), markdown);
      writeFileSync(join(RESULTS_DIR, `${stem}.json`), json);
    }
    console.log(`wrote ${join(RESULTS_DIR, `gateway-${date}.md`)} (+ .json, gateway-latest.*)`);
  }
}

try {
  await main();
} finally {
  for (const child of children) await stopChild(child);
  rmSync(scratch, { recursive: true, force: true });
}
