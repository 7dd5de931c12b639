/** A cited passage (the target of a citation link): its document's title, page, section and text. */
import { documentsApi } from '../api/endpoints.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Link } from '../components/Link.tsx';
import { useAsync } from '../components/useAsync.ts';
import { usePageTitle } from '../components/usePageTitle.ts';
import { useI18n } from '../i18n/i18n.tsx';
import './documents.css';

export function PassagePage({ documentId, chunkId }: { documentId: string; chunkId: string }) {
  const { t } = useI18n();
  const state = useAsync(() => documentsApi.passage(documentId, chunkId).then((result) => result.passage), [documentId, chunkId]);
  const passage = state.data;
  const headingRef = usePageTitle(passage ? `${passage.title} — ${t('passage.title')}` : t('passage.title'));

  return (
    <div className="page page-narrow">
      <p className="breadcrumb">
        <Link href="/chat">← {t('common.backToChat')}</Link>
      </p>
      <h1 ref={headingRef} tabIndex={-1} data-testid="passage-title">
        {passage?.title ?? t('passage.title')}
      </h1>
      {state.loading && !passage && <p role="status">{t('app.loading')}</p>}
      <ErrorNotice error={state.error} onRetry={state.reload} />
      {passage && (
        <article className="passage" aria-labelledby="passage-heading">
          <h2 id="passage-heading">{t('passage.title')}</h2>
          <p className="meta passage-where">
            <span data-testid="passage-page">{passage.page === null ? t('passage.noPage') : t('passage.page', { page: passage.page })}</span>
            {passage.heading && <span> · {t('passage.section', { heading: passage.heading })}</span>}
          </p>
          <blockquote className="passage-text" data-testid="passage-text">
            {passage.text}
          </blockquote>
          <p>
            <Link href={`/documents/${passage.documentId}`}>{t('passage.openDocument')}</Link>
          </p>
        </article>
      )}
    </div>
  );
}
