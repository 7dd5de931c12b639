/**
 * Gateway overhead benchmark (not a test): a minimal upstream answering a fixed completion,
 * the gateway in front with the shield and an audit, and a load generator in a child
 * process (so it does not share the event loop). Measures p50/p99 latency at 1 connection
 * (direct to the upstream vs through the gateway: the difference is the added latency) and
 * throughput at 50 connections.
 *
 *   npx tsx packages/server/test/support/gateway-bench.ts [--app] [--seconds 10]
 *
 * --app uses the real app (buildApp, PGlite, hash-chained audit, API key auth); default: the
 * gateway plugin with in-memory deps (the gateway's own cost).
 */
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';

const args = process.argv.slice(2);
const seconds = Number(args[args.indexOf('--seconds') + 1]) || 10;

const REQUEST = JSON.stringify({
  model: 'bench',
  messages: [
    { role: 'system', content: 'Tu es un assistant de support client. Réponds brièvement.' },
    {
      role: 'user',
      content:
        'Bonjour, je suis Jean Dupont, client depuis 2019. Mon e-mail est jean.dupont@exemple.fr et mon téléphone 06 12 34 56 78. ' +
        'Pouvez-vous vérifier le prélèvement sur mon IBAN FR76 3000 6000 0112 3456 7890 189 du mois dernier ? Merci beaucoup.',
    },
  ],
});

if (process.env.BENCH_ROLE === 'load') {
  await runLoad(process.env.BENCH_URL!, process.env.BENCH_KEY!, Number(process.env.BENCH_CONNECTIONS), Number(process.env.BENCH_SECONDS));
} else {
  await main();
}

async function main(): Promise<void> {
  const completion = JSON.stringify({
    id: 'x',
    object: 'chat.completion',
    created: 1,
    model: 'm',
    choices: [{ index: 0, message: { role: 'assistant', content: 'Bonjour <PERSONNE_1>, le prélèvement est bien passé.' }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 50, completion_tokens: 12, total_tokens: 62 },
  });
  const upstream = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(completion) });
      response.end(completion);
    });
  });
  upstream.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const providers = { up: { type: 'openai', baseUrl: `${upstreamUrl}/v1`, location: 'eu', retries: { max: 0 } } };

  let gatewayUrl: string;
  let apiKey = 'rk_test_alice';
  let close: () => Promise<void>;
  if (args.includes('--app')) {
    const { startTestApp } = await import('./test-app.ts');
    apiKey = `rk_${'b2'.repeat(20)}`;
    const app = await startTestApp('pglite', {
      configYaml: `providers:\n  up: { type: openai, baseUrl: "${upstreamUrl}/v1", location: eu, retries: { max: 0 } }\nmodels:\n  bench: { provider: up }\nlimits:\n  requestsPerMinute: { perKey: 10000000, perUser: 10000000 }\nserver:\n  logLevel: warn\n`,
      environment: { REMPART_BOOTSTRAP_ADMIN_EMAIL: 'bench@example.org', REMPART_BOOTSTRAP_API_KEY: apiKey },
    });
    gatewayUrl = app.url;
    close = () => app.close();
  } else {
    const { memoryDeps, startGateway } = await import('./gateway-harness.ts');
    const harness = await startGateway(memoryDeps({ providers, models: { bench: { provider: 'up' } } }));
    gatewayUrl = harness.url;
    close = () => harness.close();
  }

  const direct = await load(`${upstreamUrl}/v1`, apiKey, 1);
  const viaGateway1 = await load(`${gatewayUrl}/v1`, apiKey, 1);
  const viaGateway50 = await load(`${gatewayUrl}/v1`, apiKey, 50);
  console.log(JSON.stringify({ mode: args.includes('--app') ? 'real app (PGlite audit)' : 'gateway plugin, in-memory deps', seconds, direct, viaGateway1, viaGateway50 }, null, 2));
  console.log(`added latency p50 at 1 connection: ${(viaGateway1.p50Ms - direct.p50Ms).toFixed(3)} ms; throughput at 50 connections: ${viaGateway50.requestsPerSecond.toFixed(0)} req/s`);
  await close();
  upstream.close();
}

function load(url: string, key: string, connections: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL(import.meta.url).pathname, [], {
      env: { ...process.env, BENCH_ROLE: 'load', BENCH_URL: url, BENCH_KEY: key, BENCH_CONNECTIONS: String(connections), BENCH_SECONDS: String(seconds) },
      execArgv: process.execArgv,
    });
    child.once('message', (message) => resolve(message as LoadResult));
    child.once('error', reject);
  });
}

interface LoadResult {
  connections: number;
  requests: number;
  errors: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

async function runLoad(baseUrl: string, key: string, connections: number, durationSeconds: number): Promise<void> {
  const url = new URL(`${baseUrl}/chat/completions`);
  const pool = new Pool(url.origin, { connections, pipelining: 1 });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${key}` };
  const latencies: number[] = [];
  let errors = 0;
  const one = async (): Promise<void> => {
    const started = performance.now();
    const response = await pool.request({ method: 'POST', path: url.pathname, headers, body: REQUEST });
    await response.body.text();
    if (response.statusCode !== 200) errors++;
    latencies.push(performance.now() - started);
  };
  // Warm-up: connections, JIT.
  const warmUntil = performance.now() + 1_000;
  await Promise.all(Array.from({ length: connections }, async () => {
    while (performance.now() < warmUntil) await one();
  }));
  latencies.length = 0;
  errors = 0;
  const started = performance.now();
  const until = started + durationSeconds * 1000;
  await Promise.all(Array.from({ length: connections }, async () => {
    while (performance.now() < until) await one();
  }));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number): number => Number(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(3));
  const result: LoadResult = { connections, requests: latencies.length, errors, requestsPerSecond: latencies.length / elapsed, p50Ms: at(0.5), p99Ms: at(0.99) };
  await pool.close();
  process.send!(result);
  process.exit(0);
}
