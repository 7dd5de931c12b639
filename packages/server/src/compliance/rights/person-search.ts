/**
 * Finds everything Rempart holds about one person (GDPR Art. 15): their account and what hangs
 * off it, their conversations and documents, other people's messages, document passages and
 * conversation vaults that mention them (vaults are decrypted here, server-side, to search),
 * and the audit metadata recorded under their user id.
 */
import type { Database } from '../../db/database.ts';
import { toDate, toNumber } from '../../db/database.ts';
import type { VaultStore } from '../../vault/vault-store.ts';
import { likePattern, mentions, normaliseForMatch } from './identifiers.ts';
import { foldForSearch } from '../../documents/text-folding.ts';

export interface PersonSubject {
  email: string;
  /** Names, employee numbers, phone numbers… besides the e-mail (and the account's display name). */
  identifiers: string[];
}

export interface VaultMention {
  conversationId: string;
  ownerId: string;
  placeholder: string;
  type: string;
  value: string;
}

export interface PersonData {
  subject: { email: string; userId: string | null; identifiers: string[] };
  account: { id: string; email: string; displayName: string | null; role: string; createdAt: string; disabledAt: string | null; groups: string[] } | null;
  apiKeys: { id: string; name: string; prefix: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null }[];
  conversations: { id: string; title: string; model: string | null; createdAt: string; updatedAt: string; messages: { id: string; role: string; content: string; status: string; createdAt: string }[] }[];
  documents: { id: string; title: string; fileName: string | null; sizeBytes: number; createdAt: string }[];
  /** Messages in other people's conversations that mention the person. */
  messageMentions: { conversationId: string; messageId: string; ownerId: string; role: string; content: string; createdAt: string }[];
  /** Passages of other people's documents (the search index) that mention the person. */
  documentMentions: { documentId: string; chunkId: string; ownerId: string; title: string; text: string }[];
  vaultEntries: VaultMention[];
  /** Vaults that could not be decrypted (another key): they could not be searched. */
  unreadableVaults: string[];
  concerns: { id: string; category: string; description: string; status: string; createdAt: string }[];
  feedback: { messageId: string; rating: string; comment: string | null; createdAt: string }[];
  charterAcceptances: { version: number; acceptedAt: string }[];
  trainingCompletions: { moduleId: string; score: number; passed: boolean; completedAt: string }[];
  audit: { id: number; createdAt: string; kind: string; details: unknown }[];
}

const iso = (value: unknown): string => toDate(value).toISOString();
const isoOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : iso(value));

export async function findPersonData(db: Database, vaultStore: VaultStore, subject: PersonSubject): Promise<PersonData> {
  const email = subject.email.trim().toLowerCase();
  const userRow = await db.query<{ id: string; email: string; display_name: string | null; role: string; created_at: unknown; disabled_at: unknown }>(
    'SELECT id, email, display_name, role, created_at, disabled_at FROM users WHERE email = $1',
    [email],
  );
  const user = userRow.rows[0];
  const identifiers = [email, ...(user?.display_name ? [user.display_name] : []), ...subject.identifiers]
    .map((value) => value.trim())
    .filter((value, index, all) => value.length >= 3 && all.findIndex((other) => normaliseForMatch(other) === normaliseForMatch(value)) === index);
  const data: PersonData = {
    subject: { email, userId: user?.id ?? null, identifiers },
    account: null,
    apiKeys: [],
    conversations: [],
    documents: [],
    messageMentions: [],
    documentMentions: [],
    vaultEntries: [],
    unreadableVaults: [],
    concerns: [],
    feedback: [],
    charterAcceptances: [],
    trainingCompletions: [],
    audit: [],
  };
  if (user) await collectAccount(db, user, data);
  await collectMentions(db, identifiers, user?.id ?? null, data);
  await collectVaultEntries(db, vaultStore, identifiers, data);
  return data;
}

async function collectAccount(
  db: Database,
  user: { id: string; email: string; display_name: string | null; role: string; created_at: unknown; disabled_at: unknown },
  data: PersonData,
): Promise<void> {
  const groups = await db.query<{ name: string }>('SELECT g.name FROM user_groups ug JOIN groups g ON g.id = ug.group_id WHERE ug.user_id = $1 ORDER BY g.name', [user.id]);
  data.account = {
    id: user.id,
    email: user.email,
    displayName: user.display_name,
    role: user.role,
    createdAt: iso(user.created_at),
    disabledAt: isoOrNull(user.disabled_at),
    groups: groups.rows.map((row) => row.name),
  };
  const keys = await db.query<{ id: string; name: string; prefix: string; created_at: unknown; last_used_at: unknown; revoked_at: unknown }>(
    'SELECT id, name, prefix, created_at, last_used_at, revoked_at FROM api_keys WHERE user_id = $1 ORDER BY created_at',
    [user.id],
  );
  data.apiKeys = keys.rows.map((row) => ({ id: row.id, name: row.name, prefix: row.prefix, createdAt: iso(row.created_at), lastUsedAt: isoOrNull(row.last_used_at), revokedAt: isoOrNull(row.revoked_at) }));

  const conversations = await db.query<{ id: string; title: string; model: string | null; created_at: unknown; updated_at: unknown }>(
    'SELECT id, title, model, created_at, updated_at FROM conversations WHERE user_id = $1 ORDER BY created_at',
    [user.id],
  );
  const messages = await db.query<{ id: string; conversation_id: string; role: string; content: string; status: string; created_at: unknown }>(
    `SELECT m.id, m.conversation_id, m.role, m.content, m.status, m.created_at FROM messages m
       JOIN conversations c ON c.id = m.conversation_id WHERE c.user_id = $1 ORDER BY m.created_at`,
    [user.id],
  );
  data.conversations = conversations.rows.map((row) => ({
    id: row.id,
    title: row.title,
    model: row.model,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    messages: messages.rows
      .filter((message) => message.conversation_id === row.id)
      .map((message) => ({ id: message.id, role: message.role, content: message.content, status: message.status, createdAt: iso(message.created_at) })),
  }));

  const documents = await db.query<{ id: string; title: string; file_name: string | null; size_bytes: unknown; created_at: unknown }>(
    'SELECT id, title, file_name, size_bytes, created_at FROM documents WHERE owner_id = $1 ORDER BY created_at',
    [user.id],
  );
  data.documents = documents.rows.map((row) => ({ id: row.id, title: row.title, fileName: row.file_name, sizeBytes: toNumber(row.size_bytes), createdAt: iso(row.created_at) }));

  const concerns = await db.query<{ id: string; category: string; description: string; status: string; created_at: unknown }>(
    'SELECT id, category, description, status, created_at FROM concerns WHERE reporter_id = $1 ORDER BY created_at',
    [user.id],
  );
  data.concerns = concerns.rows.map((row) => ({ id: row.id, category: row.category, description: row.description, status: row.status, createdAt: iso(row.created_at) }));
  const feedback = await db.query<{ message_id: string; rating: string; comment: string | null; created_at: unknown }>(
    'SELECT message_id, rating, comment, created_at FROM feedback WHERE user_id = $1 ORDER BY created_at',
    [user.id],
  );
  data.feedback = feedback.rows.map((row) => ({ messageId: row.message_id, rating: row.rating, comment: row.comment, createdAt: iso(row.created_at) }));
  const charter = await db.query<{ version: number; accepted_at: unknown }>('SELECT version, accepted_at FROM charter_acceptances WHERE user_id = $1 ORDER BY version', [user.id]);
  data.charterAcceptances = charter.rows.map((row) => ({ version: row.version, acceptedAt: iso(row.accepted_at) }));
  const training = await db.query<{ module_id: string; score: number; passed: boolean; completed_at: unknown }>(
    'SELECT module_id, score, passed, completed_at FROM training_completions WHERE user_id = $1 ORDER BY completed_at',
    [user.id],
  );
  data.trainingCompletions = training.rows.map((row) => ({ moduleId: row.module_id, score: row.score, passed: row.passed, completedAt: iso(row.completed_at) }));
  const audit = await db.query<{ id: unknown; created_at: unknown; kind: string; details: unknown }>(
    'SELECT id, created_at, kind, details FROM audit_log WHERE user_id = $1 ORDER BY id',
    [user.id],
  );
  data.audit = audit.rows.map((row) => ({ id: toNumber(row.id), createdAt: iso(row.created_at), kind: row.kind, details: typeof row.details === 'string' ? JSON.parse(row.details) : row.details }));
}

async function collectMentions(db: Database, identifiers: string[], userId: string | null, data: PersonData): Promise<void> {
  if (identifiers.length === 0) return;
  const patterns = identifiers.map(likePattern);
  const foldedPatterns = identifiers.map((identifier) => likePattern(foldForSearch(identifier)));
  const messages = await db.query<{ id: string; conversation_id: string; user_id: string; role: string; content: string; created_at: unknown }>(
    `SELECT m.id, m.conversation_id, c.user_id, m.role, m.content, m.created_at FROM messages m
       JOIN conversations c ON c.id = m.conversation_id
      WHERE ($1::uuid IS NULL OR c.user_id <> $1::uuid)
        AND (lower(m.content) LIKE ANY($2::text[]) OR lower(c.title) LIKE ANY($2::text[]))
      ORDER BY m.created_at`,
    [userId, patterns],
  );
  data.messageMentions = messages.rows.map((row) => ({ conversationId: row.conversation_id, messageId: row.id, ownerId: row.user_id, role: row.role, content: row.content, createdAt: iso(row.created_at) }));
  const chunks = await db.query<{ id: string; document_id: string; owner_id: string; title: string; text: string }>(
    `SELECT ch.id, ch.document_id, d.owner_id, d.title, ch.text FROM document_chunks ch
       JOIN documents d ON d.id = ch.document_id
      WHERE ($1::uuid IS NULL OR d.owner_id <> $1::uuid)
        AND (lower(ch.text) LIKE ANY($2::text[]) OR lower(ch.search_text) LIKE ANY($3::text[]) OR lower(coalesce(ch.heading, '')) LIKE ANY($2::text[]))
      ORDER BY d.created_at, ch.position`,
    [userId, patterns, foldedPatterns],
  );
  data.documentMentions = chunks.rows.map((row) => ({ documentId: row.document_id, chunkId: row.id, ownerId: row.owner_id, title: row.title, text: row.text }));
}

const VAULT_PAGE = 200;

/** Decrypts every vault, a page at a time, and keeps the entries whose value mentions the person. */
async function collectVaultEntries(db: Database, vaultStore: VaultStore, identifiers: string[], data: PersonData): Promise<void> {
  if (identifiers.length === 0) return;
  let after = '';
  for (;;) {
    const page = await db.query<{ conversation_id: string; owner_user_id: string }>(
      'SELECT conversation_id, owner_user_id FROM vaults WHERE conversation_id > $1 ORDER BY conversation_id LIMIT $2',
      [after, VAULT_PAGE],
    );
    for (const row of page.rows) {
      let snapshot: unknown;
      try {
        snapshot = (await vaultStore.load(row.conversation_id, row.owner_user_id)).snapshot;
      } catch {
        data.unreadableVaults.push(row.conversation_id);
        continue;
      }
      for (const entry of vaultEntriesOf(snapshot)) {
        if (mentions(entry.value, identifiers)) data.vaultEntries.push({ conversationId: row.conversation_id, ownerId: row.owner_user_id, ...entry });
      }
    }
    if (page.rows.length < VAULT_PAGE) break;
    after = page.rows[page.rows.length - 1]!.conversation_id;
  }
}

export function vaultEntriesOf(snapshot: unknown): { placeholder: string; type: string; value: string }[] {
  if (!snapshot || typeof snapshot !== 'object' || !Array.isArray((snapshot as { entries?: unknown }).entries)) return [];
  return ((snapshot as { entries: unknown[] }).entries).filter(
    (entry): entry is { placeholder: string; type: string; value: string } =>
      !!entry && typeof entry === 'object' && typeof (entry as { value?: unknown }).value === 'string',
  );
}

/** Counts per store, for the request's record and the console (no values). */
export function personDataCounts(data: PersonData): Record<string, number> {
  return {
    account: data.account ? 1 : 0,
    apiKeys: data.apiKeys.length,
    conversations: data.conversations.length,
    messages: data.conversations.reduce((sum, conversation) => sum + conversation.messages.length, 0),
    documents: data.documents.length,
    messageMentions: data.messageMentions.length,
    documentMentions: data.documentMentions.length,
    vaultEntries: data.vaultEntries.length,
    unreadableVaults: data.unreadableVaults.length,
    concerns: data.concerns.length,
    feedback: data.feedback.length,
    charterAcceptances: data.charterAcceptances.length,
    trainingCompletions: data.trainingCompletions.length,
    audit: data.audit.length,
  };
}
