import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/index.ts';

// The issue documents providers and models as lists (`- id: …`, `- name: …`); the map form is
// accepted too. Both must give the same configuration.
describe('rempart.yaml providers/models list form', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rempart-config-'));

  it('accepts the documented list form, with ${ENV} interpolation', () => {
    const path = join(dir, 'list.yaml');
    writeFileSync(
      path,
      [
        'providers:',
        '  - id: onprem',
        '    type: openai',
        '    baseUrl: http://127.0.0.1:11434/v1',
        '    apiKey: ${ONPREM_KEY}',
        '    location: on-premise',
        'models:',
        '  - name: assistant',
        '    provider: onprem',
        '    upstreamModel: mistral-small',
        '',
      ].join('\n'),
    );
    const config = loadConfig({ path, environment: { ONPREM_KEY: 'sk-local' } });
    expect(Object.keys(config.providers)).toEqual(['onprem']);
    expect(config.providers.onprem).toMatchObject({ type: 'openai', apiKey: 'sk-local', location: 'on-premise' });
    expect(config.models.assistant).toMatchObject({ provider: 'onprem', upstreamModel: 'mistral-small' });
  });

  it('names the bad item when an id is missing or duplicated', () => {
    const path = join(dir, 'bad.yaml');
    writeFileSync(
      path,
      'providers:\n  - type: openai\n    baseUrl: http://127.0.0.1:1/v1\n    location: eu\nmodels:\n  - { name: a, provider: x }\n  - { name: a, provider: x }\n',
    );
    expect(() => loadConfig({ path, environment: {} })).toThrow(ConfigError);
    expect(() => loadConfig({ path, environment: {} })).toThrow(/providers\.0\.id/);
  });
});
