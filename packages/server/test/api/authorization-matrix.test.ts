/**
 * The authorization matrix: every /api route × every kind of caller × ownership, over real
 * HTTP on both databases. The routes come from the app itself (what was registered: the
 * workspace API, and documents / search / connectors), so a new route without a row here
 * fails; a row without a route fails too. Both API plugins ask policies/authorize.ts only
 * (the document and compliance rule files are imported by it alone, checked below). Each cell uses a fresh
 * session and fresh fixtures (conversations, keys… owned by `user`), so cells are independent.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentsRoutesOf } from '../../src/api/documents-api.ts';
import { apiRoutesOf } from '../../src/api/index.ts';
import { installRoutePolicy } from '../../src/api/route-policy.ts';
import type { ApiContext } from '../../src/api/context.ts';
import { createApiKey } from '../../src/auth/api-keys.ts';
import { createConversation, insertMessage } from '../../src/commands/conversations.ts';
import { SessionStore, type MfaState } from '../../src/sessions/session-store.ts';
import { createUser } from '../../src/users/users.ts';
import { backendNames, postgresEnabled } from '../support/databases.ts';
import { ApiClient } from './support/api-client.ts';
import { PASSWORD, startWorkspace, type Person, type Workspace } from './support/workspace.ts';

const CALLERS = ['anonymous', 'user', 'userKey', 'other', 'dpo', 'admin', 'adminNoMfa'] as const;
type Caller = (typeof CALLERS)[number];
/** 'ok' = not refused by authorization; otherwise the refusal's problem code. */
type Outcome = 'ok' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'MFA_REQUIRED' | 'SESSION_REQUIRED' | 'NOT_FOUND';
type Row = Record<Caller, Outcome>;

const REFUSALS = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'MFA_REQUIRED', 'SESSION_REQUIRED', 'NOT_FOUND', 'CSRF_FAILED', 'CHARTER_NOT_ACCEPTED']);

const PUBLIC: Row = { anonymous: 'ok', user: 'ok', userKey: 'ok', other: 'ok', dpo: 'ok', admin: 'ok', adminNoMfa: 'ok' };
const SIGNED_IN: Row = { ...PUBLIC, anonymous: 'UNAUTHENTICATED' };
const SESSION_ONLY: Row = { ...SIGNED_IN, userKey: 'SESSION_REQUIRED' };
const OWN: Row = { anonymous: 'UNAUTHENTICATED', user: 'ok', userKey: 'ok', other: 'NOT_FOUND', dpo: 'NOT_FOUND', admin: 'NOT_FOUND', adminNoMfa: 'NOT_FOUND' };
const COMPLIANCE: Row = { anonymous: 'UNAUTHENTICATED', user: 'FORBIDDEN', userKey: 'FORBIDDEN', other: 'FORBIDDEN', dpo: 'ok', admin: 'ok', adminNoMfa: 'MFA_REQUIRED' };
const ADMIN: Row = { ...COMPLIANCE, dpo: 'FORBIDDEN' };
/** A document owned by `user` and shared with the group staff (`other` is in it; dpo and admin are not). */
const SHARED_READ: Row = { ...OWN, other: 'ok' };

interface Fixtures {
  conversation(): Promise<{ id: string; userMessageId: string; answerId: string }>;
  userKeyId(): Promise<string>;
  concernId(): Promise<string>;
  moduleId(): Promise<string>;
  groupId(): Promise<string>;
  targetUserId(): Promise<string>;
  charterVersion(): Promise<number>;
  /** A ready document owned by `user`, shared with staff, and one of its chunks. */
  document(): Promise<{ id: string; chunkId: string }>;
  /** A provider added by an administrator (no model uses it), and a model of another such provider. */
  providerName(): Promise<string>;
  modelName(): Promise<string>;
  unique: string;
}

interface RouteCase {
  row: Row;
  path(fixtures: Fixtures): Promise<string> | string;
  body?(fixtures: Fixtures): Promise<unknown> | unknown;
}

const MATRIX: Record<string, RouteCase> = {
  'GET /api/auth/session': { row: PUBLIC, path: () => '/api/auth/session' },
  'POST /api/auth/login': { row: PUBLIC, path: () => '/api/auth/login', body: () => ({ email: 'alice@example.org', password: PASSWORD }) },
  'POST /api/auth/mfa': { row: { ...SESSION_ONLY }, path: () => '/api/auth/mfa', body: () => ({ code: '123456' }) },
  'POST /api/auth/logout': { row: SESSION_ONLY, path: () => '/api/auth/logout' },
  'GET /api/setup': { row: PUBLIC, path: () => '/api/setup' },
  'POST /api/setup': { row: PUBLIC, path: () => '/api/setup', body: (f) => ({ token: 'x'.repeat(43), email: `${f.unique}@example.org`, password: PASSWORD }) },
  'GET /api/me': { row: SIGNED_IN, path: () => '/api/me' },
  'PATCH /api/me': { row: SIGNED_IN, path: () => '/api/me', body: () => ({ displayName: 'Renamed' }) },
  'POST /api/me/password': { row: SESSION_ONLY, path: () => '/api/me/password', body: () => ({ currentPassword: PASSWORD, newPassword: PASSWORD }) },
  'POST /api/me/mfa/enrol': { row: SESSION_ONLY, path: () => '/api/me/mfa/enrol' },
  'POST /api/me/mfa/confirm': { row: SESSION_ONLY, path: () => '/api/me/mfa/confirm', body: () => ({ code: '123456' }) },
  'GET /api/me/api-keys': { row: SIGNED_IN, path: () => '/api/me/api-keys' },
  'POST /api/me/api-keys': { row: { ...SIGNED_IN, adminNoMfa: 'MFA_REQUIRED' }, path: () => '/api/me/api-keys', body: () => ({ name: 'matrix' }) },
  'DELETE /api/me/api-keys/:id': { row: OWN, path: async (f) => `/api/me/api-keys/${await f.userKeyId()}` },
  'GET /api/models': { row: SIGNED_IN, path: () => '/api/models' },
  'GET /api/charter': { row: SIGNED_IN, path: () => '/api/charter' },
  'POST /api/charter/accept': { row: SIGNED_IN, path: () => '/api/charter/accept', body: async (f) => ({ version: await f.charterVersion() }) },
  'POST /api/admin/charter': { row: ADMIN, path: () => '/api/admin/charter', body: () => ({ contentMarkdown: '# Charte' }) },
  'GET /api/admin/charter/acceptances': { row: COMPLIANCE, path: () => '/api/admin/charter/acceptances' },
  'GET /api/training/modules': { row: SIGNED_IN, path: () => '/api/training/modules' },
  'GET /api/training/modules/:id': { row: SIGNED_IN, path: async (f) => `/api/training/modules/${await f.moduleId()}` },
  'POST /api/training/modules/:id/attempts': { row: SIGNED_IN, path: async (f) => `/api/training/modules/${await f.moduleId()}/attempts`, body: () => ({ answers: {} }) },
  'POST /api/admin/training/modules': { row: ADMIN, path: () => '/api/admin/training/modules', body: () => moduleBody() },
  'PUT /api/admin/training/modules/:id': { row: ADMIN, path: async (f) => `/api/admin/training/modules/${await f.moduleId()}`, body: () => moduleBody() },
  'DELETE /api/admin/training/modules/:id': { row: ADMIN, path: async (f) => `/api/admin/training/modules/${await f.moduleId()}` },
  'GET /api/admin/training/report': { row: COMPLIANCE, path: () => '/api/admin/training/report' },
  'GET /api/conversations': { row: SIGNED_IN, path: () => '/api/conversations?q=x' },
  'POST /api/conversations': { row: SIGNED_IN, path: () => '/api/conversations', body: () => ({ title: 'Matrix' }) },
  'GET /api/conversations/:id': { row: OWN, path: async (f) => `/api/conversations/${(await f.conversation()).id}` },
  'PATCH /api/conversations/:id': { row: OWN, path: async (f) => `/api/conversations/${(await f.conversation()).id}`, body: () => ({ title: 'Renamed' }) },
  'DELETE /api/conversations/:id': { row: OWN, path: async (f) => `/api/conversations/${(await f.conversation()).id}` },
  'POST /api/conversations/:id/messages': { row: OWN, path: async (f) => `/api/conversations/${(await f.conversation()).id}/messages`, body: () => ({ content: 'Bonjour' }) },
  'POST /api/conversations/:id/regenerate': { row: OWN, path: async (f) => `/api/conversations/${(await f.conversation()).id}/regenerate` },
  'POST /api/conversations/:id/messages/:messageId/feedback': {
    row: OWN,
    path: async (f) => {
      const conversation = await f.conversation();
      return `/api/conversations/${conversation.id}/messages/${conversation.answerId}/feedback`;
    },
    body: () => ({ rating: 'useful' }),
  },
  'POST /api/concerns': { row: SIGNED_IN, path: () => '/api/concerns', body: () => ({ description: 'Une inquiétude.' }) },
  'GET /api/concerns': { row: COMPLIANCE, path: () => '/api/concerns' },
  'PATCH /api/concerns/:id': { row: COMPLIANCE, path: async (f) => `/api/concerns/${await f.concernId()}`, body: () => ({ status: 'closed' }) },
  'GET /api/admin/users': { row: COMPLIANCE, path: () => '/api/admin/users' },
  'POST /api/admin/users': { row: ADMIN, path: () => '/api/admin/users', body: (f) => ({ email: `${f.unique}@example.org` }) },
  'PATCH /api/admin/users/:id': { row: ADMIN, path: async (f) => `/api/admin/users/${await f.targetUserId()}`, body: () => ({ groups: ['staff'] }) },
  'POST /api/admin/users/:id/reset-mfa': { row: ADMIN, path: async (f) => `/api/admin/users/${await f.targetUserId()}/reset-mfa` },
  'GET /api/admin/groups': { row: COMPLIANCE, path: () => '/api/admin/groups' },
  'POST /api/admin/groups': { row: ADMIN, path: () => '/api/admin/groups', body: (f) => ({ name: `group-${f.unique}` }) },
  'DELETE /api/admin/groups/:id': { row: ADMIN, path: async (f) => `/api/admin/groups/${await f.groupId()}` },
  'PUT /api/admin/groups/:id/models': { row: ADMIN, path: async (f) => `/api/admin/groups/${await f.groupId()}/models`, body: () => ({ models: null }) },
  'GET /api/admin/api-keys': { row: ADMIN, path: () => '/api/admin/api-keys' },
  'DELETE /api/admin/api-keys/:id': { row: ADMIN, path: async (f) => `/api/admin/api-keys/${await f.userKeyId()}` },
  'GET /api/admin/providers': { row: COMPLIANCE, path: () => '/api/admin/providers' },
  'POST /api/admin/providers': {
    row: ADMIN,
    path: () => '/api/admin/providers',
    body: (f) => ({ name: `matrix-${f.unique}`, type: 'openai', location: 'on-premise', baseUrl: 'http://127.0.0.1:9/v1' }),
  },
  'PATCH /api/admin/providers/:name': { row: ADMIN, path: async (f) => `/api/admin/providers/${await f.providerName()}`, body: () => ({ location: 'eu' }) },
  'DELETE /api/admin/providers/:name': { row: ADMIN, path: async (f) => `/api/admin/providers/${await f.providerName()}` },
  'POST /api/admin/providers/:name/test': { row: ADMIN, path: async (f) => `/api/admin/providers/${await f.providerName()}/test` },
  'POST /api/admin/models': {
    row: ADMIN,
    path: () => '/api/admin/models',
    body: async (f) => ({ name: `matrix-model-${f.unique}`, provider: await f.providerName() }),
  },
  'PATCH /api/admin/models/:name': { row: ADMIN, path: async (f) => `/api/admin/models/${await f.modelName()}`, body: () => ({ description: 'Matrice' }) },
  'DELETE /api/admin/models/:name': { row: ADMIN, path: async (f) => `/api/admin/models/${await f.modelName()}` },
  'GET /api/admin/policy': { row: COMPLIANCE, path: () => '/api/admin/policy' },
  'PUT /api/admin/policy': { row: ADMIN, path: () => '/api/admin/policy', body: () => ({ policy: { default: 'pseudonymize' } }) },
  'GET /api/admin/quotas': { row: COMPLIANCE, path: () => '/api/admin/quotas' },
  'PUT /api/admin/quotas': {
    row: ADMIN,
    path: () => '/api/admin/quotas',
    body: () => ({ requestsPerMinute: { perUser: 600, perKey: null }, tokensPerDay: { perUser: null, perKey: null } }),
  },
  'GET /api/auth/oidc/login': { row: PUBLIC, path: () => '/api/auth/oidc/login' },
  // Documents, search, connectors (api/documents-api.ts). Reading a document is the read rule
  // (owner or shared group, admins not privileged); deleting is the owner's only.
  'POST /api/documents': { row: SIGNED_IN, path: () => '/api/documents' },
  'GET /api/documents': { row: SIGNED_IN, path: () => '/api/documents' },
  'GET /api/documents/:id': { row: SHARED_READ, path: async (f) => `/api/documents/${(await f.document()).id}` },
  'GET /api/documents/:id/download': { row: SHARED_READ, path: async (f) => `/api/documents/${(await f.document()).id}/download` },
  'GET /api/documents/:id/passages/:chunkId': {
    row: SHARED_READ,
    path: async (f) => {
      const document = await f.document();
      return `/api/documents/${document.id}/passages/${document.chunkId}`;
    },
  },
  'DELETE /api/documents/:id': { row: OWN, path: async (f) => `/api/documents/${(await f.document()).id}` },
  'POST /api/search': { row: SIGNED_IN, path: () => '/api/search', body: () => ({ query: 'matrice' }) },
  'POST /api/documents/connectors/confluence/sync': { row: ADMIN, path: () => '/api/documents/connectors/confluence/sync' },
  'GET /api/auth/oidc/callback': { row: PUBLIC, path: () => '/api/auth/oidc/callback?state=x&code=y' },
};

function moduleBody() {
  return { title: 'Module', contentMarkdown: '# M', questions: [{ prompt: 'Q ?', choices: ['a', 'b'], answer: 0 }] };
}

describe('a route without a policy action', () => {
  it('cannot be registered under /api', async () => {
    const app = Fastify();
    const boot = async (): Promise<void> => {
      await app.register(async (api) => {
        installRoutePolicy(api, {} as ApiContext, []);
        api.get('/forgotten', async () => 'no policy');
      }, { prefix: '/api' });
      await app.ready();
    };
    await expect(boot()).rejects.toThrow(/declares no policy action/);
    await app.close();
  });
});

describe('one authorization module', () => {
  it('the document and compliance rule files are imported by policies/authorize.ts only', () => {
    const root = join(import.meta.dirname, '../../src');
    const files = (readdirSync(root, { recursive: true }) as string[]).filter((file) => file.endsWith('.ts')).map((file) => join(root, file));
    const importers = files
      .filter((file) => /from '[^']*\/(document|compliance)-policy\.ts'/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file));
    expect(importers).toEqual(['policies/authorize.ts']);
  });
});

describe.each(backendNames)('authorization matrix on %s', (backend) => {
  const skip = backend === 'postgres' && !postgresEnabled;
  let workspace: Workspace;
  let sessions: SessionStore;

  beforeAll(async () => {
    if (skip) return;
    workspace = await startWorkspace(backend);
    sessions = new SessionStore(workspace.app.services.db, { idleMs: 3_600_000, absoluteMs: 3_600_000 });
    await workspace.admin.client.post('/api/admin/charter', { contentMarkdown: '# Charte' });
  });
  afterAll(async () => {
    await workspace?.app.close();
  });

  it.skipIf(skip)('covers exactly the registered routes', () => {
    const registered = [...apiRoutesOf(workspace.app.services), ...documentsRoutesOf(workspace.app.services)].map((route) => `${route.method} ${route.url}`).sort();
    expect(documentsRoutesOf(workspace.app.services).length).toBeGreaterThan(0);
    expect(registered.filter((route) => !(route in MATRIX))).toEqual([]); // a new route needs a row (and a policy)
    expect(Object.keys(MATRIX).filter((route) => !registered.includes(route))).toEqual([]);
  });

  async function clientFor(caller: Caller): Promise<ApiClient> {
    const { app } = workspace;
    if (caller === 'anonymous') return new ApiClient(app.url);
    if (caller === 'userKey') return new ApiClient(app.url, { bearer: workspace.user.apiKey });
    const people: Record<Exclude<Caller, 'anonymous' | 'userKey'>, [Person, MfaState]> = {
      user: [workspace.user, 'not_enrolled'],
      other: [workspace.other, 'not_enrolled'],
      dpo: [workspace.dpo, 'not_enrolled'],
      admin: [workspace.admin, 'verified'],
      adminNoMfa: [workspace.admin, 'not_enrolled'],
    };
    const [person, mfa] = people[caller];
    const session = await sessions.create({ userId: person.id, mfa, authSource: 'local' });
    const client = new ApiClient(app.url);
    client.cookies.set('rempart_session', session.token);
    client.csrfToken = session.csrfToken;
    return client;
  }

  function fixtures(): Fixtures {
    const { db, catalogueStore } = workspace.app.services;
    const owner = workspace.user;
    const once = <T>(make: () => Promise<T>): (() => Promise<T>) => {
      let made: Promise<T> | undefined;
      return () => (made ??= make());
    };
    return {
      unique: randomUUID().slice(0, 8),
      conversation: once(async () => {
        const conversation = await createConversation(db, { userId: owner.id });
        const question = await insertMessage(db, { conversationId: conversation.id, role: 'user', content: 'Question', model: null, status: 'complete' });
        const answer = await insertMessage(db, { conversationId: conversation.id, role: 'assistant', content: 'Réponse', model: null, status: 'complete', aiGenerated: true, createdAt: new Date(Date.now() + 1) });
        return { id: conversation.id, userMessageId: question.id, answerId: answer.id };
      }),
      userKeyId: once(async () => (await createApiKey(db, { userId: owner.id, name: 'fixture' })).info.id),
      concernId: once(async () => {
        const id = randomUUID();
        await db.query(`INSERT INTO concerns (id, reporter_id, category, description) VALUES ($1, $2, 'other', 'x')`, [id, owner.id]);
        return id;
      }),
      moduleId: once(async () => {
        const id = randomUUID();
        await db.query(
          `INSERT INTO training_modules (id, title, content_markdown, questions, pass_score) VALUES ($1, 'M', '# M', $2, 0.5)`,
          [id, JSON.stringify([{ id: randomUUID(), prompt: 'Q', choices: ['a', 'b'], answer: 0 }])],
        );
        return id;
      }),
      groupId: once(async () => {
        const id = randomUUID();
        await db.query('INSERT INTO groups (id, name) VALUES ($1, $2)', [id, `fixture-${id}`]);
        return id;
      }),
      providerName: once(async () => {
        const name = `fixture-${randomUUID().slice(0, 8)}`;
        await catalogueStore.createProvider(name, { type: 'openai', location: 'on-premise', baseUrl: 'http://127.0.0.1:9/v1' }, undefined, workspace.admin.id);
        return name;
      }),
      modelName: once(async () => {
        const provider = `fixture-${randomUUID().slice(0, 8)}`;
        await catalogueStore.createProvider(provider, { type: 'openai', location: 'on-premise', baseUrl: 'http://127.0.0.1:9/v1' }, undefined, workspace.admin.id);
        const name = `fixture-model-${randomUUID().slice(0, 8)}`;
        await catalogueStore.createModel(name, { provider, fallbacks: [] }, workspace.admin.id);
        return name;
      }),
      targetUserId: once(async () => (await createUser(db, { email: `target-${randomUUID()}@example.org` })).id),
      charterVersion: once(async () => (await db.query<{ version: number }>('SELECT max(version) AS version FROM charter_versions')).rows[0]!.version),
      document: once(async () => {
        const form = new FormData();
        form.append('groups', 'staff');
        form.append('file', new Blob([`Matrice ${randomUUID()} : un document de test, partagé avec le groupe staff.`], { type: 'text/plain' }), 'matrice.txt');
        const uploaded = await fetch(`${workspace.app.url}/api/documents`, { method: 'POST', headers: { authorization: `Bearer ${owner.apiKey}` }, body: form });
        if (uploaded.status !== 202) throw new Error(`fixture upload refused: ${uploaded.status} ${await uploaded.text()}`);
        const { id } = ((await uploaded.json()) as { document: { id: string } }).document;
        for (let attempt = 0; attempt < 200; attempt++) {
          const chunk = await db.query<{ id: string }>(
            `SELECT c.id FROM document_chunks c JOIN documents d ON d.id = c.document_id WHERE d.id = $1 AND d.status = 'ready' LIMIT 1`,
            [id],
          );
          if (chunk.rows[0]) return { id, chunkId: chunk.rows[0].id };
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
        throw new Error('fixture document never became ready');
      }),
    };
  }

  for (const [route, spec] of Object.entries(MATRIX)) {
    it.skipIf(skip)(`${route}`, async () => {
      const [method] = route.split(' ');
      const outcomes: Partial<Record<Caller, string>> = {};
      for (const caller of CALLERS) {
        // Everyone has accepted the latest charter (publishing a new one is one of the cells).
        await workspace.app.services.db.query(
          `INSERT INTO charter_acceptances (user_id, version) SELECT u.id, (SELECT max(version) FROM charter_versions) FROM users u ON CONFLICT DO NOTHING`,
        );
        const f = fixtures();
        const client = await clientFor(caller);
        const path = await spec.path(f);
        const body = spec.body ? await spec.body(f) : method === 'GET' || method === 'DELETE' ? undefined : {};
        const response = await client.request(method!, path, body);
        const code = typeof response.body === 'object' && response.body ? response.body.code : undefined;
        outcomes[caller] = response.status >= 400 && REFUSALS.has(code) ? code : 'ok';
        if (outcomes[caller] === 'ok' && response.status >= 500) outcomes[caller] = `error ${response.status}`;
      }
      expect(outcomes).toEqual(spec.row);
    });
  }
});
