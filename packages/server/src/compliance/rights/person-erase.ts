/**
 * Erases a person everywhere (GDPR Art. 17): other people's conversation vaults lose the
 * entries holding their identifiers (re-encrypted without them), other people's messages,
 * conversation titles and document passages (text and search index) have the identifiers
 * replaced, then the account is deleted — which deletes, through the schema's cascades, their
 * credentials, sessions, keys, conversations, messages, vaults, documents with their passages
 * and files, feedback, concerns, charter and training records.
 *
 * The audit chain is not rewritten: its rows hold no values, only a random user id, whose link
 * to the person (the users row) is what erasure removes; the chain stays verifiable.
 */
import type { Database, Queryable } from '../../db/database.ts';
import { VaultConflictError, type VaultStore } from '../../vault/vault-store.ts';
import { foldForSearch } from '../../documents/text-folding.ts';
import { mentions, redact } from './identifiers.ts';
import { vaultEntriesOf, type PersonData } from './person-search.ts';

export interface ErasureResult {
  vaultEntriesRemoved: number;
  vaultsRewritten: number;
  messagesRedacted: number;
  titlesRedacted: number;
  passagesRedacted: number;
  /** Other people's documents whose original file still mentions the person (binary formats: review by hand). */
  originalFilesToReview: string[];
  accountDeleted: boolean;
  ownConversationsDeleted: number;
  ownDocumentsDeleted: number;
}

export async function erasePerson(db: Database, vaultStore: VaultStore, data: PersonData): Promise<ErasureResult> {
  const identifiers = data.subject.identifiers;
  const result: ErasureResult = {
    vaultEntriesRemoved: 0,
    vaultsRewritten: 0,
    messagesRedacted: 0,
    titlesRedacted: 0,
    passagesRedacted: 0,
    originalFilesToReview: [],
    accountDeleted: false,
    ownConversationsDeleted: data.conversations.length,
    ownDocumentsDeleted: data.documents.length,
  };

  const vaults = new Map<string, string>();
  for (const entry of data.vaultEntries) if (entry.ownerId !== data.subject.userId) vaults.set(entry.conversationId, entry.ownerId);
  for (const [conversationId, ownerId] of vaults) result.vaultEntriesRemoved += await removeVaultEntries(vaultStore, conversationId, ownerId, identifiers);
  result.vaultsRewritten = vaults.size;

  await db.transaction(async (tx) => {
    for (const mention of data.messageMentions) {
      const current = await tx.query<{ content: string }>('SELECT content FROM messages WHERE id = $1', [mention.messageId]);
      const content = current.rows[0]?.content;
      if (content === undefined) continue;
      const redacted = redact(content, identifiers);
      if (redacted !== content) {
        await tx.query('UPDATE messages SET content = $2 WHERE id = $1', [mention.messageId, redacted]);
        result.messagesRedacted++;
      }
    }
    const conversationIds = [...new Set(data.messageMentions.map((mention) => mention.conversationId))];
    for (const conversationId of conversationIds) {
      const title = (await tx.query<{ title: string }>('SELECT title FROM conversations WHERE id = $1', [conversationId])).rows[0]?.title;
      if (title !== undefined && redact(title, identifiers) !== title) {
        await tx.query('UPDATE conversations SET title = $2 WHERE id = $1', [conversationId, redact(title, identifiers)]);
        result.titlesRedacted++;
      }
    }
    for (const mention of data.documentMentions) {
      const chunk = await tx.query<{ text: string; search_text: string; heading: string | null }>('SELECT text, search_text, heading FROM document_chunks WHERE id = $1', [mention.chunkId]);
      const row = chunk.rows[0];
      if (!row) continue;
      const foldedIdentifiers = identifiers.map(foldForSearch);
      // The stored tsvector is generated from search_text: rewriting it re-indexes the passage.
      // The embedding was computed from the unredacted text: dropped (the passage is then found by words only).
      await tx.query('UPDATE document_chunks SET text = $2, search_text = $3, heading = $4, embedding = NULL WHERE id = $1', [
        mention.chunkId,
        redact(row.text, identifiers),
        redact(row.search_text, foldedIdentifiers),
        row.heading === null ? null : redact(row.heading, identifiers),
      ]);
      result.passagesRedacted++;
    }
    const documentIds = [...new Set(data.documentMentions.map((mention) => mention.documentId))];
    for (const documentId of documentIds) {
      const file = await tx.query<{ media_type: string; content: Uint8Array }>(
        'SELECT d.media_type, f.content FROM documents d JOIN document_files f ON f.document_id = d.id WHERE d.id = $1',
        [documentId],
      );
      const row = file.rows[0];
      if (!row) continue;
      if (row.media_type.startsWith('text/')) {
        const text = Buffer.from(row.content).toString('utf8');
        const redacted = redact(text, identifiers);
        if (redacted !== text) await tx.query('UPDATE document_files SET content = $2 WHERE document_id = $1', [documentId, Buffer.from(redacted, 'utf8')]);
      } else {
        result.originalFilesToReview.push(documentId);
      }
    }
    if (data.subject.userId) {
      await unlinkUserId(tx, data.subject.userId);
      // Concerns they handled keep existing (handled_by → NULL); their own records cascade.
      const deleted = await tx.query('DELETE FROM users WHERE id = $1', [data.subject.userId]);
      result.accountDeleted = deleted.rowCount === 1;
    }
  });
  return result;
}

/**
 * The compliance tables keep no foreign key to users (their records must outlive accounts):
 * the erased person's id is removed from them too, so that nothing links the random id left in
 * the audit chain back to them (the request itself keeps the e-mail it was made with).
 */
async function unlinkUserId(tx: Queryable, userId: string): Promise<void> {
  await tx.query('UPDATE rights_requests SET subject_user_id = NULL WHERE subject_user_id = $1', [userId]);
  await tx.query('UPDATE rights_requests SET handled_by = NULL WHERE handled_by = $1', [userId]);
  await tx.query('UPDATE audit_access_reasons SET reader_id = NULL WHERE reader_id = $1', [userId]);
  await tx.query('UPDATE compliance_alerts SET actor_id = NULL WHERE actor_id = $1', [userId]);
  await tx.query('UPDATE compliance_alerts SET acknowledged_by = NULL WHERE acknowledged_by = $1', [userId]);
  await tx.query('UPDATE compliance_alerts SET recipients = array_remove(recipients, $1::uuid) WHERE $1::uuid = ANY(recipients)', [userId]);
  await tx.query('UPDATE incidents SET created_by = NULL WHERE created_by = $1', [userId]);
  await tx.query('UPDATE purge_runs SET started_by = NULL WHERE started_by = $1', [userId]);
}

/** Removes the entries mentioning the person from one vault (retrying on a concurrent write). */
async function removeVaultEntries(vaultStore: VaultStore, conversationId: string, ownerId: string, identifiers: readonly string[]): Promise<number> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const stored = await vaultStore.load(conversationId, ownerId);
    if (stored.version === 0) return 0;
    const snapshot = stored.snapshot as { entries: unknown[] } & Record<string, unknown>;
    const entries = vaultEntriesOf(snapshot);
    const kept = entries.filter((entry) => !mentions(entry.value, identifiers));
    if (kept.length === entries.length) return 0;
    try {
      await vaultStore.save(conversationId, ownerId, { ...snapshot, entries: kept }, stored.version);
      return entries.length - kept.length;
    } catch (error) {
      if (!(error instanceof VaultConflictError)) throw error;
    }
  }
  throw new Error(`the vault of conversation ${conversationId} kept changing while erasing from it; try again`);
}
