/** Small pieces shared by the documents screens: status badge, sensitive-data chips, flags. */
import type { DocumentInfo, DocumentStatus } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { entityLabel } from '../i18n/entity-labels.ts';

export function StatusBadge({ status }: { status: DocumentStatus }) {
  const { t } = useI18n();
  return <span className={`badge doc-status doc-status-${status}`}>{t(`documents.status.${status}`)}</span>;
}

/** Sensitive types, most frequent first, ties by name: what the list and the detail show. */
export function sensitiveEntries(sensitive: Record<string, number>): [string, number][] {
  return Object.entries(sensitive)
    .filter(([, count]) => count > 0)
    .sort(([typeA, countA], [typeB, countB]) => countB - countA || typeA.localeCompare(typeB));
}

export function SensitiveChips({ sensitive }: { sensitive: Record<string, number> }) {
  const { t, language } = useI18n();
  const entries = sensitiveEntries(sensitive);
  if (entries.length === 0) return <span className="meta">{t('documents.sensitiveNone')}</span>;
  return (
    <ul className="chips" aria-label={t('documents.column.sensitive')}>
      {entries.map(([type, count]) => (
        <li key={type} className="chip chip-protect" data-type={type}>
          <span>{entityLabel(type, language)}</span>
          <span className="chip-count">×{count}</span>
        </li>
      ))}
    </ul>
  );
}

/** Injection and quarantine badges (nothing when neither applies). */
export function DocumentFlags({ document }: { document: DocumentInfo }) {
  const { t } = useI18n();
  return (
    <>
      {document.injection.flagged && <span className="badge doc-flag-injection">{t('documents.injectionBadge')}</span>}
      {!document.mine && <span className="badge doc-flag-shared">{t('documents.sharedWithMe')}</span>}
    </>
  );
}
