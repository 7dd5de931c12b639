/**
 * The real Rempart server for browser tests: buildApp on a temporary embedded database, an
 * administrator bootstrapped from the environment (password + API key), and two models served
 * by a stub OpenAI-compatible upstream on loopback (one outside the EU, one on-premise).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { buildApp, loadConfig, openServices, type RempartConfig } from '../../packages/server/src/index.ts';
import { createLogger } from '../../packages/server/src/observability/logger.ts';

export const ADMIN_EMAIL = 'admin@rempart.test';
export const ADMIN_PASSWORD = 'correct horse battery staple';
export const ADMIN_API_KEY = `rk_${randomBytes(24).toString('hex')}`;
export const CLOUD_MODEL = 'gpt-cloud';
export const LOCAL_MODEL = 'local-llm';

export interface RunningRempart {
  url: string;
  /** Every log line at warn level and above, raw JSON (the first-start setup link is one). */
  logLines: string[];
  /** JSON call to /api with the administrator's API key (seeding users, charter…). */
  adminApi<T>(method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

export async function startRempart(options: { upstreamUrl: string; bootstrapAdmin?: boolean }): Promise<RunningRempart> {
  const bootstrapAdmin = options.bootstrapAdmin ?? true;
  const dataDir = mkdtempSync(join(tmpdir(), 'rempart-e2e-'));
  const configPath = join(dataDir, 'rempart.yaml');
  writeFileSync(
    configPath,
    [
      'providers:',
      `  cloud: { type: openai, baseUrl: '${options.upstreamUrl}/v1', apiKey: stub-key, location: non-eu }`,
      `  onprem: { type: openai, baseUrl: '${options.upstreamUrl}/v1', location: on-premise }`,
      'models:',
      `  ${CLOUD_MODEL}: { provider: cloud }`,
      `  ${LOCAL_MODEL}: { provider: onprem }`,
      '',
    ].join('\n'),
  );
  const environment: Record<string, string> = {
    REMPART_SECRET_KEY: randomBytes(32).toString('base64'),
    ...(bootstrapAdmin
      ? { REMPART_BOOTSTRAP_ADMIN_EMAIL: ADMIN_EMAIL, REMPART_BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD, REMPART_BOOTSTRAP_API_KEY: ADMIN_API_KEY }
      : {}),
  };
  const loaded = loadConfig({ path: configPath, environment });
  const config: RempartConfig = { ...loaded, dataDir, server: { ...loaded.server, host: '127.0.0.1', port: 0 } };
  const logLines: string[] = [];
  const logger = createLogger({
    level: 'warn',
    destination: new Writable({
      write(line, _encoding, done) {
        logLines.push(String(line));
        if (process.env.E2E_SERVER_LOGS) process.stderr.write(String(line));
        done();
      },
    }),
  });
  const services = await openServices(config, { environment, logger });
  // The workspace API reads the bootstrap password from the process environment at start.
  const previousPassword = process.env.REMPART_BOOTSTRAP_ADMIN_PASSWORD;
  if (bootstrapAdmin) process.env.REMPART_BOOTSTRAP_ADMIN_PASSWORD = ADMIN_PASSWORD;
  else delete process.env.REMPART_BOOTSTRAP_ADMIN_PASSWORD;
  const app = await buildApp({ config, services });
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
  } finally {
    if (previousPassword === undefined) delete process.env.REMPART_BOOTSTRAP_ADMIN_PASSWORD;
    else process.env.REMPART_BOOTSTRAP_ADMIN_PASSWORD = previousPassword;
  }
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  return {
    url,
    logLines,
    async adminApi<T>(method: string, path: string, body?: unknown): Promise<T> {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN_API_KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    },
    async close() {
      await app.close();
      await services.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
