/**
 * Quotas administrators edit (contract C): GET (admin + dpo) / PUT (admin) /api/admin/quotas,
 * stored in workspace_settings, audited, and applied by the limiter to the next /v1 request —
 * on this instance at once, on another instance within its refresh period. Both databases.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/audit/verify.ts';
import { buildApp } from '../../src/app.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { openServices, type ServerServices } from '../../src/services.ts';
import { backendNames, postgresEnabled } from '../support/databases.ts';
import { addPerson, startWorkspace, type Workspace } from './support/workspace.ts';

const CONFIG_DEFAULTS = { requestsPerMinute: { perUser: 600, perKey: null }, tokensPerDay: { perUser: null, perKey: null } };

function quotas(perUserRpm: number | null, extra: { perKeyRpm?: number | null; perUserTokens?: number | null; perKeyTokens?: number | null } = {}) {
  return {
    requestsPerMinute: { perUser: perUserRpm, perKey: extra.perKeyRpm ?? null },
    tokensPerDay: { perUser: extra.perUserTokens ?? null, perKey: extra.perKeyTokens ?? null },
  };
}

/** A fresh minute with at least `seconds` left, so a few requests fall in one rate-limit window. */
async function minuteWithRoomFor(seconds: number): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < seconds * 1000) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

function chat(baseUrl: string, key: string): Promise<Response> {
  return fetch(`${baseUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ model: 'rempart-offline', messages: [{ role: 'user', content: 'Bonjour' }] }),
  });
}

describe.each(backendNames)('editable quotas on %s', (backend) => {
  const skip = backend === 'postgres' && !postgresEnabled;
  let workspace: Workspace;

  beforeAll(async () => {
    if (skip) return;
    workspace = await startWorkspace(backend);
  });
  afterAll(async () => {
    await workspace?.app.close();
  });

  it.skipIf(skip)('reads the configuration’s limits until an admin sets quotas; the dpo reads, only the admin writes', async () => {
    const { admin, dpo, user } = workspace;
    for (const reader of [admin, dpo]) {
      const read = await reader.client.get('/api/admin/quotas');
      expect(read.status).toBe(200);
      expect(read.body).toEqual({ ...CONFIG_DEFAULTS, source: 'config', updatedAt: null });
    }
    expect((await user.client.get('/api/admin/quotas')).status).toBe(403);

    const refused = await dpo.client.put('/api/admin/quotas', quotas(100));
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    expect((await user.client.put('/api/admin/quotas', quotas(100))).status).toBe(403);
    expect((await admin.client.get('/api/admin/quotas')).body.source).toBe('config'); // nothing stored

    const set = await admin.client.put('/api/admin/quotas', quotas(100, { perKeyRpm: 50, perUserTokens: 200_000 }));
    expect(set.status).toBe(200);
    expect(set.body).toEqual({
      requestsPerMinute: { perUser: 100, perKey: 50 },
      tokensPerDay: { perUser: 200_000, perKey: null },
      source: 'database',
      updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect((await dpo.client.get('/api/admin/quotas')).body).toEqual(set.body);

    const audit = await workspace.app.services.db.query<{ user_id: string; details: Record<string, unknown> }>(
      `SELECT user_id, details FROM audit_log WHERE kind = 'admin' AND details->>'action' = 'quotas.updated' ORDER BY id`,
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]!.user_id).toBe(admin.id);
    expect(audit.rows[0]!.details).toMatchObject({
      via: 'api',
      requestsPerMinute: { perUser: 100, perKey: 50 },
      tokensPerDay: { perUser: 200_000, perKey: null },
      previous: { ...CONFIG_DEFAULTS, source: 'config' },
    });
    expect((await verifyAuditChain(workspace.app.services.db)).ok).toBe(true);
  });

  it.skipIf(skip)('refuses invalid quotas with 400 VALIDATION_FAILED and keeps the stored ones', async () => {
    const { admin } = workspace;
    const before = (await admin.client.get('/api/admin/quotas')).body;
    const invalid: unknown[] = [
      quotas(0),
      quotas(-5),
      quotas(2.5),
      { ...quotas(10), requestsPerMinute: { perUser: '10', perKey: null } },
      { requestsPerMinute: { perUser: 10, perKey: null } }, // tokensPerDay missing
      { ...quotas(10), tokensPerDay: { perUser: null } }, // perKey missing
      { ...quotas(10), requestsPerMinute: { perUser: 10, perKey: null, perGroup: 3 } },
      { ...quotas(10), source: 'database' },
      quotas(Number.MAX_SAFE_INTEGER + 2),
      [],
      '"unlimited"',
    ];
    for (const body of invalid) {
      const response = await admin.client.put('/api/admin/quotas', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    }
    expect((await admin.client.get('/api/admin/quotas')).body).toEqual(before);
  });

  it.skipIf(skip)('a lower per-user rate set through the API holds from the next /v1 request (third request → 429)', async () => {
    const { admin, app } = workspace;
    const person = await addPerson(app, `rate-${backend}@example.org`, 'user');
    expect((await admin.client.put('/api/admin/quotas', quotas(2))).status).toBe(200);
    await minuteWithRoomFor(10);
    expect((await chat(app.url, person.apiKey)).status).toBe(200);
    expect((await chat(app.url, person.apiKey)).status).toBe(200);
    const third = await chat(app.url, person.apiKey);
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await third.json()).toMatchObject({
      error: { type: 'rate_limit_error', code: 'rate_limit_exceeded', message: expect.stringContaining('2 requests per minute per user') },
    });

    // Raised again (null = no limit): the very next request passes.
    expect((await admin.client.put('/api/admin/quotas', quotas(null))).status).toBe(200);
    expect((await chat(app.url, person.apiKey)).status).toBe(200);
    expect((await admin.client.put('/api/admin/quotas', CONFIG_DEFAULTS)).status).toBe(200);
  });

  it.skipIf(skip)('a per-user token quota set through the API refuses the user once today’s tokens reach it', async () => {
    const { admin, app } = workspace;
    const person = await addPerson(app, `tokens-${backend}@example.org`, 'user');
    expect((await chat(app.url, person.apiKey)).status).toBe(200);
    expect((await admin.client.put('/api/admin/quotas', quotas(600, { perUserTokens: 1_000 }))).status).toBe(200);
    // The offline model reports no usage: the tokens a provider would have reported are
    // counted as the gateway counts them, after an answer.
    await app.services.limiter.recordTokens({ userId: person.id, email: person.email, role: 'user', groups: [] }, 1_000);
    const refused = await chat(app.url, person.apiKey);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({
      error: { code: 'insufficient_quota', message: expect.stringContaining('1000 tokens per day per user') },
    });
    expect((await admin.client.put('/api/admin/quotas', quotas(600, { perUserTokens: 5_000 }))).status).toBe(200);
    expect((await chat(app.url, person.apiKey)).status).toBe(200); // raised: allowed again at once
    expect((await admin.client.put('/api/admin/quotas', CONFIG_DEFAULTS)).status).toBe(200);
  });

  // PGlite is one process per data folder; several instances share a PostgreSQL database.
  it.skipIf(skip || backend !== 'postgres')('another instance applies quotas changed elsewhere within its refresh period', async () => {
    const { admin, app } = workspace;
    let other: { services: ServerServices; close(): Promise<void>; url: string } | undefined;
    try {
      const services = await openServices(app.config, {
        logger: createLogger({ level: 'silent' }),
        environment: { REMPART_SECRET_KEY: randomBytes(32).toString('base64') },
      });
      const otherApp = await buildApp({ config: app.config, services });
      await otherApp.listen({ host: '127.0.0.1', port: 0 });
      const address = otherApp.server.address();
      other = {
        services,
        url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
        close: async () => {
          await otherApp.close();
          await services.close();
        },
      };
      const probe = await addPerson(app, 'probe@example.org', 'user');
      const person = await addPerson(app, 'elsewhere@example.org', 'user');

      expect((await admin.client.put('/api/admin/quotas', quotas(2))).status).toBe(200); // through the first instance
      // The other instance picks the change up on its own refresh (every 2 s): a probe's
      // requests there are refused once it has (bounded wait).
      const started = Date.now();
      let applied = false;
      while (!applied && Date.now() - started < 10_000) {
        applied = (await chat(other.url, probe.apiKey)).status === 429;
        if (!applied) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(applied).toBe(true);
      expect(Date.now() - started).toBeLessThan(10_000);

      await minuteWithRoomFor(10);
      expect((await chat(other.url, person.apiKey)).status).toBe(200);
      expect((await chat(app.url, person.apiKey)).status).toBe(200); // counted across instances (database counters)
      const third = await chat(other.url, person.apiKey);
      expect(third.status).toBe(429);
      expect(await third.json()).toMatchObject({ error: { code: 'rate_limit_exceeded' } });
    } finally {
      await other?.close();
      await admin.client.put('/api/admin/quotas', CONFIG_DEFAULTS);
    }
  });
});
