/**
 * The workspace's usage charter and training requirements hold on /v1 (contract D): an API key
 * does not bypass them. Real app, real HTTP, stub upstream that must receive nothing when the
 * gateway refuses. Plus the per-user cache (TTL, invalidation, failures never cached).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageGates, usageGatesOf, type UsageGateState } from '../../src/commands/usage-gates.ts';
import { startStubUpstream, type StubUpstream } from '../support/stub-upstream.ts';
import { startWorkspace, type Person, type Workspace } from '../api/support/workspace.ts';

let stub: StubUpstream;
let workspace: Workspace;

beforeAll(async () => {
  stub = await startStubUpstream();
  workspace = await startWorkspace('pglite', {
    configYaml: [
      'providers:',
      `  cloud: { type: openai, baseUrl: "${stub.url}/v1", location: non-eu, retries: { max: 0 } }`,
      `  onprem: { type: openai, baseUrl: "${stub.url}/onprem/v1", location: on-premise, retries: { max: 0 } }`,
      'models:',
      '  gpt-cloud: { provider: cloud, upstreamModel: upstream-model }',
      '  local-llm: { provider: onprem }',
      'groups:',
      '  staff: { models: [gpt-cloud, local-llm] }',
    ].join('\n'),
  });
});
afterAll(async () => {
  await workspace?.app.close();
  await stub?.close();
});

interface OpenAiError {
  error: { message: string; type: string; code: string; param: string | null; [extra: string]: unknown };
}

/** A key made the way a person makes one: POST /api/me/api-keys from their session. */
async function keyOf(person: Person): Promise<string> {
  const created = await person.client.post('/api/me/api-keys', { name: 'script' });
  expect(created.status).toBe(201);
  return created.body.key as string;
}

function v1(key: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${workspace.app.url}/v1${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const chat = (model: string, stream = false) => ({ model, stream, messages: [{ role: 'user', content: 'Bonjour, résume la note.' }] });
const embeddingsAnswer = {
  kind: 'json' as const,
  body: { object: 'list', data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2] }], model: 'upstream-model', usage: { prompt_tokens: 2, total_tokens: 2 } },
};

async function listedModels(key: string): Promise<string[]> {
  const response = await v1(key, '/models');
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: { id: string }[] }).data.map((model) => model.id);
}

describe('/v1 charter and training gates (real app, PGlite)', () => {
  it('no charter published: /v1 answers as before', async () => {
    const key = await keyOf(workspace.user);
    stub.reset();
    expect((await v1(key, '/chat/completions', chat('gpt-cloud'))).status).toBe(200);
    expect(stub.received).toHaveLength(1);
  });

  it('a published charter refuses chat and embeddings with 403 charter_not_accepted until accepted; nothing reaches the provider', async () => {
    const { admin, user } = workspace;
    const key = await keyOf(user);
    // Warm the cache with "nothing to accept": the publication must still hold at once.
    stub.reset();
    expect((await v1(key, '/chat/completions', chat('gpt-cloud'))).status).toBe(200);

    const published = await admin.client.post('/api/admin/charter', { contentMarkdown: '# Charte\n\nPas de données de santé.' });
    expect(published.status).toBe(201);
    const version = published.body.version as number;
    stub.reset();
    for (const request of [chat('gpt-cloud'), chat('local-llm', true)]) {
      const refused = await v1(key, '/chat/completions', request);
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toContain('application/json');
      const body = (await refused.json()) as OpenAiError;
      expect(body.error).toMatchObject({ type: 'permission_error', code: 'charter_not_accepted', charter_version: version });
      expect(body.error.message).toContain('/charter');
    }
    const embeddings = await v1(key, '/embeddings', { model: 'gpt-cloud', input: 'Bonjour' });
    expect(embeddings.status).toBe(403);
    expect(((await embeddings.json()) as OpenAiError).error.code).toBe('charter_not_accepted');
    expect(stub.received).toHaveLength(0);
    // Listing the models sends nothing anywhere: it still answers.
    expect(await listedModels(key)).toEqual(['gpt-cloud', 'local-llm']);
    // The workspace refuses the same person for the same reason (the same rule).
    expect((await user.client.post('/api/conversations', {})).body.code).toBe('CHARTER_NOT_ACCEPTED');

    expect((await user.client.post('/api/charter/accept', { version })).status).toBe(200);
    // Accepted on this instance: the very next request goes through (no waiting for the cache).
    stub.enqueue(embeddingsAnswer);
    expect((await v1(key, '/embeddings', { model: 'gpt-cloud', input: 'Bonjour' })).status).toBe(200);
    expect((await v1(key, '/chat/completions', chat('gpt-cloud'))).status).toBe(200);
    expect(stub.received).toHaveLength(2);

    // A new version: everyone must accept again, on /v1 at once too.
    const second = await admin.client.post('/api/admin/charter', { contentMarkdown: '# Charte v2\n\nToujours pas de données de santé.' });
    stub.reset();
    const again = await v1(key, '/chat/completions', chat('gpt-cloud'));
    expect(again.status).toBe(403);
    expect(((await again.json()) as OpenAiError).error).toMatchObject({ code: 'charter_not_accepted', charter_version: second.body.version });
    expect(stub.received).toHaveLength(0);
    for (const person of [workspace.user, workspace.other, workspace.admin, workspace.dpo]) {
      expect((await person.client.post('/api/charter/accept', { version: second.body.version })).status).toBe(200);
    }
    expect((await v1(key, '/chat/completions', chat('gpt-cloud'))).status).toBe(200);
  });

  it('a model that requires training answers 403 training_required (naming the modules) until the quiz is passed; /v1/models hides it meanwhile', async () => {
    const { admin, user, other } = workspace;
    const key = await keyOf(user);
    const otherKey = await keyOf(other);
    stub.reset();
    expect((await v1(key, '/chat/completions', chat('gpt-cloud'))).status).toBe(200); // cached: "nothing missing"

    const created = await admin.client.post('/api/admin/training/modules', {
      title: 'Données personnelles et IA',
      contentMarkdown: '# Module\n\nNe jamais coller de données de santé.',
      passScore: 1,
      questions: [{ prompt: 'Peut-on coller un dossier médical ?', choices: ['Oui', 'Non'], answer: 1 }],
      requiredFor: ['gpt-cloud'],
    });
    expect(created.status).toBe(201);
    stub.reset();
    for (const request of [chat('gpt-cloud'), chat('gpt-cloud', true)]) {
      const locked = await v1(key, '/chat/completions', request);
      expect(locked.status).toBe(403);
      const body = (await locked.json()) as OpenAiError;
      expect(body.error).toMatchObject({
        type: 'permission_error',
        code: 'training_required',
        param: 'model',
        required_training: [{ id: created.body.id, title: 'Données personnelles et IA' }],
      });
      expect(body.error.message).toContain('Données personnelles et IA');
      expect(body.error.message).toContain('/training');
    }
    const embeddings = await v1(key, '/embeddings', { model: 'gpt-cloud', input: 'Bonjour' });
    expect(embeddings.status).toBe(403);
    expect(((await embeddings.json()) as OpenAiError).error.code).toBe('training_required');
    expect(stub.received).toHaveLength(0);
    // The other models stay usable; the locked one is not listed.
    expect((await v1(key, '/chat/completions', chat('local-llm'))).status).toBe(200);
    expect(stub.received.map((request) => request.path)).toEqual(['/onprem/v1/chat/completions']);
    expect(await listedModels(key)).toEqual(['local-llm']);
    // The workspace says the same thing for the same person.
    expect((await user.client.get('/api/models')).body.items.find((model: { id: string }) => model.id === 'gpt-cloud')).toMatchObject({ available: false });

    const module = (await user.client.get(`/api/training/modules/${created.body.id}`)).body;
    const questionId = module.questions[0].id as string;
    expect((await user.client.post(`/api/training/modules/${created.body.id}/attempts`, { answers: { [questionId]: 0 } })).body.passed).toBe(false);
    stub.reset();
    expect((await v1(key, '/chat/completions', chat('gpt-cloud'))).status).toBe(403); // failed attempt: still locked
    expect((await user.client.post(`/api/training/modules/${created.body.id}/attempts`, { answers: { [questionId]: 1 } })).body.passed).toBe(true);
    // Passed on this instance: unlocked for the very next request.
    expect((await v1(key, '/chat/completions', chat('gpt-cloud'))).status).toBe(200);
    expect(await listedModels(key)).toEqual(['gpt-cloud', 'local-llm']);
    expect(stub.received).toHaveLength(1);
    // Someone else who has not passed it is still refused.
    expect((await v1(otherKey, '/chat/completions', chat('gpt-cloud'))).status).toBe(403);

    // The module deleted: nobody is locked any more, at once.
    expect((await admin.client.delete(`/api/admin/training/modules/${created.body.id}`)).status).toBe(204);
    expect((await v1(otherKey, '/chat/completions', chat('gpt-cloud'))).status).toBe(200);
  });

  it('hot path: a person\'s charter and training state is read once per 5 s, not per request', async () => {
    const { app, user } = workspace;
    const key = await keyOf(user);
    const { db } = app.services;
    const original = db.query;
    const reads: string[] = [];
    db.query = ((sql: string, params?: readonly unknown[]) => {
      if (/charter_versions|training_modules/.test(sql)) reads.push(sql);
      return original(sql, params);
    }) as typeof db.query;
    try {
      usageGatesOf(app.services).forgetAll();
      stub.reset();
      const started = Date.now();
      const statuses = await Promise.all(Array.from({ length: 8 }, () => v1(key, '/chat/completions', chat('local-llm')).then((response) => response.status)));
      for (let index = 0; index < 8; index++) statuses.push((await v1(key, '/chat/completions', chat('gpt-cloud'))).status);
      expect(statuses).toEqual(Array(16).fill(200));
      expect(stub.received).toHaveLength(16);
      // 16 requests, concurrent and sequential: one read of the charter and one of the training (the workspace's two
      // queries) per 5 s window — exactly 2 unless this slow machine took more than 5 s for them.
      const windows = Math.floor((Date.now() - started) / 5_000) + 1;
      expect(reads.length).toBeGreaterThanOrEqual(2);
      expect(reads.length).toBeLessThanOrEqual(2 * windows);
    } finally {
      db.query = original;
    }
  });

  it('fails closed: when the charter and training state cannot be read, 503 in the OpenAI shape and nothing is sent', async () => {
    const { app, user } = workspace;
    const key = await keyOf(user);
    const { db } = app.services;
    await db.query('ALTER TABLE charter_acceptances RENAME TO charter_acceptances_away');
    try {
      usageGatesOf(app.services).forgetAll();
      stub.reset();
      for (const [path, body] of [
        ['/chat/completions', chat('gpt-cloud')],
        ['/embeddings', { model: 'gpt-cloud', input: 'Bonjour' }],
        ['/models', undefined],
      ] as const) {
        const response = await v1(key, path, body);
        expect(response.status).toBe(503);
        expect(((await response.json()) as OpenAiError).error).toMatchObject({ type: 'server_error', code: 'USAGE_GATES_UNAVAILABLE' });
      }
      expect(stub.received).toHaveLength(0);
    } finally {
      await db.query('ALTER TABLE charter_acceptances_away RENAME TO charter_acceptances');
    }
    // Failures are not cached: it works again as soon as the database does.
    expect((await v1(key, '/chat/completions', chat('gpt-cloud'))).status).toBe(200);
    // Logs name the failure, never the request.
    expect(app.logLines.join('\n')).toContain('usage gates failed');
    expect(app.logLines.join('\n')).not.toContain('résume la note');
  });
});

describe('UsageGates cache', () => {
  const state = (accepted: number | null): UsageGateState => ({ charter: { currentVersion: 1, acceptedVersion: accepted }, missingTraining: new Map() });
  const unusedDb = {} as never;

  it('reads a person once per TTL, again after forget / forgetAll, and shares one read between concurrent requests', async () => {
    let clock = 0;
    const loads: string[] = [];
    const gates = new UsageGates(unusedDb, {
      ttlMs: 5_000,
      now: () => clock,
      load: async (userId) => {
        loads.push(userId);
        return state(null);
      },
    });
    await Promise.all([gates.state('u1'), gates.state('u1'), gates.state('u1')]);
    expect(loads).toEqual(['u1']);
    clock = 4_999;
    await gates.state('u1');
    expect(loads).toEqual(['u1']);
    clock = 5_000;
    await gates.state('u1');
    expect(loads).toEqual(['u1', 'u1']);
    gates.forget('u1');
    await gates.state('u1');
    await gates.state('u2');
    expect(loads).toEqual(['u1', 'u1', 'u1', 'u2']);
    gates.forgetAll();
    await gates.state('u1');
    await gates.state('u2');
    expect(loads).toHaveLength(6);
  });

  it('a read started before forget is not cached (it may predate the acceptance)', async () => {
    let release!: (value: UsageGateState) => void;
    let calls = 0;
    const gates = new UsageGates(unusedDb, {
      load: (): Promise<UsageGateState> => {
        calls++;
        return calls === 1 ? new Promise((resolve) => (release = resolve)) : Promise.resolve(state(1));
      },
    });
    const early = gates.state('u1');
    gates.forget('u1'); // the person accepts while the first read is in flight
    release(state(null));
    expect((await early).charter.acceptedVersion).toBeNull();
    expect((await gates.state('u1')).charter.acceptedVersion).toBe(1);
    expect(calls).toBe(2);
  });

  it('failures are not cached, and the number of people kept is bounded', async () => {
    let fail = true;
    const gates = new UsageGates(unusedDb, {
      maxEntries: 3,
      load: async () => {
        if (fail) throw new Error('database down');
        return state(1);
      },
    });
    await expect(gates.state('u1')).rejects.toThrow('database down');
    fail = false;
    expect((await gates.state('u1')).charter.acceptedVersion).toBe(1);
    let loads = 0;
    const counting = new UsageGates(unusedDb, {
      maxEntries: 3,
      load: async () => {
        loads++;
        return state(1);
      },
    });
    for (const user of ['a', 'b', 'c', 'd']) await counting.state(user);
    expect(loads).toBe(4);
    await counting.state('d'); // kept
    expect(loads).toBe(4);
    await counting.state('a'); // the oldest was dropped to make room
    expect(loads).toBe(5);
  });
});

describe('/v1 fallbacks respect training (real app, PGlite)', () => {
  let fallbackStub: StubUpstream;
  let fallbackWorkspace: Workspace;
  beforeAll(async () => {
    fallbackStub = await startStubUpstream();
    fallbackWorkspace = await startWorkspace('pglite', {
      configYaml: [
        'providers:',
        `  cloud: { type: openai, baseUrl: "${fallbackStub.url}/v1", location: non-eu, retries: { max: 0 } }`,
        `  onprem: { type: openai, baseUrl: "${fallbackStub.url}/onprem/v1", location: on-premise, retries: { max: 0 } }`,
        'models:',
        '  gpt-cloud: { provider: cloud }',
        '  local-llm: { provider: onprem, fallbacks: [gpt-cloud] }',
        'groups:',
        '  staff: { models: [gpt-cloud, local-llm] }',
      ].join('\n'),
    });
  });
  afterAll(async () => {
    await fallbackWorkspace?.app.close();
    await fallbackStub?.close();
  });

  it('a failing model never falls back to a model the person has not been trained for', async () => {
    const { admin, user } = fallbackWorkspace;
    const created = await user.client.post('/api/me/api-keys', { name: 'script' });
    const key = created.body.key as string;
    const call = () =>
      fetch(`${fallbackWorkspace.app.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(chat('local-llm')),
      });
    // Not locked yet: the on-premise model fails, the cloud fallback answers.
    fallbackStub.reset();
    fallbackStub.enqueue({ kind: 'json', status: 500, body: { error: { message: 'down' } } });
    expect((await call()).status).toBe(200);
    expect(fallbackStub.received.map((request) => request.path)).toEqual(['/onprem/v1/chat/completions', '/v1/chat/completions']);

    const module = await admin.client.post('/api/admin/training/modules', {
      title: 'Cloud et données',
      contentMarkdown: '# Module',
      passScore: 1,
      questions: [{ prompt: 'Q ?', choices: ['a', 'b'], answer: 1 }],
      requiredFor: ['gpt-cloud'],
    });
    expect(module.status).toBe(201);
    fallbackStub.reset();
    fallbackStub.enqueue({ kind: 'json', status: 500, body: { error: { message: 'down' } } });
    const refused = await call();
    expect(refused.status).toBeGreaterThanOrEqual(500); // the provider error, not an answer from the locked model
    expect(fallbackStub.received.map((request) => request.path)).toEqual(['/onprem/v1/chat/completions']);
  });
});
