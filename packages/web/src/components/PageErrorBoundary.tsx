import { Component, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * Last line of defence for a page: a rendering error or a code chunk that no longer exists
 * (the server was updated while this tab stayed open) shows a sentence and a reload button
 * instead of a blank screen.
 */
export class PageErrorBoundary extends Component<{ children: ReactNode; resetKey: string }, { failed: boolean; resetKey: string }> {
  override state = { failed: false, resetKey: this.props.resetKey };

  static getDerivedStateFromError(): Partial<{ failed: boolean }> {
    return { failed: true };
  }

  static getDerivedStateFromProps(props: { resetKey: string }, state: { failed: boolean; resetKey: string }) {
    // Navigating elsewhere gives the next page its chance.
    return props.resetKey !== state.resetKey ? { failed: false, resetKey: props.resetKey } : null;
  }

  override render() {
    return this.state.failed ? <PageFailed /> : this.props.children;
  }
}

function PageFailed() {
  const { t } = useI18n();
  return (
    <div className="page page-narrow">
      <div className="notice notice-error" role="alert">
        <p>{t('error.pageFailed')}</p>
        <button type="button" className="button-secondary" onClick={() => location.reload()}>
          {t('error.reload')}
        </button>
      </div>
    </div>
  );
}
