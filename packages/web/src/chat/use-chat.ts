/**
 * A conversation's messages and the answer being streamed: send, stop, regenerate. Errors
 * before the stream starts (blocked by policy, charter, training…) are returned to the caller
 * so the composer can keep the text and explain; errors during the stream mark the answer.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { conversationsApi, regeneratePath, sendMessagePath, streamAnswer } from '../api/endpoints.ts';
import { ApiError, type Problem } from '../api/http.ts';
import type { Citation, Conversation, Message } from '../api/types.ts';

export interface ChatState {
  conversation?: Conversation;
  messages: Message[];
  loading: boolean;
  loadError?: unknown;
  /** Id of the assistant message being streamed. */
  streamingId?: string;
  /** Set when the stream failed after it started. */
  streamProblem?: Problem;
}

export function useChat(conversationId: string | undefined) {
  const [state, setState] = useState<ChatState>({ messages: [], loading: false });
  const abortRef = useRef<AbortController | undefined>(undefined);
  /** A conversation this hook just created: its (empty) history need not be fetched. */
  const createdRef = useRef<string | undefined>(undefined);

  const load = useCallback(async (id: string) => {
    setState({ messages: [], loading: true });
    try {
      const { conversation, messages } = await conversationsApi.get(id);
      setState({ conversation, messages, loading: false });
    } catch (error) {
      setState({ messages: [], loading: false, loadError: error });
    }
  }, []);

  useEffect(() => {
    if (!conversationId) {
      abortRef.current?.abort();
      setState({ messages: [], loading: false });
      return;
    }
    if (createdRef.current === conversationId) return;
    abortRef.current?.abort();
    void load(conversationId);
  }, [conversationId, load]);

  // Leaving the page stops the answer (the server keeps the part received).
  useEffect(() => () => abortRef.current?.abort(), []);

  const adoptCreated = useCallback((conversation: Conversation) => {
    createdRef.current = conversation.id;
    setState({ conversation, messages: [], loading: false });
  }, []);

  const run = useCallback(async (path: string, body: unknown, replaceLastAnswer: boolean): Promise<ApiError | undefined> => {
    const controller = new AbortController();
    abortRef.current?.abort();
    abortRef.current = controller;
    setState((previous) => ({ ...previous, streamProblem: undefined }));
    const upsert = (message: Message) =>
      setState((previous) => {
        const index = previous.messages.findIndex((existing) => existing.id === message.id);
        const messages = [...previous.messages];
        if (index === -1) messages.push(message);
        else messages[index] = message;
        return { ...previous, messages };
      });
    // `citations` may arrive before the messages it belongs to are known: kept until then.
    let pendingCitations: Citation[] | undefined;
    try {
      await streamAnswer(
        path,
        body,
        {
          onMessages({ userMessage, assistantMessage }) {
            setState((previous) => {
              let messages = previous.messages;
              if (replaceLastAnswer) {
                const lastAnswer = messages.findLastIndex((message) => message.role === 'assistant');
                if (lastAnswer !== -1) messages = messages.filter((_, index) => index !== lastAnswer);
              }
              messages = messages.filter((message) => message.id !== userMessage.id && message.id !== assistantMessage.id);
              if (!replaceLastAnswer) messages = [...messages, userMessage];
              const answer = pendingCitations && !assistantMessage.citations?.length ? { ...assistantMessage, citations: pendingCitations } : assistantMessage;
              return { ...previous, messages: [...messages, answer], streamingId: assistantMessage.id };
            });
          },
          onDelta(content) {
            setState((previous) => ({
              ...previous,
              messages: previous.messages.map((message) =>
                message.id === previous.streamingId ? { ...message, content: message.content + content } : message,
              ),
            }));
          },
          onCitations(citations) {
            pendingCitations = citations;
            setState((previous) =>
              previous.streamingId
                ? {
                    ...previous,
                    messages: previous.messages.map((message) => (message.id === previous.streamingId ? { ...message, citations } : message)),
                  }
                : previous,
            );
          },
          onDone({ userMessage, assistantMessage }) {
            upsert(userMessage);
            // A server that stores no citations still showed them while streaming: keep those.
            upsert(assistantMessage.citations === undefined && pendingCitations ? { ...assistantMessage, citations: pendingCitations } : assistantMessage);
            setState((previous) => ({ ...previous, streamingId: undefined }));
          },
          onError(problem) {
            setState((previous) => ({
              ...previous,
              streamProblem: problem,
              messages: previous.messages.map((message) => (message.id === previous.streamingId ? { ...message, status: 'failed' } : message)),
              streamingId: undefined,
            }));
          },
        },
        controller.signal,
      );
      return undefined;
    } catch (error) {
      if (error instanceof ApiError) return error;
      throw error;
    } finally {
      if (abortRef.current === controller) abortRef.current = undefined;
      // A stream that ended without `done` (stopped, connection lost) is no longer streaming.
      setState((previous) =>
        previous.streamingId
          ? {
              ...previous,
              messages: previous.messages.map((message) =>
                message.id === previous.streamingId ? { ...message, status: controller.signal.aborted ? 'stopped' : 'failed' } : message,
              ),
              streamingId: undefined,
            }
          : previous,
      );
    }
  }, []);

  // `useDocuments` only when on: the field is optional (contract A), absent means false.
  const send = useCallback(
    (id: string, content: string, model: string | undefined, useDocuments = false) =>
      run(sendMessagePath(id), { content, model, ...(useDocuments ? { useDocuments: true } : {}) }, false),
    [run],
  );
  const regenerate = useCallback(
    (id: string, model: string | undefined, useDocuments = false) => run(regeneratePath(id), { model, ...(useDocuments ? { useDocuments: true } : {}) }, true),
    [run],
  );
  const stop = useCallback(() => abortRef.current?.abort(), []);
  const updateMessage = useCallback((message: Message) => {
    setState((previous) => ({ ...previous, messages: previous.messages.map((existing) => (existing.id === message.id ? message : existing)) }));
  }, []);
  /** Fetches the conversation again: the current one, or the one named (just created by this send). */
  const reload = useCallback(
    (id?: string) => {
      const target = id ?? conversationId;
      if (target) void load(target);
    },
    [conversationId, load],
  );

  return { ...state, adoptCreated, send, regenerate, stop, updateMessage, reload, isStreaming: state.streamingId !== undefined };
}
