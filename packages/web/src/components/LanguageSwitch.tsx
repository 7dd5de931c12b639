import { UI_LANGUAGES, useI18n } from '../i18n/i18n.tsx';

/** FR | EN toggle: two buttons, the current one pressed. */
export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  return (
    <div className="language-switch" role="group" aria-label={t('app.language')}>
      {UI_LANGUAGES.map((code) => (
        <button
          key={code}
          type="button"
          lang={code}
          aria-pressed={language === code}
          onClick={() => setLanguage(code)}
          title={code === 'fr' ? 'Français' : 'English'}
        >
          {code.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
