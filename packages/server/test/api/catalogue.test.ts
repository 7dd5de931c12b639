/**
 * Admin → Providers and models, over real HTTP on both databases: an administrator adds a
 * provider (its key write-only and sealed at rest) and a model, which /v1 and the workspace
 * serve at once; changes and deletions apply to the next request; rempart.yaml's entries stay
 * read-only; every change is audited without the key; the AI-system register lists the model.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/audit/verify.ts';
import { backendNames, postgresEnabled } from '../support/databases.ts';
import { openAiCompletion, startStubUpstream, type StubUpstream } from '../support/stub-upstream.ts';
import { startWorkspace, type Workspace } from './support/workspace.ts';

const KEY_1 = 'sk-admin-entered-key-0001';
const KEY_2 = 'sk-admin-entered-key-0002';
const IBAN = 'FR76 3000 6000 0112 3456 7890 189';

for (const backend of backendNames) {
  const skip = backend === 'postgres' && !postgresEnabled;
  describe.skipIf(skip)(`providers and models edited by administrators (${backend})`, () => {
    let stub: StubUpstream;
    let workspace: Workspace;

    beforeAll(async () => {
      stub = await startStubUpstream();
      workspace = await startWorkspace(backend, {
        configYaml: [
          'providers:',
          `  yaml-provider: { type: openai, baseUrl: "${stub.url}/yaml/v1", location: on-premise, retries: { max: 0 } }`,
          'models:',
          '  yaml-model: { provider: yaml-provider }',
        ].join('\n'),
      });
    });
    afterAll(async () => {
      await workspace?.app.close();
      await stub?.close();
    });

    async function chatV1(apiKey: string, model: string, content: string) {
      const response = await fetch(`${workspace.app.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model, messages: [{ role: 'user', content }] }),
      });
      return { status: response.status, body: (await response.json()) as { error?: { code: string }; choices?: { message: { content: string } }[] } };
    }

    it('adds a provider and a model that /v1 and the workspace serve at once, with the key sent upstream but never shown', async () => {
      const { admin, user, app } = workspace;
      const created = await admin.client.post('/api/admin/providers', { name: 'mistral-eu', type: 'openai', location: 'eu', baseUrl: `${stub.url}/admin/v1`, apiKey: KEY_1, retries: { max: 0 } });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name: 'mistral-eu', type: 'openai', location: 'eu', baseUrl: `${stub.url}/admin/v1`, source: 'admin', apiKeySet: true, problem: null });
      expect(JSON.stringify(created.body)).not.toContain(KEY_1);

      const model = await admin.client.post('/api/admin/models', { name: 'mistral-large', provider: 'mistral-eu', upstreamModel: 'mistral-large-2411', description: 'Mistral, hébergé en UE' });
      expect(model.status).toBe(201);
      expect(model.body).toMatchObject({ id: 'mistral-large', provider: 'mistral-eu', location: 'eu', upstreamModel: 'mistral-large-2411', source: 'admin', problem: null });

      // The workspace's picker and /v1/models list it for a user (default access: every model).
      expect((await user.client.get('/api/models')).body.items.map((item: { id: string }) => item.id)).toEqual(['yaml-model', 'mistral-large']);
      const listed = await fetch(`${app.url}/v1/models`, { headers: { authorization: `Bearer ${user.apiKey}` } });
      expect(((await listed.json()) as { data: { id: string }[] }).data.map((entry) => entry.id)).toEqual(['yaml-model', 'mistral-large']);

      stub.reset();
      stub.enqueue({ kind: 'json', body: openAiCompletion('Bien reçu.') });
      const answer = await chatV1(user.apiKey, 'mistral-large', `Virement vers ${IBAN}`);
      expect(answer.status).toBe(200);
      expect(answer.body.choices?.[0]?.message.content).toBe('Bien reçu.');
      const upstream = stub.received[0]!;
      expect(upstream.path).toBe('/admin/v1/chat/completions');
      expect(upstream.headers.authorization).toBe(`Bearer ${KEY_1}`);
      expect((upstream.json as { model: string }).model).toBe('mistral-large-2411');
      expect(upstream.body).not.toContain(IBAN); // the shield applies to administrators' models as to any

      // Sealed at rest: neither the table nor the audit holds the key.
      const row = (await app.services.db.query<Record<string, unknown>>('SELECT * FROM catalogue_providers WHERE name = $1', ['mistral-eu'])).rows[0]!;
      expect(JSON.stringify(row.settings)).not.toContain(KEY_1);
      expect(Buffer.from(row.api_key_ciphertext as Uint8Array).toString('latin1')).not.toContain(KEY_1);
      expect(row.key_id).toBe(app.services.secretKey.keyId);
      const audit = await app.services.db.query<{ details: Record<string, unknown> }>(`SELECT details FROM audit_log WHERE kind = 'admin' ORDER BY id`);
      const actions = audit.rows.map((entry) => entry.details);
      expect(actions).toContainEqual(expect.objectContaining({ action: 'provider.created', provider: 'mistral-eu', location: 'eu', apiKeySet: true }));
      expect(actions).toContainEqual(expect.objectContaining({ action: 'model.created', model: 'mistral-large', provider: 'mistral-eu' }));
      expect(JSON.stringify(audit.rows)).not.toContain(KEY_1);
      expect(app.logLines.join('\n')).not.toContain(KEY_1);
    });

    it('keeps the key when a change leaves it out, replaces it when given, and applies the change to the next request', async () => {
      const { admin, user } = workspace;
      const moved = await admin.client.patch('/api/admin/providers/mistral-eu', { location: 'on-premise' });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ location: 'on-premise', apiKeySet: true });
      stub.reset();
      await chatV1(user.apiKey, 'mistral-large', 'Bonjour');
      expect(stub.received[0]!.headers.authorization).toBe(`Bearer ${KEY_1}`);

      expect((await admin.client.patch('/api/admin/providers/mistral-eu', { apiKey: KEY_2 })).body.apiKeySet).toBe(true);
      stub.reset();
      await chatV1(user.apiKey, 'mistral-large', 'Bonjour');
      expect(stub.received[0]!.headers.authorization).toBe(`Bearer ${KEY_2}`);

      expect((await admin.client.patch('/api/admin/providers/mistral-eu', { apiKey: null })).body.apiKeySet).toBe(false);
      stub.reset();
      await chatV1(user.apiKey, 'mistral-large', 'Bonjour');
      expect(stub.received[0]!.headers.authorization).toBeUndefined();

      const renamed = await admin.client.patch('/api/admin/models/mistral-large', { upstreamModel: 'mistral-medium', fallbacks: ['yaml-model'] });
      expect(renamed.body).toMatchObject({ upstreamModel: 'mistral-medium', fallbacks: ['yaml-model'], location: 'on-premise' });
      stub.reset();
      await chatV1(user.apiKey, 'mistral-large', 'Bonjour');
      expect((stub.received[0]!.json as { model: string }).model).toBe('mistral-medium');
      const audit = await workspace.app.services.db.query<{ details: Record<string, unknown> }>(`SELECT details FROM audit_log WHERE kind = 'admin' ORDER BY id`);
      expect(audit.rows.map((entry) => entry.details)).toContainEqual(expect.objectContaining({ action: 'provider.updated', provider: 'mistral-eu', changed: ['location'], apiKeyChanged: false }));
      expect(JSON.stringify(audit.rows)).not.toContain(KEY_2);
    });

    it('refuses what would not work, with a clear problem', async () => {
      const { admin, dpo } = workspace;
      const refusal = async (method: 'post' | 'patch' | 'delete', path: string, body?: unknown) => {
        const response = method === 'delete' ? await admin.client.delete(path) : await admin.client[method](path, body);
        return { status: response.status, code: response.body?.code as string };
      };
      expect(await refusal('post', '/api/admin/providers', { name: 'yaml-provider', type: 'openai', location: 'eu', baseUrl: 'http://127.0.0.1:9/v1' })).toEqual({ status: 409, code: 'CONFIG_MANAGED' });
      expect(await refusal('patch', '/api/admin/providers/yaml-provider', { location: 'eu' })).toEqual({ status: 409, code: 'CONFIG_MANAGED' });
      expect(await refusal('delete', '/api/admin/models/yaml-model')).toEqual({ status: 409, code: 'CONFIG_MANAGED' });
      expect(await refusal('post', '/api/admin/providers', { name: 'mistral-eu', type: 'openai', location: 'eu', baseUrl: 'http://127.0.0.1:9/v1' })).toEqual({ status: 409, code: 'PROVIDER_EXISTS' });
      expect(await refusal('post', '/api/admin/providers', { name: 'Bad Name', type: 'openai', location: 'eu', baseUrl: 'http://127.0.0.1:9/v1' })).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(await refusal('post', '/api/admin/providers', { name: 'azure-eu', type: 'azure', location: 'eu', baseUrl: 'https://acme.openai.azure.com' })).toEqual({ status: 400, code: 'VALIDATION_FAILED' }); // Azure needs a key
      expect(await refusal('post', '/api/admin/providers', { name: 'nourl', type: 'openai', location: 'eu' })).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(await refusal('post', '/api/admin/models', { name: 'orphan', provider: 'nowhere' })).toEqual({ status: 400, code: 'UNKNOWN_PROVIDER' });
      expect(await refusal('post', '/api/admin/models', { name: 'loop', provider: 'mistral-eu', fallbacks: ['loop'] })).toEqual({ status: 400, code: 'UNKNOWN_MODEL' });
      expect(await refusal('post', '/api/admin/models', { name: 'mistral-large', provider: 'mistral-eu' })).toEqual({ status: 409, code: 'MODEL_EXISTS' });
      expect(await refusal('delete', '/api/admin/providers/mistral-eu')).toEqual({ status: 409, code: 'PROVIDER_IN_USE' });
      expect(await refusal('patch', '/api/admin/models/ghost', { description: 'x' })).toEqual({ status: 404, code: 'NOT_FOUND' });
      // A model that is another's fallback cannot go first.
      expect((await admin.client.post('/api/admin/models', { name: 'backup', provider: 'mistral-eu' })).status).toBe(201);
      expect((await admin.client.patch('/api/admin/models/mistral-large', { fallbacks: ['backup'] })).status).toBe(200);
      expect(await refusal('delete', '/api/admin/models/backup')).toEqual({ status: 409, code: 'MODEL_IN_USE' });
      expect((await admin.client.patch('/api/admin/models/mistral-large', { fallbacks: [] })).status).toBe(200);
      expect((await admin.client.delete('/api/admin/models/backup')).status).toBe(204);
      // The DPO reads the catalogue, cannot change it.
      expect((await dpo.client.get('/api/admin/providers')).status).toBe(200);
      expect((await dpo.client.post('/api/admin/models', { name: 'dpo-model', provider: 'mistral-eu' })).body.code).toBe('FORBIDDEN');
    });

    it('tests a connection without sending any content', async () => {
      const { admin } = workspace;
      stub.reset();
      stub.enqueue({ kind: 'json', body: { object: 'list', data: [] } });
      const reachable = await admin.client.post('/api/admin/providers/mistral-eu/test', {});
      expect(reachable.body).toMatchObject({ ok: true, status: 200 });
      expect(stub.received[0]).toMatchObject({ method: 'GET', path: '/admin/v1/models' });
      stub.enqueue({ kind: 'json', status: 401, body: { error: { message: 'bad key' } } });
      expect((await admin.client.post('/api/admin/providers/mistral-eu/test', {})).body).toMatchObject({ ok: false, status: 401, message: 'The provider refused the API key.' });
      await admin.client.post('/api/admin/providers', { name: 'closed-port', type: 'openai', location: 'eu', baseUrl: 'http://127.0.0.1:9/v1' });
      expect((await admin.client.post('/api/admin/providers/closed-port/test', {})).body).toMatchObject({ ok: false, status: null });
      expect((await admin.client.delete('/api/admin/providers/closed-port')).status).toBe(204);
    });

    it('lists administrators’ models in the AI-system register', async () => {
      const register = await workspace.dpo.client.get('/api/compliance/registers/ai-systems');
      expect(register.status).toBe(200);
      const entry = register.body.items.find((item: { model: string }) => item.model === 'mistral-large');
      expect(entry).toMatchObject({ provider: 'mistral-eu', location: 'on-premise', declared: false });
    });

    it('stops serving a deleted model and provider at the next request; the audit chain verifies', async () => {
      const { admin, user, app } = workspace;
      expect((await admin.client.delete('/api/admin/models/mistral-large')).status).toBe(204);
      stub.reset();
      const gone = await chatV1(user.apiKey, 'mistral-large', 'Bonjour');
      expect(gone.status).toBe(404);
      expect(gone.body.error?.code).toBe('model_not_found');
      expect(stub.received).toHaveLength(0);
      expect((await admin.client.delete('/api/admin/providers/mistral-eu')).status).toBe(204);
      expect((await admin.client.get('/api/admin/providers')).body.providers.map((provider: { name: string }) => provider.name)).toEqual(['yaml-provider']);
      expect((await verifyAuditChain(app.services.db)).ok).toBe(true);
    });
  });
}
