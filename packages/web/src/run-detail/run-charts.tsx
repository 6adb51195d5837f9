/**
 * Every metric of a run as a chart, one panel per key: training metrics first, system metrics (`sys/…`) in their
 * own section. The series are read once at the panels' pixel width and grow live while the run logs.
 */
import { useMemo, useRef, useState, useEffect, type ReactNode } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Run } from '@runlens/core';
import { fetchSeries, type SeriesData } from '../api/series.js';
import { useShownZoom } from '../charts/use-shown-zoom.js';
import { CurvesChart, type ChartHover, type XRange } from '../charts/curves-chart.js';
import { DEFAULT_VIEW } from '../charts/chart-view.js';
import { ErrorBox, Spinner } from '../ui/feedback.js';
import { formatNumber } from '../ui/format.js';
import { useElementWidth } from '../ui/use-element-width.js';
import { useLiveSeries } from '../live/use-live-series.js';

const GAP = 12;
const CHART_HEIGHT = 190;

function columnsFor(width: number): number {
  return width >= 1150 ? 3 : width >= 720 ? 2 : 1;
}

export function RunCharts({ run }: { run: Run }) {
  const gridRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(gridRef);
  const [search, setSearch] = useState('');
  const cols = columnsFor(width);
  const panelWidth = width > 0 ? Math.floor((width - GAP * (cols - 1)) / cols) : 0;
  const chartWidth = Math.max(0, panelWidth - 20);
  // points ≈ pixels, rounded so a small resize does not read everything again
  const points = chartWidth > 0 ? Math.ceil(chartWidth / 100) * 100 : 0;
  const keys = useMemo(() => Object.keys(run.metrics).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), [run.metrics]);
  const runIds = useMemo(() => [run.id], [run.id]);
  const live = useLiveSeries({ scope: 'run', runs: runIds, keys, points });
  const { query } = live;
  const series = useMemo(() => new Map(live.series.map((s) => [s.key, s])), [live.series]);

  const q = search.trim().toLowerCase();
  const shown = keys.filter((k) => !q || k.toLowerCase().includes(q));
  const main = shown.filter((k) => !k.startsWith('sys/'));
  const sys = shown.filter((k) => k.startsWith('sys/'));

  const panel = (key: string) => (
    <ChartPanel key={key} run={run} title={key} last={run.metrics[key]?.last} count={run.metrics[key]?.count ?? 0} series={series.get(key)} width={chartWidth} />
  );

  return (
    <div className="run-charts" data-testid="run-charts">
      <div className="charts-toolbar">
        <input className="text-input" type="search" placeholder="Filter metrics" value={search} onChange={(e) => setSearch(e.target.value)} aria-label="Filter metrics" />
        <span className="muted">
          {keys.length} {keys.length === 1 ? 'metric' : 'metrics'}
          {run.status === 'running' && ' · live'}
        </span>
      </div>
      {query.isError && <ErrorBox title="Could not load the series" error={query.error} onRetry={() => void query.refetch()} />}
      {query.isPending && keys.length > 0 && points > 0 && <Spinner label="Loading charts…" />}
      <div ref={gridRef} className="chart-grid-sizer" />
      {keys.length === 0 && <p className="muted">This run has logged no metrics{run.status === 'running' ? ' yet; charts appear as points arrive' : ''}.</p>}
      {main.length > 0 && <ChartSection columns={cols}>{main.map(panel)}</ChartSection>}
      {sys.length > 0 && (
        <>
          <h3 className="section-title">System</h3>
          <ChartSection columns={cols}>{sys.map(panel)}</ChartSection>
        </>
      )}
    </div>
  );
}

function ChartSection({ columns, children }: { columns: number; children: ReactNode }) {
  return (
    <div className="chart-grid" style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`, gap: GAP }}>
      {children}
    </div>
  );
}

/**
 * A panel draws its chart once it comes near the viewport: a run with hundreds of metrics opens quickly. A drag zooms
 * and re-reads the visible range at full detail; a double-click goes back to the whole (live) series.
 */
function ChartPanel({ run, title, last, count, series, width }: { run: Run; title: string; last: number | undefined; count: number; series: SeriesData | undefined; width: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el || visible) return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setVisible(true);
    }, { rootMargin: '300px' });
    io.observe(el);
    return () => io.disconnect();
  }, [visible]);
  const [zoom, setZoom] = useState<XRange | null>(null);
  const zoomed = useQuery({
    queryKey: ['series', 'zoom', run.id, title, zoom, width],
    queryFn: ({ signal }) => fetchSeries([run.id], [title], width, signal, zoom ?? {}),
    enabled: zoom !== null && width > 0,
    placeholderData: keepPreviousData,
  });
  const runs = useMemo(() => [run], [run]);
  const shown = zoom !== null && zoomed.data ? zoomed.data : series;
  const shownZoom = useShownZoom(zoom, zoomed.data !== undefined && !zoomed.isPlaceholderData);
  const chartSeries = useMemo(() => (shown === undefined ? [] : Array.isArray(shown) ? shown : [shown]), [shown]);
  const [hover, setHover] = useState<ChartHover | null>(null);
  const hovered = hover?.values[0]?.value;
  return (
    <section className="chart-panel" ref={ref} data-testid="chart-panel" data-key={title} data-zoomed={zoom ? 'true' : undefined}>
      <header>
        <span className="chart-title" title={title}>
          {title}
        </span>
        {hover ? (
          <span className="chart-meta hover">
            step {formatNumber(hover.x)} · <strong>{hovered === null || hovered === undefined ? '—' : formatNumber(hovered)}</strong>
          </span>
        ) : (
          <span className="chart-meta">
            {zoom && <>zoomed · </>}
            {last !== undefined && <>last {formatNumber(last)} · </>}
            {count.toLocaleString()} pts
          </span>
        )}
      </header>
      <div className="chart-body" style={{ height: CHART_HEIGHT }}>
        {visible && width > 0 && series && (
          <CurvesChart runs={runs} series={chartSeries} metric={title} view={DEFAULT_VIEW} xRange={shownZoom} width={width} height={CHART_HEIGHT} legend={false} onHover={setHover} onZoom={setZoom} />
        )}
      </div>
    </section>
  );
}
