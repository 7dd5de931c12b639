/**
 * Administration (admin) and compliance reading (DPO): one page, a section menu. Admin changes
 * need a verified second factor; the DPO sees the same screens read-only.
 */
import type { ReactNode } from 'react';
import { useSignedIn } from '../app/session.tsx';
import { Link } from '../components/Link.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages-fr.ts';
import { AccessSection } from './AccessSection.tsx';
import { ApiKeysSection } from './ApiKeysSection.tsx';
import { CharterSection } from './CharterSection.tsx';
import { CatalogueSection } from './CatalogueSection.tsx';
import { QuotasSection } from './ConfigSections.tsx';
import { PolicySection } from './PolicySection.tsx';
import { TrainingSection } from './TrainingSection.tsx';
import { UsersSection } from './UsersSection.tsx';

interface AdminSection {
  slug: string;
  label: MessageKey;
  /** DPO may read it. */
  dpo: boolean;
  render(readOnly: boolean): ReactNode;
}

const SECTIONS: AdminSection[] = [
  { slug: 'users', label: 'admin.users', dpo: true, render: (readOnly) => <UsersSection readOnly={readOnly} /> },
  { slug: 'providers', label: 'admin.providers', dpo: true, render: (readOnly) => <CatalogueSection readOnly={readOnly} /> },
  { slug: 'policy', label: 'admin.policy', dpo: true, render: (readOnly) => <PolicySection readOnly={readOnly} /> },
  { slug: 'access', label: 'admin.access', dpo: true, render: (readOnly) => <AccessSection readOnly={readOnly} /> },
  { slug: 'quotas', label: 'admin.quotas', dpo: true, render: (readOnly) => <QuotasSection readOnly={readOnly} /> },
  { slug: 'charter', label: 'admin.charter', dpo: true, render: (readOnly) => <CharterSection readOnly={readOnly} /> },
  { slug: 'training', label: 'admin.training', dpo: true, render: (readOnly) => <TrainingSection readOnly={readOnly} /> },
  { slug: 'api-keys', label: 'admin.apiKeys', dpo: false, render: () => <ApiKeysSection /> },
];

export function AdminPage({ section }: { section?: string }) {
  const { t } = useI18n();
  const session = useSignedIn();
  const role = session.user.role;
  const headingRef = usePageTitle(t('admin.title'));
  const visible = SECTIONS.filter((candidate) => role === 'admin' || (role === 'dpo' && candidate.dpo));
  const current = visible.find((candidate) => candidate.slug === section) ?? visible[0];

  if (role !== 'admin' && role !== 'dpo') {
    return (
      <div className="page page-narrow">
        <h1 ref={headingRef} tabIndex={-1}>
          {t('admin.title')}
        </h1>
        <p className="notice notice-error" role="alert">
          {t('error.FORBIDDEN')}
        </p>
        <Link href="/chat">{t('common.backToChat')}</Link>
      </div>
    );
  }
  if (role === 'admin' && session.mfa !== 'verified') {
    return (
      <div className="page page-narrow">
        <h1 ref={headingRef} tabIndex={-1}>
          {t('admin.title')}
        </h1>
        <p className="notice notice-info">{t('admin.mfaNeeded')}</p>
        <Link className="button button-primary" href="/account/mfa">
          {t('admin.mfaEnable')}
        </Link>
      </div>
    );
  }
  return (
    <div className="admin-layout">
      <nav className="admin-nav" aria-label={t('admin.sections')}>
        <h1 ref={headingRef} tabIndex={-1}>
          {t('admin.title')}
        </h1>
        <ul>
          {visible.map((candidate) => (
            <li key={candidate.slug}>
              <Link href={`/admin/${candidate.slug}`} aria-current={candidate === current ? 'page' : undefined}>
                {t(candidate.label)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="admin-content">{current?.render(role !== 'admin')}</div>
    </div>
  );
}
