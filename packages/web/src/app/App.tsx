/**
 * The gate, in order: first-start setup → sign-in → second factor → charter → workspace.
 * Each step is a full screen with one thing to do, so nobody lands on a dead end.
 */
import { I18nProvider, useI18n } from '../i18n/i18n.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { CharterPage } from '../pages/CharterPage.tsx';
import { LoginPage } from '../pages/LoginPage.tsx';
import { MfaPage } from '../pages/MfaPage.tsx';
import { SetupPage } from '../pages/SetupPage.tsx';
import { useLocation } from './router.ts';
import { SessionProvider, useSession } from './session.tsx';
import { Workspace } from './Workspace.tsx';

function Gate() {
  const { t } = useI18n();
  const { session, loadError, refresh } = useSession();
  const { path, query } = useLocation();

  if (path === '/setup') return <SetupPage token={query.get('token')} />;
  if (!session) {
    return (
      <div className="splash">
        {loadError ? <ErrorNotice error={loadError} onRetry={() => void refresh()} /> : <p role="status">{t('app.loading')}</p>}
      </div>
    );
  }
  if (!session.authenticated) {
    return <LoginPage oidcEnabled={session.oidc?.enabled ?? false} oidcLabel={session.oidc?.label} redirectError={query.get('error') ?? undefined} />;
  }
  if (session.mfa === 'pending') return <MfaPage />;
  if (session.charter.mustAccept) return <CharterPage />;
  return <Workspace />;
}

export function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <Gate />
      </SessionProvider>
    </I18nProvider>
  );
}
