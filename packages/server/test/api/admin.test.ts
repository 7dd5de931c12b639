import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/audit/verify.ts';
import { authorize, type Action } from '../../src/policies/authorize.ts';
import type { ApiActor } from '../../src/policies/api-actor.ts';
import { ApiClient } from './support/api-client.ts';
import { PASSWORD, startWorkspace, type Workspace } from './support/workspace.ts';

let workspace: Workspace;

beforeAll(async () => {
  workspace = await startWorkspace('pglite', {
    configYaml: [
      'providers:',
      '  cloud: { type: openai, baseUrl: "http://127.0.0.1:9/v1", apiKey: sk-secret-provider-key, location: eu }',
      '  onprem: { type: openai, baseUrl: "http://127.0.0.1:9/onprem/v1", location: on-premise }',
      'models:',
      '  gpt-eu: { provider: cloud }',
      '  local-llm: { provider: onprem }',
      'groups:',
      '  staff: { models: [gpt-eu, local-llm] }',
    ].join('\n'),
  });
});
afterAll(async () => {
  await workspace?.app.close();
});

describe('administration (PGlite)', () => {
  it('manages users: create with groups and password, change role, disable (sessions and keys stop), reset MFA; all audited', async () => {
    const { admin, app } = workspace;
    const created = await admin.client.post('/api/admin/users', { email: 'Nina@Example.org', displayName: 'Nina', groups: ['staff'], password: PASSWORD });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: 'nina@example.org', role: 'user', groups: ['staff'], hasPassword: true });
    expect((await admin.client.post('/api/admin/users', { email: 'nina@example.org' })).body.code).toBe('USER_EXISTS');

    const nina = new ApiClient(app.url);
    await nina.login('nina@example.org', PASSWORD);
    const key = (await nina.post('/api/me/api-keys', { name: 'script' })).body.key as string;
    const scripted = new ApiClient(app.url, { bearer: key });
    expect((await scripted.get('/api/me')).status).toBe(200);

    const promoted = await admin.client.patch(`/api/admin/users/${created.body.id}`, { role: 'dpo', groups: ['finance'] });
    expect(promoted.body).toMatchObject({ role: 'dpo', groups: ['finance'] });
    expect((await nina.get('/api/concerns')).status).toBe(200); // the new role applies to the live session at once

    await admin.client.patch(`/api/admin/users/${created.body.id}`, { disabled: true });
    expect((await nina.get('/api/me')).status).toBe(401);
    expect((await scripted.get('/api/me')).body.reason).toBe('disabled_user');
    expect((await new ApiClient(app.url).post('/api/auth/login', { email: 'nina@example.org', password: PASSWORD })).body.code).toBe('INVALID_CREDENTIALS');

    expect((await admin.client.patch(`/api/admin/users/${admin.id}`, { role: 'user' })).body.code).toBe('CANNOT_DEMOTE_SELF');
    expect((await admin.client.post(`/api/admin/users/${workspace.other.id}/reset-mfa`)).status).toBe(200);
    expect((await workspace.other.client.get('/api/me')).status).toBe(401); // their sessions ended

    const actions = (await app.services.db.query<{ details: { action: string } }>(`SELECT details FROM audit_log WHERE kind = 'admin' ORDER BY id`)).rows.map(
      (row) => row.details.action,
    );
    expect(actions).toEqual(expect.arrayContaining(['user.created', 'user.updated', 'user.mfa_reset', 'api_key.created']));
    expect(JSON.stringify(actions)).not.toContain(PASSWORD);
    expect((await verifyAuditChain(app.services.db)).ok).toBe(true);
  });

  it('group model allow-lists set by an admin apply to the workspace at once; unknown models are refused', async () => {
    const { admin, user } = workspace;
    const ids = async () => (await user.client.get('/api/models')).body.items.map((model: { id: string }) => model.id);
    expect(await ids()).toEqual(['gpt-eu', 'local-llm']);
    const staff = (await admin.client.get('/api/admin/groups')).body.items.find((group: { name: string }) => group.name === 'staff');
    expect(staff).toMatchObject({ models: null, configuredModels: ['gpt-eu', 'local-llm'] });
    expect((await admin.client.put(`/api/admin/groups/${staff.id}/models`, { models: ['nope'] })).body.code).toBe('UNKNOWN_MODEL');
    expect((await admin.client.put(`/api/admin/groups/${staff.id}/models`, { models: ['local-llm'] })).status).toBe(200);
    expect(await ids()).toEqual(['local-llm']);
    await admin.client.put(`/api/admin/groups/${staff.id}/models`, { models: null });
    expect(await ids()).toEqual(['gpt-eu', 'local-llm']);
  });

  it('lists providers and models with their location, never their secrets', async () => {
    const providers = await workspace.dpo.client.get('/api/admin/providers');
    expect(providers.body.providers).toEqual([
      { name: 'cloud', type: 'openai', location: 'eu', baseUrl: 'http://127.0.0.1:9/v1', source: 'config', apiKeySet: true, headerNames: [], problem: null, updatedAt: null },
      { name: 'onprem', type: 'openai', location: 'on-premise', baseUrl: 'http://127.0.0.1:9/onprem/v1', source: 'config', apiKeySet: false, headerNames: [], problem: null, updatedAt: null },
    ]);
    expect(providers.body.models.map((model: { id: string; location: string }) => `${model.id}@${model.location}`)).toEqual(['gpt-eu@eu', 'local-llm@on-premise']);
    expect(JSON.stringify(providers.body)).not.toContain('sk-secret');
  });

  it('admin keys: lists everyone’s, revokes anyone’s', async () => {
    const { admin, user } = workspace;
    const all = (await admin.client.get('/api/admin/api-keys')).body.items;
    const userKey = all.find((key: { userEmail: string }) => key.userEmail === user.email);
    expect(userKey).toBeDefined();
    expect((await admin.client.delete(`/api/admin/api-keys/${userKey.id}`)).body.revokedAt).not.toBeNull();
    expect((await new ApiClient(workspace.app.url, { bearer: user.apiKey }).get('/api/me')).body.reason).toBe('revoked_api_key');
  });
});

describe('authorize() rules', () => {
  const actor = (overrides: Partial<ApiActor>): ApiActor => ({
    userId: 'u1',
    email: 'u1@example.org',
    role: 'user',
    groups: [],
    method: 'session',
    mfa: 'not_enrolled',
    charter: { currentVersion: 2, acceptedVersion: 2 },
    ...overrides,
  });
  const allowed = (who: ApiActor | undefined, action: Action, ownerId?: string) =>
    authorize(who, action, ownerId === undefined ? 'deferred' : { kind: 'owned', ownerId }).allowed;

  it('lets an admin API key act as admin (no interactive MFA for keys), but not an admin session without MFA', () => {
    expect(allowed(actor({ role: 'admin', method: 'api_key', mfa: 'not_applicable' }), 'policy:update')).toBe(true);
    expect(authorize(actor({ role: 'admin' }), 'policy:update')).toEqual({ allowed: false, reason: 'mfa_required' });
    expect(allowed(actor({ role: 'admin', mfa: 'verified' }), 'policy:update')).toBe(true);
  });

  it('holds a pending-MFA session to the MFA step', () => {
    const pending = actor({ mfa: 'pending' });
    expect(allowed(pending, 'auth:mfa')).toBe(true);
    expect(allowed(pending, 'auth:logout')).toBe(true);
    expect(authorize(pending, 'me:read')).toEqual({ allowed: false, reason: 'mfa_required' });
  });

  it('gates the chat on the current charter, and hides other people’s things', () => {
    expect(authorize(actor({ charter: { currentVersion: 3, acceptedVersion: 2 } }), 'conversation:list')).toEqual({
      allowed: false,
      reason: 'charter_not_accepted',
      charterVersion: 3,
    });
    expect(allowed(actor({ charter: { currentVersion: null, acceptedVersion: null } }), 'conversation:list')).toBe(true);
    expect(allowed(actor({}), 'conversation:read', 'u1')).toBe(true);
    expect(authorize(actor({}), 'conversation:read', { kind: 'owned', ownerId: 'u2' })).toEqual({ allowed: false, reason: 'not_found' });
    expect(authorize(actor({ role: 'admin', mfa: 'verified' }), 'conversation:read', { kind: 'owned', ownerId: 'u2' })).toEqual({ allowed: false, reason: 'not_found' });
    expect(authorize(undefined, 'conversation:read', { kind: 'owned', ownerId: 'u2' })).toEqual({ allowed: false, reason: 'unauthenticated' });
  });
});
