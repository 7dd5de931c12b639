/**
 * The assembled product as `npm start` gives it: no provider configured, the built-in offline
 * model, an admin bootstrapped from the environment. Checks the foundation's side of the
 * gateway wiring: authentication, audit trail (write-ahead + completion, chained, no values),
 * limits, metrics, the body limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../src/audit/verify.ts';
import { backendNames, postgresEnabled } from './support/databases.ts';
import { startTestApp, type TestApp } from './support/test-app.ts';

const adminKey = 'rk_' + 'GatewayWiringKey_'.repeat(2);
const plantedName = 'Marie Dupont';
const plantedEmail = 'marie.dupont@example.fr';

describe.each(backendNames)('gateway wired into the app on %s', (backend) => {
  const skip = backend === 'postgres' && !postgresEnabled;
  let testApp: TestApp;
  beforeAll(async () => {
    if (skip) return;
    testApp = await startTestApp(backend, {
      configYaml: 'server:\n  bodyLimitBytes: 65536\nlimits:\n  requestsPerMinute: { perKey: 5 }\n',
      environment: { REMPART_BOOTSTRAP_ADMIN_EMAIL: 'admin@example.org', REMPART_BOOTSTRAP_API_KEY: adminKey },
    });
  });
  afterAll(async () => {
    await testApp?.close();
  });

  const post = (path: string, body: unknown, key: string | undefined = adminKey) =>
    fetch(`${testApp.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it.skipIf(skip)('lists the offline model to the bootstrapped admin; refuses a missing or unknown key in OpenAI shape', async () => {
    const models = await fetch(`${testApp.url}/v1/models`, { headers: { authorization: `Bearer ${adminKey}` } });
    expect(models.status).toBe(200);
    expect(JSON.stringify(await models.json())).toContain('rempart-offline');

    const missing = await fetch(`${testApp.url}/v1/models`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: { code: 'missing_api_key', message: expect.any(String) } });
    const unknown = await fetch(`${testApp.url}/v1/models`, { headers: { authorization: `Bearer rk_${'u'.repeat(43)}` } });
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toMatchObject({ error: { code: 'unknown_api_key' } });
  });

  it.skipIf(skip)('answers a chat request and leaves a chained audit trail with categories, not values', async () => {
    const before = await verifyAuditChain(testApp.services.db);
    const response = await post('/v1/chat/completions', {
      model: 'rempart-offline',
      messages: [{ role: 'user', content: `Écris à ${plantedName} (${plantedEmail}) au sujet du contrat.` }],
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-rempart-request-id')).toBeTruthy();
    const answer = (await response.json()) as { choices: { message: { content: string } }[] };
    expect(answer.choices[0]?.message.content.length).toBeGreaterThan(0);

    // The completion record is written after the answer (with the next audited statement, or
    // shortly after): wait for it, bounded.
    let after = await verifyAuditChain(testApp.services.db);
    for (let waited = 0; after.checkedRows < before.checkedRows + 2 && waited < 100; waited++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      after = await verifyAuditChain(testApp.services.db);
    }
    expect(after.ok).toBe(true);
    expect(after.checkedRows).toBeGreaterThanOrEqual(before.checkedRows + 2);
    const rows = await testApp.services.db.query<{ kind: string; refers_to: unknown; details: unknown; id: unknown }>(
      'SELECT id, kind, refers_to, details FROM audit_log WHERE id > $1 ORDER BY id',
      [before.checkedRows],
    );
    const request = rows.rows.find((row) => row.kind === 'request');
    expect(request).toBeDefined();
    const completion = rows.rows.find((row) => row.kind === 'completion');
    expect(Number(completion?.refers_to)).toBe(Number(request!.id));
    const trail = JSON.stringify(rows.rows);
    expect(trail).toContain('EMAIL');
    expect(trail).not.toContain(plantedEmail);
    expect(trail).not.toContain('Dupont');
  });

  it.skipIf(skip)('enforces the body limit (413) and the per-key rate limit (429 with retry-after)', async () => {
    const tooBig = await post('/v1/chat/completions', {
      model: 'rempart-offline',
      messages: [{ role: 'user', content: 'x'.repeat(70_000) }],
    });
    expect(tooBig.status).toBe(413);

    let limited: Response | undefined;
    for (let attempt = 0; attempt < 8 && !limited; attempt++) {
      const response = await fetch(`${testApp.url}/v1/models`, { headers: { authorization: `Bearer ${adminKey}` } });
      if (response.status === 429) limited = response;
    }
    expect(limited?.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await limited!.json()).toMatchObject({ error: { type: expect.any(String) } });
  });

  it.skipIf(skip)('counts gateway requests and entities in /metrics, and never logs the prompt or the key', async () => {
    const metrics = await (await fetch(`${testApp.url}/metrics`)).text();
    expect(metrics).toMatch(/rempart_entities_detected_total\{type="EMAIL"\} [1-9]/);
    const logs = testApp.logLines.join('');
    expect(logs).not.toContain(plantedEmail);
    expect(logs).not.toContain(adminKey);
  });
});
