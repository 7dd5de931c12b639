/** Conversations: list/search, create, read (with messages), rename or change model, delete. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  createConversation,
  deleteConversation,
  findConversation,
  listConversations,
  listMessages,
  updateConversation,
} from '../commands/conversations.ts';
import { presentConversation, presentMessage } from '../presenters/conversation.ts';
import type { ApiContext } from './context.ts';
import { actorOf, requireOwner } from './route-policy.ts';

const listQuery = z
  .object({
    q: z.string().trim().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    before: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
const createBody = z.object({ title: z.string().trim().min(1).max(200).optional(), model: z.string().min(1).max(200).optional() }).strict();
const updateBody = z
  .object({ title: z.string().trim().min(1).max(200).optional(), model: z.string().min(1).max(200).nullable().optional() })
  .strict();
export const conversationParams = z.object({ id: z.string().max(64) });

export async function conversationRoutes(app: FastifyInstance, { context }: { context: ApiContext }): Promise<void> {
  const { db } = context.services;

  app.get('/conversations', { config: { action: 'conversation:list' } }, async (request) => {
    const query = listQuery.parse(request.query);
    const conversations = await listConversations(db, {
      userId: actorOf(request).userId,
      limit: query.limit,
      ...(query.q ? { query: query.q } : {}),
      ...(query.before ? { before: new Date(query.before) } : {}),
    });
    return { items: conversations.map(presentConversation) };
  });

  app.post('/conversations', { config: { action: 'conversation:create' } }, async (request, reply) => {
    const body = createBody.parse(request.body ?? {});
    const conversation = await createConversation(db, {
      userId: actorOf(request).userId,
      ...(body.title ? { title: body.title } : {}),
      ...(body.model ? { model: body.model } : {}),
    });
    return reply.code(201).send(presentConversation(conversation));
  });

  app.get('/conversations/:id', { config: { action: 'conversation:read' } }, async (request) => {
    const { id } = conversationParams.parse(request.params);
    const conversation = await findConversation(db, id);
    requireOwner(request, conversation?.userId, 'This conversation');
    const messages = await listMessages(db, conversation!.id);
    return { conversation: presentConversation(conversation!), messages: messages.map(presentMessage) };
  });

  app.patch('/conversations/:id', { config: { action: 'conversation:update' } }, async (request) => {
    const { id } = conversationParams.parse(request.params);
    const body = updateBody.parse(request.body);
    const conversation = await findConversation(db, id);
    requireOwner(request, conversation?.userId, 'This conversation');
    return presentConversation(await updateConversation(db, id, body));
  });

  app.delete('/conversations/:id', { config: { action: 'conversation:delete' } }, async (request, reply) => {
    const { id } = conversationParams.parse(request.params);
    const conversation = await findConversation(db, id);
    requireOwner(request, conversation?.userId, 'This conversation');
    await deleteConversation(db, id);
    return reply.code(204).send();
  });
}
