/** `/runs/:id[/overview|/logs]`: one run — header facts, then its charts, overview or logs terminal. */
import { useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { getRun } from '../api/runs.js';
import { ApiError } from '../api/http.js';
import { runKey } from '../live/live-cache.js';
import { useLiveSubscription } from '../live/live-context.js';
import { ErrorBox, Spinner } from '../ui/feedback.js';
import { formatAbsolute } from '../ui/format.js';
import { Duration, RelativeTime, RunProgressFacts, StatusChip } from '../ui/run-bits.js';
import { RunCharts } from './run-charts.js';
import { RunOverview } from './run-overview.js';
import { LogsTerminal } from './logs-terminal.js';

export const RUN_TABS = ['charts', 'overview', 'logs'] as const;
export type RunTab = (typeof RUN_TABS)[number];

const TAB_LABELS: Record<RunTab, string> = { charts: 'Charts', overview: 'Overview', logs: 'Logs' };

export function RunPage({ id, tab }: { id: string; tab: RunTab }) {
  const query = useQuery({
    queryKey: runKey(id),
    queryFn: ({ signal }) => getRun(id, signal),
    retry: (n, e) => !(e instanceof ApiError && e.status === 404) && n < 2,
  });
  useLiveSubscription(null, [id]);
  const name = query.data?.name;
  useEffect(() => {
    document.title = name ? `${name} · runlens` : 'runlens';
    return () => {
      document.title = 'runlens';
    };
  }, [name]);

  if (query.isPending) return <Spinner label="Loading run…" />;
  if (query.isError) {
    if (query.error instanceof ApiError && query.error.status === 404) {
      return (
        <div className="not-found">
          <h2>No run {id}</h2>
          <p>
            It may have been deleted. <Link href="/">All runs</Link>
          </p>
        </div>
      );
    }
    return <ErrorBox title="Could not load the run" error={query.error} onRetry={() => void query.refetch()} />;
  }
  const run = query.data;
  const base = `/runs/${encodeURIComponent(run.id)}`;
  return (
    <div className="run-page" data-testid="run-page">
      <div className="run-header">
        <div className="run-title">
          <Link href="/" className="back-link">
            ← Runs
          </Link>
          <h1 data-testid="run-name">{run.name}</h1>
          <StatusChip status={run.status} />
        </div>
        <div className="run-facts-line">
          <span>{run.project}</span>
          <span title="started">
            started <RelativeTime time={run.startTime} />
          </span>
          <span title="duration">
            ran <Duration run={run} />
          </span>
          {run.status === 'running' && <RunProgressFacts run={run} />}
          {run.host && <span>on {run.host}</span>}
          {run.gitCommit && (
            <span>
              git <code>{run.gitCommit.slice(0, 10)}</code>
              {run.gitDirty ? ' (dirty)' : ''}
            </span>
          )}
          {run.tags.map((t) => (
            <span key={t} className="tag">
              {t}
            </span>
          ))}
        </div>
        {run.error && (
          <div className="run-error-line" title={run.endTime ? formatAbsolute(run.endTime) : undefined}>
            {run.error}
          </div>
        )}
        <nav className="tabs" aria-label="Run views">
          {RUN_TABS.map((t) => (
            <Link key={t} href={t === 'charts' ? base : `${base}/${t}`} className={`tab${t === tab ? ' active' : ''}`} aria-current={t === tab ? 'page' : undefined} data-testid={`tab-${t}`}>
              {TAB_LABELS[t]}
            </Link>
          ))}
          {/* the 3D view of logged tensors is its own lazily loaded page (three.js) */}
          <Link href={`${base}/parameters`} className="tab" data-testid="tab-parameters">
            Parameters
          </Link>
        </nav>
      </div>
      {tab === 'charts' && <RunCharts run={run} />}
      {tab === 'overview' && <RunOverview run={run} />}
      {tab === 'logs' && <LogsTerminal key={run.id} run={run} />}
    </div>
  );
}
