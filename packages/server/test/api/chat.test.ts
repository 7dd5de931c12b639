import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/audit/verify.ts';
import { assertNoLeak } from '../gateway/planted.ts';
import { sseFromContent, startStubUpstream, type StubUpstream } from '../support/stub-upstream.ts';
import { ApiClient } from './support/api-client.ts';
import { parseSse } from './support/sse.ts';
import { startWorkspace, type Workspace } from './support/workspace.ts';

const NAME = 'Jean Dupont';
const IBAN = 'FR76 3000 6000 0112 3456 7890 189';
const MESSAGE = `Bonjour, je suis ${NAME}. Merci de faire le virement sur l'IBAN ${IBAN} demain.`;

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

async function send(client: ApiClient, conversationId: string, content: string, model?: string) {
  return client.post(`/api/conversations/${conversationId}/messages`, { content, ...(model ? { model } : {}) });
}

describe('workspace chat through the gateway pipeline (PGlite)', () => {
  it('requires the current charter to be accepted before any chat, and again after a new version', async () => {
    const { admin, user } = workspace;
    expect((await user.client.get('/api/conversations')).status).toBe(200); // no charter yet: nothing to accept
    const published = await admin.client.post('/api/admin/charter', { contentMarkdown: '# Charte\n\nPas de données de santé.' });
    expect(published.status).toBe(201);
    const refused = await user.client.post('/api/conversations', {});
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'CHARTER_NOT_ACCEPTED', charterVersion: published.body.version });
    const charter = await user.client.get('/api/charter');
    expect(charter.body).toMatchObject({ current: { version: published.body.version }, mustAccept: true });
    expect((await user.client.post('/api/charter/accept', { version: published.body.version + 1 })).body.code).toBe('CHARTER_VERSION_OUTDATED');
    expect((await user.client.post('/api/charter/accept', { version: published.body.version })).status).toBe(200);
    expect((await user.client.post('/api/conversations', {})).status).toBe(201);
    // The other people accept too (the rest of the suite chats).
    for (const person of [workspace.other, workspace.admin, workspace.dpo]) {
      await person.client.post('/api/charter/accept', { version: published.body.version });
    }
    const report = await workspace.dpo.client.get('/api/admin/charter/acceptances');
    expect(report.body.items.find((item: { user: { email: string } }) => item.user.email === user.email).acceptedVersion).toBe(published.body.version);
  });

  it('lists only the models the user may use, with their location', async () => {
    const models = await workspace.user.client.get('/api/models');
    expect(models.body.items.map((model: { id: string; location: string }) => [model.id, model.location])).toEqual([
      ['gpt-cloud', 'non-eu'],
      ['local-llm', 'on-premise'],
    ]);
    // dora (no group) gets the default list: every model.
    expect((await workspace.dpo.client.get('/api/models')).body.items).toHaveLength(2);
  });

  it('streams a shielded answer: the provider sees placeholders only; the user gets values back; categories recorded; audited', async () => {
    const { user, app } = workspace;
    stub.reset();
    const conversation = (await user.client.post('/api/conversations', {})).body;
    const response = await send(user.client, conversation.id, MESSAGE, 'gpt-cloud');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(response.headers.get('x-rempart-protected')).toMatch(/IBAN=1/);
    const events = parseSse(response.body);
    expect(events[0]!.event).toBe('message');
    expect(events.at(-1)!.event).toBe('done');
    const answer = events.filter((event) => event.event === 'delta').map((event) => event.data.content).join('');

    expect(stub.received).toHaveLength(1);
    expect(assertNoLeak(stub.allReceivedText(), [NAME, IBAN])).toEqual([]);
    expect(answer).toContain(IBAN); // the stub echoes what it got: placeholders, restored on the way back
    expect(answer).toContain(NAME);

    const done = events.at(-1)!.data;
    expect(done.assistantMessage).toMatchObject({ role: 'assistant', status: 'complete', aiGenerated: true, content: answer, model: 'gpt-cloud' });
    expect(done.userMessage.protected).toMatchObject({ IBAN: 1, PERSON: 1 });
    expect(JSON.stringify(done.userMessage.protected)).not.toContain('FR76');

    const stored = await user.client.get(`/api/conversations/${conversation.id}`);
    expect(stored.body.conversation.title).toBe(MESSAGE.slice(0, 57) + '…');
    expect(stored.body.messages.map((message: { role: string; status: string }) => [message.role, message.status])).toEqual([
      ['user', 'complete'],
      ['assistant', 'complete'],
    ]);

    const requestId = response.headers.get('x-rempart-request-id')!;
    // The completion record is written after the answer ended, grouped with the next write (≤ 100 ms).
    const readAudit = () =>
      app.services.db.query<{ kind: string; details: Record<string, unknown> }>('SELECT kind, details FROM audit_log WHERE request_id = $1 ORDER BY id', [requestId]);
    let audit = await readAudit();
    for (let attempt = 0; attempt < 40 && audit.rows.length < 2; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      audit = await readAudit();
    }
    expect(audit.rows.map((row) => row.kind)).toEqual(['request', 'completion']);
    expect(audit.rows[0]!.details).toMatchObject({ model: 'gpt-cloud', location: 'non-eu', entities: { IBAN: 1 } });
    expect(JSON.stringify(audit.rows)).not.toContain('3000');
    expect((await verifyAuditChain(app.services.db)).ok).toBe(true);
    // Logs never hold what was said.
    expect(app.logLines.join('\n')).not.toContain('3000 6000');
    expect(app.logLines.join('\n')).not.toContain(NAME);

    // Next turn in the same conversation: the same value keeps the same placeholder (the conversation's vault).
    stub.reset();
    await send(user.client, conversation.id, `Et pour ${NAME} ?`);
    const history = stub.received[0]!.json as { messages: { content: string }[] };
    const placeholders = history.messages.map((message) => /<[A-Z_]+_\d+>/.exec(message.content)?.[0]);
    expect(placeholders[0]).toBeDefined();
    expect(history.messages.at(-1)!.content).toContain(/<PERSON[A-Z]*_\d+>/.exec(history.messages[0]!.content)![0]);
    expect(assertNoLeak(stub.allReceivedText(), [NAME, IBAN])).toEqual([]);
  });

  it('a blocked message explains which categories and what to do (remove, or the on-premise model), and nothing leaves', async () => {
    const { admin, user } = workspace;
    const policy = await admin.client.put('/api/admin/policy', { policy: { default: 'pseudonymize', rules: { IBAN: 'block' } } });
    expect(policy.status).toBe(200);
    expect(policy.body.source).toBe('database');
    stub.reset();
    const conversation = (await user.client.post('/api/conversations', {})).body;
    const blocked = await send(user.client, conversation.id, MESSAGE, 'gpt-cloud');
    expect(blocked.status).toBe(422);
    expect(blocked.headers.get('content-type')).toContain('application/problem+json');
    expect(blocked.body).toMatchObject({ code: 'SHIELD_BLOCKED', blockedTypes: [expect.stringMatching(/^IBAN/)], destination: 'non-eu' });
    expect(blocked.body.detail).toContain('IBAN');
    expect(blocked.body.detail).not.toContain('3000');
    expect(blocked.body.suggestions).toEqual([expect.objectContaining({ action: 'remove' })]); // blocked everywhere: no model to suggest
    expect(stub.received).toHaveLength(0);
    // Blocked only towards non-EU providers: the on-premise model is suggested.
    await admin.client.put('/api/admin/policy', { policy: { default: 'pseudonymize', destinations: { 'non-eu': { IBAN: 'block' } } } });
    const suggested = await send(user.client, conversation.id, MESSAGE, 'gpt-cloud');
    expect(suggested.body.suggestions).toContainEqual(expect.objectContaining({ action: 'use_model', model: 'local-llm', location: 'on-premise' }));
    expect(suggested.body.detail).toContain("use the on-premise model 'local-llm'");
    expect(stub.received).toHaveLength(0);
    const stored = await user.client.get(`/api/conversations/${conversation.id}`);
    expect(stored.body.messages.map((message: { status: string }) => message.status)).toEqual(['blocked', 'blocked']);

    const invalid = await admin.client.put('/api/admin/policy', { policy: { rules: { NOT_A_TYPE: 'block' } } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('POLICY_INVALID');
    const audit = await workspace.app.services.db.query<{ details: { action: string } }>(`SELECT details FROM audit_log WHERE kind = 'admin' ORDER BY id`);
    expect(audit.rows.map((row) => row.details.action)).toContain('policy.updated');
    await admin.client.put('/api/admin/policy', { policy: { default: 'pseudonymize' } });
  });

  it("an administrator's policy and group model changes hold on /v1 for the very next request", async () => {
    const { admin, user, app } = workspace;
    const created = await user.client.post('/api/me/api-keys', { name: 'script' });
    expect(created.status).toBe(201);
    const v1 = (body: unknown) =>
      fetch(`${app.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${created.body.key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const chat = { model: 'gpt-cloud', messages: [{ role: 'user', content: MESSAGE }] };
    stub.reset();
    expect((await v1(chat)).status).toBe(200); // default policy: pseudonymised and forwarded
    expect(stub.received).toHaveLength(1);

    await admin.client.put('/api/admin/policy', { policy: { default: 'pseudonymize', rules: { IBAN: 'block' } } });
    stub.reset();
    const blocked = await v1(chat);
    expect(blocked.status).toBe(422);
    expect(((await blocked.json()) as { error: { code: string } }).error.code).toBe('SHIELD_BLOCKED');
    expect(stub.received).toHaveLength(0);
    await admin.client.put('/api/admin/policy', { policy: { default: 'pseudonymize' } });

    const groups = (await admin.client.get('/api/admin/groups')).body.items as Array<{ id: string; name: string }>;
    const staff = groups.find((group) => group.name === 'staff')!;
    expect((await admin.client.put(`/api/admin/groups/${staff.id}/models`, { models: ['local-llm'] })).status).toBe(200);
    const denied = await v1(chat);
    expect(denied.status).toBe(403);
    const models = (await (await fetch(`${app.url}/v1/models`, { headers: { authorization: `Bearer ${created.body.key}` } })).json()) as { data: Array<{ id: string }> };
    expect(models.data.map((model) => model.id)).toEqual(['local-llm']);
    await admin.client.put(`/api/admin/groups/${staff.id}/models`, { models: null });
    expect((await v1(chat)).status).toBe(200);
  });

  it('stop: closing the connection aborts the provider call, keeps the partial answer as stopped, and completes the audit', async () => {
    const { user, app } = workspace;
    const conversation = (await user.client.post('/api/conversations', {})).body;
    stub.reset();
    stub.enqueue({ kind: 'stream', pieces: sseFromContent(['Première partie. ']).slice(0, 2), hold: true });
    const controller = new AbortController();
    const response = await fetch(`${app.url}/api/conversations/${conversation.id}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `rempart_session=${user.client.cookies.get('rempart_session')}`, 'x-csrf-token': user.client.csrfToken! },
      body: JSON.stringify({ content: 'Raconte une histoire longue.', model: 'gpt-cloud' }),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    let seen = '';
    while (!seen.includes('event: delta')) seen += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    const requestId = response.headers.get('x-rempart-request-id')!;
    // Wait (bounded by the test timeout) for the server to notice and record the end.
    let kinds: string[] = [];
    let status = '';
    while (!(kinds.includes('completion') && status === 'stopped')) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      kinds = (await app.services.db.query<{ kind: string }>('SELECT kind FROM audit_log WHERE request_id = $1', [requestId])).rows.map((row) => row.kind);
      const messages = (await user.client.get(`/api/conversations/${conversation.id}`)).body.messages;
      status = messages.at(-1)?.status ?? '';
    }
    const messages = (await user.client.get(`/api/conversations/${conversation.id}`)).body.messages;
    expect(messages.at(-1)).toMatchObject({ role: 'assistant', status: 'stopped', content: 'Première partie. ' });
    const completion = await app.services.db.query<{ details: { status: string } }>(`SELECT details FROM audit_log WHERE request_id = $1 AND kind = 'completion'`, [requestId]);
    expect(completion.rows[0]!.details.status).toBe('client_disconnected');
  });

  it('regenerates the last answer, takes feedback, and reports a concern to the DPO inbox', async () => {
    const { user, other, dpo } = workspace;
    const conversation = (await user.client.post('/api/conversations', {})).body;
    stub.reset();
    stub.enqueue({ kind: 'stream', pieces: sseFromContent(['Réponse un.']) }, { kind: 'stream', pieces: sseFromContent(['Réponse deux.']) });
    await send(user.client, conversation.id, 'Question ?', 'local-llm');
    const regenerated = await user.client.post(`/api/conversations/${conversation.id}/regenerate`, {});
    expect(regenerated.status).toBe(200);
    const messages = (await user.client.get(`/api/conversations/${conversation.id}`)).body.messages;
    expect(messages.map((message: { content: string }) => message.content)).toEqual(['Question ?', 'Réponse deux.']);
    expect(stub.received[1]!.path).toContain('/onprem/');

    const answerId = messages[1].id;
    const feedbackPath = `/api/conversations/${conversation.id}/messages/${answerId}/feedback`;
    expect((await user.client.post(feedbackPath, { rating: 'wrong', comment: 'Inexact.' })).body).toMatchObject({ rating: 'wrong', comment: 'Inexact.' });
    expect((await user.client.post(`/api/conversations/${conversation.id}/messages/${messages[0].id}/feedback`, { rating: 'useful' })).body.code).toBe('NOT_AN_ANSWER');
    expect((await other.client.post(feedbackPath, { rating: 'harmful' })).status).toBe(404);
    const withFeedback = (await user.client.get(`/api/conversations/${conversation.id}`)).body.messages[1];
    expect(withFeedback.feedback).toEqual({ rating: 'wrong', comment: 'Inexact.' });

    const concern = await user.client.post('/api/concerns', { description: 'La réponse cite une personne réelle.', category: 'harmful_output', messageId: answerId });
    expect(concern.status).toBe(201);
    expect(concern.body).toMatchObject({ conversationId: conversation.id, status: 'open' });
    expect((await other.client.post('/api/concerns', { description: 'x', messageId: answerId })).status).toBe(404);
    const inbox = await dpo.client.get('/api/concerns?status=open');
    expect(inbox.body.items.map((item: { id: string }) => item.id)).toContain(concern.body.id);
    const closed = await dpo.client.patch(`/api/concerns/${concern.body.id}`, { status: 'closed', resolution: 'Vérifié.' });
    expect(closed.body).toMatchObject({ status: 'closed', resolution: 'Vérifié.' });
  });

  it('training: a module required for a model locks it until the quiz (checked server-side) is passed', async () => {
    const { admin, user } = workspace;
    const created = await admin.client.post('/api/admin/training/modules', {
      title: 'Données personnelles et IA',
      contentMarkdown: '# Module\n\nNe jamais coller de données de santé.',
      passScore: 1,
      questions: [{ prompt: 'Peut-on coller un dossier médical ?', choices: ['Oui', 'Non'], answer: 1 }],
      requiredFor: ['gpt-cloud'],
    });
    expect(created.status).toBe(201);
    const models = (await user.client.get('/api/models')).body.items;
    expect(models.find((model: { id: string }) => model.id === 'gpt-cloud')).toMatchObject({ available: false, requiredTraining: [{ id: created.body.id }] });
    const conversation = (await user.client.post('/api/conversations', {})).body;
    const locked = await send(user.client, conversation.id, 'Bonjour', 'gpt-cloud');
    expect(locked.status).toBe(403);
    expect(locked.body).toMatchObject({ code: 'TRAINING_REQUIRED', modules: [{ id: created.body.id }] });

    const module = (await user.client.get(`/api/training/modules/${created.body.id}`)).body;
    expect(JSON.stringify(module)).not.toContain('"answer"');
    const questionId = module.questions[0].id;
    expect((await user.client.post(`/api/training/modules/${created.body.id}/attempts`, { answers: { [questionId]: 0 } })).body).toMatchObject({ passed: false, score: 0 });
    expect((await user.client.post(`/api/training/modules/${created.body.id}/attempts`, { answers: { [questionId]: 1 } })).body).toMatchObject({ passed: true, score: 1 });
    expect((await send(user.client, conversation.id, 'Bonjour', 'gpt-cloud')).status).toBe(200);
    const report = (await workspace.dpo.client.get('/api/admin/training/report')).body.items;
    expect(report).toContainEqual(expect.objectContaining({ user: expect.objectContaining({ email: user.email }), passed: true }));
    await admin.client.delete(`/api/admin/training/modules/${created.body.id}`);
  });

  it('conversations: search (titles and contents), rename, delete (with the vault); others see nothing', async () => {
    const { user, other, app } = workspace;
    const conversation = (await user.client.post('/api/conversations', { title: 'Projet Hirondelle' })).body;
    await send(user.client, conversation.id, `Note sur ${NAME}`, 'local-llm');
    expect((await user.client.get('/api/conversations?q=hirondelle')).body.items.map((item: { id: string }) => item.id)).toEqual([conversation.id]);
    expect((await user.client.get('/api/conversations?q=dupont')).body.items.map((item: { id: string }) => item.id)).toContain(conversation.id);
    expect((await other.client.get('/api/conversations?q=hirondelle')).body.items).toEqual([]);
    expect((await user.client.get('/api/conversations?q=100%25')).body.items).toEqual([]);
    expect((await user.client.patch(`/api/conversations/${conversation.id}`, { title: 'Projet Martinet' })).body.title).toBe('Projet Martinet');
    expect((await other.client.patch(`/api/conversations/${conversation.id}`, { title: 'pwned' })).status).toBe(404);
    const vault = await app.services.db.query('SELECT 1 FROM vaults WHERE conversation_id = $1', [conversation.id]);
    expect(vault.rows).toHaveLength(1);
    expect((await other.client.delete(`/api/conversations/${conversation.id}`)).status).toBe(404);
    expect((await user.client.delete(`/api/conversations/${conversation.id}`)).status).toBe(204);
    expect((await app.services.db.query('SELECT 1 FROM vaults WHERE conversation_id = $1', [conversation.id])).rows).toHaveLength(0);
    expect((await user.client.get(`/api/conversations/${conversation.id}`)).status).toBe(404);
  });

  it('rejects invalid input with problem+json listing the fields', async () => {
    const { user } = workspace;
    const conversation = (await user.client.post('/api/conversations', {})).body;
    const empty = await send(user.client, conversation.id, '   ');
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ path: 'content' })] });
    const badJson = await user.client.request('POST', `/api/conversations/${conversation.id}/messages`, '{"content":');
    expect(badJson.body.code).toBe('INVALID_JSON');
    const unknownModel = await send(user.client, conversation.id, 'Bonjour', 'no-such-model');
    expect(unknownModel.body.code).toBe('MODEL_NOT_ALLOWED');
    expect((await user.client.get('/api/nowhere')).body.code).toBe('NOT_FOUND');
  });
});
