import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../src/audit/verify.ts';
import { listMigrations } from '../src/db/migrate.ts';
import { backendNames, postgresEnabled } from './support/databases.ts';
import { startTestApp, type TestApp } from './support/test-app.ts';

const bootstrapKey = 'rk_' + 'B00tstrapKey_'.repeat(3) + 'x';

describe.each(backendNames)('the app on %s', (backend) => {
  const skip = backend === 'postgres' && !postgresEnabled;
  let testApp: TestApp;
  beforeAll(async () => {
    if (skip) return;
    testApp = await startTestApp(backend, {
      environment: { REMPART_BOOTSTRAP_ADMIN_EMAIL: 'Admin@Example.org', REMPART_BOOTSTRAP_API_KEY: bootstrapKey },
    });
  });
  afterAll(async () => {
    await testApp?.close();
  });

  it.skipIf(skip)('answers /healthz and /readyz (database reachable, migrations applied)', async () => {
    const health = await fetch(`${testApp.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${testApp.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', database: backend, migrations: listMigrations().length });
  });

  it.skipIf(skip)('exposes Prometheus metrics, HTTP requests labelled by route pattern', async () => {
    await fetch(`${testApp.url}/healthz`);
    // Unknown URLs are labelled by the pattern that caught them (a catch-all, or 'unmatched'),
    // never by their raw path (unbounded label values).
    await fetch(`${testApp.url}/v1/no/such/route`);
    const response = await fetch(`${testApp.url}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/text\/plain/);
    const body = await response.text();
    expect(body).toMatch(/rempart_http_requests_total\{route="\/healthz",method="GET",status="200"\} \d+/);
    expect(body).toMatch(/rempart_http_requests_total\{route="(unmatched|\/\*|\/v1\/\*)",method="GET",status="404"\}/);
    expect(body).not.toContain('/no/such/route');
    for (const name of [
      'rempart_http_request_duration_seconds',
      'rempart_gateway_requests_total',
      'rempart_entities_detected_total',
      'rempart_blocked_requests_total',
      'rempart_provider_errors_total',
      'rempart_provider_latency_seconds',
    ]) {
      expect(body).toContain(`# TYPE ${name}`);
    }
  });

  it.skipIf(skip)('bootstrapped the admin and their key, once, and audited it', async () => {
    const actor = await testApp.services.authenticator.authenticate(`Bearer ${bootstrapKey}`);
    expect(actor).toMatchObject({ email: 'admin@example.org', role: 'admin' });
    // A second start with the same environment changes nothing.
    const { bootstrapAdmin } = await import('../src/users/bootstrap-admin.ts');
    expect(
      await bootstrapAdmin(testApp.services.db, testApp.services.auditLog, {
        adminEmail: 'admin@example.org',
        apiKey: bootstrapKey,
      }),
    ).toMatchObject({ userCreated: false, keyCreated: false });
    expect(await verifyAuditChain(testApp.services.db)).toMatchObject({ ok: true, checkedRows: 2 });
  });

  it.skipIf(skip)('never logs request bodies or credentials', async () => {
    await fetch(`${testApp.url}/healthz`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bootstrapKey}` },
      body: JSON.stringify({ secret: 'Marie Dupont FR7630006000011234567890189' }),
    });
    await fetch(`${testApp.url}/readyz`, { headers: { authorization: `Bearer ${bootstrapKey}` } });
    const logs = testApp.logLines.join('');
    // One line per request, with what it was and how it ended.
    const lines = testApp.logLines.map((line) => JSON.parse(line) as { msg: string; req?: { method: string; url: string }; res?: { statusCode: number }; responseTime?: number });
    const posted = lines.filter((line) => line.req?.method === 'POST' && line.req.url === '/healthz');
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ msg: 'request completed', res: { statusCode: 404 }, responseTime: expect.any(Number) });
    expect(lines.some((line) => line.msg === 'request completed' && line.req?.url === '/readyz' && line.res?.statusCode === 200)).toBe(true);
    expect(logs).not.toContain(bootstrapKey);
    expect(logs).not.toContain('Marie Dupont');
  });
});
