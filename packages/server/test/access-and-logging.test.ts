import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../src/auth/actor.ts';
import { createModelAccess } from '../src/auth/model-access.ts';
import { createLogger } from '../src/observability/logger.ts';

const actor = (groups: string[], keyAllowedModels?: string[]): Actor => ({
  userId: 'u',
  email: 'u@example.org',
  role: 'user',
  groups,
  ...(keyAllowedModels ? { keyAllowedModels } : {}),
});

describe('model access', () => {
  const access = createModelAccess({
    groups: { legal: { models: ['local'] }, engineering: { models: ['local', 'code'] }, admins: { models: ['*'] } },
    defaultModels: ['local', 'general'],
  });
  const models = ['local', 'code', 'general', 'premium'];

  it('is the union of the configured groups of the user', () => {
    expect(access.filter(actor(['legal']), models)).toEqual(['local']);
    expect(access.filter(actor(['legal', 'engineering']), models)).toEqual(['local', 'code']);
    expect(access.filter(actor(['admins']), models)).toEqual(models);
  });

  it('falls back to the default list when none of the groups is configured', () => {
    expect(access.filter(actor([]), models)).toEqual(['local', 'general']);
    expect(access.filter(actor(['unconfigured']), models)).toEqual(['local', 'general']);
  });

  it("is narrowed by the API key's own restriction", () => {
    expect(access.filter(actor(['engineering'], ['code', 'premium']), models)).toEqual(['code']);
    expect(access.mayUse(actor(['admins'], ['local']), 'premium')).toBe(false);
    expect(access.mayUse(actor(['admins'], ['local']), 'local')).toBe(true);
  });
});

describe('logger', () => {
  it('redacts credentials and bodies wherever pino is given them', () => {
    const lines: string[] = [];
    const logger = createLogger({
      destination: new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    });
    logger.info(
      {
        req: { headers: { authorization: 'Bearer rk_secret_value_1234567890', cookie: 'session=abc' }, body: { messages: ['Marie'] } },
        body: 'IBAN FR76 3000 6000 0112 3456 7890 189',
        messages: [{ role: 'user', content: 'Marie Dupont' }],
        model: 'local',
      },
      'request',
    );
    const output = lines.join('');
    expect(output).toContain('"model":"local"');
    for (const secret of ['rk_secret_value', 'session=abc', 'Marie', 'FR76']) expect(output).not.toContain(secret);
  });
});
