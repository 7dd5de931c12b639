/**
 * The compliance console (DPO and admins): dashboard, audit trail, people's rights, registers
 * and reports, incidents, retention. One page with a section menu, like administration.
 */
import type { ReactNode } from 'react';
import { useSignedIn } from '../app/session.tsx';
import { Link } from '../components/Link.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { AuditSection } from './AuditSection.tsx';
import { DashboardSection } from './DashboardSection.tsx';
import { IncidentsSection } from './IncidentsSection.tsx';
import { useComplianceText, type ComplianceKey } from './messages.ts';
import { RegistersSection } from './RegistersSection.tsx';
import { RetentionSection } from './RetentionSection.tsx';
import { RightsSection } from './RightsSection.tsx';
import './compliance.css';

interface Section {
  slug: string;
  label: ComplianceKey;
  render(role: 'admin' | 'dpo'): ReactNode;
}

const SECTIONS: Section[] = [
  { slug: 'dashboard', label: 'section.dashboard', render: () => <DashboardSection /> },
  { slug: 'audit', label: 'section.audit', render: () => <AuditSection /> },
  { slug: 'rights', label: 'section.rights', render: () => <RightsSection /> },
  { slug: 'registers', label: 'section.registers', render: () => <RegistersSection /> },
  { slug: 'incidents', label: 'section.incidents', render: () => <IncidentsSection /> },
  { slug: 'retention', label: 'section.retention', render: (role) => <RetentionSection canPurge={role === 'admin'} /> },
];

export function CompliancePage({ section }: { section?: string }) {
  const ct = useComplianceText();
  const session = useSignedIn();
  const role = session.user.role;
  const headingRef = usePageTitle(ct('title'));
  const current = SECTIONS.find((candidate) => candidate.slug === section) ?? SECTIONS[0]!;

  if (role !== 'admin' && role !== 'dpo') {
    return (
      <div className="page page-narrow">
        <h1 ref={headingRef} tabIndex={-1}>
          {ct('title')}
        </h1>
        <p className="notice notice-error" role="alert">
          {ct('forbidden')}
        </p>
      </div>
    );
  }
  return (
    <div className="admin-layout compliance">
      <nav className="admin-nav" aria-label={ct('sections')}>
        <h1 ref={headingRef} tabIndex={-1}>
          {ct('title')}
        </h1>
        <ul>
          {SECTIONS.map((candidate) => (
            <li key={candidate.slug}>
              <Link href={`/compliance/${candidate.slug}`} aria-current={candidate === current ? 'page' : undefined}>
                {ct(candidate.label)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="admin-content">{current.render(role)}</div>
    </div>
  );
}
