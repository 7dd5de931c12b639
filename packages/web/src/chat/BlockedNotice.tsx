/**
 * A message the policy refused: which categories, why (the destination), and the ways forward
 * (ask without the documents when their passages were the cause, remove them, or switch to a
 * model where they may go). Never just "error".
 */
import type { BlockedDetails, ModelInfo } from '../api/types.ts';
import { blockedAdvice } from './blocked-advice.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { entityLabel } from '../i18n/entity-labels.ts';

export function BlockedNotice({
  details,
  models,
  onEdit,
  onSwitchModel,
  onWithoutDocuments,
}: {
  details: BlockedDetails;
  models: ModelInfo[];
  onEdit(): void;
  onSwitchModel(model: string): void;
  /** Turns "Use my documents" off and sends the same message again. */
  onWithoutDocuments(): void;
}) {
  const { t, language } = useI18n();
  const types = details.blockedTypes.map((type) => entityLabel(type, language)).join(', ');
  const advice = blockedAdvice(details, models);
  const suggested = advice.models;
  const location = details.destination ? t(`chat.modelLocation.${details.destination}`) : undefined;
  return (
    <section className="notice notice-blocked" role="alert" aria-labelledby="blocked-title" data-testid="blocked-notice">
      <h2 id="blocked-title">{t('blocked.title')}</h2>
      <p>
        {advice.withoutDocuments
          ? location
            ? t('blocked.whyDocuments', { types, location })
            : t('blocked.whyDocumentsGeneric', { types })
          : location
            ? t('blocked.why', { types, location })
            : t('blocked.whyGeneric', { types })}{' '}
        {t('blocked.nothingSent')}
      </p>
      <h3>{t('blocked.whatToDo')}</h3>
      <ul>
        {advice.withoutDocuments && <li>{t('blocked.withoutDocuments')}</li>}
        {advice.remove && <li>{t('blocked.remove')}</li>}
        {suggested.map((suggestion) => (
          <li key={suggestion.model}>{t('blocked.useModel', { model: suggestion.model, location: t(`chat.modelLocation.${suggestion.location}`) })}</li>
        ))}
      </ul>
      <div className="row-actions">
        {advice.withoutDocuments && (
          <button type="button" className="button-primary" onClick={onWithoutDocuments}>
            {t('blocked.sendWithoutDocuments')}
          </button>
        )}
        <button type="button" className={advice.withoutDocuments ? 'button-secondary' : 'button-primary'} onClick={onEdit}>
          {t('blocked.editMessage')}
        </button>
        {suggested.map((suggestion) => (
          <button key={suggestion.model} type="button" className="button-secondary" onClick={() => onSwitchModel(suggestion.model)}>
            {t('blocked.switchModel', { model: suggestion.model })}
          </button>
        ))}
      </div>
    </section>
  );
}
