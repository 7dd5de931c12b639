/**
 * The access matrix: whoever asks, through whichever door (search, document status, listing,
 * download, passage link, chat retrieval), gets a document's content only if they own it or
 * belong to a group it is shared with. On PGlite and on PostgreSQL, over real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/audit/verify.ts';
import { retrievePassagesForChat } from '../../src/documents/chat-retrieval.ts';
import { backendNames, postgresEnabled } from '../support/databases.ts';
import { startDocumentsApp, uploadAndWait, type DocumentsTestApp, type Person } from './documents-app.ts';

type Name = 'alice' | 'bob' | 'carol' | 'dave' | 'admin';
type DocName = 'finance' | 'hr' | 'alicePrivate';

// Who may read what: owner or group member, nobody else (admin included).
const EXPECTED: Record<Name, DocName[]> = {
  alice: ['finance', 'alicePrivate'],
  bob: ['hr'],
  carol: ['finance', 'hr'],
  dave: [],
  admin: [],
};

describe.each(backendNames)('document access rights on %s', (backend) => {
  const skip = backend === 'postgres' && !postgresEnabled;
  let testApp: DocumentsTestApp;
  const people = {} as Record<Name, Person>;
  const documents = {} as Record<DocName, { id: string }>;

  beforeAll(async () => {
    if (skip) return;
    testApp = await startDocumentsApp(backend);
    people.alice = await testApp.person('alice@example.org', ['finance']);
    people.bob = await testApp.person('bob@example.org', ['rh']);
    people.carol = await testApp.person('carol@example.org', ['finance', 'rh']);
    people.dave = await testApp.person('dave@example.org');
    people.admin = await testApp.person('admin@example.org', [], 'admin');
    documents.finance = await uploadAndWait(
      testApp,
      people.alice,
      { name: 'budget.md', bytes: '# Budget 2025\n\nLe budget zorglub de la direction financière augmente de 12 %.' },
      { groups: 'finance', title: 'Budget' },
    );
    documents.hr = await uploadAndWait(
      testApp,
      people.bob,
      { name: 'salaires.txt', bytes: 'Grille des salaires zorglub : les augmentations sont gelées cette année.' },
      { groups: 'rh' },
    );
    documents.alicePrivate = await uploadAndWait(testApp, people.alice, {
      name: 'notes.txt',
      bytes: 'Mes notes personnelles zorglub sur la réorganisation.',
    });
  }, 60_000);
  afterAll(async () => {
    await testApp?.close();
  });

  it.skipIf(skip)('indexed the three documents', () => {
    for (const document of Object.values(documents)) expect(document).toMatchObject({ status: 'ready', chunkCount: 1 });
  });

  for (const name of Object.keys(EXPECTED) as Name[]) {
    it.skipIf(skip)(`${name}: search returns exactly the readable documents' passages`, async () => {
      const response = await people[name].json('/api/search', { query: 'zorglub', k: 50 });
      expect(response.status).toBe(200);
      const found = new Set(response.body.results.map((result: { documentId: string }) => result.documentId));
      expect(found).toEqual(new Set(EXPECTED[name].map((doc) => documents[doc].id)));
      for (const result of response.body.results) {
        expect(Object.keys(result).sort()).toEqual(['chunkId', 'documentId', 'page', 'score', 'text', 'title']);
      }
    });

    it.skipIf(skip)(`${name}: status, download and passages of others' documents are not found`, async () => {
      for (const docName of Object.keys(documents) as DocName[]) {
        const id = documents[docName].id;
        const allowed = EXPECTED[name].includes(docName);
        const status = await people[name].json(`/api/documents/${id}`);
        expect(status.status, `${name} GET ${docName}`).toBe(allowed ? 200 : 404);
        const download = await people[name].request(`/api/documents/${id}/download`);
        expect(download.status, `${name} download ${docName}`).toBe(allowed ? 200 : 404);
        const body = await download.text();
        if (!allowed) expect(body).not.toContain('zorglub');
        // The chunk id comes from its owner's search: a guessed or leaked id must not work either.
        const ownerSearch = await people[docName === 'hr' ? 'bob' : 'alice'].json('/api/search', { query: 'zorglub', k: 50 });
        const chunkId = ownerSearch.body.results.find((result: { documentId: string }) => result.documentId === id).chunkId;
        const passage = await people[name].json(`/api/documents/${id}/passages/${chunkId}`);
        expect(passage.status, `${name} passage ${docName}`).toBe(allowed ? 200 : 404);
        if (allowed) expect(passage.body.passage.text).toContain('zorglub');
      }
    });

    it.skipIf(skip)(`${name}: listing shows exactly the readable documents`, async () => {
      const listing = await people[name].json('/api/documents');
      expect(listing.status).toBe(200);
      expect(new Set(listing.body.documents.map((document: { id: string }) => document.id))).toEqual(
        new Set(EXPECTED[name].map((doc) => documents[doc].id)),
      );
    });

    it.skipIf(skip)(`${name}: chat retrieval sees exactly the readable documents`, async () => {
      const person = people[name];
      const actorGroups = { alice: ['finance'], bob: ['rh'], carol: ['finance', 'rh'], dave: [], admin: [] }[name];
      const passages = await retrievePassagesForChat(testApp.module, { userId: person.userId, groups: actorGroups }, 'zorglub', 20);
      expect(new Set(passages.map((passage) => passage.documentId))).toEqual(new Set(EXPECTED[name].map((doc) => documents[doc].id)));
    });
  }

  it.skipIf(skip)('an anonymous caller or a bad key gets 401 problem+json', async () => {
    const anonymous = await fetch(`${testApp.url}/api/search`, { method: 'POST', body: '{"query":"zorglub"}', headers: { 'content-type': 'application/json' } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    const badKey = await fetch(`${testApp.url}/api/documents`, { headers: { authorization: `Bearer rk_${'x'.repeat(43)}` } });
    expect(badKey.status).toBe(401);
  });

  it.skipIf(skip)('a user shares only with their own groups', async () => {
    const refused = await people.dave.upload({ name: 'x.txt', bytes: 'partage interdit' }, { groups: 'finance' });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('NOT_A_GROUP_MEMBER');
  });

  it.skipIf(skip)('only the owner deletes; deletion removes every chunk from search and the database', async () => {
    const carolTries = await people.carol.json(`/api/documents/${documents.finance.id}`, undefined, 'DELETE');
    expect(carolTries.status).toBe(404);
    const deleted = await people.alice.request(`/api/documents/${documents.finance.id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    const search = await people.carol.json('/api/search', { query: 'budget zorglub', k: 50 });
    expect(search.body.results.map((result: { documentId: string }) => result.documentId)).not.toContain(documents.finance.id);
    const left = await testApp.services.db.query('SELECT count(*)::int AS n FROM document_chunks WHERE document_id = $1', [documents.finance.id]);
    expect(left.rows[0]).toEqual({ n: 0 });
    const files = await testApp.services.db.query('SELECT count(*)::int AS n FROM document_files WHERE document_id = $1', [documents.finance.id]);
    expect(files.rows[0]).toEqual({ n: 0 });
    expect((await people.alice.json(`/api/documents/${documents.finance.id}`)).status).toBe(404);

    // Uploads (with the groups they are shared with) and the deletion are audited: ids and counts, never content.
    const audit = await testApp.services.db.query<{ user_id: string; details: Record<string, unknown> }>(
      `SELECT user_id, details FROM audit_log WHERE kind = 'admin' AND details->>'action' IN ('document.created', 'document.deleted') ORDER BY id`,
    );
    const byAction = (action: string, documentId: string) => audit.rows.filter((row) => row.details.action === action && row.details.documentId === documentId);
    expect(byAction('document.created', documents.finance.id)).toEqual([
      { user_id: people.alice.userId, details: expect.objectContaining({ via: 'api', documentId: documents.finance.id, format: 'markdown', sharedWithGroups: ['finance'] }) },
    ]);
    expect(byAction('document.created', documents.alicePrivate.id)[0]!.details.sharedWithGroups).toEqual([]);
    expect(byAction('document.deleted', documents.finance.id)).toEqual([
      { user_id: people.alice.userId, details: { action: 'document.deleted', via: 'api', documentId: documents.finance.id, chunkCount: 1, sharedWithGroups: ['finance'], source: 'upload' } },
    ]);
    expect(audit.rows.filter((row) => row.details.action === 'document.deleted')).toHaveLength(1); // carol's refused attempt changed nothing
    expect(JSON.stringify(audit.rows)).not.toMatch(/zorglub|Budget|budget\.md|salaires|notes\.txt/);
    expect((await verifyAuditChain(testApp.services.db)).ok).toBe(true);
  });
});
