import type { Message } from '../api/types.ts';
import { CopyButton } from '../components/CopyButton.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { Markdown } from '../markdown/Markdown.tsx';
import { FeedbackBar } from './FeedbackBar.tsx';
import { ProtectedChips } from './ProtectedChips.tsx';

export interface MessageItemProps {
  message: Message;
  streaming: boolean;
  isLastAnswer: boolean;
  busy: boolean;
  onRegenerate(): void;
  onReport(message: Message): void;
  onUpdated(message: Message): void;
}

export function MessageItem({ message, streaming, isLastAnswer, busy, onRegenerate, onReport, onUpdated }: MessageItemProps) {
  const { t } = useI18n();
  if (message.role === 'user') {
    return (
      <article className={`message message-user${message.status === 'blocked' ? ' message-blocked' : ''}`} aria-label={t('chat.you')}>
        <div className="bubble">
          <p className="user-text">{message.content}</p>
        </div>
        {message.status === 'blocked' ? (
          <p className="protected-none blocked-label">{t('blocked.title')}</p>
        ) : (
          <ProtectedChips counts={message.protected} />
        )}
      </article>
    );
  }
  const finished = !streaming;
  return (
    <article className="message message-assistant" aria-label={t('chat.assistant')} data-testid="assistant-message">
      <header className="message-header">
        <span className="author">{t('chat.assistant')}</span>
        {message.model && <span className="meta">{message.model}</span>}
        <span className="badge badge-ai" title={t('chat.disclosure')}>
          {t('chat.aiGenerated')}
        </span>
      </header>
      {/* aria-busy holds the announcement until the whole answer is there */}
      <div className="answer" aria-live="polite" aria-busy={streaming} data-testid="answer-content">
        {message.content === '' && streaming ? <TypingDots /> : <Markdown source={message.content} />}
      </div>
      {message.status === 'stopped' && <p className="hint">{t('chat.stopped')}</p>}
      {message.status === 'failed' && <p className="hint hint-error">{t('chat.failed')}</p>}
      {finished && (
        <footer className="message-actions">
          <div className="row-actions">
            {message.content !== '' && <CopyButton text={message.content} label={t('chat.copyAnswer')} />}
            {isLastAnswer && (
              <button type="button" className="button-quiet" onClick={onRegenerate} disabled={busy}>
                {t('chat.regenerate')}
              </button>
            )}
            <button type="button" className="button-quiet" onClick={() => onReport(message)}>
              {t('concern.report')}
            </button>
          </div>
          {message.status !== 'failed' && message.content !== '' && <FeedbackBar message={message} onSaved={onUpdated} />}
        </footer>
      )}
    </article>
  );
}

function TypingDots() {
  return (
    <span className="typing" aria-hidden="true">
      <span />
      <span />
      <span />
    </span>
  );
}
