/**
 * Rempart as a benchmark target (a child process, like `rempart serve`): the real app
 * (`startServer`: API key auth, rate limiter, shield with the default policy, hash-chained
 * write-ahead audit, metrics) on embedded PGlite in a temporary folder, or on PostgreSQL in a
 * schema of its own created here and dropped at the end. Logs go to stdout at the configured
 * level (info by default, as in production); the parent sends them to a file.
 *
 * IPC: sends `{ url, apiKey }` once listening; on `'stop'`, closes the server, verifies the
 * audit chain, sends `{ auditRecords, chainOk }`, cleans up and exits.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig, openServices, startServer, verifyAuditChain } from '@rempart/server';

export interface RempartTargetOptions {
  backend: 'pglite' | 'postgres';
  upstreamUrl: string;
  postgresUrl: string;
}

export const BENCH_API_KEY = `rk_${'bench'.repeat(8)}`;

async function main(options: RempartTargetOptions): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'rempart-gateway-bench-'));
  const schema = `rempart_bench_${randomBytes(5).toString('hex')}`;
  const admin = async (sql: string): Promise<void> => {
    const client = new pg.Client({ connectionString: options.postgresUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  if (options.backend === 'postgres') await admin(`CREATE SCHEMA "${schema}"`);
  const database = options.backend === 'postgres' ? `database: { url: "${options.postgresUrl}", schema: ${schema} }` : `database: { url: "pglite:${join(scratch, 'pglite')}" }`;
  const configPath = join(scratch, 'rempart.yaml');
  // High request limits: the limiter runs (counts every request) but never refuses one.
  writeFileSync(
    configPath,
    [
      `dataDir: ${scratch}`,
      database,
      'server: { host: 127.0.0.1, port: 0 }',
      'providers:',
      `  stub: { type: openai, baseUrl: "${options.upstreamUrl}/v1", location: eu }`,
      'models:',
      '  bench: { provider: stub }',
      'limits:',
      '  requestsPerMinute: { perKey: 100000000, perUser: 100000000 }',
      '',
    ].join('\n'),
  );
  const environment = {
    ...process.env,
    REMPART_SECRET_KEY: randomBytes(32).toString('base64'),
    REMPART_BOOTSTRAP_ADMIN_EMAIL: 'bench@example.org',
    REMPART_BOOTSTRAP_API_KEY: BENCH_API_KEY,
  };
  const config = loadConfig({ path: configPath, environment });
  const services = await openServices(config, { environment });
  const server = await startServer({ config, services });
  process.send!({ url: server.url, apiKey: BENCH_API_KEY });

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await server.close();
    await services.auditLog.flush();
    const chain = await verifyAuditChain(services.db);
    await services.close();
    if (options.backend === 'postgres') await admin(`DROP SCHEMA "${schema}" CASCADE`);
    rmSync(scratch, { recursive: true, force: true });
    if (process.connected) process.send!({ auditRecords: chain.checkedRows, chainOk: chain.ok }, () => process.exit(0));
    else process.exit(0);
  };
  process.once('message', () => void stop());
  // The benchmark died: clean up (drop the schema, remove the folder) and go.
  process.once('disconnect', () => void stop());
}

const options = JSON.parse(process.argv[2]!) as RempartTargetOptions;
main(options).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
