/**
 * `distribution`: how a metric's values are spread — across runs (each run's last, best or summary value) or within
 * series (every logged point) — as a histogram, a kernel density, a normal Q-Q plot or an empirical CDF, optionally
 * one per group overlaid.
 */
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { z } from 'zod';
import { percentileOfSorted } from '../../analytics/descriptive/sorted-quantiles.js';
import type { Run } from '../../domain/types.js';
import { PLUGIN_API_VERSION } from '../../plugins/registry.js';
import type { Theme } from '../../themes/theme.js';
import type { PlotData, PlotPlugin } from '../plot-plugin.js';
import type { Axis, LegendEntry, Mark, Panel } from '../plot-spec.js';
import { buildLegend } from '../shared/build-legend.js';
import { createPlotSpec } from '../shared/create-plot-spec.js';
import { excludeFailedRuns } from '../shared/exclude-failed-runs.js';
import { gaussianKde } from '../shared/gaussian-kde.js';
import { groupRuns } from '../shared/group-runs.js';
import { countInBins, histogramBins } from '../shared/histogram-bins.js';
import { matchMetricKeys } from '../shared/metric-pattern.js';
import { plotOptionsSchema } from '../shared/plot-options-schema.js';
import { METRIC_REDUCERS, runMetricKeys, runMetricValue } from '../shared/run-metric-value.js';
import { seriesStyle } from '../shared/series-style.js';

/** Points per series read for `source: 'points'` (the loader downsamples longer series to this many). */
export const DISTRIBUTION_POINTS = 100_000;
/** Overlaid distributions beyond this are unreadable; a warning says so. */
const READABLE_GROUPS = 12;

export const DistributionOptionsSchema = plotOptionsSchema('distribution', {
  /** Metric keys or /regex/ patterns: one panel per metric. */
  metrics: z.array(z.string().min(1)).min(1).meta({ description: 'Metric keys or /regex/ patterns, one panel per metric' }),
  kind: z.enum(['histogram', 'kde', 'qq', 'ecdf']).default('histogram').meta({ description: 'Chart: histogram | kde (kernel density estimate) | qq (normal Q-Q plot) | ecdf (empirical CDF)' }),
  /** `runs`: one value per run (see `reduce`); `points`: every logged value of the series. */
  source: z.enum(['runs', 'points']).default('runs').meta({ description: 'Values: runs (one per run, see reduce) | points (every logged value of the series)' }),
  /** With `source: 'runs'`: each run's `last`, `min`, `max` or `summary` value. */
  reduce: z.enum(METRIC_REDUCERS).default('last').meta({ description: "With source runs, each run's value: last | min | max of its series, or summary (logged value, else last)" }),
  /** One distribution per group, overlaid: `group`, `project`, `params.<key>` or `run`. Default: all together. */
  groupBy: z.string().min(1).optional().meta({ description: 'Overlay one distribution per group: group | project | params.<key> | run; unset: all runs together' }),
  /** Histogram bins; default Freedman–Diaconis (Sturges when the IQR is 0), at most 200. */
  bins: z.number().int().min(1).max(200).optional().meta({ description: 'Histogram bins (1–200); unset: Freedman–Diaconis rule (Sturges when the IQR is 0)' }),
  /** Histogram heights as a density (integrating to 1) instead of counts, so groups of different sizes compare. */
  density: z.boolean().default(false).meta({ description: 'Histogram heights as a density (area 1) instead of counts, so groups of different sizes compare' }),
  /** KDE bandwidth in the metric's units; default Silverman's rule. */
  bandwidth: z.number().positive().optional().meta({ description: "KDE bandwidth in the metric's units; unset: Silverman's rule" }),
  /** Keep failed and crashed runs (left out by default, as in the analytics). */
  includeFailed: z.boolean().default(false).meta({ description: 'Keep failed and crashed runs (left out by default: their last values are usually not final results)' }),
});
export type DistributionOptions = z.infer<typeof DistributionOptionsSchema>;

interface Sample {
  label: string;
  color: string;
  /** Ascending, finite. */
  sorted: Float64Array;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The samples of `key`: per group (or one of everything), finite values only, the others counted in a warning. */
function collectSamples(key: string, runs: readonly Run[], data: PlotData, options: DistributionOptions, theme: Theme, warnings: string[]): Sample[] {
  const groups = options.groupBy !== undefined ? groupRuns(runs, options.groupBy) : [{ key: 'all', label: key, runs: [...runs] }];
  const seriesByRun = new Map<string, Float64Array[]>();
  if (options.source === 'points') {
    for (const s of data.series) {
      if (s.key !== key) continue;
      let list = seriesByRun.get(s.runId);
      if (list === undefined) seriesByRun.set(s.runId, (list = []));
      list.push(s.y);
    }
  }
  let nonFinite = 0;
  const samples: Sample[] = [];
  groups.forEach((g, i) => {
    const values: number[] = [];
    const add = (v: number | undefined) => {
      if (v === undefined) return;
      if (Number.isFinite(v)) values.push(v);
      else nonFinite++;
    };
    for (const run of g.runs) {
      if (options.source === 'runs') add(runMetricValue(run, key, options.reduce));
      else for (const y of seriesByRun.get(run.id) ?? []) for (const v of y) add(v);
    }
    if (values.length > 0) samples.push({ label: g.label, color: seriesStyle(theme, i).color, sorted: Float64Array.from(values).sort() });
  });
  if (nonFinite > 0) warnings.push(`${key}: ${plural(nonFinite, 'NaN or infinite value')} left out`);
  return samples;
}

function histogramMarks(samples: Sample[], options: DistributionOptions): { marks: Mark[]; note?: string } {
  const all = Float64Array.from(samples.flatMap((s) => [...s.sorted])).sort();
  const { edges, rule } = histogramBins(all, options.bins);
  const width = edges[1]! - edges[0]!;
  const centres = edges.slice(0, -1).map((e, b) => (e + edges[b + 1]!) / 2);
  const overlaid = samples.length > 1;
  const marks: Mark[] = samples.map((s) => {
    const counts = countInBins(s.sorted, edges);
    const scale = options.density ? 1 / (s.sorted.length * width) : 1;
    return {
      type: 'bar',
      label: s.label,
      series: s.label,
      color: s.color,
      x: centres,
      y: counts.map((c) => c * scale),
      width,
      ...(overlaid ? { opacity: 0.45 } : { opacity: 0.85 }),
    };
  });
  return { marks, note: `${edges.length - 1} bins of width ${Number(width.toPrecision(4))} (${rule})` };
}

function kdeMarks(samples: Sample[], options: DistributionOptions, key: string, warnings: string[]): Mark[] {
  const marks: Mark[] = [];
  for (const s of samples) {
    const kde = gaussianKde(s.sorted, options.bandwidth !== undefined ? { bandwidth: options.bandwidth } : {});
    if (kde === undefined) {
      // No spread to estimate a density from: a vertical line says where the value(s) are.
      warnings.push(`${key}: ${s.label} has ${s.sorted.length === 1 ? 'one value' : 'only equal values'} (${s.sorted[0]}): drawn as a line, no density`);
      marks.push({ type: 'rule', label: s.label, series: s.label, color: s.color, x1: [s.sorted[0]!], x2: [s.sorted[0]!], y1: [null], y2: [null] });
      continue;
    }
    if (samples.length === 1) marks.push({ type: 'area', label: s.label, series: s.label, color: s.color, x: kde.x, y1: kde.x.map(() => 0), y2: kde.density });
    marks.push({ type: 'line', label: s.label, series: s.label, color: s.color, x: kde.x, y: kde.density });
  }
  return marks;
}

/**
 * Filliben's estimate of the normal order statistic medians, as `scipy.stats.probplot`: the i-th of n sorted
 * values is plotted against Φ⁻¹(mᵢ) with m₁ = 1 − 0.5^(1/n), mₙ = 0.5^(1/n), mᵢ = (i − 0.3175) / (n + 0.365).
 */
export function normalOrderStatistics(n: number): number[] {
  const last = Math.pow(0.5, 1 / n);
  return Array.from({ length: n }, (_, k) => {
    const i = k + 1;
    const m = i === n ? last : i === 1 ? 1 - last : (i - 0.3175) / (n + 0.365);
    return normalQuantile(m, 0, 1);
  });
}

/** Q-Q points plus R's `qqline`: the line through the first and third quartiles of sample and normal. */
function qqMarks(samples: Sample[]): Mark[] {
  const z25 = normalQuantile(0.25, 0, 1);
  const z75 = normalQuantile(0.75, 0, 1);
  const marks: Mark[] = [];
  for (const s of samples) {
    const theoretical = normalOrderStatistics(s.sorted.length);
    const q1 = percentileOfSorted(s.sorted, 25);
    const q3 = percentileOfSorted(s.sorted, 75);
    const slope = (q3 - q1) / (z75 - z25);
    const lo = Math.min(theoretical[0]!, z25);
    const hi = Math.max(theoretical[theoretical.length - 1]!, z75);
    marks.push(
      { type: 'line', label: `${s.label} normal reference`, series: s.label, color: s.color, x: [lo, hi], y: [q1 + slope * (lo - z25), q1 + slope * (hi - z25)], dash: [4, 3], strokeWidth: 1 },
      { type: 'point', label: s.label, series: s.label, color: s.color, x: theoretical, y: [...s.sorted] },
    );
  }
  return marks;
}

/** The empirical CDF as a step line: 0 before the smallest value, rising to 1 at the largest. */
export function ecdfLine(sorted: Float64Array): { x: number[]; y: number[] } {
  const n = sorted.length;
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    // Ties make one jump, to the share of values at or below the tied value.
    if (i + 1 < n && sorted[i + 1] === sorted[i]) continue;
    if (x.length === 0) {
      x.push(sorted[i]!);
      y.push(0);
    }
    x.push(sorted[i]!);
    y.push((i + 1) / n);
  }
  return { x, y };
}

function ecdfMarks(samples: Sample[]): Mark[] {
  return samples.map((s) => ({ type: 'line', label: s.label, series: s.label, color: s.color, curve: 'step', ...ecdfLine(s.sorted) }));
}

function axes(key: string, options: DistributionOptions): { x: Axis; y: Axis } {
  const what = options.source === 'runs' ? `${key} (${options.reduce} of each run)` : key;
  const kinds: Record<DistributionOptions['kind'], { x: Axis; y: Axis }> = {
    histogram: { x: { scale: 'linear', label: what }, y: { scale: 'linear', label: options.density ? 'density' : options.source === 'runs' ? 'runs' : 'points', domain: [0, null] } },
    kde: { x: { scale: 'linear', label: what }, y: { scale: 'linear', label: 'density', domain: [0, null] } },
    qq: { x: { scale: 'linear', label: 'normal theoretical quantiles' }, y: { scale: 'linear', label: what } },
    ecdf: { x: { scale: 'linear', label: what }, y: { scale: 'linear', label: 'share at or below', domain: [0, 1], format: 'percent' } },
  };
  return kinds[options.kind];
}

/**
 * Distributions of metric values, one panel per metric, one distribution per group. Failed and crashed runs are
 * left out unless `includeFailed`; NaN and ±Infinity values are left out with a warning; a group of equal values
 * is drawn as a line where a density cannot be estimated. No data gives one empty panel and a warning.
 *
 * @example runlens plot distribution --project P -m val/acc --opt kind=kde --group-by params.optimizer
 */
export const distributionPlot: PlotPlugin<DistributionOptions> = {
  kind: 'plot',
  name: 'distribution',
  apiVersion: PLUGIN_API_VERSION,
  description: "a metric's distribution across runs or points: histogram, KDE, normal Q-Q or ECDF",
  options: DistributionOptionsSchema,
  marks: ['bar', 'line', 'area', 'point', 'rule'],
  needs: (options) => (options.source === 'points' ? { series: { metrics: options.metrics, x: 'step', points: DISTRIBUTION_POINTS } } : {}),
  compile(data, options, ctx) {
    const warnings: string[] = [];
    const runs = excludeFailedRuns(data.runs, options.includeFailed, warnings);
    const available = options.source === 'runs' ? runMetricKeys(runs) : new Set(data.series.map((s) => s.key));
    const { keys, unmatched } = matchMetricKeys(options.metrics, available);
    const panels: Panel[] = [];
    const legend: LegendEntry[] = [];
    const symbol = options.kind === 'histogram' ? 'rect' : options.kind === 'qq' ? 'point' : 'line';
    const notes: string[] = [];
    for (const key of keys) {
      const samples = collectSamples(key, runs, data, options, ctx.theme, warnings);
      if (samples.length === 0) {
        warnings.push(`no data: no run has a finite value of ${key}`);
        panels.push({ title: key, ...axes(key, options), marks: [] });
        continue;
      }
      if (samples.length > READABLE_GROUPS) warnings.push(`${key}: ${samples.length} distributions overlaid in one panel are hard to tell apart; group by fewer values`);
      let marks: Mark[];
      if (options.kind === 'histogram') {
        const h = histogramMarks(samples, options);
        marks = h.marks;
        if (h.note !== undefined) notes.push(keys.length > 1 ? `${key}: ${h.note}` : h.note);
      } else if (options.kind === 'kde') marks = kdeMarks(samples, options, key, warnings);
      else if (options.kind === 'qq') marks = qqMarks(samples);
      else marks = ecdfMarks(samples);
      if (options.groupBy !== undefined) for (const s of samples) legend.push({ label: s.label, color: s.color, symbol, series: s.label });
      panels.push({ title: key, ...axes(key, options), marks });
    }
    if (unmatched.length > 0) warnings.push(`no data: no run has metric ${unmatched.join(', ')}`);
    if (panels.length === 0) panels.push({ title: options.metrics.join(', '), ...axes(options.metrics.join(', '), options), marks: [] });
    return createPlotSpec(ctx, {
      plot: 'distribution',
      panels,
      columns: Math.min(3, panels.length),
      legend: buildLegend(legend, options.groupBy !== undefined ? { title: options.groupBy } : {}),
      defaultTitle: `Distribution${options.source === 'runs' ? ' across runs' : ' of logged values'}`,
      ...(notes.length > 0 ? { subtitle: notes.join('; ') } : {}),
      warnings,
    });
  },
};
