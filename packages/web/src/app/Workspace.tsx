/** The signed-in frame: skip link, header with navigation, language and sign-out, then the page. */
import { useEffect, type ReactNode } from 'react';
import { ChatPage } from '../chat/ChatPage.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { PageErrorBoundary } from '../components/PageErrorBoundary.tsx';
import { Link } from '../components/Link.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { BrandMark } from '../pages/AuthLayout.tsx';
import { complianceText } from '../compliance/messages.ts';
import { MfaEnrolPage } from '../pages/MfaEnrolPage.tsx';
import { workspaceRoutes } from './routes.tsx';
import { matchPath, navigate, useLocation } from './router.ts';
import { useSession, useSignedIn } from './session.tsx';

export function Workspace() {
  const { t, language } = useI18n();
  const session = useSignedIn();
  const { signOut } = useSession();
  const { path } = useLocation();
  const role = session.user.role;

  // Sign-in pages are behind us: land on the chat.
  useEffect(() => {
    if (path === '/' || path === '/login' || path === '/setup') navigate('/chat', { replace: true });
  }, [path]);

  const navItems: { href: string; label: string; show: boolean }[] = [
    { href: '/chat', label: t('nav.chat'), show: true },
    { href: '/documents', label: t('nav.documents'), show: true },
    { href: '/training', label: t('nav.training'), show: true },
    { href: '/keys', label: t('nav.keys'), show: true },
    { href: '/charter', label: t('nav.charter'), show: true },
    { href: '/concerns', label: t('nav.concerns'), show: role === 'dpo' || role === 'admin' },
    { href: '/compliance', label: complianceText(language)('nav'), show: role === 'dpo' || role === 'admin' },
    { href: '/admin', label: t('nav.admin'), show: role === 'dpo' || role === 'admin' },
  ];

  return (
    <div className="workspace">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <Link href="/chat" className="brand">
          <BrandMark /> <span className="brand-text">Rempart</span>
        </Link>
        <nav aria-label={t('app.mainNav')} className="topnav">
          <ul>
            {navItems
              .filter((item) => item.show)
              .map((item) => (
                <li key={item.href}>
                  <Link href={item.href} aria-current={path === item.href || path.startsWith(`${item.href}/`) ? 'page' : undefined}>
                    {item.label}
                  </Link>
                </li>
              ))}
          </ul>
        </nav>
        <div className="topbar-end">
          <LanguageSwitch />
          <Link href="/account" className="user-name" title={session.user.email} aria-current={path === '/account' ? 'page' : undefined}>
            {session.user.displayName || session.user.email}
          </Link>
          <button type="button" className="button-quiet" onClick={() => void signOut()}>
            {t('app.signOut')}
          </button>
        </div>
      </header>
      {role === 'admin' && session.mfa === 'not_enrolled' && path !== '/account/mfa' && (
        <div className="banner" role="note">
          {t('admin.mfaNeeded')} <Link href="/account/mfa">{t('admin.mfaEnable')}</Link>
        </div>
      )}
      <main id="main" className={path.startsWith('/chat') ? 'main main-chat' : 'main'} tabIndex={-1}>
        <PageErrorBoundary resetKey={path}>
          <CurrentPage path={path} />
        </PageErrorBoundary>
      </main>
    </div>
  );
}

function CurrentPage({ path }: { path: string }) {
  if (path === '/chat' || path === '/' || path === '/login') return <ChatPage />;
  const chat = matchPath('/chat/:id', path);
  if (chat) return <ChatPage conversationId={chat.id} />;
  if (path === '/account/mfa') return <MfaEnrolPage />;
  for (const route of workspaceRoutes) {
    const params = matchPath(route.pattern, path);
    if (params) return route.render(params);
  }
  return <NotFound />;
}

function NotFound(): ReactNode {
  const { t } = useI18n();
  const headingRef = usePageTitle(t('notFound.title'));
  return (
    <div className="page page-narrow">
      <h1 ref={headingRef} tabIndex={-1}>
        {t('notFound.title')}
      </h1>
      <p>{t('notFound.text')}</p>
      <Link href="/chat">{t('common.backToChat')}</Link>
    </div>
  );
}
