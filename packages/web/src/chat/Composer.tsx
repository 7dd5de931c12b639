/**
 * The message box. While the user types, the shield runs in the browser and what it will
 * replace is highlighted in place (a backdrop behind the transparent textarea); a summary
 * says what will be protected or blocked, and one click shows the text the provider receives.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { Action, Destination } from '@rempart/shield';
import { useI18n } from '../i18n/i18n.tsx';
import { entityLabel } from '../i18n/entity-labels.ts';
import { useLivePreview, type PreviewShield } from '../preview/use-live-preview.ts';
import type { PreviewSegment, TextPreview } from '../preview/preview-segments.ts';

export interface ComposerProps {
  text: string;
  onTextChange(text: string): void;
  onSend(text: string, preview: TextPreview | undefined): void;
  onStop(): void;
  busy: boolean;
  streaming: boolean;
  disabled: boolean;
  shield?: PreviewShield;
  destination?: Destination;
  textareaRef: React.RefObject<HTMLTextAreaElement | null>;
  /** "Use my documents": the answer is given from the documents the user may read, with citations. */
  useDocuments: boolean;
  onUseDocumentsChange(value: boolean): void;
}

const MAX_TEXTAREA_HEIGHT = 280;

export function Composer({
  text,
  onTextChange,
  onSend,
  onStop,
  busy,
  streaming,
  disabled,
  shield,
  destination,
  textareaRef,
  useDocuments,
  onUseDocumentsChange,
}: ComposerProps) {
  const { t } = useI18n();
  const { preview, previewedText, failed } = useLivePreview(text, shield, destination);
  const [showOutbound, setShowOutbound] = useState(false);
  const backdropRef = useRef<HTMLDivElement>(null);
  const outboundId = useId();
  const summaryId = useId();
  const documentsHintId = useId();
  const current = previewedText === text ? preview : undefined;

  // Grow with the text up to a limit, then scroll (the backdrop follows the scroll).
  useEffect(() => {
    const area = textareaRef.current;
    if (!area) return;
    area.style.height = 'auto';
    area.style.height = `${Math.min(area.scrollHeight, MAX_TEXTAREA_HEIGHT)}px`;
  }, [text, textareaRef]);

  const syncScroll = () => {
    if (backdropRef.current && textareaRef.current) backdropRef.current.scrollTop = textareaRef.current.scrollTop;
  };

  const submit = () => {
    if (busy || disabled || text.trim() === '') return;
    onSend(text, current);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    } else if (event.key === 'Escape' && streaming) {
      event.preventDefault();
      onStop();
    }
  };

  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label htmlFor="composer-input" className="visually-hidden">
        {t('chat.composerLabel')}
      </label>
      <div className="composer-box">
        <div className="composer-highlight" ref={backdropRef} aria-hidden="true" data-testid="preview-highlight">
          {current ? <HighlightedText segments={current.segments} /> : text}
          {/* a trailing newline in a textarea takes a line the backdrop must take too */}
          {'\n'}
        </div>
        <textarea
          id="composer-input"
          ref={textareaRef}
          rows={1}
          value={text}
          placeholder={t('chat.composerPlaceholder')}
          onChange={(event) => onTextChange(event.target.value)}
          onKeyDown={onKeyDown}
          onScroll={syncScroll}
          aria-describedby={summaryId}
          disabled={disabled}
          spellCheck
        />
        <div className="composer-buttons">
          {streaming ? (
            <button type="button" className="button-secondary" onClick={onStop}>
              <StopIcon /> {t('chat.stop')}
            </button>
          ) : (
            <button type="submit" className="button-primary" disabled={busy || disabled || text.trim() === ''}>
              {t('chat.send')}
            </button>
          )}
        </div>
      </div>
      <div className="composer-options">
        <label className="documents-toggle">
          <input
            type="checkbox"
            role="switch"
            checked={useDocuments}
            onChange={(event) => onUseDocumentsChange(event.target.checked)}
            aria-describedby={documentsHintId}
            data-testid="use-documents"
          />
          {t('chat.useDocuments')}
        </label>
        <span id={documentsHintId} className="hint">
          {t('chat.useDocumentsHint')}
        </span>
      </div>
      <div className="preview-bar">
        <div id={summaryId} className="preview-summary" aria-live="polite">
          {failed ? (
            <span className="hint">{t('preview.unavailable')}</span>
          ) : current && current.summary.length > 0 ? (
            <>
              <span className="preview-label">{current.blocked ? t('preview.willBlock') : t('preview.willProtect')}</span>
              <ul className="chips" aria-label={t('preview.title')}>
                {current.summary.map((row) => (
                  <li key={`${row.type}-${row.action}`} className={`chip chip-${row.action === 'block' ? 'block' : 'protect'}`}>
                    <PreviewChipText type={row.type} action={row.action} count={row.count} />
                  </li>
                ))}
              </ul>
            </>
          ) : text.trim() !== '' && current ? (
            <span className="hint">{t('preview.nothing')}</span>
          ) : null}
        </div>
        {current && current.summary.length > 0 && (
          <button
            type="button"
            className="button-quiet"
            aria-expanded={showOutbound}
            aria-controls={outboundId}
            onClick={() => setShowOutbound((value) => !value)}
          >
            {showOutbound ? t('preview.hideOutbound') : t('preview.showOutbound')}
          </button>
        )}
      </div>
      {showOutbound && current && (
        <section id={outboundId} className="outbound-preview" aria-label={t('preview.outboundTitle')}>
          <h2>{t('preview.outboundTitle')}</h2>
          {destination && <p className="meta">{t('preview.destination', { location: t(`chat.modelLocation.${destination}`) })}</p>}
          <pre data-testid="outbound-text">{current.outboundText}</pre>
          <p className="hint">{t('preview.outboundNote')}</p>
        </section>
      )}
    </form>
  );
}

function PreviewChipText({ type, action, count }: { type: string; action: Exclude<Action, 'allow'>; count: number }) {
  const { t, language } = useI18n();
  return (
    <>
      <span>{entityLabel(type, language)}</span>
      {count > 1 && <span className="chip-count">×{count}</span>}
      <span className="chip-action">{t(`action.${action}`)}</span>
    </>
  );
}

function HighlightedText({ segments }: { segments: PreviewSegment[] }) {
  return (
    <>
      {segments.map((segment, index) =>
        segment.finding ? (
          <mark key={index} className={segment.finding.action === 'block' ? 'mark-block' : 'mark-protect'} data-type={segment.finding.type}>
            {segment.text}
          </mark>
        ) : (
          <span key={index}>{segment.text}</span>
        ),
      )}
    </>
  );
}

function StopIcon() {
  return (
    <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
      <rect x="3" y="3" width="10" height="10" rx="2" fill="currentColor" />
    </svg>
  );
}
