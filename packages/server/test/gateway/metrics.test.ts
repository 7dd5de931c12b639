/**
 * /metrics counts what the operator must see: requests the shield blocked
 * (rempart_blocked_requests_total, by reason) and provider failures
 * (rempart_provider_errors_total, by provider and kind). Real app on PGlite, real HTTP, the
 * stub upstream answering a 500; label values are categories, never request content.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { startStubUpstream, type StubUpstream } from '../support/stub-upstream.ts';

const ADMIN_KEY = `rk_${'b2'.repeat(20)}`;
const IBAN = 'FR76 3000 6000 0112 3456 7890 189';

let stub: StubUpstream;
let app: TestApp;

beforeAll(async () => {
  stub = await startStubUpstream();
  app = await startTestApp('pglite', {
    configYaml: [
      'providers:',
      `  stub: { type: openai, baseUrl: "${stub.url}/v1", location: eu, retries: { max: 0 } }`,
      'models:',
      '  gpt-test: { provider: stub, upstreamModel: upstream-model }',
      'policy: { version: 1, default: pseudonymize, rules: { IBAN: block } }',
    ].join('\n'),
    environment: { REMPART_BOOTSTRAP_ADMIN_EMAIL: 'admin@example.org', REMPART_BOOTSTRAP_API_KEY: ADMIN_KEY },
  });
});
afterAll(async () => {
  await app?.close();
  await stub?.close();
});

async function chat(content: string): Promise<Response> {
  return fetch(`${app.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-test', messages: [{ role: 'user', content }] }),
  });
}

async function metrics(): Promise<string> {
  const response = await fetch(`${app.url}/metrics`);
  expect(response.status).toBe(200);
  return response.text();
}

/** The value of one sample (0 when the series does not exist yet). */
function sample(text: string, name: string, labels: string): number {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name}{${labels}} `));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('gateway metrics for blocks and provider errors', () => {
  it('counts a shield block by reason, without the provider being called', async () => {
    const before = await metrics();
    stub.reset();
    const blocked = await chat(`Virement sur l'IBAN ${IBAN} demain.`);
    expect(blocked.status).toBe(422);
    expect(((await blocked.json()) as { error: { code: string } }).error.code).toBe('SHIELD_BLOCKED');
    expect(stub.received).toHaveLength(0);

    const after = await metrics();
    expect(sample(after, 'rempart_blocked_requests_total', 'reason="SHIELD_BLOCKED"') - sample(before, 'rempart_blocked_requests_total', 'reason="SHIELD_BLOCKED"')).toBe(1);
    expect(sample(after, 'rempart_gateway_requests_total', 'model="gpt-test",provider="",outcome="blocked"')).toBeGreaterThanOrEqual(1);
    // No provider error for a block.
    expect(after).not.toMatch(/^rempart_provider_errors_total\{/m);
    expect(after).not.toContain('3000 6000');
  });

  it('counts a provider 500 by provider and kind, and a success adds no error', async () => {
    const before = await metrics();
    stub.reset();
    stub.enqueue({ kind: 'json', status: 500, body: { error: { message: 'upstream exploded', type: 'server_error' } } });
    const failed = await chat('Bonjour, résume ce texte.');
    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect(stub.received).toHaveLength(1); // retries: 0 — one call, one error

    const afterFailure = await metrics();
    const errors = (text: string) => sample(text, 'rempart_provider_errors_total', 'provider="stub",kind="http_5xx"');
    expect(errors(afterFailure) - errors(before)).toBe(1);
    expect(afterFailure).not.toContain('upstream exploded');
    // The block counter did not move.
    expect(sample(afterFailure, 'rempart_blocked_requests_total', 'reason="SHIELD_BLOCKED"')).toBe(sample(before, 'rempart_blocked_requests_total', 'reason="SHIELD_BLOCKED"'));

    const ok = await chat('Bonjour, résume ce texte.');
    expect(ok.status).toBe(200);
    const afterSuccess = await metrics();
    expect(errors(afterSuccess)).toBe(errors(afterFailure));
    expect(sample(afterSuccess, 'rempart_gateway_requests_total', 'model="gpt-test",provider="stub",outcome="ok"')).toBeGreaterThanOrEqual(1);
  });
});
