import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Conversation } from '../api/types.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Link } from '../components/Link.tsx';
import { useI18n } from '../i18n/i18n.tsx';

export interface ConversationListProps {
  conversations?: Conversation[];
  loadError?: unknown;
  onRetry(): void;
  activeId?: string;
  query: string;
  onQueryChange(query: string): void;
  onNew(): void;
  onRename(conversation: Conversation, title: string): Promise<void>;
  onDelete(conversation: Conversation): Promise<void>;
}

export function ConversationList({ conversations, loadError, onRetry, activeId, query, onQueryChange, onNew, onRename, onDelete }: ConversationListProps) {
  const { t } = useI18n();
  const [renamingId, setRenamingId] = useState<string>();
  const [deleting, setDeleting] = useState<Conversation>();
  const [actionError, setActionError] = useState<unknown>();

  return (
    <nav className="conversation-list" aria-label={t('chat.conversations')}>
      <button type="button" className="button-primary button-block" onClick={onNew}>
        <PlusIcon /> {t('chat.newConversation')}
      </button>
      <div className="search-field">
        <label htmlFor="conversation-search" className="visually-hidden">
          {t('chat.search')}
        </label>
        <input id="conversation-search" type="search" placeholder={t('chat.search')} value={query} onChange={(event) => onQueryChange(event.target.value)} />
      </div>
      <ErrorNotice error={loadError} onRetry={onRetry} />
      <ErrorNotice error={actionError} />
      {conversations && conversations.length === 0 && <p className="hint empty-list">{query ? t('chat.noMatch') : t('chat.noConversations')}</p>}
      <ul>
        {conversations?.map((conversation) => {
          const title = conversation.title || t('chat.untitled');
          return (
            <li key={conversation.id} className={conversation.id === activeId ? 'active' : undefined}>
              {renamingId === conversation.id ? (
                <RenameForm
                  initial={conversation.title ?? ''}
                  onCancel={() => setRenamingId(undefined)}
                  onSubmit={async (next) => {
                    setActionError(undefined);
                    try {
                      await onRename(conversation, next);
                      setRenamingId(undefined);
                    } catch (error) {
                      setActionError(error);
                    }
                  }}
                />
              ) : (
                <>
                  <Link href={`/chat/${conversation.id}`} aria-current={conversation.id === activeId ? 'page' : undefined} className="conversation-link">
                    {title}
                  </Link>
                  <div className="conversation-actions" role="group" aria-label={t('chat.conversationActions', { title })}>
                    <button type="button" className="icon-button" onClick={() => setRenamingId(conversation.id)} aria-label={`${t('common.rename')} « ${title} »`} title={t('common.rename')}>
                      <PencilIcon />
                    </button>
                    <button type="button" className="icon-button" onClick={() => setDeleting(conversation)} aria-label={`${t('common.delete')} « ${title} »`} title={t('common.delete')}>
                      <TrashIcon />
                    </button>
                  </div>
                </>
              )}
            </li>
          );
        })}
      </ul>
      <ConfirmDialog
        open={deleting !== undefined}
        message={t('chat.deleteConfirm', { title: deleting?.title || t('chat.untitled') })}
        confirmLabel={t('common.delete')}
        onCancel={() => setDeleting(undefined)}
        onConfirm={() => {
          const target = deleting;
          setDeleting(undefined);
          if (target) onDelete(target).catch(setActionError);
        }}
      />
    </nav>
  );
}

function RenameForm({ initial, onSubmit, onCancel }: { initial: string; onSubmit(title: string): Promise<void>; onCancel(): void }) {
  const { t } = useI18n();
  const [title, setTitle] = useState(initial);
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (title.trim()) void onSubmit(title.trim());
  };
  return (
    <form className="rename-form" onSubmit={submit}>
      <label htmlFor="rename-input" className="visually-hidden">
        {t('chat.renameLabel')}
      </label>
      <input id="rename-input" ref={inputRef} value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} onKeyDown={(e) => e.key === 'Escape' && onCancel()} />
      <button type="submit" className="button-small button-primary">
        {t('common.save')}
      </button>
    </form>
  );
}

function PencilIcon() {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <path d="M11.3 2.3a1 1 0 0 1 1.4 0l1 1a1 1 0 0 1 0 1.4L6 12.4 3 13l.6-3z" fill="none" stroke="currentColor" strokeWidth="1.4" />
    </svg>
  );
}

function TrashIcon() {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <path d="M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.7 8.5h5.6l.7-8.5" fill="none" stroke="currentColor" strokeWidth="1.4" />
    </svg>
  );
}

function PlusIcon() {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <path d="M8 3v10M3 8h10" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
    </svg>
  );
}
