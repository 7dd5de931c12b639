/** The user's own account: display name, password, two-step verification. */
import { useState, type FormEvent } from 'react';
import { meApi } from '../api/endpoints.ts';
import { useSession, useSignedIn } from '../app/session.tsx';
import { ErrorNotice, SuccessNotice } from '../components/ErrorNotice.tsx';
import { Link } from '../components/Link.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { useI18n } from '../i18n/i18n.tsx';

export function AccountPage() {
  const { t } = useI18n();
  const session = useSignedIn();
  const { refresh } = useSession();
  const headingRef = usePageTitle(t('account.title'));
  const [displayName, setDisplayName] = useState(session.user.displayName ?? '');
  const [nameError, setNameError] = useState<unknown>();
  const [nameSaved, setNameSaved] = useState(false);
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [passwordError, setPasswordError] = useState<unknown>();
  const [passwordSaved, setPasswordSaved] = useState(false);

  async function saveName(event: FormEvent) {
    event.preventDefault();
    setNameError(undefined);
    setNameSaved(false);
    try {
      await meApi.update({ displayName: displayName.trim() });
      setNameSaved(true);
      await refresh();
    } catch (failure) {
      setNameError(failure);
    }
  }

  async function changePassword(event: FormEvent) {
    event.preventDefault();
    setPasswordError(undefined);
    setPasswordSaved(false);
    try {
      await meApi.changePassword(currentPassword, newPassword);
      setPasswordSaved(true);
      setCurrentPassword('');
      setNewPassword('');
    } catch (failure) {
      setPasswordError(failure);
    }
  }

  return (
    <div className="page page-narrow">
      <h1 ref={headingRef} tabIndex={-1}>
        {t('account.title')}
      </h1>
      <p className="meta">
        {session.user.email} · {t(`role.${session.user.role}`)}
        {session.user.groups.length > 0 && ` · ${session.user.groups.join(', ')}`}
      </p>
      <form className="card form" onSubmit={saveName} aria-labelledby="account-name-title">
        <h2 id="account-name-title">{t('account.profile')}</h2>
        <div className="field">
          <label htmlFor="account-name">{t('common.displayName')}</label>
          <input id="account-name" autoComplete="name" maxLength={200} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        </div>
        <ErrorNotice error={nameError} />
        <SuccessNotice message={nameSaved ? t('common.saved') : undefined} />
        <button type="submit" className="button-primary">
          {t('common.save')}
        </button>
      </form>
      {session.user.hasPassword && session.method === 'session' && (
        <form className="card form" onSubmit={changePassword} aria-labelledby="account-password-title">
          <h2 id="account-password-title">{t('account.password')}</h2>
          <div className="field">
            <label htmlFor="account-current-password">{t('account.currentPassword')}</label>
            <input
              id="account-current-password"
              type="password"
              autoComplete="current-password"
              required
              value={currentPassword}
              onChange={(e) => setCurrentPassword(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="account-new-password">{t('account.newPassword')}</label>
            <input
              id="account-new-password"
              type="password"
              autoComplete="new-password"
              minLength={12}
              maxLength={256}
              required
              aria-describedby="account-password-hint"
              value={newPassword}
              onChange={(e) => setNewPassword(e.target.value)}
            />
            <p id="account-password-hint" className="hint">
              {t('setup.passwordHint')} {t('account.otherSessions')}
            </p>
          </div>
          <ErrorNotice error={passwordError} />
          <SuccessNotice message={passwordSaved ? t('account.passwordChanged') : undefined} />
          <button type="submit" className="button-primary" disabled={!currentPassword || newPassword.length < 12}>
            {t('account.changePassword')}
          </button>
        </form>
      )}
      <section className="card" aria-labelledby="account-mfa-title">
        <h2 id="account-mfa-title">{t('mfa.title')}</h2>
        {session.user.mfaEnabled ? (
          <p>{t('mfa.enabled')}</p>
        ) : (
          <>
            <p>{session.user.role === 'admin' ? t('admin.mfaNeeded') : t('account.mfaOptional')}</p>
            <Link className="button button-secondary" href="/account/mfa">
              {t('admin.mfaEnable')}
            </Link>
          </>
        )}
      </section>
    </div>
  );
}
