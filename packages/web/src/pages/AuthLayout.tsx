import type { ReactNode } from 'react';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { useI18n } from '../i18n/i18n.tsx';

/** The calm, centred frame of the screens before the workspace (login, MFA, setup, charter). */
export function AuthLayout({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  const { t } = useI18n();
  return (
    <div className="auth-page">
      <header className="auth-header">
        <span className="brand" aria-hidden="true">
          <BrandMark /> Rempart
        </span>
        <LanguageSwitch />
      </header>
      <main id="main" className={wide ? 'auth-card auth-card-wide' : 'auth-card'}>
        {children}
      </main>
      <footer className="auth-footer">{t('app.tagline')}</footer>
    </div>
  );
}

export function BrandMark() {
  return (
    <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="7" />
      <path d="M7 25V11h4v-4h4v4h2v-4h4v4h4v14z" />
    </svg>
  );
}
