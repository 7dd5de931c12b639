/**
 * The Confluence connector against a local HTTP server speaking the Cloud (REST v2 + v1
 * restrictions) and the Server / Data Center (REST v1) shapes, paginated: permissions mapped
 * to groups and enforced by search, incremental re-sync (changed version re-ingested, unchanged
 * page's permissions refreshed, removed page deleted), and restrictions inherited from ancestor
 * pages (a page is readable only by who satisfies its restrictions and every ancestor's).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/audit/verify.ts';
import { startDocumentsApp, type DocumentsTestApp, type Person } from './documents-app.ts';

interface StubPage {
  id: string;
  title: string;
  version: number;
  body: string;
  groups?: string[];
  users?: string[];
  /** The parent in the page tree (none: a top-level page). */
  parentId?: string;
  /** false: in the tree (an ancestor) but not returned by the space's page listing, e.g. a folder. */
  listed?: boolean;
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
    const listed = state.pages.filter((candidate) => candidate.listed !== false);
    const page = listed[index];
    const byId = (id: string) => state.pages.find((candidate) => candidate.id === id);
    /** Root first, as Confluence lists ancestors. */
    const ancestorsOf = (target: StubPage) => {
      const chain: { id: string; type: string; title: string }[] = [];
      for (let parentId = target.parentId; parentId; ) {
        const parent = byId(parentId);
        // An id the stub does not know is listed but answers 404 when looked up.
        chain.unshift({ id: parentId, type: parent?.listed === false ? 'folder' : 'page', title: parent?.title ?? '' });
        parentId = parent?.parentId;
      }
      return chain;
    };
    const expanded = (url.searchParams.get('expand') ?? '').split(',');
    // Server / Data Center, under a context path.
    if (url.pathname === '/confluence/rest/api/space/ENG') {
      return send(response, { key: 'ENG', permissions: [{ operation: { operation: 'read', targetType: 'space' }, subjects: { group: { results: [{ name: spaceGroup }] } } }] });
    }
    if (url.pathname === '/confluence/rest/api/content') {
      const next = index + 1 < listed.length ? `/rest/api/content?spaceKey=ENG&type=page&limit=1&start=${index + 1}&expand=${url.searchParams.get('expand') ?? ''}` : undefined;
      const results = page
        ? [{
            id: page.id,
            title: page.title,
            version: { number: page.version },
            body: { storage: { value: page.body } },
            restrictions: { read: { restrictions: restriction(page) } },
            ...(expanded.includes('ancestors') ? { ancestors: ancestorsOf(page) } : {}),
          }]
        : [];
      return send(response, { results, size: results.length, _links: next ? { next } : {} });
    }
    const serverContent = /^\/confluence\/rest\/api\/content\/([^/]+)$/.exec(url.pathname);
    if (serverContent) {
      const target = byId(serverContent[1]!);
      if (!target) return void response.writeHead(404).end();
      return send(response, {
        id: target.id,
        title: target.title,
        ...(expanded.includes('restrictions.read.restrictions.group') ? { restrictions: { read: { restrictions: restriction(target) } } } : {}),
        ...(expanded.includes('ancestors') ? { ancestors: ancestorsOf(target) } : {}),
      });
    }
    // Cloud.
    if (url.pathname === '/wiki/api/v2/spaces') return send(response, { results: [{ id: '77', key: 'ENG' }] });
    if (url.pathname === '/wiki/api/v2/spaces/77/permissions') {
      return send(response, { results: [{ principal: { type: 'group', id: 'g-1' }, operation: { key: 'read', targetType: 'space' } }], _links: {} });
    }
    if (url.pathname === '/wiki/rest/api/group/by-id') return send(response, { id: 'g-1', name: spaceGroup });
    if (url.pathname === '/wiki/api/v2/spaces/77/pages') {
      const next = index + 1 < listed.length ? `/wiki/api/v2/spaces/77/pages?limit=1&body-format=storage&cursor=${index + 1}` : undefined;
      const parent = page?.parentId ? byId(page.parentId) : undefined;
      const results = page
        ? [{
            id: page.id,
            title: page.title,
            version: { number: page.version },
            body: { storage: { value: page.body } },
            parentId: page.parentId ?? null,
            parentType: parent ? (parent.listed === false ? 'folder' : 'page') : null,
          }]
        : [];
      return send(response, { results, _links: next ? { next } : {} });
    }
    const cloudContent = /^\/wiki\/rest\/api\/content\/([^/]+)$/.exec(url.pathname);
    if (cloudContent) {
      const target = byId(cloudContent[1]!);
      if (!target) return void response.writeHead(404).end();
      return send(response, { id: target.id, title: target.title, ...(expanded.includes('ancestors') ? { ancestors: ancestorsOf(target) } : {}) });
    }
    const restrictionPath = /^\/wiki\/rest\/api\/content\/([^/]+)\/restriction\/byOperation\/read$/.exec(url.pathname);
    if (restrictionPath) {
      const target = byId(restrictionPath[1]!);
      if (!target) return void response.writeHead(404).end();
      return send(response, { operation: 'read', restrictions: restriction(target) });
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

/** The connector's audit records, oldest first. */
async function syncAudits(testApp: DocumentsTestApp): Promise<{ userId: string; details: Record<string, unknown> }[]> {
  const rows = await testApp.services.db.query<{ user_id: string; details: Record<string, unknown> }>(
    `SELECT user_id, details FROM audit_log WHERE kind = 'admin' AND details->>'action' = 'connector.confluence.sync' ORDER BY id`,
  );
  return rows.rows.map((row) => ({ userId: row.user_id, details: row.details }));
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
  const documentOfPage = async (pageId: string) =>
    (await testApp.services.db.query<{ id: string }>(`SELECT id FROM documents WHERE source_ref LIKE $1`, [`%#page=${pageId}`])).rows[0]!.id;

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
    // The run is audited, by the admin who started it: counts and document ids only.
    const [record, ...more] = await syncAudits(testApp);
    expect(more).toEqual([]);
    expect(record).toMatchObject({
      userId: admin.userId,
      details: { action: 'connector.confluence.sync', via: 'api', outcome: 'done', flavor, spaceKey: 'ENG', created: 3, updated: 0, unchanged: 0, deleted: 0, groupsChanged: 0 },
    });
    expect([...(record!.details.documentIds as { created: string[] }).created].sort()).toEqual(
      (await Promise.all(['101', '102', '103'].map(documentOfPage))).sort(),
    );
  });

  it('re-sync is incremental: changed version re-ingested, permissions refreshed, removed page deleted', async () => {
    stub.pages = [
      { id: '101', title: 'Runbook astreinte', version: 2, body: '<p>Procédure kiwano : basculer sur le site de secours.</p>' },
      { id: '102', title: 'Plan social', version: 3, body: '<p>Projet kiwano confidentiel : réorganisation.</p>', groups: ['direction', 'engineering'] },
    ];
    const [runbook, plan, notes] = await Promise.all(['101', '102', '103'].map(documentOfPage));
    const response = await sync();
    expect(response.body.result).toEqual({ created: 0, updated: 1, unchanged: 1, deleted: 1 });
    await testApp.module.ingester.whenIdle();
    expect(await foundBy(engineer, 'kiwano')).toEqual(['Plan social', 'Runbook astreinte']);
    expect(await foundBy(engineer, 'facturation')).toEqual([]);
    expect(await foundBy(engineer, 'site de secours')).toEqual(['Runbook astreinte']);
    expect(await foundBy(admin, 'idées')).toEqual([]);
    // Audited: the updated page, the page whose sharing groups changed, the deleted page.
    const records = await syncAudits(testApp);
    expect(records).toHaveLength(2);
    expect(records[1]!.details).toMatchObject({
      outcome: 'done',
      created: 0,
      updated: 1,
      unchanged: 1,
      deleted: 1,
      groupsChanged: 1,
      documentIds: { created: [], updated: [runbook], deleted: [notes], groupsChanged: [plan] },
      documentIdsTruncated: false,
    });
    expect(JSON.stringify(records)).not.toMatch(/kiwano|Runbook|Plan social|Notes perso|secret-token|pat-token|bot@example|direction|engineering/);
    expect((await verifyAuditChain(testApp.services.db)).ok).toBe(true);
  });
});

describe.each(['server', 'cloud'] as const)('Confluence connector, inherited restrictions (%s)', (flavor) => {
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
  const tree = (changes: Partial<Record<string, Partial<StubPage>>> = {}): StubPage[] =>
    [
      { id: '200', title: 'Accueil', version: 1, body: '<p>Espace ingénierie, mot pamplemousse.</p>' },
      { id: '201', title: 'Direction', version: 1, body: '<p>Comité pamplemousse.</p>', parentId: '200', groups: ['direction'] },
      // Not restricted itself: inherits the parent's restriction.
      { id: '202', title: 'Budget', version: 1, body: '<p>Budget pamplemousse.</p>', parentId: '201' },
      // Restricted to both groups, under a page restricted to direction: direction only.
      { id: '203', title: 'Salaires', version: 1, body: '<p>Grille pamplemousse.</p>', parentId: '202', groups: ['direction', 'engineering'] },
      // Users only, deeper down: no group at all.
      { id: '204', title: 'Entretiens', version: 1, body: '<p>Entretiens pamplemousse.</p>', parentId: '203', users: ['acc-9'] },
      // Under an ancestor the page listing does not return (a folder): looked up.
      { id: '290', title: 'Dossier RH', version: 1, body: '', groups: ['direction'], listed: false },
      { id: '205', title: 'Recrutement', version: 1, body: '<p>Recrutement pamplemousse.</p>', parentId: '290' },
    ].map((page) => ({ ...page, ...changes[page.id] }));

  beforeAll(async () => {
    testApp = await startDocumentsApp('pglite');
    stub = await startConfluenceStub('engineering');
    admin = await testApp.person('admin@example.org', [], 'admin');
    engineer = await testApp.person('eng@example.org', ['engineering']);
    director = await testApp.person('dir@example.org', ['direction']);
  }, 60_000);
  afterAll(async () => {
    await testApp?.close();
    await stub?.close();
  });

  it('a child of a restricted page is readable only by who satisfies every ancestor', async () => {
    stub.pages = tree();
    stub.requests.length = 0;
    const response = await sync();
    expect(response.status).toBe(200);
    expect(response.body.result).toEqual({ created: 6, updated: 0, unchanged: 0, deleted: 0 });
    await testApp.module.ingester.whenIdle();
    expect(await foundBy(engineer, 'pamplemousse')).toEqual(['Accueil']);
    expect(await foundBy(director, 'pamplemousse')).toEqual(['Budget', 'Direction', 'Recrutement', 'Salaires']);
    expect(await foundBy(admin, 'pamplemousse')).toEqual(['Accueil', 'Budget', 'Direction', 'Entretiens', 'Recrutement', 'Salaires']);
    // The engineer cannot reach the child by other routes either.
    const listed = await engineer.json('/api/documents');
    expect((listed.body.documents as { title: string }[]).map((document) => document.title)).toEqual(['Accueil']);
    // Lookups are cached for the sync: each restriction (Cloud) or unlisted ancestor (Server) asked once.
    const lookups = stub.requests.filter((path) => /\/content\/[^/]+(\/restriction\/byOperation\/read)?$/.test(path));
    expect(lookups.length).toBe(new Set(lookups).size);
    if (flavor === 'cloud') expect(lookups.filter((path) => path.endsWith('/content/201/restriction/byOperation/read'))).toHaveLength(1);
    else expect(lookups).toEqual(['/confluence/rest/api/content/290']);
  });

  it('re-sync after an ancestor restriction is lifted or changed updates the descendants (same page versions)', async () => {
    stub.pages = tree({ '201': { groups: [] }, '290': { groups: ['engineering'] } });
    const response = await sync();
    expect(response.body.result).toEqual({ created: 0, updated: 0, unchanged: 6, deleted: 0 });
    await testApp.module.ingester.whenIdle();
    // 201 lifted: Direction and Budget fall back to the space; Salaires keeps its own restriction
    // (engineering now included); Entretiens stays users-only; the folder now allows engineering only.
    expect(await foundBy(engineer, 'pamplemousse')).toEqual(['Accueil', 'Budget', 'Direction', 'Recrutement', 'Salaires']);
    expect(await foundBy(director, 'pamplemousse')).toEqual(['Salaires']);
    expect(await foundBy(admin, 'pamplemousse')).toEqual(['Accueil', 'Budget', 'Direction', 'Entretiens', 'Recrutement', 'Salaires']);
  });

  it('re-sync after a restriction is added higher up narrows every descendant', async () => {
    stub.pages = tree({ '200': { groups: ['engineering'] }, '201': { groups: [] }, '290': { groups: ['engineering'] } });
    expect((await sync()).body.result).toEqual({ created: 0, updated: 0, unchanged: 6, deleted: 0 });
    stub.pages = tree({ '200': { groups: ['direction'] }, '201': { groups: [] } });
    expect((await sync()).body.result).toEqual({ created: 0, updated: 0, unchanged: 6, deleted: 0 });
    await testApp.module.ingester.whenIdle();
    expect(await foundBy(engineer, 'pamplemousse')).toEqual([]);
    expect(await foundBy(director, 'pamplemousse')).toEqual(['Accueil', 'Budget', 'Direction', 'Recrutement', 'Salaires']);
  });

  it('a sync whose ancestor lookup fails changes nothing (fails closed)', async () => {
    stub.pages = tree({ '205': { parentId: '299' } }); // a parent Confluence does not know
    const response = await sync();
    expect(response.status).toBe(502);
    expect(response.body.code).toBe('CONNECTOR_FAILED');
    expect(await foundBy(engineer, 'pamplemousse')).toEqual([]);    // A failed run is audited too.
    const records = await syncAudits(testApp);
    expect(records.at(-1)!.details).toMatchObject({ outcome: 'failed', created: 0, updated: 0, unchanged: 0, deleted: 0, groupsChanged: 0 });
    // The earlier runs here: first sync, then three re-syncs that only changed sharing groups.
    expect(records.slice(0, -1).map((record) => [record.details.created, record.details.groupsChanged])).toEqual([
      [6, 0],
      [0, 4], // 201 lifted (201, 202 fall back to the space), 203 now direction + engineering, 205 follows 290 (engineering)
      [0, expect.any(Number)],
      [0, expect.any(Number)],
    ]);
  });
});
