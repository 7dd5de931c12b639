/** The charter in force, to read again at any time (acceptance happens at the gate). */
import { charterApi } from '../api/endpoints.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { useAsync } from '../components/useAsync.ts';
import { usePageTitle } from '../components/usePageTitle.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Markdown } from '../markdown/Markdown.tsx';

export function CharterReadPage() {
  const { t } = useI18n();
  const headingRef = usePageTitle(t('charter.title'));
  const charter = useAsync(() => charterApi.get(), []);
  const current = charter.data?.current;
  return (
    <div className="page page-narrow">
      <h1 ref={headingRef} tabIndex={-1}>
        {t('charter.title')}
      </h1>
      <ErrorNotice error={charter.error} onRetry={charter.reload} />
      {charter.data && !current && <p>{t('charter.none')}</p>}
      {current && (
        <>
          <p className="meta">
            {t('charter.version', { version: current.version })}
            {charter.data?.acceptedVersion ? ` · ${t('charter.accepted', { version: charter.data.acceptedVersion })}` : ''}
          </p>
          <div className="card">
            <Markdown source={current.contentMarkdown} />
          </div>
        </>
      )}
    </div>
  );
}
