/**
 * A rights request finds data planted about one person in every store (account, conversations,
 * other people's messages, documents and their search index, decrypted vaults, audit metadata)
 * and erasure leaves no trace of them in search or vaults, while the audit chain still verifies.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/audit-log.ts';
import { verifyAuditTrail } from '../../src/compliance/chain-verify.ts';
import { redact } from '../../src/compliance/rights/identifiers.ts';
import { personDataCsv, personDataJson } from '../../src/compliance/rights/person-export.ts';
import { findPersonData, vaultEntriesOf } from '../../src/compliance/rights/person-search.ts';
import { oneMonthAfter, RightsRequests } from '../../src/compliance/rights/rights-requests.ts';
import { keyFingerprint } from '../../src/secrets/secret-key.ts';
import { createUser } from '../../src/users/users.ts';
import { VaultStore } from '../../src/vault/vault-store.ts';
import { backendNames, createTestDatabase, postgresEnabled, type TestDatabase } from '../support/databases.ts';
import { plantConversation, plantDocument, plantVault } from './fixtures.ts';

describe('rights request helpers', () => {
  it('computes the one-month deadline (Art. 12(3)), short months included', () => {
    expect(oneMonthAfter(new Date('2026-01-31T09:00:00Z')).toISOString()).toBe('2026-02-28T09:00:00.000Z');
    expect(oneMonthAfter(new Date('2026-11-23T09:00:00Z')).toISOString()).toBe('2026-12-23T09:00:00.000Z');
  });
  it('redacts identifiers whatever their case, accents folded too', () => {
    expect(redact('Voir Hélène Müller et HELENE MULLER', ['Hélène Müller'])).toBe('Voir [erased] et [erased]');
  });
});

describe.each(backendNames)('rights requests on %s', (backend) => {
  const skip = backend === 'postgres' && !postgresEnabled;
  let testDb: TestDatabase;
  let vaultStore: VaultStore;
  let requests: RightsRequests;
  let subjectId: string;
  let colleagueId: string;
  let colleagueConversation: string;
  let colleagueDocument: string;
  const now = new Date();

  beforeAll(async () => {
    if (skip) return;
    testDb = await createTestDatabase(backend);
    const key = randomBytes(32);
    vaultStore = new VaultStore(testDb.db, { key, keyId: keyFingerprint(key), source: 'environment' });
    const auditLog = new AuditLog(testDb.db);
    requests = new RightsRequests({ db: testDb.db, vaultStore, auditLog });
    subjectId = (await createUser(testDb.db, { email: 'camille.martin@example.org', displayName: 'Camille Martin' })).id;
    colleagueId = (await createUser(testDb.db, { email: 'paul@example.org', displayName: 'Paul' })).id;

    // The subject's own things.
    const own = await plantConversation(testDb.db, { userId: subjectId, updatedAt: now, content: 'Mon brouillon de lettre' });
    await plantVault(testDb.db, vaultStore, { conversationId: own, ownerId: subjectId, entries: [{ type: 'PERSON', value: 'Camille Martin' }] });
    await plantDocument(testDb.db, { ownerId: subjectId, createdAt: now, text: 'CV de Camille' });
    await testDb.db.query(`INSERT INTO concerns (id, reporter_id, category, description) VALUES ($1, $2, 'privacy', 'Une réponse a cité mon adresse')`, [randomUUID(), subjectId]);
    await auditLog.append({ kind: 'request', userId: subjectId, details: { model: 'local', entities: { PERSON: 1 } } });

    // A colleague's conversation, vault and document that mention her.
    colleagueConversation = await plantConversation(testDb.db, {
      userId: colleagueId,
      updatedAt: now,
      title: 'Entretien Camille Martin',
      content: "Rédige un compte rendu de l'entretien avec Camille Martin (camille.martin@example.org) et Jean Dupont",
    });
    await plantVault(testDb.db, vaultStore, {
      conversationId: colleagueConversation,
      ownerId: colleagueId,
      entries: [
        { type: 'PERSON', value: 'Camille Martin' },
        { type: 'EMAIL_ADDRESS', value: 'camille.martin@example.org' },
        { type: 'PERSON', value: 'Jean Dupont' },
      ],
    });
    colleagueDocument = await plantDocument(testDb.db, { ownerId: colleagueId, createdAt: now, text: "Compte rendu : Camille Martin présente le budget de l'équipe." });
    await testDb.db.query(`UPDATE document_chunks SET embedding = '{0.25,0.5,0.75}' WHERE document_id = $1`, [colleagueDocument]);
  });
  afterAll(async () => {
    await testDb?.dispose();
  });

  async function fullTextHits(word: string): Promise<number> {
    const hits = await testDb.db.query(`SELECT id FROM document_chunks WHERE tsv @@ plainto_tsquery('french', $1)`, [word]);
    return hits.rows.length;
  }

  it.skipIf(skip)('finds the planted data in every store, exports it as JSON and CSV, then erases it leaving no trace', async () => {
    const request = await requests.create({ kind: 'erasure', subjectEmail: 'Camille.Martin@example.org', receivedAt: now }, colleagueId);
    expect(request).toMatchObject({ status: 'open', subjectUserId: subjectId, overdue: false, daysLeft: expect.any(Number) });
    expect(request.daysLeft).toBeGreaterThanOrEqual(27);

    const found = await requests.search(request, undefined);
    expect(found.subject.identifiers).toEqual(['camille.martin@example.org', 'Camille Martin']);
    expect(found.account?.email).toBe('camille.martin@example.org');
    expect(found.conversations).toHaveLength(1);
    expect(found.conversations[0]!.messages[0]!.content).toBe('Mon brouillon de lettre');
    expect(found.documents).toHaveLength(1);
    expect(found.concerns).toHaveLength(1);
    expect(found.audit).toHaveLength(1);
    expect(found.messageMentions.map((mention) => mention.conversationId)).toEqual([colleagueConversation]);
    expect(found.documentMentions.map((mention) => mention.documentId)).toEqual([colleagueDocument]);
    expect(found.vaultEntries.map((entry) => `${entry.ownerId === subjectId ? 'own' : 'colleague'}:${entry.value}`).sort()).toEqual([
      'colleague:Camille Martin',
      'colleague:camille.martin@example.org',
      'own:Camille Martin',
    ]);
    expect(JSON.parse(personDataJson(found))).toMatchObject({ format: 'rempart-person-data/1', account: { email: 'camille.martin@example.org' } });
    const csv = personDataCsv(found);
    expect(csv.split('\r\n')[0]).toBe('store,record,field,value');
    expect(csv).toContain('vaultEntries,');
    expect(csv).toContain('Mon brouillon de lettre');

    expect(await fullTextHits('Camille')).toBe(2);
    const { erasure, request: closed } = await requests.erase(request, colleagueId);
    expect(closed.status).toBe('completed');
    expect(erasure).toMatchObject({ accountDeleted: true, vaultEntriesRemoved: 2, vaultsRewritten: 1, messagesRedacted: 1, titlesRedacted: 1, passagesRedacted: 1 });

    // No trace: search index, vaults (decrypted), messages, account.
    expect(await fullTextHits('Camille')).toBe(0);
    expect(await fullTextHits('Martin')).toBe(0);
    // The passage's embedding was computed from the unredacted text: gone too.
    const embeddings = await testDb.db.query<{ embedding: unknown }>('SELECT embedding FROM document_chunks WHERE document_id = $1', [colleagueDocument]);
    expect(embeddings.rows.map((row) => row.embedding)).toEqual([null]);
    const vault = await vaultStore.load(colleagueConversation, colleagueId);
    expect(vaultEntriesOf(vault.snapshot).map((entry) => entry.value)).toEqual(['Jean Dupont']);
    const everything = await testDb.db.query<{ text: string }>(
      `SELECT content AS text FROM messages UNION ALL SELECT title FROM conversations UNION ALL SELECT text FROM document_chunks
       UNION ALL SELECT search_text FROM document_chunks UNION ALL SELECT email FROM users UNION ALL SELECT convert_from(content, 'UTF8') FROM document_files`,
    );
    expect(everything.rows.filter((row) => /camille|martin/i.test(row.text))).toEqual([]);
    expect(everything.rows.some((row) => row.text.includes('Jean Dupont'))).toBe(true);
    const again = await findPersonData(testDb.db, vaultStore, { email: 'camille.martin@example.org', identifiers: ['Camille Martin'] });
    expect([again.account, again.messageMentions.length, again.documentMentions.length, again.vaultEntries.length, again.conversations.length]).toEqual([null, 0, 0, 0, 0]);

    // Outside the audit chain (where a random id with no account behind it remains), no table holds their id.
    const tables = await testDb.db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT IN ('audit_log', 'schema_migrations')`,
    );
    const holding: string[] = [];
    for (const { table_name: table } of tables.rows) {
      const rows = await testDb.db.query(`SELECT 1 FROM "${table}" t WHERE t::text LIKE $1 LIMIT 1`, [`%${subjectId}%`]);
      if (rows.rows.length > 0) holding.push(table);
    }
    expect(tables.rows.length).toBeGreaterThan(20);
    expect(holding).toEqual([]);

    // The audit chain (which recorded every step, with counts only) still verifies.
    const verification = await verifyAuditTrail(testDb.db);
    expect(verification.ok).toBe(true);
    const details = await testDb.db.query<{ details: unknown }>(`SELECT details FROM audit_log`);
    expect(JSON.stringify(details.rows)).not.toMatch(/camille|martin/i);
  });
});
