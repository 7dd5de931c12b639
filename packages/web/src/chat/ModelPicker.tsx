import type { ModelInfo } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** Only the models this user may use; locked ones (training missing) are shown but not selectable. */
export function ModelPicker({ models, value, onChange, disabled }: { models: ModelInfo[]; value?: string; onChange(model: string): void; disabled?: boolean }) {
  const { t } = useI18n();
  return (
    <div className="model-picker">
      <label htmlFor="model-select">{t('chat.model')}</label>
      <select id="model-select" value={value ?? ''} onChange={(event) => onChange(event.target.value)} disabled={disabled || models.length === 0}>
        {models.map((model) => (
          <option key={model.id} value={model.id} disabled={!model.available}>
            {model.available ? model.id : t('chat.modelLocked', { model: model.id })} · {t(`chat.modelLocation.${model.location}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
