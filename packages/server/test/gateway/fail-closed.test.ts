/**
 * Fail closed: an exception in analysis, policy, vault or audit means no upstream call (the
 * stub records nothing), a clear 5xx, and the failure audited where the audit still works.
 * LiteLLM's Presidio guardrail failed open when its analyzer errored (#30728) and leaked
 * unmasked PII to loggers (#35951): both are tests here. Blocks and routing refusals too.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ShieldError } from '@rempart/shield';
import { StaleSettingsError } from '../../src/commands/refreshed-value.ts';
import { ALICE_KEY, memoryDeps, startGateway, stubProvider, type GatewayHarness, type MemoryDeps } from '../support/gateway-harness.ts';
import { startStubUpstream, type StubUpstream } from '../support/stub-upstream.ts';
import { PLANTED } from './planted.ts';

let stub: StubUpstream;
let harnesses: GatewayHarness[] = [];
beforeAll(async () => {
  stub = await startStubUpstream();
});
afterAll(() => stub?.close());
afterEach(async () => {
  await Promise.all(harnesses.map((harness) => harness.close()));
  harnesses = [];
  stub.reset();
});

const allSentences = PLANTED.map((planted) => planted.sentence).join('\n');

async function gatewayWith(deps: MemoryDeps, logLines?: string[]): Promise<GatewayHarness> {
  const harness = await startGateway(deps, logLines ? { logLines } : {});
  harnesses.push(harness);
  return harness;
}

function defaultDeps(extra: Parameters<typeof memoryDeps>[0] = {}): MemoryDeps {
  return memoryDeps({ providers: { stub: stubProvider(stub.url) }, models: { 'gpt-test': { provider: 'stub' } }, ...extra });
}

async function post(harness: GatewayHarness, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${harness.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ALICE_KEY}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as { error: { code: string; message: string; type: string; blocked_types?: string[] } } };
}

const chat = (content: string, stream = false) => ({ model: 'gpt-test', stream, messages: [{ role: 'user', content }] });

describe('fail closed', () => {
  it('analysis error: 503 SHIELD_UNAVAILABLE, nothing sent, failure audited, nothing logged', async () => {
    const deps = defaultDeps();
    deps.faults.shield = true;
    const logLines: string[] = [];
    const harness = await gatewayWith(deps, logLines);
    for (const stream of [false, true]) {
      const { status, body } = await post(harness, chat(allSentences, stream));
      expect(status).toBe(503);
      expect(body.error.code).toBe('SHIELD_UNAVAILABLE');
      expect(body.error.message).toMatch(/nothing was sent/);
    }
    expect(stub.received).toHaveLength(0);
    expect(deps.auditEntries.map((entry) => [entry.kind, entry.details.reason])).toEqual([
      ['failure', 'SHIELD_UNAVAILABLE'],
      ['failure', 'SHIELD_UNAVAILABLE'],
    ]);
    expect(logLines.length).toBeGreaterThan(0);
    const logged = logLines.join('\n');
    for (const planted of PLANTED) expect(logged).not.toContain(planted.value);
    expect(logged).not.toContain(ALICE_KEY);
  });

  it('policy error inside the shield: 503, nothing sent', async () => {
    const deps = defaultDeps();
    deps.shield = {
      protect() {
        throw new ShieldError('POLICY_INVALID', 'injected policy failure');
      },
    };
    const harness = await gatewayWith(deps);
    const { status, body } = await post(harness, chat('bonjour'));
    expect(status).toBe(503);
    expect(body.error.code).toBe('SHIELD_UNAVAILABLE');
    expect(stub.received).toHaveLength(0);
  });

  it('catalogue of models not refreshed (database unreachable): 503 CATALOGUE_UNAVAILABLE on chat and models, nothing sent', async () => {
    const deps = defaultDeps();
    const stale = () => {
      throw new StaleSettingsError('the catalogue of providers and models could not be refreshed for 31 s');
    };
    deps.registry = { get: stale, get names(): readonly string[] { return stale(); }, close: async () => {} };
    const harness = await gatewayWith(deps);
    for (const stream of [false, true]) {
      const { status, body } = await post(harness, chat(PLANTED[0]!.sentence, stream));
      expect(status).toBe(503);
      expect(body.error.code).toBe('CATALOGUE_UNAVAILABLE');
      expect(body.error.message).toMatch(/nothing was sent/);
    }
    const models = await fetch(`${harness.url}/v1/models`, { headers: { authorization: `Bearer ${ALICE_KEY}` } });
    expect(models.status).toBe(503);
    expect(((await models.json()) as { error: { code: string } }).error.code).toBe('CATALOGUE_UNAVAILABLE');
    expect(stub.received).toHaveLength(0);
  });

  it('routing policy error: 503 POLICY_UNAVAILABLE, nothing sent', async () => {
    const deps = defaultDeps();
    const brokenRule = { allowLocations: ['on-premise'] };
    Object.defineProperty(brokenRule, 'when', {
      get() {
        throw new Error('injected routing failure');
      },
    });
    deps.config.routing = [brokenRule as never];
    const harness = await gatewayWith(deps);
    const { status, body } = await post(harness, chat(PLANTED[0]!.sentence));
    expect(status).toBe(503);
    expect(body.error.code).toBe('POLICY_UNAVAILABLE');
    expect(stub.received).toHaveLength(0);
    expect(deps.auditEntries.at(-1)?.details.reason).toBe('POLICY_UNAVAILABLE');
  });

  it('vault error: 503 VAULT_UNAVAILABLE, nothing sent, failure audited', async () => {
    const deps = defaultDeps();
    deps.faults.vaultLoad = true;
    const harness = await gatewayWith(deps);
    const { status, body } = await post(harness, chat(allSentences), { 'x-rempart-conversation-id': 'conv-1' });
    expect(status).toBe(503);
    expect(body.error.code).toBe('VAULT_UNAVAILABLE');
    expect(stub.received).toHaveLength(0);
    expect(deps.auditEntries.map((entry) => entry.details.reason)).toEqual(['VAULT_UNAVAILABLE']);
  });

  it('write-ahead audit error: 503 AUDIT_UNAVAILABLE, nothing sent; the failure recorded when the audit recovers', async () => {
    const deps = defaultDeps();
    deps.faults.auditRequest = true;
    const harness = await gatewayWith(deps);
    for (const stream of [false, true]) {
      const { status, body } = await post(harness, chat(allSentences, stream));
      expect(status).toBe(503);
      expect(body.error.code).toBe('AUDIT_UNAVAILABLE');
    }
    expect(stub.received).toHaveLength(0);
    expect(deps.auditEntries.map((entry) => [entry.kind, entry.details.reason])).toEqual([
      ['failure', 'AUDIT_UNAVAILABLE'],
      ['failure', 'AUDIT_UNAVAILABLE'],
    ]);
  });

  it('audit completely down: 503, nothing sent, nothing recorded, counted', async () => {
    const deps = defaultDeps();
    deps.faults.audit = true;
    const harness = await gatewayWith(deps);
    const { status, body } = await post(harness, chat('bonjour'));
    expect(status).toBe(503);
    expect(body.error.code).toBe('AUDIT_UNAVAILABLE');
    expect(stub.received).toHaveLength(0);
    expect(deps.auditEntries).toHaveLength(0);
    const failures = await deps.metrics.auditFailures.get();
    expect(failures.values[0]!.value).toBeGreaterThanOrEqual(1);
  });

  it('authentication back-end error: 503, not 401, nothing sent', async () => {
    const deps = defaultDeps();
    deps.faults.auth = true;
    const harness = await gatewayWith(deps);
    const { status, body } = await post(harness, chat('bonjour'));
    expect(status).toBe(503);
    expect(body.error.code).toBe('AUTH_UNAVAILABLE');
    expect(stub.received).toHaveLength(0);
  });
});

describe('policy blocks and routing', () => {
  it('a block decision: 422 SHIELD_BLOCKED naming the category, never the value; refusal audited', async () => {
    const deps = defaultDeps({ policy: { version: 1, default: 'pseudonymize', rules: { SECRET: 'block' } } });
    const harness = await gatewayWith(deps);
    const secret = PLANTED.find((planted) => planted.type === 'SECRET')!;
    const { status, body } = await post(harness, chat(`${PLANTED[0]!.sentence} ${secret.sentence}`));
    expect(status).toBe(422);
    expect(body.error.code).toBe('SHIELD_BLOCKED');
    expect(body.error.blocked_types?.some((type) => type.startsWith('SECRET'))).toBe(true);
    expect(body.error.message).toMatch(/SECRET/);
    expect(body.error.message).not.toContain(secret.value);
    expect(stub.received).toHaveLength(0);
    expect(deps.auditEntries.map((entry) => [entry.kind, entry.details.reason])).toEqual([['refusal', 'SHIELD_BLOCKED']]);
  });

  it('sensitive types go only to allowed locations: rerouted to the fallback model', async () => {
    const local = await startStubUpstream();
    try {
      const deps = memoryDeps({
        providers: { cloud: stubProvider(stub.url, { location: 'non-eu' }), local: stubProvider(local.url, { location: 'on-premise' }) },
        models: { 'gpt-cloud': { provider: 'cloud' }, 'local-llm': { provider: 'local' } },
        routing: [{ when: { types: ['FR_NIR', 'SPECIAL_CATEGORY'] }, allowLocations: ['on-premise'], fallbackModel: 'local-llm' }],
      });
      const harness = await gatewayWith(deps);
      const nir = PLANTED.find((planted) => planted.type === 'FR_NIR')!;
      const rerouted = await post(harness, { ...chat(nir.sentence), model: 'gpt-cloud' });
      expect(rerouted.status).toBe(200);
      expect(rerouted.headers.get('x-rempart-model')).toBe('local-llm');
      expect(stub.received).toHaveLength(0);
      expect(local.received).toHaveLength(1);
      expect(local.received[0]!.body).not.toContain('006 084');

      const plain = await post(harness, { ...chat('Quelle heure est-il ?'), model: 'gpt-cloud' });
      expect(plain.status).toBe(200);
      expect(stub.received).toHaveLength(1);
    } finally {
      await local.close();
    }
  });

  it('refused clearly when no allowed model exists', async () => {
    const deps = defaultDeps({
      providers: { cloud: stubProvider(stub.url, { location: 'non-eu' }) },
      models: { 'gpt-test': { provider: 'cloud' } },
      routing: [{ when: { types: ['FR_NIR'] }, allowLocations: ['on-premise'] }],
    });
    const harness = await gatewayWith(deps);
    const { status, body } = await post(harness, chat(PLANTED.find((planted) => planted.type === 'FR_NIR')!.sentence));
    expect(status).toBe(403);
    expect(body.error.code).toBe('ROUTING_REFUSED');
    expect(body.error.message).toMatch(/FR_NIR.*on-premise/);
    expect(stub.received).toHaveLength(0);
    expect(deps.auditEntries.map((entry) => [entry.kind, entry.details.reason])).toEqual([['refusal', 'ROUTING_REFUSED']]);
  });

  it('a conversation keeps its placeholders across requests (encrypted vault store)', async () => {
    const deps = defaultDeps();
    const harness = await gatewayWith(deps);
    const email = PLANTED.find((planted) => planted.type === 'EMAIL')!;
    await post(harness, chat(email.sentence), { 'x-rempart-conversation-id': 'conv-42' });
    await post(harness, chat(`Et ${email.value} ?`), { 'x-rempart-conversation-id': 'conv-42' });
    const placeholders = stub.received.map((request) => /<[A-Z_]+_\d+>/.exec(request.body)?.[0]);
    expect(placeholders[0]).toBeDefined();
    expect(placeholders[1]).toBe(placeholders[0]);
    expect(deps.storedVaults.get('conv-42')?.version).toBe(1);
  });

  it("another user's conversation id is refused (403), nothing sent", async () => {
    const deps = defaultDeps();
    deps.storedVaults.set('conv-bob', { owner: 'u-bob', snapshot: null, version: 1 });
    const harness = await gatewayWith(deps);
    const { status, body } = await post(harness, chat('bonjour'), { 'x-rempart-conversation-id': 'conv-bob' });
    expect(status).toBe(403);
    expect(body.error.code).toBe('conversation_forbidden');
    const malformed = await post(harness, chat('bonjour'), { 'x-rempart-conversation-id': 'a b' });
    expect(malformed.status).toBe(400);
    expect(stub.received).toHaveLength(0);
  });
});
