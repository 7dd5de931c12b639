/**
 * The workspace's main screen: conversations on the side; the conversation with its AI
 * disclosure, streamed answers and the composer with the live protection preview.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { adminApi, conversationsApi, modelsApi } from '../api/endpoints.ts';
import { ApiError } from '../api/http.ts';
import type { BlockedDetails, Conversation, Message } from '../api/types.ts';
import { navigate } from '../app/router.ts';
import { useSession, useSignedIn } from '../app/session.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Link } from '../components/Link.tsx';
import { useAsync } from '../components/useAsync.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { usePreviewShield, type LearnedBlock } from '../preview/use-live-preview.ts';
import { BlockedNotice } from './BlockedNotice.tsx';
import { Composer } from './Composer.tsx';
import { ConcernDialog } from './ConcernDialog.tsx';
import { ConversationList } from './ConversationList.tsx';
import { MessageItem } from './MessageItem.tsx';
import { ModelPicker } from './ModelPicker.tsx';
import { useChat } from './use-chat.ts';

const SEARCH_DEBOUNCE_MS = 250;
const TITLE_LENGTH = 60;

function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

const USE_DOCUMENTS_KEY = 'rempart.useDocuments';

/** The "Use my documents" switch, remembered in this browser (off by default). */
function useUseDocuments(): [boolean, (value: boolean) => void] {
  const [value, setValue] = useState(() => {
    try {
      return localStorage.getItem(USE_DOCUMENTS_KEY) === 'true';
    } catch {
      return false;
    }
  });
  const update = useCallback((next: boolean) => {
    setValue(next);
    try {
      localStorage.setItem(USE_DOCUMENTS_KEY, String(next));
    } catch {
      // Not remembered; the switch still works for this page.
    }
  }, []);
  return [value, update];
}

export function ChatPage({ conversationId }: { conversationId?: string }) {
  const { t } = useI18n();
  const session = useSignedIn();
  const { refresh: refreshSession } = useSession();
  const chat = useChat(conversationId);

  const models = useAsync(() => modelsApi.list(), []);
  const [query, setQuery] = useState('');
  const debouncedQuery = useDebounced(query, SEARCH_DEBOUNCE_MS);
  const conversations = useAsync(() => conversationsApi.list(debouncedQuery.trim() || undefined), [debouncedQuery]);

  // The preview runs the organisation's policy when this role may read it; otherwise the
  // shield's default (the server decides on send either way).
  const mayReadPolicy = session.user.role === 'dpo' || (session.user.role === 'admin' && session.mfa === 'verified');
  const policy = useAsync(() => (mayReadPolicy ? adminApi.policy().then((info) => info.policy, () => undefined) : Promise.resolve(undefined)), [mayReadPolicy]);
  const [learnedBlocks, setLearnedBlocks] = useState<LearnedBlock[]>([]);
  const shieldBuild = usePreviewShield(policy.data, !policy.loading, learnedBlocks);

  const [chosenModel, setChosenModel] = useState<string>();
  const availableModels = models.data?.items ?? [];
  const model =
    chosenModel ?? chat.conversation?.model ?? availableModels.find((candidate) => candidate.available)?.id ?? availableModels[0]?.id;
  const destination = availableModels.find((candidate) => candidate.id === model)?.location;
  useEffect(() => setChosenModel(undefined), [conversationId]);

  const [text, setText] = useState('');
  const [useDocuments, setUseDocuments] = useUseDocuments();
  const [sending, setSending] = useState(false);
  const [blocked, setBlocked] = useState<BlockedDetails>();
  const [sendError, setSendError] = useState<ApiError>();
  const [reporting, setReporting] = useState<Message>();
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const listEndRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    setBlocked(undefined);
    setSendError(undefined);
    textareaRef.current?.focus();
  }, [conversationId]);

  // Follow the answer while it streams.
  const lastMessage = chat.messages.at(-1);
  useEffect(() => {
    listEndRef.current?.scrollIntoView({ block: 'end' });
  }, [chat.messages.length, lastMessage?.content]);

  const handleFailure = useCallback(
    async (error: ApiError) => {
      if (error.code === 'SHIELD_BLOCKED') {
        const details = error.problem as unknown as BlockedDetails;
        setBlocked(details);
        const types = Array.isArray(details.blockedTypes) ? details.blockedTypes : [];
        setLearnedBlocks((previous) => [...previous, ...types.map((type) => ({ type, destination: details.destination }))]);
      }
      else if (error.code === 'CHARTER_NOT_ACCEPTED') await refreshSession();
      else setSendError(error);
    },
    [refreshSession],
  );

  async function send(content: string, withDocuments = useDocuments) {
    setSending(true);
    setBlocked(undefined);
    setSendError(undefined);
    try {
      let id = conversationId;
      if (!id) {
        const created = await conversationsApi.create({ model, title: titleFor(content) });
        chat.adoptCreated(created);
        navigate(`/chat/${created.id}`);
        id = created.id;
      }
      setText('');
      const error = await chat.send(id, content, model, withDocuments);
      if (error) {
        setText(content); // nothing was sent: the user edits it and tries again
        await handleFailure(error);
        if (error.code === 'SHIELD_BLOCKED') chat.reload(id); // the refused message is kept, marked as blocked
      }
    } catch (error) {
      setText(content);
      setSendError(error as ApiError);
    } finally {
      setSending(false);
      conversations.reload();
      textareaRef.current?.focus();
    }
  }

  async function regenerate() {
    if (!conversationId) return;
    setSending(true);
    setSendError(undefined);
    const error = await chat.regenerate(conversationId, model, useDocuments);
    if (error) await handleFailure(error);
    setSending(false);
  }

  /** A title that never carries a detected value: the pseudonymised first line. */
  function titleFor(content: string): string | undefined {
    const shield = shieldBuild.shield;
    if (!shield) return undefined;
    try {
      const firstLine = shield.protect(content, destination).text.split('\n')[0]!.trim();
      return firstLine.length > TITLE_LENGTH ? `${firstLine.slice(0, TITLE_LENGTH - 1)}…` : firstLine || undefined;
    } catch {
      return undefined;
    }
  }

  async function changeModel(next: string) {
    setChosenModel(next);
    setBlocked(undefined);
    if (conversationId) {
      try {
        await conversationsApi.update(conversationId, { model: next });
      } catch (error) {
        setSendError(error as ApiError);
      }
    }
  }

  async function rename(conversation: Conversation, title: string) {
    await conversationsApi.update(conversation.id, { title });
    conversations.reload();
    if (conversation.id === conversationId) chat.reload();
  }

  async function remove(conversation: Conversation) {
    await conversationsApi.remove(conversation.id);
    conversations.reload();
    if (conversation.id === conversationId) navigate('/chat', { replace: true });
  }

  const lastAnswerId = chat.messages.findLast((message) => message.role === 'assistant')?.id;
  const title = chat.conversation?.title || (conversationId ? t('chat.untitled') : t('chat.newConversation'));
  const busy = sending || chat.isStreaming;
  const trainingModules = sendError?.code === 'TRAINING_REQUIRED' && Array.isArray(sendError.problem.modules) ? (sendError.problem.modules as { id: string; title: string }[]) : [];

  return (
    <div className="chat-layout">
      <ConversationList
        conversations={conversations.data?.items}
        loadError={conversations.error}
        onRetry={conversations.reload}
        activeId={conversationId}
        query={query}
        onQueryChange={setQuery}
        onNew={() => {
          navigate('/chat');
          setText('');
          textareaRef.current?.focus();
        }}
        onRename={rename}
        onDelete={remove}
      />
      <section className="chat-main" aria-labelledby="chat-title">
        <header className="chat-header">
          <h1 id="chat-title">{title}</h1>
          <ModelPicker models={availableModels} value={model} onChange={(next) => void changeModel(next)} disabled={busy} />
        </header>
        <p className="disclosure" role="note" data-testid="ai-disclosure">
          <span className="badge badge-ai">{t('chat.aiGenerated')}</span> {t('chat.disclosure')}
        </p>
        <ErrorNotice error={models.error} onRetry={models.reload} />
        {models.data && availableModels.length === 0 && <p className="notice notice-info">{t('chat.noModels')}</p>}
        <div className="message-list" aria-label={t('chat.messages')} tabIndex={-1}>
          {chat.loading && <p role="status">{t('chat.loadingConversation')}</p>}
          <ErrorNotice error={chat.loadError} onRetry={() => chat.reload()} />
          {!chat.loading && chat.messages.length === 0 && !chat.loadError && <p className="empty-chat">{t('chat.empty')}</p>}
          {chat.messages.map((message) => (
            <MessageItem
              key={message.id}
              message={message}
              streaming={message.id === chat.streamingId}
              isLastAnswer={message.id === lastAnswerId}
              busy={busy}
              onRegenerate={() => void regenerate()}
              onReport={setReporting}
              onUpdated={chat.updateMessage}
            />
          ))}
          {chat.streamProblem && <ErrorNotice error={new ApiError({ code: 'PROVIDER_ERROR', ...chat.streamProblem })} onRetry={() => void regenerate()} />}
          <div ref={listEndRef} />
        </div>
        <p className="visually-hidden" role="status">
          {chat.isStreaming ? t('chat.streaming') : lastMessage?.role === 'assistant' && lastMessage.status === 'complete' ? t('chat.answerComplete') : ''}
        </p>
        {blocked && (
          <BlockedNotice
            details={blocked}
            models={availableModels}
            onEdit={() => textareaRef.current?.focus()}
            onSwitchModel={(next) => {
              void changeModel(next);
              textareaRef.current?.focus();
            }}
            onWithoutDocuments={() => {
              setUseDocuments(false);
              if (text.trim() !== '') void send(text, false);
            }}
          />
        )}
        <ErrorNotice error={sendError} />
        {trainingModules.length > 0 && (
          <ul className="training-links">
            {trainingModules.map((module) => (
              <li key={module.id}>
                <Link href={`/training/${module.id}`}>
                  {t('training.go')} : {module.title}
                </Link>
              </li>
            ))}
          </ul>
        )}
        <Composer
          text={text}
          onTextChange={setText}
          onSend={(content) => void send(content)}
          onStop={chat.stop}
          busy={busy}
          streaming={chat.isStreaming}
          disabled={availableModels.length === 0 && models.data !== undefined}
          shield={shieldBuild.shield}
          destination={destination}
          textareaRef={textareaRef}
          useDocuments={useDocuments}
          onUseDocumentsChange={setUseDocuments}
        />
      </section>
      <ConcernDialog open={reporting !== undefined} onClose={() => setReporting(undefined)} conversationId={conversationId} messageId={reporting?.id} />
    </div>
  );
}
