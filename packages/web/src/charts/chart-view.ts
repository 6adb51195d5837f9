/**
 * What a curves chart shows besides its data: x axis, smoothing, log axes, grouping, band and outliers. One object
 * for the widgets, the URL and the saved dashboard; `curvesOptions` turns it into core's `curves` plot options.
 */
import type { CurvesOptions } from '@runlens/core';

export const SMOOTHERS = ['none', 'ema', 'time-ema', 'gaussian', 'running-average'] as const;
export type Smoother = (typeof SMOOTHERS)[number];
export const BANDS = ['std', 'minmax', 'sem', 'ci95', 'none'] as const;
export type Band = (typeof BANDS)[number];

export interface ChartView {
  /** `step`, `epoch`, `relative`, `time` (wall clock) or a metric key. */
  x: string;
  smoother: Smoother;
  /** 0 (none) … 0.99 (most): the smoother's strength. */
  smoothing: number;
  logX: boolean;
  logY: boolean;
  /** '' (one line per run), `group` (seeds), `project` or `params.<key>`. */
  groupBy: string;
  band: Band;
  /** Remove spikes (remove-outliers) before smoothing. */
  outliers: boolean;
  /** Metric keys to chart: a regular expression ('' all). */
  metrics: string;
}

export const DEFAULT_VIEW: ChartView = { x: 'step', smoother: 'none', smoothing: 0.6, logX: false, logY: false, groupBy: '', band: 'std', outliers: false, metrics: '' };

/** The data-pipeline text of a view (`remove-outliers,ema:0.6`), undefined for none. */
export function pipelineText(view: ChartView): string | undefined {
  const s = Math.min(0.99, Math.max(0, view.smoothing));
  const steps: string[] = [];
  if (view.outliers) steps.push('remove-outliers');
  const smoother: Record<Smoother, () => string | null> = {
    none: () => null,
    ema: () => (s > 0 ? `ema:${s}` : null),
    'time-ema': () => (s > 0 ? `time-ema:weight=${s}:by=time` : null),
    gaussian: () => (s > 0 ? `gaussian:${Number((0.5 + s * 20).toFixed(2))}` : null),
    'running-average': () => (s > 0 ? `running-average:${Math.max(1, Math.round(1 + s * 99))}` : null),
  };
  const sm = smoother[view.smoother]();
  if (sm) steps.push(sm);
  return steps.length > 0 ? steps.join(',') : undefined;
}

/** The `curves` options of a view for one metric; best-step labels and phase shading are off (uPlot draws no text). */
export function curvesOptions(view: ChartView, metric: string, points: number): Partial<CurvesOptions> & { metrics: string[] } {
  const smooth = pipelineText(view);
  return {
    metrics: [metric],
    x: view.x,
    ...(view.groupBy ? { groupBy: view.groupBy } : {}),
    ...(smooth ? { smooth } : {}),
    band: view.band,
    logX: view.logX,
    logY: view.logY,
    best: false,
    phases: false,
    points: Math.max(2, Math.min(100_000, points)),
  };
}

/** Curves options a dashboard panel may set for itself; they win over the dashboard's widgets for that panel. */
export const PANEL_CURVES_OVERRIDES = ['x', 'smooth', 'groupBy', 'band', 'logX', 'logY'] as const;

/** The options of a curves panel that override the widgets (the ones it sets; checked when the plot compiles). */
export function panelCurvesOverrides(options: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of PANEL_CURVES_OVERRIDES) if (options[k] !== undefined) out[k] = options[k];
  return out;
}

const BOOL = (v: string | null, d: boolean) => (v === null ? d : v === '1');

/** Reads a view from URL parameters (missing ones keep their defaults). */
export function viewFromParams(p: URLSearchParams, base: ChartView = DEFAULT_VIEW): ChartView {
  const smoother = p.get('smoother');
  const band = p.get('band');
  const smoothing = Number(p.get('smoothing'));
  return {
    x: p.get('x') || base.x,
    smoother: smoother && (SMOOTHERS as readonly string[]).includes(smoother) ? (smoother as Smoother) : base.smoother,
    smoothing: p.get('smoothing') !== null && Number.isFinite(smoothing) ? smoothing : base.smoothing,
    logX: BOOL(p.get('logx'), base.logX),
    logY: BOOL(p.get('logy'), base.logY),
    groupBy: p.get('groupby') ?? base.groupBy,
    band: band && (BANDS as readonly string[]).includes(band) ? (band as Band) : base.band,
    outliers: BOOL(p.get('outliers'), base.outliers),
    metrics: p.get('metrics') ?? base.metrics,
  };
}

/** Writes the parts of a view that differ from `base` into URL parameters (others are removed). */
export function viewToParams(view: ChartView, p: URLSearchParams, base: ChartView = DEFAULT_VIEW): void {
  const set = (k: string, v: string, d: string) => (v === d ? p.delete(k) : p.set(k, v));
  set('x', view.x, base.x);
  set('smoother', view.smoother, base.smoother);
  set('smoothing', String(view.smoothing), String(base.smoothing));
  set('logx', view.logX ? '1' : '0', base.logX ? '1' : '0');
  set('logy', view.logY ? '1' : '0', base.logY ? '1' : '0');
  set('groupby', view.groupBy, base.groupBy);
  set('band', view.band, base.band);
  set('outliers', view.outliers ? '1' : '0', base.outliers ? '1' : '0');
  set('metrics', view.metrics, base.metrics);
}
