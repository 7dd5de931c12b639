import { useState } from 'react';
import { conversationsApi } from '../api/endpoints.ts';
import type { FeedbackRating, Message } from '../api/types.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { useI18n } from '../i18n/i18n.tsx';

const RATINGS: FeedbackRating[] = ['useful', 'wrong', 'harmful'];

/** useful / wrong / harmful, then an optional comment; sending again replaces the feedback. */
export function FeedbackBar({ message, onSaved }: { message: Message; onSaved(message: Message): void }) {
  const { t } = useI18n();
  const [rating, setRating] = useState<FeedbackRating | undefined>(message.feedback?.rating);
  const [comment, setComment] = useState(message.feedback?.comment ?? '');
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const saved = message.feedback;

  async function save(chosen: FeedbackRating, withComment: string) {
    setBusy(true);
    setError(undefined);
    try {
      const feedback = await conversationsApi.feedback(message.conversationId, message.id, chosen, withComment.trim() || undefined);
      onSaved({ ...message, feedback: { rating: feedback.rating, comment: feedback.comment } });
      setEditing(false);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="feedback">
      <div className="feedback-buttons" role="group" aria-label={t('feedback.question')}>
        {RATINGS.map((value) => (
          <button
            key={value}
            type="button"
            className={`button-chip feedback-${value}`}
            aria-pressed={(rating ?? saved?.rating) === value}
            onClick={() => {
              setRating(value);
              setEditing(true);
            }}
          >
            {t(`feedback.${value}`)}
          </button>
        ))}
      </div>
      {editing && rating && (
        <form
          className="feedback-form"
          onSubmit={(event) => {
            event.preventDefault();
            void save(rating, comment);
          }}
        >
          <label htmlFor={`feedback-comment-${message.id}`}>{t('feedback.comment')}</label>
          <textarea id={`feedback-comment-${message.id}`} rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
          <div className="row-actions">
            <button type="submit" className="button-primary button-small" disabled={busy}>
              {t('feedback.send')}
            </button>
            <button type="button" className="button-quiet button-small" onClick={() => setEditing(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
      {!editing && saved && (
        <p className="hint" role="status">
          {t('feedback.thanks', { rating: t(`feedback.${saved.rating}`) })}
        </p>
      )}
      <ErrorNotice error={error} />
    </div>
  );
}
