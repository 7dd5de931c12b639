/**
 * Sending a message (streamed answer, SSE), regenerating the last answer, feedback on an
 * answer. The answer comes from the gateway's pipeline (commands/workspace-chat.ts); with
 * `useDocuments`, from passages of the documents the caller may read, cited (`event: citations`,
 * stored with the answer).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { decide, type DetectedEntity } from '@rempart/shield';
import { z } from 'zod';
import {
  DEFAULT_TITLE,
  deleteMessage,
  findConversation,
  findMessage,
  finishMessage,
  insertMessage,
  listMessages,
  updateConversation,
  type Conversation,
  type StoredMessage,
} from '../commands/conversations.ts';
import { usableModels } from '../commands/model-catalogue.ts';
import type { ChatTurn } from '../commands/workspace-chat.ts';
import type { ChatCitation } from '../documents/chat-retrieval.ts';
import { GatewayError } from '../gateway/errors.ts';
import type { ApiActor } from '../policies/api-actor.ts';
import { presentMessage } from '../presenters/conversation.ts';
import type { ApiContext } from './context.ts';
import { conversationParams } from './conversation-routes.ts';
import { ApiProblem, notFound, problemFromError } from './problems.ts';
import { actorOf, requireOwner } from './route-policy.ts';

/** Characters in one message (the gateway's per-request limit applies to the whole history too). */
export const MAX_MESSAGE_CHARS = 100_000;

const sendBody = z
  .object({ content: z.string().trim().min(1).max(MAX_MESSAGE_CHARS), model: z.string().min(1).max(200).optional(), useDocuments: z.boolean().default(false) })
  .strict();
const regenerateBody = z.object({ model: z.string().min(1).max(200).optional(), useDocuments: z.boolean().default(false) }).strict();
const feedbackBody = z
  .object({ rating: z.enum(['useful', 'wrong', 'harmful']), comment: z.string().trim().max(2_000).optional() })
  .strict();
const feedbackParams = z.object({ id: z.string().max(64), messageId: z.string().max(64) });

export async function messageRoutes(app: FastifyInstance, { context }: { context: ApiContext }): Promise<void> {
  const { db } = context.services;

  async function ownConversation(request: FastifyRequest): Promise<Conversation> {
    const { id } = conversationParams.parse(request.params);
    const conversation = await findConversation(db, id);
    requireOwner(request, conversation?.userId, 'This conversation');
    return conversation!;
  }

  /** The model to answer with: asked, else the conversation's, else the first usable one; allowed and trained for. */
  async function chooseModel(actor: ApiActor, wanted: string | null | undefined): Promise<string> {
    const models = await usableModels(db, context.services.catalogue, context.settings, actor);
    const model = wanted ? models.find((candidate) => candidate.id === wanted) : (models.find((candidate) => candidate.available) ?? models[0]);
    if (!model) {
      throw new ApiProblem(403, 'MODEL_NOT_ALLOWED', wanted ? `You may not use the model '${wanted}'. GET /api/models lists yours.` : 'No model is available to you: ask an administrator.');
    }
    if (!model.available) {
      throw new ApiProblem(403, 'TRAINING_REQUIRED', `Complete the required training before using '${model.id}': ${model.requiredTraining.map((module) => module.title).join(', ')}.`, {
        extensions: { model: model.id, modules: model.requiredTraining },
      });
    }
    return model.id;
  }

  app.post('/conversations/:id/messages', { config: { action: 'message:send' } }, async (request, reply) => {
    const conversation = await ownConversation(request);
    const body = sendBody.parse(request.body);
    const actor = actorOf(request);
    const model = await chooseModel(actor, body.model ?? conversation.model);
    const history = turnsOf(await listMessages(db, conversation.id));
    const userMessage = await insertMessage(db, { conversationId: conversation.id, role: 'user', content: body.content, model, status: 'complete' });
    if (conversation.title === DEFAULT_TITLE || conversation.model !== model) {
      await updateConversation(db, conversation.id, {
        ...(conversation.title === DEFAULT_TITLE ? { title: titleFrom(body.content) } : {}),
        model,
      });
    }
    return answer(request, reply, {
      actor,
      conversation,
      model,
      history: [...history, { role: 'user', content: body.content }],
      userMessage,
      newUserMessage: true,
      useDocuments: body.useDocuments,
    });
  });

  app.post('/conversations/:id/regenerate', { config: { action: 'message:send' } }, async (request, reply) => {
    const conversation = await ownConversation(request);
    const body = regenerateBody.parse(request.body ?? {});
    const actor = actorOf(request);
    const model = await chooseModel(actor, body.model ?? conversation.model);
    const messages = await listMessages(db, conversation.id);
    const last = messages.at(-1);
    const kept = last?.role === 'assistant' ? messages.slice(0, -1) : messages;
    const userMessage = kept.at(-1);
    if (!userMessage || userMessage.role !== 'user' || userMessage.status !== 'complete') {
      throw new ApiProblem(409, 'NOTHING_TO_REGENERATE', 'There is no question to answer again in this conversation: send a message.');
    }
    if (last?.role === 'assistant') await deleteMessage(db, last.id);
    if (conversation.model !== model) await updateConversation(db, conversation.id, { model });
    return answer(request, reply, { actor, conversation, model, history: turnsOf(kept), userMessage, newUserMessage: false, useDocuments: body.useDocuments });
  });

  app.post('/conversations/:id/messages/:messageId/feedback', { config: { action: 'feedback:give' } }, async (request) => {
    const params = feedbackParams.parse(request.params);
    const body = feedbackBody.parse(request.body);
    const message = await findMessage(db, params.messageId);
    requireOwner(request, message?.ownerId, 'This message');
    if (message!.conversationId !== params.id) throw notFound('This message');
    if (message!.role !== 'assistant') throw new ApiProblem(400, 'NOT_AN_ANSWER', 'Feedback is given on answers, not on your own messages.');
    const result = await db.query<{ created_at: Date }>(
      `INSERT INTO feedback (message_id, user_id, rating, comment) VALUES ($1, $2, $3, $4)
       ON CONFLICT (message_id, user_id) DO UPDATE SET rating = EXCLUDED.rating, comment = EXCLUDED.comment, created_at = now()
       RETURNING created_at`,
      [message!.id, actorOf(request).userId, body.rating, body.comment ?? null],
    );
    return { rating: body.rating, comment: body.comment ?? null, createdAt: new Date(result.rows[0]!.created_at).toISOString() };
  });

  /** Streams the answer to the end of `history` (SSE), storing it as it goes. */
  async function answer(
    request: FastifyRequest,
    reply: FastifyReply,
    turn: {
      actor: ApiActor;
      conversation: Conversation;
      model: string;
      history: ChatTurn[];
      userMessage: StoredMessage;
      newUserMessage: boolean;
      useDocuments: boolean;
    },
  ): Promise<FastifyReply> {
    const { chat } = context;
    const policy = await context.settings.policy();
    const shield = chat.shieldFor(policy);
    const modelAccess = await context.settings.modelAccess();
    let assistant = await insertMessage(db, { conversationId: turn.conversation.id, role: 'assistant', content: '', model: turn.model, status: 'streaming', aiGenerated: true });
    let userProtected: Record<string, number> = turn.userMessage.protected;
    let answerText = '';
    let citations: ChatCitation[] | undefined;
    let streaming = false;
    const raw = reply.raw;
    const send = (event: string, data: unknown): void => {
      if (!raw.destroyed && !raw.writableEnded) raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    const clientGone = new AbortController();
    raw.on('close', () => {
      if (!raw.writableFinished) clientGone.abort();
    });

    try {
      const outcome = await chat.stream({
        request,
        actor: turn.actor,
        conversationId: turn.conversation.id,
        model: turn.model,
        history: turn.history,
        shield,
        modelAccess,
        clientGone: clientGone.signal,
        useDocuments: turn.useDocuments,
        callbacks: {
          onStart({ model, protectedSummary }) {
            streaming = true;
            const destination = chat.locationOf(model) ?? 'on-premise';
            userProtected = chat.countProtected(shield, turn.userMessage.content, destination).counts;
            assistant = { ...assistant, model };
            reply.hijack();
            raw.writeHead(200, {
              'content-type': 'text/event-stream; charset=utf-8',
              'cache-control': 'no-cache',
              connection: 'keep-alive',
              'x-accel-buffering': 'no',
              'x-rempart-request-id': request.id,
              'x-rempart-protected': protectedSummary,
            });
            send('message', {
              userMessage: presentMessage({ ...turn.userMessage, protected: userProtected }),
              assistantMessage: presentMessage(assistant),
            });
          },
          onCitations(list) {
            citations = list;
            send('citations', { citations: list });
          },
          onDelta(text) {
            answerText += text;
            send('delta', { content: text });
          },
        },
      });
      const userMessage = await finishMessage(db, turn.userMessage.id, { status: 'complete', protected: userProtected, auditRequestId: request.id });
      const finished = await finishMessage(db, assistant.id, { status: outcome.status, content: answerText, auditRequestId: request.id, ...(citations ? { citations } : {}) });
      if (outcome.error) {
        send('error', { problem: new ApiProblem(502, 'PROVIDER_ERROR', outcome.error.message, { extensions: { providerCode: outcome.error.code } }).toBody() });
      }
      send('done', { userMessage: presentMessage(userMessage), assistantMessage: presentMessage(finished) });
      if (!raw.writableEnded) raw.end();
      return reply;
    } catch (error) {
      if (streaming) {
        // Something broke after the stream started: close it with an error event, keep what was said.
        await finishMessage(db, assistant.id, { status: 'failed', content: answerText, auditRequestId: request.id, ...(citations ? { citations } : {}) }).catch(() => {});
        send('error', { problem: problemFromError(error).toBody() });
        if (!raw.writableEnded) raw.end();
        request.log.error({ errorName: (error as Error)?.name }, 'workspace chat stream failed');
        return reply;
      }
      await deleteMessage(db, assistant.id);
      if (error instanceof GatewayError && (error.code === 'SHIELD_BLOCKED' || error.code === 'ROUTING_REFUSED')) {
        const destination = chat.locationOf(turn.model) ?? 'on-premise';
        const counted = chat.countProtected(shield, turn.userMessage.content, destination);
        await finishMessage(db, turn.userMessage.id, { status: 'blocked', protected: counted.counts, auditRequestId: request.id });
        // Suggest the on-premise models only when the policy would let this message go there.
        // With documents the blocked content may be in the passages (not known here): then only
        // when the policy lets the blocked types go on-premise too.
        const passagesAllowedOnPremise =
          !turn.useDocuments || error.code !== 'SHIELD_BLOCKED' || blockedTypesOf(error).every((type) => decideFor(policy.policy, type, 'on-premise') !== 'block');
        const allowedOnPremise = passagesAllowedOnPremise && chat.countProtected(shield, turn.userMessage.content, 'on-premise').blockedTypes.length === 0;
        const alternatives = allowedOnPremise ? await onPremiseAlternatives(turn.actor, turn.model) : [];
        // With documents, the blocked content may come from the passages rather than the message.
        throw blockedProblem(error, destination, alternatives, turn.useDocuments ? { messageBlocked: counted.blockedTypes.length > 0 } : undefined);
      }
      if (turn.newUserMessage) await deleteMessage(db, turn.userMessage.id);
      throw error instanceof GatewayError ? problemFromGateway(error) : error;
    }
  }

  async function onPremiseAlternatives(actor: ApiActor, current: string): Promise<{ model: string; location: string }[]> {
    const models = await usableModels(db, context.services.catalogue, context.settings, actor);
    return models.filter((model) => model.available && model.location === 'on-premise' && model.id !== current).map((model) => ({ model: model.id, location: model.location }));
  }
}

function turnsOf(messages: StoredMessage[]): ChatTurn[] {
  return messages
    .filter((message) => (message.status === 'complete' || message.status === 'stopped') && message.content.length > 0)
    .map((message) => ({ role: message.role, content: message.content }));
}

function titleFrom(content: string): string {
  const line = content.split('\n')[0]!.trim();
  return line.length > 60 ? `${line.slice(0, 57)}…` : line || DEFAULT_TITLE;
}

function blockedTypesOf(error: GatewayError): string[] {
  return ((error.extra.blocked_types ?? error.extra.matched_types ?? []) as string[]).slice().sort();
}

/** The policy's action for a reported type (`IBAN` or `IBAN:FR`) at a destination. */
function decideFor(policy: Parameters<typeof decide>[1], reported: string, destination: Parameters<typeof decide>[2]): ReturnType<typeof decide> {
  const [type, subtype] = reported.split(':');
  // decide() reads only the type and subtype of the entity.
  return decide({ type, ...(subtype ? { subtype } : {}) } as DetectedEntity, policy, destination);
}

function blockedProblem(
  error: GatewayError,
  destination: string,
  alternatives: { model: string; location: string }[],
  documents?: { messageBlocked: boolean },
): ApiProblem {
  const types = blockedTypesOf(error);
  const suggestions: Record<string, unknown>[] = [];
  if (documents) {
    suggestions.push({ action: 'without_documents', detail: `Ask again without your documents: the passages found for this question may contain ${types.join(', ')}.` });
  }
  if (!documents || documents.messageBlocked) {
    suggestions.push({ action: 'remove', detail: `Remove the ${types.join(', ')} content from your message and send it again.` });
  }
  for (const alternative of alternatives) {
    suggestions.push({ action: 'use_model', model: alternative.model, location: alternative.location, detail: `Use the on-premise model '${alternative.model}': nothing leaves your organisation.` });
  }
  const first = documents ? (documents.messageBlocked ? 'remove it and ask without your documents' : 'ask without your documents') : alternatives.length > 0 ? 'remove it' : 'remove it and send again';
  const next = alternatives.length > 0 ? `${first}, or use the on-premise model '${alternatives[0]!.model}'` : first;
  const what = documents ? 'with the passages of your documents found for it, it contains' : 'it contains';
  return new ApiProblem(error.code === 'SHIELD_BLOCKED' ? 422 : 403, error.code, `Your message was not sent: ${what} ${types.join(', ')}, which the policy does not allow to go to a ${destination} provider. To continue, ${next}.`, {
    title: 'Message blocked by the privacy shield',
    extensions: { blockedTypes: types, destination, suggestions },
  });
}

/** The gateway's refusals before anything was sent, in problem+json. */
function problemFromGateway(error: GatewayError): ApiProblem {
  const code =
    error.statusCode === 429 ? 'RATE_LIMITED' : error.code === 'model_not_allowed' ? 'MODEL_NOT_ALLOWED' : error.code === 'model_not_found' ? 'MODEL_NOT_FOUND' : error.code.toUpperCase();
  return new ApiProblem(error.statusCode, code, error.message, { headers: error.headers });
}
