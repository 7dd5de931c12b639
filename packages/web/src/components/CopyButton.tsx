import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { copyText } from './copy-text.ts';

/** A button that copies `text` and says so (visibly and to screen readers) for two seconds. */
export function CopyButton({ text, label, className }: { text: string; label: string; className?: string }) {
  const { t } = useI18n();
  const [outcome, setOutcome] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (outcome === 'idle') return;
    const timer = setTimeout(() => setOutcome('idle'), 2000);
    return () => clearTimeout(timer);
  }, [outcome]);
  return (
    <button
      type="button"
      className={className ?? 'button-quiet'}
      onClick={() => void copyText(text).then((ok) => setOutcome(ok ? 'copied' : 'failed'))}
    >
      <span aria-live="polite">{outcome === 'copied' ? t('common.copied') : outcome === 'failed' ? t('common.copyFailed') : label}</span>
    </button>
  );
}
