/**
 * The selected runs overlaid on one chart, above the table: pick a metric, see every selected run's curve — seeds
 * grouped into a mean line with a band by default (group by the run group), or one line per run. A drag zooms and
 * re-reads the visible range at full detail. Running runs' curves grow as their points arrive.
 */
import { useMemo, useRef, useState } from 'react';
import { pickSummaryColumns, type Run } from '@runlens/core';
import { useShownZoom } from '../charts/use-shown-zoom.js';
import { CurvesChart, type XRange } from '../charts/curves-chart.js';
import { DEFAULT_VIEW } from '../charts/chart-view.js';
import { GroupByOptions } from '../charts/chart-widgets.js';
import { ErrorBox, Spinner } from '../ui/feedback.js';
import { useElementWidth } from '../ui/use-element-width.js';
import { useLiveSeries } from '../live/use-live-series.js';

/** Most runs drawn at once; more selected runs are left out with a note. */
const MAX_RUNS = 50;

export function SelectedRunsChart({ runs, onClose }: { runs: readonly Run[]; onClose(): void }) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useElementWidth(ref);
  const shown = useMemo(() => runs.slice(0, MAX_RUNS), [runs]);
  const keys = useMemo(() => [...new Set(shown.flatMap((r) => Object.keys(r.metrics)))].sort(), [shown]);
  const paramKeys = useMemo(() => [...new Set(shown.flatMap((r) => Object.keys(r.params)))].sort(), [shown]);
  const [picked, setPicked] = useState('');
  const [groupBy, setGroupBy] = useState('group');
  const [zoom, setZoom] = useState<XRange | null>(null);
  const key = picked && keys.includes(picked) ? picked : (pickSummaryColumns(shown, 1)[0] ?? keys[0] ?? '');
  const points = width > 0 ? Math.ceil(width / 100) * 100 : 0;
  const ids = useMemo(() => shown.map((r) => r.id), [shown]);
  const keyList = useMemo(() => (key === '' ? [] : [key]), [key]);
  const { query, series } = useLiveSeries({ scope: 'selected', runs: ids, keys: keyList, points, range: zoom });
  const shownZoom = useShownZoom(zoom, !query.isPlaceholderData);
  const view = useMemo(() => ({ ...DEFAULT_VIEW, groupBy }), [groupBy]);

  return (
    <section className="selected-chart card" data-testid="selected-chart">
      <header className="selected-chart-header">
        <strong>
          {shown.length} selected {shown.length === 1 ? 'run' : 'runs'}
        </strong>
        <select className="select" value={key} onChange={(e) => { setPicked(e.target.value); setZoom(null); }} aria-label="Metric">
          {keys.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
        <label className="inline-label">
          group by
          <select className="select" value={groupBy} onChange={(e) => setGroupBy(e.target.value)} aria-label="Group by" data-testid="chart-group-by">
            <GroupByOptions paramKeys={paramKeys} verbose />
          </select>
        </label>
        {zoom && (
          <button type="button" className="link-button" onClick={() => setZoom(null)}>
            reset zoom
          </button>
        )}
        {runs.length > MAX_RUNS && <span className="muted">the first {MAX_RUNS} of {runs.length} are drawn</span>}
        <button type="button" className="icon-button" aria-label="Close the chart" onClick={onClose}>
          ×
        </button>
      </header>
      <div ref={ref} className="selected-chart-body">
        {query.isError && <ErrorBox title="Could not load the series" error={query.error} onRetry={() => void query.refetch()} />}
        {query.isPending && key !== '' && <Spinner label="Loading…" />}
        {key === '' && <p className="muted">The selected runs have no metrics.</p>}
        {query.data && width > 0 && <CurvesChart runs={shown} series={series} metric={key} view={view} xRange={shownZoom} width={width} height={220} onZoom={setZoom} />}
      </div>
    </section>
  );
}
