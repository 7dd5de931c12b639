import type { Citation, Message } from '../api/types.ts';
import { Link } from '../components/Link.tsx';
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
      {message.citations && message.citations.length > 0 && <Citations citations={message.citations} />}
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

/** The passages the answer was given from, each a link to the passage view. */
function Citations({ citations }: { citations: Citation[] }) {
  const { t } = useI18n();
  return (
    <nav className="citations" aria-label={t('chat.sources')} data-testid="citations">
      <p className="citations-title">{t('chat.sources')}</p>
      <ol>
        {citations.map((citation) => (
          <li key={`${citation.index}-${citation.chunkId}`} value={citation.index}>
            <Link href={citationHref(citation)} data-testid="citation-link">
              [{citation.index}] {citation.title}
              {citation.page !== null && <span className="meta">, {t('chat.citationPage', { page: citation.page })}</span>}
            </Link>
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** The passage view in the app (the citation's `link` is the API route behind it). */
export function citationHref(citation: Pick<Citation, 'documentId' | 'chunkId'>): string {
  return `/documents/${encodeURIComponent(citation.documentId)}/passages/${encodeURIComponent(citation.chunkId)}`;
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
