/**
 * `histograms`: how a logged tensor's distribution (weights, gradients, activations) moves over training, like
 * TensorBoard's histograms dashboard: outlines of each step's histogram overlaid (optionally offset, TensorBoard's
 * "offset" view), or a heatmap of step × bucket coloured by count.
 */
import { z } from 'zod';
import { PLUGIN_API_VERSION } from '../../plugins/registry.js';
import type { Theme } from '../../themes/theme.js';
import type { PlotHistogram, PlotPlugin } from '../plot-plugin.js';
import type { LegendEntry, Mark, Panel } from '../plot-spec.js';
import { buildLegend } from '../shared/build-legend.js';
import { rampColor } from '../shared/color-ramp.js';
import { createPlotSpec } from '../shared/create-plot-spec.js';
import { matchMetricKeys } from '../shared/metric-pattern.js';
import { panelsCutWarning, panelsThatFit } from '../shared/panels-that-fit.js';
import { plotOptionsSchema } from '../shared/plot-options-schema.js';

/** Panels are one per (tensor, run); more than this is not a figure anyone reads. */
export const MAX_HISTOGRAM_PANELS = 64;
/** Share of the finite range added on each side to draw the contents of unbounded (±Infinity) outer buckets. */
const OUTER_MARGIN = 0.05;
/** Overlay colours start this far along the theme's sequential ramp: its first stop is near the background. */
const RAMP_START = 0.3;

export const HistogramsOptionsSchema = plotOptionsSchema('histograms', {
  /** Histogram keys: exact names or /regex/ patterns. */
  metrics: z.array(z.string().min(1)).min(1).meta({ description: 'Histogram keys or /regex/ patterns, one panel per key and run' }),
  /** `overlay`: one outline per step, coloured from early to late; `heatmap`: step × bucket cells coloured by count. */
  mode: z.enum(['overlay', 'heatmap']).default('overlay').meta({ description: 'View: overlay (one outline per step, early to late) | heatmap (step × bucket cells coloured by count)' }),
  /** Overlay only: stack the steps' outlines vertically, newest in front (TensorBoard's offset view). */
  offset: z.boolean().default(false).meta({ description: "Overlay only: stack the steps' outlines vertically, newest in front (TensorBoard's offset view)" }),
  /** Steps drawn, evenly sampled with the first and last kept. Default 30 for overlay, 500 for heatmap. */
  maxSteps: z.number().int().min(1).max(5_000).optional().meta({ description: 'Steps drawn, evenly sampled keeping the first and last (1–5000); unset: 30 for overlay, 500 for heatmap' }),
});
export type HistogramsOptions = z.infer<typeof HistogramsOptionsSchema>;

/** One histogram with finite edges (unbounded outer buckets moved into the margin). */
interface FiniteHistogram {
  step: number;
  edges: number[];
  counts: number[];
}

/**
 * Histograms of one (key, run) with finite edges: an unbounded outer edge moves OUTER_MARGIN of the panel's finite
 * range beyond it, so what the outer bucket holds stays visible. Malformed histograms are dropped and counted.
 */
function finiteHistograms(list: readonly PlotHistogram[], problems: { malformed: number; unbounded: number }): FiniteHistogram[] {
  const byStep = new Map<number, PlotHistogram>();
  for (const h of list) {
    const ok =
      Number.isFinite(h.step) &&
      h.counts.length >= 1 &&
      h.edges.length === h.counts.length + 1 &&
      h.edges.every((e, i) => !Number.isNaN(e) && (i === 0 || e >= h.edges[i - 1]!)) &&
      h.edges.slice(1, -1).every(Number.isFinite);
    if (!ok) problems.malformed++;
    // A step logged twice keeps its last histogram, as series keep their last point.
    else byStep.set(h.step, h);
  }
  const kept = [...byStep.values()].sort((a, b) => a.step - b.step);
  let lo = Infinity;
  let hi = -Infinity;
  for (const h of kept) {
    for (const e of h.edges) {
      if (Number.isFinite(e)) {
        lo = Math.min(lo, e);
        hi = Math.max(hi, e);
      }
    }
  }
  if (lo === Infinity) {
    lo = -1;
    hi = 1;
  }
  const pad = (hi - lo || Math.abs(lo) || 1) * OUTER_MARGIN;
  return kept.map((h) => {
    const edges = h.edges.map((e) => (e === -Infinity ? lo - pad : e === Infinity ? hi + pad : e));
    const last = edges.length - 1;
    if ((h.edges[0] === -Infinity && h.counts[0]! > 0) || (h.edges[last] === Infinity && h.counts[last - 1]! > 0)) problems.unbounded++;
    return { step: h.step, edges, counts: h.counts.map((c) => (Number.isFinite(c) && c > 0 ? c : 0)) };
  });
}

/** `max` items evenly spread over `items`, the first and last always kept. */
function sampleEvenly<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  if (max === 1) return [items[items.length - 1]!];
  const idx = new Set<number>();
  for (let i = 0; i < max; i++) idx.add(Math.round((i * (items.length - 1)) / (max - 1)));
  return [...idx].sort((a, b) => a - b).map((i) => items[i]!);
}

/** Cell boundaries between steps: halfway to the neighbours, half a neighbour's gap past the ends (±0.5 alone). */
function stepBounds(steps: readonly number[]): { lo: number[]; hi: number[] } {
  const n = steps.length;
  const mid = (i: number) => (steps[i]! + steps[i + 1]!) / 2;
  const lo = steps.map((s, i) => (i > 0 ? mid(i - 1) : n > 1 ? s - (steps[1]! - s) / 2 : s - 0.5));
  const hi = steps.map((s, i) => (i < n - 1 ? mid(i) : n > 1 ? s + (s - steps[n - 2]!) / 2 : s + 0.5));
  return { lo, hi };
}

function heatmapPanel(hists: FiniteHistogram[], key: string, theme: Theme): Panel {
  const { lo, hi } = stepBounds(hists.map((h) => h.step));
  const x1: number[] = [];
  const x2: number[] = [];
  const y1: number[] = [];
  const y2: number[] = [];
  const values: number[] = [];
  let max = 0;
  hists.forEach((h, j) => {
    h.counts.forEach((c, b) => {
      // Empty cells stay background: fewer marks, and the lowest colour of the ramp is near the background anyway.
      if (c === 0) return;
      x1.push(lo[j]!);
      x2.push(hi[j]!);
      y1.push(h.edges[b]!);
      y2.push(h.edges[b + 1]!);
      values.push(c);
      max = Math.max(max, c);
    });
  });
  return {
    x: { scale: 'linear', label: 'step' },
    y: { scale: 'linear', label: key },
    color: { domain: [0, max || 1], scheme: theme.sequential, label: 'count' },
    marks: values.length > 0 ? [{ type: 'rect', label: key, x1, x2, y1, y2, values, opacity: 1 }] : [],
  };
}

/** The outline of one histogram: up from 0 at the first edge, across each bucket, down to 0 at the last edge. */
function outline(h: FiniteHistogram, base: number): { x: number[]; y: number[] } {
  const x = [h.edges[0]!, ...h.edges];
  const y = [base, ...h.counts.map((c) => base + c), base];
  return { x, y };
}

function overlayPanel(hists: FiniteHistogram[], key: string, theme: Theme, offset: boolean, legend: LegendEntry[]): Panel {
  const n = hists.length;
  const colour = (j: number) => rampColor(theme.sequential, n === 1 ? 1 : RAMP_START + ((1 - RAMP_START) * j) / (n - 1));
  const maxCount = Math.max(0, ...hists.map((h) => Math.max(...h.counts)));
  // Offset: newest at the bottom and in front, each step a quarter of the tallest histogram above the next.
  const gap = offset ? (maxCount || 1) / 4 : 0;
  const marks: Mark[] = [];
  hists.forEach((h, j) => {
    const base = (n - 1 - j) * gap;
    const { x, y } = outline(h, base);
    const label = `step ${h.step}`;
    if (offset) {
      // An opaque fill in the background colour hides the older outlines behind this one.
      marks.push({ type: 'area', label, series: label, color: theme.background, opacity: 1, x, y1: x.map(() => base), y2: y });
    }
    marks.push({ type: 'line', label, series: label, color: colour(j), x, y, curve: 'step' });
  });
  for (const j of n > 1 ? [0, n - 1] : [0]) legend.push({ label: `step ${hists[j]!.step}`, color: colour(j), symbol: 'line', series: `step ${hists[j]!.step}` });
  const tickIdx = sampleEvenly(hists.map((_, j) => j), 8);
  return {
    x: { scale: 'linear', label: key },
    y: offset
      ? { scale: 'linear', label: 'step', ticks: tickIdx.map((j) => ({ value: (n - 1 - j) * gap, label: String(hists[j]!.step) })) }
      : { scale: 'linear', label: 'count' },
    marks,
  };
}

/**
 * Histograms over steps, one panel per (histogram key, run). ±Infinity outer edges are moved just outside the
 * finite range so their contents stay visible; malformed histograms are skipped with a warning; no histograms give
 * one empty panel and a warning.
 *
 * @example registry.require('plot', 'histograms').compile(data, { metrics: ['grad/w1'], mode: 'heatmap', offset: false }, ctx)
 */
export const histogramsPlot: PlotPlugin<HistogramsOptions> = {
  kind: 'plot',
  name: 'histograms',
  apiVersion: PLUGIN_API_VERSION,
  description: "a logged tensor's distribution over steps: overlaid outlines or a step × bucket heatmap",
  options: HistogramsOptionsSchema,
  marks: ['line', 'area', 'rect'],
  needs: (options) => ({ histograms: { keys: options.metrics } }),
  compile(data, options, ctx) {
    const warnings: string[] = [];
    const { keys, unmatched } = matchMetricKeys(options.metrics, data.histograms.map((h) => h.key));
    const names = new Map(data.runs.map((r) => [r.id, r.name]));
    const runOrder = new Map(data.runs.map((r, i) => [r.id, i]));
    const groups = new Map<string, { key: string; runId: string; list: PlotHistogram[] }>();
    const wanted = new Set(keys);
    for (const h of data.histograms) {
      if (!wanted.has(h.key)) continue;
      const id = `${h.key}\u0000${h.runId}`;
      let g = groups.get(id);
      if (g === undefined) groups.set(id, (g = { key: h.key, runId: h.runId, list: [] }));
      g.list.push(h);
    }
    const keyOrder = new Map(keys.map((k, i) => [k, i]));
    let ordered = [...groups.values()].sort(
      (a, b) => keyOrder.get(a.key)! - keyOrder.get(b.key)! || (runOrder.get(a.runId) ?? Infinity) - (runOrder.get(b.runId) ?? Infinity),
    );
    const fit = panelsThatFit(ordered.length, ctx.width, ctx.height, MAX_HISTOGRAM_PANELS);
    if (ordered.length > fit.count) {
      warnings.push(panelsCutWarning('histogram panels (key × run)', ordered.length, fit.count, ctx.width, ctx.height, 'filter the runs or keys'));
      ordered = ordered.slice(0, fit.count);
    }
    if (ordered.length > 0 && unmatched.length > 0) warnings.push(`no run has histogram ${unmatched.join(', ')}`);

    const maxSteps = options.maxSteps ?? (options.mode === 'overlay' ? 30 : 500);
    const problems = { malformed: 0, unbounded: 0 };
    const legend: LegendEntry[] = [];
    let sampled = 0;
    const oneKey = new Set(ordered.map((g) => g.key)).size === 1;
    const panels: Panel[] = ordered.map((g) => {
      const all = finiteHistograms(g.list, problems);
      const hists = sampleEvenly(all, maxSteps);
      if (hists.length < all.length) sampled++;
      const panel =
        options.mode === 'heatmap' ? heatmapPanel(hists, g.key, ctx.theme) : overlayPanel(hists, g.key, ctx.theme, options.offset, ordered.length === 1 ? legend : []);
      const runName = names.get(g.runId) ?? g.runId;
      // one histogram key: it is on every x axis, so the title names only the run (long titles get clipped)
      return { ...panel, title: oneKey ? runName : `${g.key} · ${runName}` };
    });
    if (problems.malformed > 0) warnings.push(`${problems.malformed} malformed histogram${problems.malformed === 1 ? '' : 's'} skipped (edges must be one more than counts, ascending, finite inside)`);
    if (problems.unbounded > 0) warnings.push(`${problems.unbounded} histogram${problems.unbounded === 1 ? ' has' : 's have'} counts in unbounded (±Infinity) outer buckets, drawn just outside the finite range`);
    if (sampled > 0) warnings.push(`more than ${maxSteps} steps: ${maxSteps} evenly spaced steps drawn (maxSteps)`);
    if (panels.length === 0) {
      warnings.push(`no data: no run has histogram ${options.metrics.join(', ')}`);
      panels.push({ title: options.metrics.join(', '), x: { scale: 'linear', label: options.mode === 'heatmap' ? 'step' : 'value' }, y: { scale: 'linear' }, marks: [] });
    }
    return createPlotSpec(ctx, {
      plot: 'histograms',
      panels,
      columns: fit.columns,
      legend: buildLegend(legend, { title: 'step' }),
      defaultTitle: 'Histograms over steps',
      warnings,
    });
  },
};
