import type { Conversation, StoredMessage } from '../commands/conversations.ts';

export function presentConversation(conversation: Conversation) {
  return {
    id: conversation.id,
    title: conversation.title,
    model: conversation.model,
    createdAt: conversation.createdAt.toISOString(),
    updatedAt: conversation.updatedAt.toISOString(),
  };
}

/**
 * `aiGenerated` marks answers as AI output (AI Act Art. 50); `protected` holds types and counts,
 * never values; `citations`: the documents' passages an answer was given (links re-check rights).
 */
export function presentMessage(message: StoredMessage) {
  return {
    id: message.id,
    conversationId: message.conversationId,
    role: message.role,
    content: message.content,
    model: message.model,
    status: message.status,
    protected: message.protected,
    aiGenerated: message.aiGenerated,
    feedback: message.feedback,
    citations: message.citations,
    createdAt: message.createdAt.toISOString(),
  };
}
