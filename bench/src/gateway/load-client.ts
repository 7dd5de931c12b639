/**
 * The load generator (a child process of the benchmark, so it never shares an event loop with
 * a server): `connections` concurrent request loops over one undici keep-alive pool, for a
 * warm-up then a measured period, each bounded in time and in request count. Latencies are
 * kept as exact floats (ms), not histogram buckets: the targets are about fractions of a ms.
 *
 * whole:  latency of a non-streamed request (sent → whole body read).
 * stream: time to the first content token (sent → first SSE event with non-empty content)
 *         and to the end of the stream.
 */
import { Pool } from 'undici';

export interface LoadJob {
  url: string;
  headers: Record<string, string>;
  body: string;
  mode: 'whole' | 'stream';
  connections: number;
  warmupSeconds: number;
  seconds: number;
  /** Hard bound on measured requests (the loop also stops at `seconds`). */
  maxRequests: number;
}

export interface LoadResult {
  connections: number;
  mode: LoadJob['mode'];
  requests: number;
  errors: number;
  /** First failure seen (status and the first bytes of the body), to tell a broken target from a slow one. */
  firstError?: string;
  elapsedSeconds: number;
  requestsPerSecond: number;
  /** Ascending, ms: whole-response latency (whole) or time to the first token (stream). */
  latenciesMs: number[];
  /** Stream only, ascending, ms: time to the end of the stream. */
  totalMs?: number[];
}

const CONTENT_STARTED = /"content":"[^"]/;

async function run(job: LoadJob): Promise<LoadResult> {
  const url = new URL(job.url);
  const pool = new Pool(url.origin, { connections: job.connections, pipelining: 1, keepAliveTimeout: 60_000 });
  const path = url.pathname + url.search;
  let measuring = false;
  const latencies: number[] = [];
  const totals: number[] = [];
  let errors = 0;
  let firstError: string | undefined;

  const one = async (): Promise<void> => {
    const started = performance.now();
    let firstToken: number | undefined;
    let status = 0;
    let text = '';
    try {
      const response = await pool.request({ method: 'POST', path, headers: job.headers, body: job.body });
      status = response.statusCode;
      if (job.mode === 'stream') {
        response.body.setEncoding('utf8');
        for await (const piece of response.body as AsyncIterable<string>) {
          text += piece;
          if (firstToken === undefined && CONTENT_STARTED.test(text)) firstToken = performance.now();
        }
      } else {
        text = await response.body.text();
      }
    } catch (error) {
      text = String((error as Error).message);
    }
    const ended = performance.now();
    const ok = status === 200 && (job.mode === 'whole' ? text.includes('"choices"') : firstToken !== undefined && text.includes('[DONE]'));
    if (!measuring) return;
    if (!ok) {
      errors++;
      firstError ??= `HTTP ${status}: ${text.slice(0, 300)}`;
      return;
    }
    latencies.push((firstToken ?? ended) - started);
    if (job.mode === 'stream') totals.push(ended - started);
  };

  const loops = async (until: number, budget: { left: number }): Promise<void> => {
    await Promise.all(
      Array.from({ length: job.connections }, async () => {
        while (performance.now() < until && budget.left-- > 0) await one();
      }),
    );
  };

  await loops(performance.now() + job.warmupSeconds * 1000, { left: Number.POSITIVE_INFINITY });
  measuring = true;
  const started = performance.now();
  await loops(started + job.seconds * 1000, { left: job.maxRequests });
  const elapsedSeconds = (performance.now() - started) / 1000;
  measuring = false;
  await pool.close();
  latencies.sort((a, b) => a - b);
  totals.sort((a, b) => a - b);
  return {
    connections: job.connections,
    mode: job.mode,
    requests: latencies.length,
    errors,
    ...(firstError !== undefined ? { firstError } : {}),
    elapsedSeconds,
    requestsPerSecond: latencies.length / elapsedSeconds,
    latenciesMs: latencies,
    ...(job.mode === 'stream' ? { totalMs: totals } : {}),
  };
}

process.once('message', (job: LoadJob) => {
  // Stops by itself even if a target hangs: the run's own bound plus a margin.
  const guard = setTimeout(() => process.exit(3), (job.warmupSeconds + job.seconds) * 1000 + 60_000);
  guard.unref();
  run(job).then(
    (result) => process.send!(result, () => process.exit(0)),
    (error: unknown) => {
      process.send!({ failed: String(error) }, () => process.exit(1));
    },
  );
});
process.on('disconnect', () => process.exit(0));
