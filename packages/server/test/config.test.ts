import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_POLICY } from '@rempart/shield';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/load-config.ts';
import { interpolateEnvironment } from '../src/config/interpolate.ts';

const folder = mkdtempSync(join(tmpdir(), 'rempart-config-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function writeConfig(name: string, text: string): string {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

function configError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('without a file: embedded defaults (PGlite in ./data, port 8080, 10 MB bodies, default policy)', () => {
    const emptyFolder = mkdtempSync(join(folder, 'empty-'));
    const config = loadConfig({ cwd: emptyFolder, environment: {} });
    expect(config.sourcePath).toBeUndefined();
    expect(config.server).toMatchObject({ host: '127.0.0.1', port: 8080, bodyLimitBytes: 10 * 1024 * 1024 });
    expect(config.dataDir).toBe(join(emptyFolder, 'data'));
    expect(config.database.url).toBeUndefined();
    expect(config.policy).toEqual(DEFAULT_POLICY);
    expect(config.access.defaultModels).toEqual(['*']);
    expect(config.limits.requestsPerMinute).toEqual({ perUser: 600 });
  });

  it('reads a file with ${ENV} interpolation, defaults, and paths relative to the file', () => {
    writeFileSync(join(folder, 'policy.yaml'), 'default: mask\nrules: { EMAIL: allow }\n');
    const path = writeConfig(
      'full.yaml',
      `server:
  port: \${PORT}
  bodyLimitBytes: 2048
database:
  url: \${DB_URL:-postgres://localhost/rempart}
dataDir: ./state
policy: ./policy.yaml
limits:
  requestsPerMinute: { perKey: 10 }
  tokensPerDay: { perUser: 50000 }
  perRequest: { maxMessages: 50 }
groups:
  legal: { models: [mistral-small, local-llama] }
providers:
  local: { type: openai, baseUrl: 'http://127.0.0.1:8000/v1', location: on-premise }
models:
  mistral-small: { provider: local }
`,
    );
    const config = loadConfig({ path, environment: { PORT: '9090' } });
    expect(config.server.port).toBe(9090);
    expect(config.server.bodyLimitBytes).toBe(2048);
    expect(config.database.url).toBe('postgres://localhost/rempart');
    expect(config.dataDir).toBe(join(folder, 'state'));
    expect(config.policy).toMatchObject({ default: 'mask', rules: { EMAIL: 'allow' } });
    expect(config.limits.requestsPerMinute).toEqual({ perKey: 10 });
    expect(config.limits.tokensPerDay).toEqual({ perUser: 50000 });
    expect(config.groups.legal?.models).toEqual(['mistral-small', 'local-llama']);
    expect(config.providers.local).toMatchObject({ type: 'openai', location: 'on-premise' });
    expect(config.models['mistral-small']).toMatchObject({ provider: 'local' });
    expect(config.limits.perRequest).toEqual({ maxMessages: 50 });
  });

  it('takes an inline policy, and environment fallbacks for the database and the bootstrap admin', () => {
    const path = writeConfig('inline.yaml', 'policy:\n  default: redact\n');
    const config = loadConfig({
      path,
      environment: {
        DATABASE_URL: 'postgres://db/rempart',
        REMPART_BOOTSTRAP_ADMIN_EMAIL: 'admin@example.org',
        REMPART_BOOTSTRAP_API_KEY: 'rk_' + 'x'.repeat(40),
      },
    });
    expect(config.policy.default).toBe('redact');
    expect(config.database.url).toBe('postgres://db/rempart');
    expect(config.bootstrap).toEqual({ adminEmail: 'admin@example.org', apiKey: 'rk_' + 'x'.repeat(40) });
  });

  it('names the bad field in its errors', () => {
    expect(configError(() => loadConfig({ path: writeConfig('port.yaml', 'server:\n  port: eighty\n'), environment: {} }))).toMatch(
      /port\.yaml: invalid configuration — server\.port: /,
    );
    expect(configError(() => loadConfig({ path: writeConfig('unknown.yaml', 'server:\n  prot: 80\n'), environment: {} }))).toMatch(
      /server: unknown field\(s\) 'prot'/,
    );
    expect(configError(() => loadConfig({ path: writeConfig('top.yaml', 'sevrer: {}\n'), environment: {} }))).toMatch(
      /\(root\): unknown field\(s\) 'sevrer'/,
    );
    expect(configError(() => loadConfig({ path: writeConfig('env.yaml', 'database:\n  url: ${NOPE}\n'), environment: {} }))).toMatch(
      /database\.url: environment variable NOPE is not set/,
    );
    expect(
      configError(() => loadConfig({ path: writeConfig('policy-bad.yaml', 'policy:\n  rules: { NOT_A_TYPE: mask }\n'), environment: {} })),
    ).toMatch(/policy: .*NOT_A_TYPE/);
    expect(configError(() => loadConfig({ path: writeConfig('yaml.yaml', 'server: [unclosed\n'), environment: {} }))).toMatch(
      /not valid YAML/,
    );
    expect(configError(() => loadConfig({ path: join(folder, 'missing.yaml'), environment: {} }))).toMatch(/no such file/);
    expect(
      configError(() =>
        loadConfig({ path: writeConfig('models.yaml', 'models:\n  chat: { provider: nowhere }\n'), environment: {} }),
      ),
    ).toMatch(/models\.chat\.provider: no provider named 'nowhere'/);
    expect(
      configError(() => loadConfig({ path: writeConfig('limit.yaml', 'limits:\n  requestsPerMinute: { perKey: -1 }\n'), environment: {} })),
    ).toMatch(/limits\.requestsPerMinute\.perKey/);
  });
});

describe('interpolateEnvironment', () => {
  it('replaces references inside strings, in lists and nested mappings, with defaults', () => {
    expect(
      interpolateEnvironment({ a: ['x-${A}-y', { b: '${B:-fallback}' }], n: 3 }, { A: '1' }),
    ).toEqual({ a: ['x-1-y', { b: 'fallback' }], n: 3 });
  });
});
