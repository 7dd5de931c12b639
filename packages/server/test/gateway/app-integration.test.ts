/**
 * The gateway inside the real app (buildApp) on embedded PGlite: real API keys, the
 * hash-chained audit, the encrypted vault store, limits, metrics, logs. The upstream is the
 * stub; the caller the official openai client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { createApiKey, revokeApiKey } from '../../src/auth/api-keys.ts';
import { auditJournalPath, readAuditJournal, type LinkedAuditRecord } from '../../src/audit/audit-journal.ts';
import { verifyAuditChain } from '../../src/audit/verify.ts';
import { findUserByEmail } from '../../src/users/users.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { eventually } from '../support/gateway-harness.ts';
import { openAiCompletion, startStubUpstream, type StubUpstream } from '../support/stub-upstream.ts';
import { assertNoLeak, PLANTED } from './planted.ts';

const ADMIN_KEY = `rk_${'a1'.repeat(20)}`;
const PLACEHOLDER = /<[A-Z_]+_\d+>/g;

let stub: StubUpstream;
let app: TestApp;
let client: OpenAI;

beforeAll(async () => {
  stub = await startStubUpstream();
  app = await startTestApp('pglite', {
    configYaml: [
      'providers:',
      `  stub: { type: openai, baseUrl: "${stub.url}/v1", location: eu, retries: { max: 0 } }`,
      'models:',
      '  gpt-test: { provider: stub, upstreamModel: upstream-model }',
    ].join('\n'),
    environment: { REMPART_BOOTSTRAP_ADMIN_EMAIL: 'admin@example.org', REMPART_BOOTSTRAP_API_KEY: ADMIN_KEY },
  });
  client = new OpenAI({ apiKey: ADMIN_KEY, baseURL: `${app.url}/v1`, maxRetries: 0, timeout: 15_000 });
});
afterAll(async () => {
  await app?.close();
  await stub?.close();
});

describe('gateway in the real app (PGlite)', () => {
  it('shields, restores, audits (chain valid, no values) and never logs contents', async () => {
    const text = PLANTED.map((planted) => planted.sentence).join('\n');
    const { data, response } = await client.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: text }] }).withResponse();
    expect(assertNoLeak(stub.allReceivedText(), PLANTED.map((planted) => planted.value))).toEqual([]);
    for (const planted of PLANTED) expect(data.choices[0]!.message.content).toContain(planted.value);
    const requestId = response.headers.get('x-rempart-request-id')!;
    expect(response.headers.get('x-rempart-protected')).toMatch(/EMAIL=1/);

    const stream = await client.chat.completions.create({ model: 'gpt-test', stream: true, messages: [{ role: 'user', content: text }] });
    let streamed = '';
    for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? '';
    for (const planted of PLANTED) expect(streamed).toContain(planted.value);

    await eventually(() => app.logLines.length > 0);
    const rows = async () =>
      (await app.services.db.query<{ kind: string; request_id: string; details: unknown }>('SELECT kind, request_id, details FROM audit_log ORDER BY id')).rows;
    let audit = await rows();
    for (let waited = 0; audit.filter((row) => row.kind === 'completion').length < 2 && waited < 50; waited++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      audit = await rows();
    }
    const ours = audit.filter((row) => row.request_id === requestId);
    expect(ours.map((row) => row.kind)).toEqual(['request', 'completion']);
    expect(ours[0]!.details).toMatchObject({ model: 'gpt-test', provider: 'stub', location: 'eu', upstreamModel: 'upstream-model' });
    const auditText = JSON.stringify(audit);
    expect(assertNoLeak(auditText, PLANTED.map((planted) => planted.value))).toEqual([]);
    expect((await verifyAuditChain(app.services.db)).ok).toBe(true);

    const logged = app.logLines.join('\n');
    expect(assertNoLeak(logged, PLANTED.map((planted) => planted.value))).toEqual([]);
    expect(logged).not.toContain(ADMIN_KEY);
  });

  it('a conversation keeps its placeholders, its vault stored encrypted', async () => {
    stub.reset();
    const email = PLANTED.find((planted) => planted.type === 'EMAIL')!;
    const withConversation = new OpenAI({
      apiKey: ADMIN_KEY,
      baseURL: `${app.url}/v1`,
      maxRetries: 0,
      defaultHeaders: { 'x-rempart-conversation-id': 'conv-integration-1' },
    });
    await withConversation.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: `x ${PLANTED[0]!.sentence} ${email.sentence}` }] });
    const second = await withConversation.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: `Re: ${email.value}` }] });
    const first = stub.received[0]!.body.match(PLACEHOLDER)!;
    const again = stub.received[1]!.body.match(PLACEHOLDER)!;
    expect(first).toContain(again[0]);
    expect(second.choices[0]!.message.content).toBe(`Re: ${email.value}`);
    const stored = await app.services.db.query<{ ciphertext: Uint8Array }>('SELECT ciphertext FROM vaults');
    expect(stored.rows).toHaveLength(1);
    expect(Buffer.from(stored.rows[0]!.ciphertext).toString('latin1')).not.toContain(email.value);
  });

  it('the write-ahead record is durable (journaled, hashed in the chain) when the provider receives the request, and holds no value', async () => {
    stub.reset();
    const journalPath = auditJournalPath(app.services.db.dataFolder!);
    let seenByTheProvider: LinkedAuditRecord[] | undefined;
    stub.enqueue(() => {
      // Read at the moment the request reaches the provider, before it answers.
      seenByTheProvider = readAuditJournal(journalPath).records;
      return { kind: 'json', body: openAiCompletion('Bien reçu.') };
    });
    const text = PLANTED.map((planted) => planted.sentence).join('\n');
    const { response } = await client.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: text }] }).withResponse();
    const requestId = response.headers.get('x-rempart-request-id')!;
    const record = seenByTheProvider?.find((entry) => entry.requestId === requestId && entry.kind === 'request');
    expect(record).toBeDefined();
    expect(JSON.parse(record!.detailsJson)).toMatchObject({ model: 'gpt-test', decision: 'forwarded', outboundSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(assertNoLeak(JSON.stringify(seenByTheProvider), PLANTED.map((planted) => planted.value))).toEqual([]);
    // Then moved into audit_log, same id and hash, and the chain verifies.
    const row = await app.services.db.query<{ id: unknown; hash: string }>(`SELECT id, hash FROM audit_log WHERE request_id = $1 AND kind = 'request'`, [requestId]);
    expect(row.rows.map((found) => [Number(found.id), found.hash])).toEqual([[record!.id, record!.hash]]);
    expect((await verifyAuditChain(app.services.db)).ok).toBe(true);
  });

  it('expired and revoked keys are refused with their own codes', async () => {
    const admin = await findUserByEmail(app.services.db, 'admin@example.org');
    const expired = await createApiKey(app.services.db, { userId: admin!.id, name: 'old', expiresAt: new Date(Date.now() - 60_000) });
    const revoked = await createApiKey(app.services.db, { userId: admin!.id, name: 'gone' });
    await revokeApiKey(app.services.db, revoked.info.id);
    for (const [key, code] of [
      [expired.key, 'expired_api_key'],
      [revoked.key, 'revoked_api_key'],
    ] as const) {
      const response = await fetch(`${app.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
    }
  });

  it('exposes gateway metrics', async () => {
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toMatch(/rempart_gateway_requests_total\{model="gpt-test",provider="stub",outcome="ok"\} [1-9]/);
    expect(metrics).toMatch(/rempart_entities_detected_total\{type="EMAIL"\} [1-9]/);
  });
});

describe('real app without any provider', () => {
  it('serves the offline model', async () => {
    const offline = await startTestApp('pglite', {
      environment: { REMPART_BOOTSTRAP_ADMIN_EMAIL: 'admin@example.org', REMPART_BOOTSTRAP_API_KEY: ADMIN_KEY },
    });
    try {
      const offlineClient = new OpenAI({ apiKey: ADMIN_KEY, baseURL: `${offline.url}/v1`, maxRetries: 0 });
      const answer = await offlineClient.chat.completions.create({ model: 'rempart-offline', messages: [{ role: 'user', content: 'Bonjour' }] });
      expect(answer.choices[0]!.message.content).toMatch(/Aucun modèle.*\n[\s\S]*No AI model is connected/);
    } finally {
      await offline.close();
    }
  });
});
