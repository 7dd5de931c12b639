import { useI18n } from '../i18n/i18n.tsx';
import { describeError } from './errors.ts';

/** An error in words, announced to screen readers, with a way forward when one exists. */
export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  if (error === undefined || error === null) return null;
  return (
    <div className="notice notice-error" role="alert">
      <p>{describeError(error, t)}</p>
      {onRetry && (
        <button type="button" className="button-secondary" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

export function SuccessNotice({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <p className="notice notice-success" role="status">
      {message}
    </p>
  );
}
