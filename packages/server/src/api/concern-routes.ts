/** "Report a concern": anyone signed in reports; the DPO (and admins) read and close them. */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { findConversation, findMessage } from '../commands/conversations.ts';
import type { ApiContext } from './context.ts';
import { notFound } from './problems.ts';
import { actorOf } from './route-policy.ts';

const CATEGORIES = ['privacy', 'harmful_output', 'misuse', 'other'] as const;
const createBody = z
  .object({
    description: z.string().trim().min(1).max(10_000),
    category: z.enum(CATEGORIES).default('other'),
    conversationId: z.string().max(64).optional(),
    messageId: z.string().max(64).optional(),
  })
  .strict();
const listQuery = z.object({ status: z.enum(['open', 'closed']).optional() }).strict();
const updateBody = z.object({ status: z.enum(['open', 'closed']), resolution: z.string().trim().max(10_000).optional() }).strict();
const idParams = z.object({ id: z.string().max(64) });

interface ConcernRow {
  id: string;
  reporter_id: string;
  reporter_email: string;
  category: string;
  description: string;
  conversation_id: string | null;
  message_id: string | null;
  status: string;
  resolution: string | null;
  handled_by: string | null;
  handled_at: Date | null;
  created_at: Date;
}

const select = `SELECT c.id, c.reporter_id, u.email AS reporter_email, c.category, c.description, c.conversation_id, c.message_id,
                       c.status, c.resolution, c.handled_by, c.handled_at, c.created_at
                  FROM concerns c JOIN users u ON u.id = c.reporter_id`;

const present = (row: ConcernRow) => ({
  id: row.id,
  reporter: { id: row.reporter_id, email: row.reporter_email },
  category: row.category,
  description: row.description,
  conversationId: row.conversation_id,
  messageId: row.message_id,
  status: row.status,
  resolution: row.resolution,
  handledBy: row.handled_by,
  handledAt: row.handled_at ? new Date(row.handled_at).toISOString() : null,
  createdAt: new Date(row.created_at).toISOString(),
});

export async function concernRoutes(app: FastifyInstance, { context }: { context: ApiContext }): Promise<void> {
  const { db } = context.services;

  app.post('/concerns', { config: { action: 'concern:create' } }, async (request, reply) => {
    const actor = actorOf(request);
    const body = createBody.parse(request.body);
    // A report may point at one's own conversation or answer only (no probing of others' ids).
    let conversationId = body.conversationId ?? null;
    if (body.messageId) {
      const message = await findMessage(db, body.messageId);
      if (!message || message.ownerId !== actor.userId) throw notFound('This message');
      conversationId = message.conversationId;
    }
    if (conversationId) {
      const conversation = await findConversation(db, conversationId);
      if (!conversation || conversation.userId !== actor.userId) throw notFound('This conversation');
    }
    const id = randomUUID();
    await db.query(
      `INSERT INTO concerns (id, reporter_id, category, description, conversation_id, message_id) VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, actor.userId, body.category, body.description, conversationId, body.messageId ?? null],
    );
    const row = (await db.query<ConcernRow>(`${select} WHERE c.id = $1`, [id])).rows[0]!;
    return reply.code(201).send(present(row));
  });

  app.get('/concerns', { config: { action: 'concern:list' } }, async (request) => {
    const { status } = listQuery.parse(request.query);
    const result = status
      ? await db.query<ConcernRow>(`${select} WHERE c.status = $1 ORDER BY c.created_at DESC`, [status])
      : await db.query<ConcernRow>(`${select} ORDER BY c.created_at DESC`);
    return { items: result.rows.map(present) };
  });

  app.patch('/concerns/:id', { config: { action: 'concern:handle' } }, async (request) => {
    const { id } = idParams.parse(request.params);
    const body = updateBody.parse(request.body);
    const actor = actorOf(request);
    const updated = /^[0-9a-f-]{36}$/i.test(id)
      ? await db.query(
          `UPDATE concerns SET status = $2, resolution = COALESCE($3, resolution), handled_by = $4, handled_at = now() WHERE id = $1`,
          [id, body.status, body.resolution ?? null, actor.userId],
        )
      : { rowCount: 0 };
    if (updated.rowCount !== 1) throw notFound('This concern');
    await context.auditChange(request, 'concern.handled', { concernId: id, status: body.status });
    return present((await db.query<ConcernRow>(`${select} WHERE c.id = $1`, [id])).rows[0]!);
  });
}
