/**
 * One document: what the shield found in it (types and counts, never values), the injection
 * flag, quarantine or failure, its passages count; download, and delete (owner only, confirmed).
 */
import { useEffect, useState } from 'react';
import { documentsApi } from '../api/endpoints.ts';
import type { DocumentInfo } from '../api/types.ts';
import { navigate } from '../app/router.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Link } from '../components/Link.tsx';
import { useAsync } from '../components/useAsync.ts';
import { usePageTitle } from '../components/usePageTitle.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { entityLabel } from '../i18n/entity-labels.ts';
import { formatBytes, formatDate } from '../pages/format.ts';
import { DocumentFlags, sensitiveEntries, StatusBadge } from './DocumentBits.tsx';
import { setFlash } from './flash.ts';
import { isFinalStatus, uploadErrorText } from './upload-queue.ts';
import './documents.css';

const REFRESH_MS = 1500;

export function DocumentDetailPage({ documentId }: { documentId: string }) {
  const { t } = useI18n();
  const state = useAsync(() => documentsApi.get(documentId).then((result) => result.document), [documentId]);
  const document = state.data;
  const headingRef = usePageTitle(document?.title ?? t('documents.title'));

  // Follow the processing until it ends.
  useEffect(() => {
    if (!document || isFinalStatus(document.status) || state.loading) return;
    const timer = setTimeout(state.reload, REFRESH_MS);
    return () => clearTimeout(timer);
  }, [document, state.loading, state.reload]);

  return (
    <div className="page page-document">
      <p className="breadcrumb">
        <Link href="/documents">← {t('documents.back')}</Link>
      </p>
      <h1 ref={headingRef} tabIndex={-1}>
        {document?.title ?? t('documents.title')}
      </h1>
      {state.loading && !document && <p role="status">{t('app.loading')}</p>}
      <ErrorNotice error={state.error} onRetry={state.reload} />
      {document && <DocumentDetail document={document} />}
    </div>
  );
}

function DocumentDetail({ document }: { document: DocumentInfo }) {
  const { t, language } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<unknown>();
  const sensitive = sensitiveEntries(document.sensitive);

  async function remove() {
    setDeleting(true);
    setDeleteError(undefined);
    try {
      await documentsApi.remove(document.id);
      setFlash(document.title);
      navigate('/documents', { replace: true });
    } catch (error) {
      setDeleteError(error);
      setDeleting(false);
    }
  }

  const failure = document.status === 'failed' && document.error ? uploadErrorText(document.error, t) : undefined;

  return (
    <>
      <div className="badges">
        <StatusBadge status={document.status} />
        <DocumentFlags document={document} />
      </div>
      {!isFinalStatus(document.status) && (
        <p className="notice notice-info" role="status">
          {t('documents.processingNotice')}
          {document.pages.total ? ` ${t('documents.phase.processingPages', { processed: document.pages.processed, total: document.pages.total })}` : ''}
        </p>
      )}
      {document.status === 'quarantined' && (
        <p className="notice notice-warning" data-testid="quarantine-notice">
          {t('documents.quarantineNotice', { types: sensitive.map(([type]) => entityLabel(type, language)).join(', ') || '—' })}
        </p>
      )}
      {failure && (
        <div className="notice notice-error" role="alert">
          <p>
            {t('documents.failedNotice')} {failure.reason}
          </p>
          {failure.detail && <p>{t('error.details', { detail: failure.detail })}</p>}
        </div>
      )}

      <div className="row-actions document-actions">
        <a className="button button-secondary" href={documentsApi.downloadUrl(document.id)} download={document.fileName ?? undefined}>
          {t('documents.download')}
        </a>
        {document.mine ? (
          <button type="button" className="button-danger" onClick={() => setConfirming(true)} disabled={deleting}>
            {t('documents.delete')}
          </button>
        ) : (
          <span className="hint">{t('documents.deleteOwnerOnly')}</span>
        )}
      </div>
      <ErrorNotice error={deleteError} />

      <section className="card" aria-labelledby="document-sensitive-title" data-testid="document-sensitive">
        <h2 id="document-sensitive-title">{t('documents.sensitiveTitle')}</h2>
        <p className="hint">{t('documents.sensitiveIntro')}</p>
        {sensitive.length === 0 ? (
          <p>{t('documents.sensitiveEmpty')}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('documents.type')}</th>
                  <th scope="col">{t('documents.count')}</th>
                </tr>
              </thead>
              <tbody>
                {sensitive.map(([type, count]) => (
                  <tr key={type} data-type={type}>
                    <td>{entityLabel(type, language)}</td>
                    <td>{count.toLocaleString(language === 'fr' ? 'fr-FR' : 'en-GB')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card" aria-labelledby="document-injection-title" data-testid="document-injection">
        <h2 id="document-injection-title">{t('documents.injectionTitle')}</h2>
        {document.injection.flagged ? (
          <>
            <p className="notice notice-warning">{t('documents.injectionFlagged')}</p>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('documents.injectionRule')}</th>
                    <th scope="col">{t('documents.injectionPassage')}</th>
                    <th scope="col">{t('documents.pages')}</th>
                  </tr>
                </thead>
                <tbody>
                  {document.injection.findings.map((finding, index) => (
                    <tr key={`${finding.rule}-${finding.chunk}-${index}`}>
                      <td>
                        <code>{finding.rule}</code>
                      </td>
                      <td>{finding.chunk + 1}</td>
                      <td>{finding.page ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        ) : (
          <p>{t('documents.injectionNone')}</p>
        )}
      </section>

      <section className="card" aria-labelledby="document-details-title">
        <h2 id="document-details-title">{t('documents.details')}</h2>
        <dl className="details-list">
          <dt>{t('documents.fileName')}</dt>
          <dd>{document.fileName ?? '—'}</dd>
          <dt>{t('documents.format')}</dt>
          <dd>{document.format}</dd>
          <dt>{t('documents.column.size')}</dt>
          <dd>{formatBytes(document.sizeBytes, language)}</dd>
          <dt>{t('documents.pages')}</dt>
          <dd>{document.pages.total ?? (document.pages.processed || '—')}</dd>
          <dt>{t('documents.chunks')}</dt>
          <dd data-testid="document-chunk-count">{document.chunkCount}</dd>
          <dt>{t('documents.owner')}</dt>
          <dd>{document.mine ? t('documents.ownerMe') : t('documents.ownerOther')}</dd>
          <dt>{t('documents.column.groups')}</dt>
          <dd>{document.groups.length > 0 ? document.groups.join(', ') : t('documents.onlyOwner')}</dd>
          <dt>{t('documents.column.date')}</dt>
          <dd>{formatDate(document.createdAt, language)}</dd>
          <dt>{t('documents.updatedAt')}</dt>
          <dd>{formatDate(document.updatedAt, language)}</dd>
        </dl>
      </section>

      <ConfirmDialog
        open={confirming}
        message={t('documents.deleteConfirm', { title: document.title })}
        confirmLabel={t('common.delete')}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          void remove();
        }}
      />
    </>
  );
}
