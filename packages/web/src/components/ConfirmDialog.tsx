import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * A modal confirmation on the native <dialog>: the browser traps focus, Escape cancels, and
 * focus returns to the button that opened it.
 */
export function ConfirmDialog({
  open,
  message,
  confirmLabel,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  message: string;
  confirmLabel: string;
  onConfirm(): void;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const dialogRef = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={dialogRef} className="dialog" aria-labelledby="confirm-message" onCancel={onCancel}>
      <p id="confirm-message">{message}</p>
      <div className="dialog-actions">
        <button type="button" className="button-secondary" onClick={onCancel} autoFocus>
          {t('common.cancel')}
        </button>
        <button type="button" className="button-danger" onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
