/** The documents I may read (mine and those shared with my groups), and adding new ones. */
import { useEffect, useState } from 'react';
import { documentsApi } from '../api/endpoints.ts';
import { ErrorNotice, SuccessNotice } from '../components/ErrorNotice.tsx';
import { Link } from '../components/Link.tsx';
import { useAsync } from '../components/useAsync.ts';
import { usePageTitle } from '../components/usePageTitle.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { formatBytes, formatDate } from '../pages/format.ts';
import { DocumentFlags, SensitiveChips, StatusBadge } from './DocumentBits.tsx';
import { peekFlash } from './flash.ts';
import { isFinalStatus } from './upload-queue.ts';
import { UploadPanel } from './UploadPanel.tsx';
import './documents.css';

/** While a listed document is still being processed, the list refreshes at this pace. */
const LIST_REFRESH_MS = 3000;

export function DocumentsPage() {
  const { t, language } = useI18n();
  const headingRef = usePageTitle(t('documents.title'));
  const documents = useAsync(() => documentsApi.list(), []);
  const [deletedTitle] = useState(() => peekFlash());
  const items = documents.data?.documents ?? [];
  const inProgress = items.some((document) => !isFinalStatus(document.status));

  useEffect(() => {
    if (!inProgress || documents.loading) return;
    const timer = setTimeout(documents.reload, LIST_REFRESH_MS);
    return () => clearTimeout(timer);
  }, [inProgress, documents.loading, documents.reload]);

  return (
    <div className="page">
      <h1 ref={headingRef} tabIndex={-1}>
        {t('documents.title')}
      </h1>
      <p className="lead">{t('documents.intro')}</p>
      <SuccessNotice message={deletedTitle ? t('documents.deleted', { title: deletedTitle }) : undefined} />
      <UploadPanel onChanged={documents.reload} />
      <div className="section-head">
        <h2 id="documents-list-title">{t('documents.list')}</h2>
        <button type="button" className="button-quiet" onClick={documents.reload}>
          {t('documents.refresh')}
        </button>
      </div>
      <ErrorNotice error={documents.error} onRetry={documents.reload} />
      {documents.data && items.length === 0 && <p>{t('documents.none')}</p>}
      {items.length > 0 && (
        <div className="table-wrap">
          <table aria-labelledby="documents-list-title" data-testid="documents-table">
            <thead>
              <tr>
                <th scope="col">{t('documents.column.title')}</th>
                <th scope="col">{t('documents.column.status')}</th>
                <th scope="col">{t('documents.column.sensitive')}</th>
                <th scope="col">{t('documents.column.groups')}</th>
                <th scope="col">{t('documents.column.size')}</th>
                <th scope="col">{t('documents.column.date')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((document) => (
                <tr key={document.id} data-testid="document-row" data-document-id={document.id}>
                  <td>
                    <Link href={`/documents/${document.id}`} className="document-title">
                      {document.title}
                    </Link>
                    {document.fileName && document.fileName !== document.title && <div className="meta">{document.fileName}</div>}
                  </td>
                  <td>
                    <div className="badges">
                      <StatusBadge status={document.status} />
                      <DocumentFlags document={document} />
                    </div>
                  </td>
                  <td>
                    <SensitiveChips sensitive={document.sensitive} />
                  </td>
                  <td>{document.groups.length > 0 ? document.groups.join(', ') : <span className="meta">{t('documents.onlyOwner')}</span>}</td>
                  <td className="nowrap">{formatBytes(document.sizeBytes, language)}</td>
                  <td className="nowrap">{formatDate(document.createdAt, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
