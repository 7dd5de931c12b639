/**
 * A real app on a real database (PGlite or PostgreSQL), listening on 127.0.0.1:0, with its
 * logs captured so tests can assert what they contain (and what they never contain).
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { buildApp } from '../../src/app.ts';
import { loadConfig, type RempartConfig } from '../../src/config/load-config.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { openServices, type ServerServices } from '../../src/services.ts';
import { createTestDatabase, type BackendName, type TestDatabase } from './databases.ts';

export interface TestApp {
  url: string;
  services: ServerServices;
  config: RempartConfig;
  /** Every log line written so far, raw JSON text. */
  logLines: string[];
  close(): Promise<void>;
}

export async function startTestApp(
  backend: BackendName,
  options: { configYaml?: string; environment?: Record<string, string> } = {},
): Promise<TestApp> {
  const testDb: TestDatabase = await createTestDatabase(backend, { migrate: false });
  // The services open their own connection to the same database; close the harness's first
  // (PGlite folders are single-process, single-open).
  await testDb.db.close();
  const configPath = join(testDb.scratchDir, 'rempart.yaml');
  writeFileSync(configPath, options.configYaml ?? '');
  const environment = { REMPART_SECRET_KEY: randomBytes(32).toString('base64'), ...options.environment };
  const loaded = loadConfig({ path: configPath, environment });
  const config: RempartConfig = {
    ...loaded,
    dataDir: testDb.scratchDir,
    server: { ...loaded.server, host: '127.0.0.1', port: 0 },
    database: { ...loaded.database, url: testDb.location.url, schema: testDb.location.schema },
  };
  const logLines: string[] = [];
  const logger = createLogger({
    level: 'info',
    destination: new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    }),
  });
  const services = await openServices(config, { logger, environment });
  const app = await buildApp({ config, services });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    services,
    config,
    logLines,
    close: async () => {
      await app.close();
      await services.close();
      await testDb.dispose();
    },
  };
}
