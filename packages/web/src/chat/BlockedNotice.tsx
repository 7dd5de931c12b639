/**
 * A message the policy refused: which categories, why (the destination), and the two ways
 * forward (remove them, or switch to a model where they may go). Never just "error".
 */
import type { BlockedDetails, ModelInfo } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { entityLabel } from '../i18n/entity-labels.ts';

export function BlockedNotice({
  details,
  models,
  onEdit,
  onSwitchModel,
}: {
  details: BlockedDetails;
  models: ModelInfo[];
  onEdit(): void;
  onSwitchModel(model: string): void;
}) {
  const { t, language } = useI18n();
  const types = details.blockedTypes.map((type) => entityLabel(type, language)).join(', ');
  const suggested = (details.suggestions ?? []).flatMap((suggestion) =>
    suggestion.action === 'use_model' && models.some((model) => model.id === suggestion.model && model.available) ? [suggestion] : [],
  );
  return (
    <section className="notice notice-blocked" role="alert" aria-labelledby="blocked-title" data-testid="blocked-notice">
      <h2 id="blocked-title">{t('blocked.title')}</h2>
      <p>
        {details.destination
          ? t('blocked.why', { types, location: t(`chat.modelLocation.${details.destination}`) })
          : t('blocked.whyGeneric', { types })}{' '}
        {t('blocked.nothingSent')}
      </p>
      <h3>{t('blocked.whatToDo')}</h3>
      <ul>
        <li>{t('blocked.remove')}</li>
        {suggested.map((suggestion) => (
          <li key={suggestion.model}>{t('blocked.useModel', { model: suggestion.model, location: t(`chat.modelLocation.${suggestion.location}`) })}</li>
        ))}
      </ul>
      <div className="row-actions">
        <button type="button" className="button-primary" onClick={onEdit}>
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
