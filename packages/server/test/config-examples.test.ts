/**
 * The configuration examples people copy (deploy/rempart.yaml, the YAML blocks of
 * docs/configuration.md) must stay valid as the schema evolves.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePolicy } from '@rempart/shield';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load-config.ts';

const repository = fileURLToPath(new URL('../../../', import.meta.url));
const environment = {
  DATABASE_URL: 'postgres://rempart@127.0.0.1:5432/rempart',
  ONPREM_BASE_URL: 'http://10.0.0.12:8000/v1',
  ONPREM_KEY: 'k1',
  MISTRAL_KEY: 'k2',
  AZURE_KEY: 'k3',
  ANTHROPIC_KEY: 'k4',
};

describe('configuration examples', () => {
  it('deploy/rempart.yaml (with deploy/policy.yaml) loads', () => {
    const config = loadConfig({ path: join(repository, 'deploy/rempart.yaml'), environment });
    expect(config.database.url).toBe(environment.DATABASE_URL);
    expect(config.server.trustProxy).toBe(true);
    expect(config.policy.rules?.SECRET).toBe('block');
    expect(config.policy.destinations?.['non-eu']?.SPECIAL_CATEGORY).toBe('block');
  });

  it('every YAML block of docs/configuration.md is valid (the complete example as a config, the policy as a policy)', () => {
    const markdown = readFileSync(join(repository, 'docs/configuration.md'), 'utf8');
    const blocks = [...markdown.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    const [configBlock, policyBlock] = blocks;
    const folder = mkdtempSync(join(tmpdir(), 'rempart-config-doc-'));
    writeFileSync(join(folder, 'policy.yaml'), policyBlock!);
    writeFileSync(join(folder, 'rempart.yaml'), configBlock!);
    const config = loadConfig({ path: join(folder, 'rempart.yaml'), environment });
    expect(config.providers).toBeDefined();
    expect(() => parsePolicy(parseYaml(policyBlock!))).not.toThrow();
  });
});
