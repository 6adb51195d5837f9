/**
 * One panel's chart. Curves are dense series that grow live: drawn in the page by uPlot (through core's curves plot type);
 * every other plot type is compiled by the server and drawn by ECharts. The in-page renderer is looked up by plot
 * type, with ECharts for all types not listed.
 */
import { useMemo, useState, type ComponentType } from 'react';
import type { Run } from '@runlens/core';
import type { PlotRequest } from '../api/dashboards.js';
import { useShownZoom } from '../charts/use-shown-zoom.js';
import { CurvesChart, type XRange } from '../charts/curves-chart.js';
import { EchartsChart } from '../charts/echarts-chart.js';
import { panelCurvesOverrides, type ChartView } from '../charts/chart-view.js';
import { ErrorBox } from '../ui/feedback.js';
import { useLiveSeries } from '../live/use-live-series.js';

export interface PanelChartProps {
  type: string;
  options: Record<string, unknown>;
  runs: readonly Run[];
  /** The runs as the server selects them (for server-compiled plots and exports). */
  selection: PlotRequest['selection'];
  view: ChartView;
  width: number;
  height: number;
}

/** The metric a curves panel draws: its first `metrics` entry, a /regex/ resolved against the runs' keys. */
export function panelMetric(options: Record<string, unknown>, runs: readonly Run[]): string | undefined {
  const metrics = Array.isArray(options.metrics) ? options.metrics.filter((m): m is string => typeof m === 'string') : [];
  const first = metrics[0];
  if (first === undefined) return undefined;
  const re = /^\/(.*)\/$/.exec(first);
  if (!re) return first;
  try {
    const pattern = new RegExp(re[1]!);
    const keys = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].sort();
    return keys.find((k) => pattern.test(k));
  } catch {
    return undefined;
  }
}

const scaleRange = (r: XRange, k: number): XRange => ({ from: r.from * k, to: r.to * k });

/** Most runs a curves panel reads series for. */
const MAX_CURVE_RUNS = 200;

export function CurvesPanelChart({ options, runs, view, width, height }: PanelChartProps) {
  const metric = panelMetric(options, runs);
  const shown = useMemo(() => runs.filter((r) => metric !== undefined && r.metrics[metric] !== undefined).slice(0, MAX_CURVE_RUNS), [runs, metric]);
  // the panel's own curves options win over the dashboard's widgets
  const overrides = useMemo(() => panelCurvesOverrides(options), [options]);
  const x = typeof overrides.x === 'string' ? overrides.x : view.x;
  const [zoom, setZoom] = useState<XRange | null>(null);
  // a zoom is a range on one x axis: another axis starts unzoomed
  const [zoomX, setZoomX] = useState(x);
  if (zoomX !== x) {
    setZoomX(x);
    setZoom(null);
  }
  const ids = useMemo(() => shown.map((r) => r.id), [shown]);
  const keys = useMemo(() => (metric === undefined ? [] : [metric]), [metric]);
  const points = Math.max(100, Math.ceil(width / 100) * 100);
  // the chart shows relative time in seconds, `/series` reads it in ms
  const range = useMemo(() => ({ x, ...(zoom ? scaleRange(zoom, x === 'relative' ? 1000 : 1) : {}) }), [x, zoom]);
  const { query, series } = useLiveSeries({ scope: 'panel', runs: ids, keys, points, range });
  const shownZoom = useShownZoom(zoom, !query.isPlaceholderData);
  if (metric === undefined) return <p className="muted panel-note">No metric matches {JSON.stringify(options.metrics ?? [])}. Edit the panel's options.</p>;
  if (shown.length === 0) return <p className="muted panel-note">No selected run has {metric}.</p>;
  if (query.isError) return <ErrorBox title="Could not load the series" error={query.error} onRetry={() => void query.refetch()} />;
  if (!query.data) return null;
  return <CurvesChart runs={shown} series={series} metric={metric} view={view} overrides={overrides} xRange={shownZoom} width={width} height={height - 26} onZoom={setZoom} />;
}

function EchartsPanelChart({ type, options, selection, width, height }: PanelChartProps) {
  const request = useMemo(() => ({ type, options, selection }), [type, options, selection]);
  return <EchartsChart request={request} width={width} height={height} />;
}

/** Plot types drawn by something other than ECharts in the page. */
const IN_PAGE: Readonly<Record<string, ComponentType<PanelChartProps>>> = { curves: CurvesPanelChart };

export function PanelChart(props: PanelChartProps) {
  const Chart = Object.hasOwn(IN_PAGE, props.type) ? IN_PAGE[props.type]! : EchartsPanelChart;
  return <Chart {...props} />;
}
