/** The DPO inbox: concerns reported from the chat, open or handled, with a resolution note. */
import { useState } from 'react';
import { concernsApi } from '../api/endpoints.ts';
import type { Concern } from '../api/types.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { useAsync } from '../components/useAsync.ts';
import { usePageTitle } from '../components/usePageTitle.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { formatDate } from './format.ts';

export function ConcernsPage() {
  const { t } = useI18n();
  const headingRef = usePageTitle(t('concerns.title'));
  const [status, setStatus] = useState<'open' | 'closed'>('open');
  const concerns = useAsync(() => concernsApi.list(status), [status]);
  return (
    <div className="page page-narrow">
      <h1 ref={headingRef} tabIndex={-1}>
        {t('concerns.title')}
      </h1>
      <div className="language-switch" role="group" aria-label={t('common.status')}>
        {(['open', 'closed'] as const).map((value) => (
          <button key={value} type="button" aria-pressed={status === value} onClick={() => setStatus(value)}>
            {t(`concerns.${value}`)}
          </button>
        ))}
      </div>
      <ErrorNotice error={concerns.error} onRetry={concerns.reload} />
      {concerns.data && concerns.data.items.length === 0 && <p>{t('concerns.none')}</p>}
      <ul className="module-list">
        {concerns.data?.items.map((concern) => (
          <li key={concern.id}>
            <ConcernCard concern={concern} onChanged={concerns.reload} />
          </li>
        ))}
      </ul>
    </div>
  );
}

function ConcernCard({ concern, onChanged }: { concern: Concern; onChanged(): void }) {
  const { t, language } = useI18n();
  const [resolution, setResolution] = useState(concern.resolution ?? '');
  const [error, setError] = useState<unknown>();
  const next = concern.status === 'open' ? 'closed' : 'open';

  async function update() {
    setError(undefined);
    try {
      await concernsApi.update(concern.id, { status: next, resolution: resolution.trim() || undefined });
      onChanged();
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <article className="card" aria-labelledby={`concern-${concern.id}`}>
      <h2 id={`concern-${concern.id}`}>{t(`concern.category.${concern.category}`)}</h2>
      <p className="meta">{t('concerns.reporter', { email: concern.reporter.email, date: formatDate(concern.createdAt, language) })}</p>
      <p className="user-text">{concern.description}</p>
      {concern.conversationId && <p className="meta">{t('concerns.conversation', { id: concern.conversationId })}</p>}
      {concern.handledAt && <p className="meta">{t('concerns.handled', { who: concern.handledBy ?? '—', date: formatDate(concern.handledAt, language) })}</p>}
      <div className="field">
        <label htmlFor={`resolution-${concern.id}`}>{t('concerns.resolution')}</label>
        <textarea id={`resolution-${concern.id}`} rows={2} value={resolution} onChange={(e) => setResolution(e.target.value)} />
      </div>
      <ErrorNotice error={error} />
      <button type="button" className={next === 'closed' ? 'button-primary' : 'button-secondary'} onClick={() => void update()}>
        {next === 'closed' ? t('concerns.close') : t('concerns.reopen')}
      </button>
    </article>
  );
}
