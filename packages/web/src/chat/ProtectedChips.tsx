import type { EntityType } from '@rempart/shield';
import { useI18n } from '../i18n/i18n.tsx';
import { entityLabel } from '../i18n/entity-labels.ts';

/** After sending: which categories were protected in this message (types and counts, never values). */
export function ProtectedChips({ counts }: { counts: Partial<Record<EntityType, number>> }) {
  const { t, language } = useI18n();
  const entries = Object.entries(counts).filter(([, count]) => (count ?? 0) > 0) as [EntityType, number][];
  if (entries.length === 0) return <p className="protected-none">{t('chat.nothingProtected')}</p>;
  return (
    <div className="protected">
      <span className="protected-title">
        <ShieldIcon /> {t('chat.protectedTitle')}
      </span>
      <ul className="chips" aria-label={t('chat.protectedTitle')}>
        {entries.map(([type, count]) => (
          <li key={type} className="chip chip-protect" data-type={type}>
            {entityLabel(type, language)}
            <span className="chip-count">×{count}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ShieldIcon() {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <path d="M8 1.5 2.5 3.6v4c0 3.2 2.3 5.9 5.5 6.9 3.2-1 5.5-3.7 5.5-6.9v-4z" fill="currentColor" />
    </svg>
  );
}
