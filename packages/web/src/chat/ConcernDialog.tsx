import { useEffect, useRef, useState, type FormEvent } from 'react';
import { concernsApi } from '../api/endpoints.ts';
import type { ConcernCategory } from '../api/types.ts';
import { ErrorNotice, SuccessNotice } from '../components/ErrorNotice.tsx';
import { useI18n } from '../i18n/i18n.tsx';

const CATEGORIES: ConcernCategory[] = ['privacy', 'harmful_output', 'misuse', 'other'];

/** "Report a concern": goes to the DPO inbox, linked to the conversation and answer when given. */
export function ConcernDialog({ open, onClose, conversationId, messageId }: { open: boolean; onClose(): void; conversationId?: string; messageId?: string }) {
  const { t } = useI18n();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [category, setCategory] = useState<ConcernCategory>('privacy');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<unknown>();
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setSent(false);
      setError(undefined);
      setDescription('');
      dialog.showModal();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await concernsApi.report({ description: description.trim(), category, conversationId, messageId });
      setSent(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <dialog ref={dialogRef} className="dialog" aria-labelledby="concern-title" onCancel={onClose}>
      <h2 id="concern-title">{t('concern.title')}</h2>
      {sent ? (
        <>
          <SuccessNotice message={t('concern.sent')} />
          <div className="dialog-actions">
            <button type="button" className="button-primary" onClick={onClose} autoFocus>
              {t('common.close')}
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={submit} className="form">
          <p className="hint">{t('concern.intro')}</p>
          <div className="field">
            <label htmlFor="concern-category">{t('concern.category')}</label>
            <select id="concern-category" value={category} onChange={(e) => setCategory(e.target.value as ConcernCategory)}>
              {CATEGORIES.map((value) => (
                <option key={value} value={value}>
                  {t(`concern.category.${value}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="concern-description">{t('concern.description')}</label>
            <textarea id="concern-description" rows={4} required value={description} onChange={(e) => setDescription(e.target.value)} />
          </div>
          <ErrorNotice error={error} />
          <div className="dialog-actions">
            <button type="button" className="button-secondary" onClick={onClose}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="button-primary" disabled={busy || description.trim() === ''}>
              {t('concern.submit')}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
