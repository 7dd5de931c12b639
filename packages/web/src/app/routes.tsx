/** Pages other than the chat, by path pattern (`:name` captures one segment). */
import { lazy, Suspense, type ReactNode } from 'react';
import { AccountPage } from '../pages/AccountPage.tsx';
import { CharterReadPage } from '../pages/CharterReadPage.tsx';
import { ConcernsPage } from '../pages/ConcernsPage.tsx';
import { DocumentDetailPage } from '../documents/DocumentDetailPage.tsx';
import { DocumentsPage } from '../documents/DocumentsPage.tsx';
import { PassagePage } from '../documents/PassagePage.tsx';
import { KeysPage } from '../pages/KeysPage.tsx';
import { TrainingListPage, TrainingModulePage } from '../pages/TrainingPage.tsx';

// Administration is for a few people: its code (and the shield's policy schema) loads on demand.
const AdminPage = lazy(() => import('../admin/AdminPage.tsx').then((module) => ({ default: module.AdminPage })));
const CompliancePage = lazy(() => import('../compliance/CompliancePage.tsx').then((module) => ({ default: module.CompliancePage })));

function Loading() {
  return (
    <p className="page" role="status">
      …
    </p>
  );
}

export interface WorkspaceRoute {
  pattern: string;
  render(params: Record<string, string>): ReactNode;
}

export const workspaceRoutes: WorkspaceRoute[] = [
  { pattern: '/training', render: () => <TrainingListPage /> },
  { pattern: '/training/:id', render: ({ id }) => <TrainingModulePage key={id} moduleId={id!} /> },
  { pattern: '/documents', render: () => <DocumentsPage /> },
  { pattern: '/documents/:id', render: ({ id }) => <DocumentDetailPage key={id} documentId={id!} /> },
  {
    pattern: '/documents/:id/passages/:chunkId',
    render: ({ id, chunkId }) => <PassagePage key={`${id}/${chunkId}`} documentId={id!} chunkId={chunkId!} />,
  },
  { pattern: '/keys', render: () => <KeysPage /> },
  { pattern: '/charter', render: () => <CharterReadPage /> },
  { pattern: '/account', render: () => <AccountPage /> },
  { pattern: '/concerns', render: () => <ConcernsPage /> },
  {
    pattern: '/admin',
    render: () => (
      <Suspense fallback={<Loading />}>
        <AdminPage />
      </Suspense>
    ),
  },
  { pattern: '/compliance', render: () => <Suspense fallback={<Loading />}><CompliancePage /></Suspense> },
  { pattern: '/compliance/:section', render: ({ section }) => <Suspense fallback={<Loading />}><CompliancePage section={section} /></Suspense> },
  {
    pattern: '/admin/:section',
    render: ({ section }) => (
      <Suspense fallback={<Loading />}>
        <AdminPage section={section} />
      </Suspense>
    ),
  },
];
