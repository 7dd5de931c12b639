/** Conversations and their messages in the database (the API shape is in presenters/conversation.ts). */
import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../db/database.ts';
import { toDate } from '../db/database.ts';
import type { ChatCitation } from '../documents/chat-retrieval.ts';

export const DEFAULT_TITLE = 'New conversation';

export interface Conversation {
  id: string;
  userId: string;
  title: string;
  model: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type MessageStatus = 'complete' | 'streaming' | 'stopped' | 'failed' | 'blocked';

export interface StoredMessage {
  id: string;
  conversationId: string;
  role: 'user' | 'assistant';
  content: string;
  model: string | null;
  status: MessageStatus;
  protected: Record<string, number>;
  aiGenerated: boolean;
  auditRequestId: string | null;
  createdAt: Date;
  feedback: { rating: string; comment: string | null } | null;
  /** The documents' passages an answer was given (chat with documents); [] otherwise. */
  citations: ChatCitation[];
}

interface ConversationRow {
  id: string;
  user_id: string;
  title: string;
  model: string | null;
  created_at: unknown;
  updated_at: unknown;
}

const fromConversationRow = (row: ConversationRow): Conversation => ({
  id: row.id,
  userId: row.user_id,
  title: row.title,
  model: row.model,
  createdAt: toDate(row.created_at),
  updatedAt: toDate(row.updated_at),
});

const isUuid = (value: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

export async function createConversation(db: Database, input: { userId: string; title?: string; model?: string }): Promise<Conversation> {
  const result = await db.query<ConversationRow>(
    `INSERT INTO conversations (id, user_id, title, model) VALUES ($1, $2, $3, $4)
     RETURNING id, user_id, title, model, created_at, updated_at`,
    [randomUUID(), input.userId, input.title ?? DEFAULT_TITLE, input.model ?? null],
  );
  return fromConversationRow(result.rows[0]!);
}

export async function findConversation(db: Queryable, id: string): Promise<Conversation | undefined> {
  if (!isUuid(id)) return undefined;
  const result = await db.query<ConversationRow>(
    'SELECT id, user_id, title, model, created_at, updated_at FROM conversations WHERE id = $1',
    [id],
  );
  return result.rows[0] ? fromConversationRow(result.rows[0]) : undefined;
}

/** Newest first; `query` matches titles and message contents, case-insensitively. */
export async function listConversations(
  db: Database,
  input: { userId: string; query?: string; limit: number; before?: Date },
): Promise<Conversation[]> {
  const params: unknown[] = [input.userId];
  const conditions = ['c.user_id = $1'];
  if (input.before) conditions.push(`c.updated_at < $${params.push(input.before.toISOString())}`);
  if (input.query) {
    const pattern = `%${input.query.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
    const placeholder = `$${params.push(pattern)}`;
    conditions.push(
      `(c.title ILIKE ${placeholder} OR EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.content ILIKE ${placeholder}))`,
    );
  }
  const result = await db.query<ConversationRow>(
    `SELECT c.id, c.user_id, c.title, c.model, c.created_at, c.updated_at FROM conversations c
      WHERE ${conditions.join(' AND ')} ORDER BY c.updated_at DESC, c.id LIMIT $${params.push(input.limit)}`,
    params,
  );
  return result.rows.map(fromConversationRow);
}

export async function updateConversation(db: Database, id: string, changes: { title?: string; model?: string | null }): Promise<Conversation> {
  const result = await db.query<ConversationRow>(
    `UPDATE conversations SET title = COALESCE($2, title), model = CASE WHEN $3::boolean THEN $4 ELSE model END, updated_at = now()
      WHERE id = $1 RETURNING id, user_id, title, model, created_at, updated_at`,
    [id, changes.title ?? null, changes.model !== undefined, changes.model ?? null],
  );
  return fromConversationRow(result.rows[0]!);
}

/** The conversation, its messages (feedback cascades) and its pseudonym vault. */
export async function deleteConversation(db: Database, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('DELETE FROM vaults WHERE conversation_id = $1', [id]);
    await tx.query('DELETE FROM conversations WHERE id = $1', [id]);
  });
}

interface MessageRow {
  id: string;
  conversation_id: string;
  role: 'user' | 'assistant';
  content: string;
  model: string | null;
  status: MessageStatus;
  protected: Record<string, number>;
  ai_generated: boolean;
  audit_request_id: string | null;
  created_at: unknown;
  citations: ChatCitation[] | string;
  rating: string | null;
  comment: string | null;
}

const messageSelect = `SELECT m.id, m.conversation_id, m.role, m.content, m.model, m.status, m.protected, m.ai_generated,
         m.audit_request_id, m.created_at, m.citations, f.rating, f.comment
    FROM messages m
    LEFT JOIN conversations c ON c.id = m.conversation_id
    LEFT JOIN feedback f ON f.message_id = m.id AND f.user_id = c.user_id`;

const fromMessageRow = (row: MessageRow): StoredMessage => ({
  id: row.id,
  conversationId: row.conversation_id,
  role: row.role,
  content: row.content,
  model: row.model,
  status: row.status,
  protected: typeof row.protected === 'string' ? JSON.parse(row.protected) : row.protected,
  aiGenerated: row.ai_generated,
  auditRequestId: row.audit_request_id,
  createdAt: toDate(row.created_at),
  feedback: row.rating ? { rating: row.rating, comment: row.comment } : null,
  citations: typeof row.citations === 'string' ? JSON.parse(row.citations) : row.citations,
});

export async function listMessages(db: Database, conversationId: string): Promise<StoredMessage[]> {
  const result = await db.query<MessageRow>(`${messageSelect} WHERE m.conversation_id = $1 ORDER BY m.created_at, m.role DESC, m.id`, [conversationId]);
  return result.rows.map(fromMessageRow);
}

export async function findMessage(db: Database, id: string): Promise<(StoredMessage & { ownerId: string }) | undefined> {
  if (!isUuid(id)) return undefined;
  const result = await db.query<MessageRow & { owner_id: string }>(
    `${messageSelect.replace('SELECT m.id,', 'SELECT c.user_id AS owner_id, m.id,')} WHERE m.id = $1`,
    [id],
  );
  const row = result.rows[0];
  return row ? { ...fromMessageRow(row), ownerId: row.owner_id } : undefined;
}

export async function insertMessage(
  db: Database,
  input: { conversationId: string; role: 'user' | 'assistant'; content: string; model: string | null; status: MessageStatus; aiGenerated?: boolean; createdAt?: Date },
): Promise<StoredMessage> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO messages (id, conversation_id, role, content, model, status, ai_generated, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [id, input.conversationId, input.role, input.content, input.model, input.status, input.aiGenerated ?? false, (input.createdAt ?? new Date()).toISOString()],
  );
  await db.query('UPDATE conversations SET updated_at = now() WHERE id = $1', [input.conversationId]);
  return (await findMessage(db, id))!;
}

export async function finishMessage(
  db: Database,
  id: string,
  changes: { status: MessageStatus; content?: string; protected?: Record<string, number>; auditRequestId?: string; citations?: ChatCitation[] },
): Promise<StoredMessage> {
  await db.query(
    `UPDATE messages SET status = $2, content = COALESCE($3, content), protected = COALESCE($4::jsonb, protected),
            audit_request_id = COALESCE($5, audit_request_id), citations = COALESCE($6::jsonb, citations) WHERE id = $1`,
    [
      id,
      changes.status,
      changes.content ?? null,
      changes.protected ? JSON.stringify(changes.protected) : null,
      changes.auditRequestId ?? null,
      changes.citations ? JSON.stringify(changes.citations) : null,
    ],
  );
  return (await findMessage(db, id))!;
}

export async function deleteMessage(db: Database, id: string): Promise<void> {
  await db.query('DELETE FROM messages WHERE id = $1', [id]);
}
