/** The dashboard shell: header (navigation, live state, theme), routes, shortcuts, the disconnected banner. */
import { useRef } from 'react';
import { Link, Route, Switch, useLocation } from 'wouter';
import { RunsPage } from './runs/runs-page.js';
import { RunPage, RUN_TABS, type RunTab } from './run-detail/run-page.js';
import { CompareRoute, DashboardsRoute, WorkspaceRoute } from './workspaces/lazy-routes.js';
import { ParametersRoute } from './parameters/parameters-route.js';
import { ThemeToggle } from './ui/theme.js';
import { ConnectionBanner, LiveDot } from './ui/connection-banner.js';
import { ShortcutsDialog, useShortcuts } from './ui/shortcuts.js';

function runTab(t: string | undefined): RunTab | null {
  if (t === undefined) return 'charts';
  return (RUN_TABS as readonly string[]).includes(t) ? (t as RunTab) : null;
}

export function App() {
  const filterRef = useRef<HTMLInputElement>(null);
  const [location, navigate] = useLocation();
  const runMatch = /^\/runs\/([^/]+)/.exec(location);
  const { helpOpen, setHelpOpen } = useShortcuts({
    focusFilter() {
      if (location !== '/') navigate('/');
      // the runs page mounts on the next frame when we navigated
      requestAnimationFrame(() => filterRef.current?.focus());
    },
    goRuns: () => navigate('/'),
    goRunTab: runMatch ? (tab) => navigate(tab === 'charts' ? `/runs/${runMatch[1]}` : `/runs/${runMatch[1]}/${tab}`) : undefined,
  });

  return (
    <div className="app">
      <header className="app-header">
        <Link href="/" className="brand">
          <span className="brand-mark" aria-hidden="true">◢</span>runlens
        </Link>
        <nav className="main-nav">
          <Link href="/" className={location === '/' ? 'active' : undefined}>
            Runs
          </Link>
          <Link href="/dashboards" className={location.startsWith('/dashboards') ? 'active' : undefined} data-testid="nav-dashboards">
            Dashboards
          </Link>
        </nav>
        <div className="header-right">
          <LiveDot />
          <a className="header-link" href="/docs" target="_blank" rel="noreferrer">
            API
          </a>
          <button type="button" className="icon-button" title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts" onClick={() => setHelpOpen(true)}>
            ?
          </button>
          <ThemeToggle />
        </div>
      </header>
      <ConnectionBanner />
      <main className="app-main">
        <Switch>
          <Route path="/">
            <RunsPage filterRef={filterRef} />
          </Route>
          <Route path="/dashboards">
            <DashboardsRoute />
          </Route>
          <Route path="/dashboards/:id">{(params: { id: string }) => <WorkspaceRoute key={params.id} id={params.id} />}</Route>
          <Route path="/compare">
            <CompareRoute />
          </Route>
          <Route path="/runs/:id/parameters">{(params: { id: string }) => <ParametersRoute key={params.id} id={params.id} />}</Route>
          <Route path="/runs/:id/:tab?">
            {(params: { id: string; tab?: string | undefined }) => {
              const tab = runTab(params.tab);
              return tab ? <RunPage key={params.id} id={params.id} tab={tab} /> : <NotFound />;
            }}
          </Route>
          <Route>
            <NotFound />
          </Route>
        </Switch>
      </main>
      {helpOpen && <ShortcutsDialog onClose={() => setHelpOpen(false)} />}
    </div>
  );
}

function NotFound() {
  return (
    <div className="not-found">
      <h2>Nothing here</h2>
      <p>
        This view does not exist (yet). <Link href="/">All runs</Link>
      </p>
    </div>
  );
}
