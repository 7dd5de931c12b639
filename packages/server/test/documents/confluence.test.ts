/**
 * The Confluence connector against a local HTTP server speaking the Cloud (REST v2 + v1
 * restrictions) and the Server / Data Center (REST v1) shapes, paginated: permissions mapped
 * to groups and enforced by search, incremental re-sync (changed version re-ingested, unchanged
 * page's permissions refreshed, removed page deleted).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDocumentsApp, type DocumentsTestApp, type Person } from './documents-app.ts';

interface StubPage {
  id: string;
  title: string;
  version: number;
  body: string;
  groups?: string[];
  users?: string[];
}

interface Stub {
  url: string;
  pages: StubPage[];
  requests: string[];
  close(): Promise<void>;
}

async function startConfluenceStub(spaceGroup: string): Promise<Stub> {
  const state = { pages: [] as StubPage[], requests: [] as string[] };
  const send = (response: ServerResponse, body: unknown) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  const restriction = (page: StubPage) => ({
    group: { results: (page.groups ?? []).map((name) => ({ type: 'group', name })) },
    user: { results: (page.users ?? []).map((accountId) => ({ type: 'known', accountId })) },
  });
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://stub');
    state.requests.push(url.pathname);
    if (!request.headers.authorization) {
      response.writeHead(401).end();
      return;
    }
    const index = Number(url.searchParams.get('start') ?? url.searchParams.get('cursor') ?? 0);
    const page = state.pages[index];
    // Server / Data Center, under a context path.
    if (url.pathname === '/confluence/rest/api/space/ENG') {
      return send(response, { key: 'ENG', permissions: [{ operation: { operation: 'read', targetType: 'space' }, subjects: { group: { results: [{ name: spaceGroup }] } } }] });
    }
    if (url.pathname === '/confluence/rest/api/content') {
      const next = index + 1 < state.pages.length ? `/rest/api/content?spaceKey=ENG&type=page&limit=1&start=${index + 1}` : undefined;
      const results = page ? [{ id: page.id, title: page.title, version: { number: page.version }, body: { storage: { value: page.body } }, restrictions: { read: { restrictions: restriction(page) } } }] : [];
      return send(response, { results, size: results.length, _links: next ? { next } : {} });
    }
    // Cloud.
    if (url.pathname === '/wiki/api/v2/spaces') return send(response, { results: [{ id: '77', key: 'ENG' }] });
    if (url.pathname === '/wiki/api/v2/spaces/77/permissions') {
      return send(response, { results: [{ principal: { type: 'group', id: 'g-1' }, operation: { key: 'read', targetType: 'space' } }], _links: {} });
    }
    if (url.pathname === '/wiki/rest/api/group/by-id') return send(response, { id: 'g-1', name: spaceGroup });
    if (url.pathname === '/wiki/api/v2/spaces/77/pages') {
      const next = index + 1 < state.pages.length ? `/wiki/api/v2/spaces/77/pages?limit=1&body-format=storage&cursor=${index + 1}` : undefined;
      const results = page ? [{ id: page.id, title: page.title, version: { number: page.version }, body: { storage: { value: page.body } } }] : [];
      return send(response, { results, _links: next ? { next } : {} });
    }
    const restrictionPath = /^\/wiki\/rest\/api\/content\/([^/]+)\/restriction\/byOperation\/read$/.exec(url.pathname);
    if (restrictionPath) {
      const target = state.pages.find((candidate) => candidate.id === restrictionPath[1]);
      return send(response, { operation: 'read', restrictions: target ? restriction(target) : {} });
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    get pages() {
      return state.pages;
    },
    set pages(pages: StubPage[]) {
      state.pages = pages;
    },
    requests: state.requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe.each(['server', 'cloud'] as const)('Confluence connector (%s)', (flavor) => {
  let testApp: DocumentsTestApp;
  let stub: Stub;
  let admin: Person;
  let engineer: Person;
  let director: Person;
  const connection = () =>
    flavor === 'cloud'
      ? { flavor, baseUrl: stub.url, spaceKey: 'ENG', email: 'bot@example.org', apiToken: 'secret-token' }
      : { flavor, baseUrl: `${stub.url}/confluence`, spaceKey: 'ENG', token: 'pat-token' };
  const sync = () => admin.json('/api/documents/connectors/confluence/sync', connection());
  const foundBy = async (person: Person, query: string) =>
    ((await person.json('/api/search', { query, k: 20 })).body.results as { title: string }[]).map((result) => result.title).sort();

  beforeAll(async () => {
    testApp = await startDocumentsApp('pglite');
    stub = await startConfluenceStub('engineering');
    admin = await testApp.person('admin@example.org', [], 'admin');
    engineer = await testApp.person('eng@example.org', ['engineering']);
    director = await testApp.person('dir@example.org', ['direction']);
    stub.pages = [
      { id: '101', title: 'Runbook astreinte', version: 1, body: '<p>Procédure kiwano : redémarrer le service de facturation.</p>' },
      { id: '102', title: 'Plan social', version: 3, body: '<p>Projet kiwano confidentiel : réorganisation.</p>', groups: ['direction'] },
      { id: '103', title: 'Notes perso', version: 1, body: '<p>Mes idées kiwano.</p>', users: ['acc-1'] },
    ];
  }, 60_000);
  afterAll(async () => {
    await testApp?.close();
    await stub?.close();
  });

  it('only administrators may sync', async () => {
    const refused = await engineer.json('/api/documents/connectors/confluence/sync', connection());
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('FORBIDDEN');
  });

  it('first sync: every page, with space and page permissions mapped to groups', async () => {
    const response = await sync();
    expect(response.status).toBe(200);
    expect(response.body.result).toEqual({ created: 3, updated: 0, unchanged: 0, deleted: 0 });
    await testApp.module.ingester.whenIdle();
    expect(await foundBy(engineer, 'kiwano')).toEqual(['Runbook astreinte']);
    expect(await foundBy(director, 'kiwano')).toEqual(['Plan social']);
    // A user-only restriction maps to no group: the connector's owner alone reads it.
    expect(await foundBy(admin, 'kiwano')).toEqual(['Notes perso', 'Plan social', 'Runbook astreinte']);
  });

  it('re-sync is incremental: changed version re-ingested, permissions refreshed, removed page deleted', async () => {
    stub.pages = [
      { id: '101', title: 'Runbook astreinte', version: 2, body: '<p>Procédure kiwano : basculer sur le site de secours.</p>' },
      { id: '102', title: 'Plan social', version: 3, body: '<p>Projet kiwano confidentiel : réorganisation.</p>', groups: ['direction', 'engineering'] },
    ];
    const response = await sync();
    expect(response.body.result).toEqual({ created: 0, updated: 1, unchanged: 1, deleted: 1 });
    await testApp.module.ingester.whenIdle();
    expect(await foundBy(engineer, 'kiwano')).toEqual(['Plan social', 'Runbook astreinte']);
    expect(await foundBy(engineer, 'facturation')).toEqual([]);
    expect(await foundBy(engineer, 'site de secours')).toEqual(['Runbook astreinte']);
    expect(await foundBy(admin, 'idées')).toEqual([]);
  });
});
