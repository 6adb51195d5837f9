/**
 * Dashboards, a workspace and the comparison view, loaded on demand: react-grid-layout and these pages stay out of
 * the main bundle (ECharts is loaded later still, by the first panel that needs it).
 */
import { lazy, Suspense } from 'react';
import { Spinner } from '../ui/feedback.js';

const DashboardsPage = lazy(() => import('./dashboards-page.js').then((m) => ({ default: m.DashboardsPage })));
const WorkspacePage = lazy(() => import('./workspace-page.js').then((m) => ({ default: m.WorkspacePage })));
const ComparePage = lazy(() => import('../compare/compare-page.js').then((m) => ({ default: m.ComparePage })));

export function DashboardsRoute() {
  return (
    <Suspense fallback={<Spinner label="Loading dashboards…" />}>
      <DashboardsPage />
    </Suspense>
  );
}

export function WorkspaceRoute({ id }: { id: string }) {
  return (
    <Suspense fallback={<Spinner label="Loading the dashboard…" />}>
      <WorkspacePage id={id} />
    </Suspense>
  );
}

export function CompareRoute() {
  return (
    <Suspense fallback={<Spinner label="Loading the comparison…" />}>
      <ComparePage />
    </Suspense>
  );
}
