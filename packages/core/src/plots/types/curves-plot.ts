/**
 * `curves`: training curves of many runs and metrics, one panel per metric — smoothed through the data pipeline
 * with the raw curve faint behind, or grouped by a param into a mean line with a min–max, ±std, SEM or 95% CI band;
 * log axes; best-step and training-phase annotations; diverged runs marked.
 */
import { z } from 'zod';
import { analyzeCurve } from '../../analytics/curves/analyze-curve.js';
import { checkCurveOptions } from '../../analytics/curves/check-curve-options.js';
import { scanDivergence } from '../../analytics/curves/scan-divergence.js';
import { sortSeries } from '../../analytics/curves/sort-series.js';
import type { CurveAnalysis, CurveDivergence, CurveGoal } from '../../analytics/curves/types.js';
import type { Run } from '../../domain/types.js';
import { RunlensError } from '../../errors.js';
import { alignFrames } from '../../pipeline/align-frames.js';
import { applyResolvedPipeline, parsePipeline, resolvePipeline, type ResolvedStep } from '../../pipeline/apply-pipeline.js';
import type { SeriesFrame } from '../../pipeline/series-frame.js';
import { PLUGIN_API_VERSION } from '../../plugins/registry.js';
import type { Theme } from '../../themes/theme.js';
import type { PlotData, PlotPlugin, PlotSeries } from '../plot-plugin.js';
import type { Axis, LegendEntry, Mark, Panel } from '../plot-spec.js';
import { MAX_LEGEND_ENTRIES, buildLegend } from '../shared/build-legend.js';
import { niceTicks } from '../shared/nice-ticks.js';
import { rampColor } from '../shared/color-ramp.js';
import { createPlotSpec } from '../shared/create-plot-spec.js';
import { formatPlotNumber } from '../shared/format-plot-number.js';
import { groupRuns } from '../shared/group-runs.js';
import { BAND_KINDS, BAND_NAMES, meanBand } from '../shared/mean-band.js';
import { MetricDirectionOption, resolveMetricDirection } from '../shared/metric-direction.js';
import { matchMetricKeys } from '../shared/metric-pattern.js';
import { plotOptionsSchema } from '../shared/plot-options-schema.js';
import { seriesStyle, type SeriesStyle } from '../shared/series-style.js';

/** Beyond this many lines in a panel, lines get thinner and more transparent so the bundle stays readable. */
export const DENSE_LINES = 50;
/** Best-step labels are drawn by default up to this many lines per panel. */
const DEFAULT_BEST_MAX_LINES = 5;
/** Opacity of the raw curve behind a smoothed one, relative to the smoothed line's (TensorBoard draws it faint). */
const RAW_OPACITY = 0.25;

export const CurvesOptionsSchema = plotOptionsSchema('curves', {
  /** Metric keys or /regex/ patterns: one panel per metric. */
  metrics: z.array(z.string().min(1)).min(1).meta({ description: 'Metric keys or /regex/ patterns to plot, one panel per metric' }),
  /** `step`, `time` (wall clock), `relative` (seconds since the run's start), `epoch`, or any metric's key. */
  x: z.string().min(1).default('step').meta({ description: 'X axis: step | epoch | relative (seconds since the run started) | time (wall clock) | any metric key' }),
  /** One mean line per group with a band: `group` (seeds), `project`, or `params.<key>`. Default: one line per run. */
  groupBy: z.string().min(1).optional().meta({ description: 'One mean line with a band per group: group (seeds) | project | params.<key>; unset: one line per run' }),
  /** Data-pipeline text, e.g. `ema:0.6` or `impute:linear,gaussian:2` (processors from the registry). */
  smooth: z.string().optional().meta({ description: 'Smoothing pipeline, steps separated by commas, e.g. ema:0.6 or remove-outliers,gaussian:2' }),
  /** When smoothing, draw the unsmoothed curve faintly behind the smoothed one. */
  showRaw: z.boolean().default(true).meta({ description: 'When smoothing, also draw the unsmoothed curve faintly behind the smoothed one' }),
  /** Band around a group's mean: min–max, ±1 std, ±1 SEM, 95% t confidence interval, or none. */
  band: z.enum(BAND_KINDS).default('std').meta({ description: 'Band around a group mean: minmax | std (±1 std) | sem (±1 SEM) | ci95 (95% confidence interval) | none' }),
  logX: z.boolean().default(false).meta({ description: 'Log-scale x axis (points with x ≤ 0 are dropped; not available with x = time)' }),
  logY: z.boolean().default(false).meta({ description: 'Log-scale y axis (points with y ≤ 0 are dropped)' }),
  /** Mark each line's best value with a point and a label; default on up to 5 lines per panel. */
  best: z.boolean().optional().meta({ description: "Mark each line's best value with a point and a label; unset: on when a panel has at most 5 lines" }),
  /** Shade the training phases (initialisation, rapid learning, convergence) of the panel's first line; default on for a single line. */
  phases: z.boolean().optional().meta({ description: "Shade the first line's training phases (initialisation, rapid learning, convergence); unset: on for a single line" }),
  /** Whether lower or higher is better (for best steps and divergence); default guessed from the metric name. */
  direction: MetricDirectionOption.meta({ description: 'Whether lower (minimize) or higher (maximize) is better, for best steps and divergence; unset: guessed from the name' }),
  /** Points per series the loader reads (longer series are downsampled) and grid points of a group's mean. */
  points: z.number().int().min(2).max(100_000).default(2_000).meta({ description: 'Points read per series (longer series are downsampled), also the grid size of a group mean' }),
  /** Panels per row; default about the square root of the number of panels, at most 4. */
  columns: z.number().int().min(1).max(12).optional().meta({ description: 'Panels per row (1–12); unset: about the square root of the number of panels, at most 4' }),
});
export type CurvesOptions = z.infer<typeof CurvesOptionsSchema>;

/** One drawn curve: a run's, or a group's mean. */
interface CurveLine {
  id: string;
  label: string;
  style: SeriesStyle;
  x: number[];
  y: (number | null)[];
  raw?: { x: number[]; y: (number | null)[] } | undefined;
  band?: { lo: (number | null)[]; hi: (number | null)[] } | undefined;
  /** Computed when an annotation needs it: on the raw series (runs) or the mean curve (groups), by step. */
  analysis: () => CurveAnalysis;
  /** The x of a step of `analysis` (for runs with x ≠ step, through the series' own points). */
  xOfStep: (step: number) => number | undefined;
  /** Divergence: where to put the marker (the last finite plotted point at or before it) and what to say. */
  divergence?: { x: number; y: number; note: string } | undefined;
  legendSuffix: string;
  /**
   * Values at x ≥ this are left out of the y-axis range (a diverged run's explosion would squash every other line
   * flat); the line is still drawn, clipped at the panel's edge. Undefined: every value counts.
   */
  rangeUntil?: number | undefined;
}

/** Values a log axis cannot show, and points without an x. */
interface DropCounts {
  noX: number;
  nonPositiveX: number;
  nonPositiveY: number;
  total: number;
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function xAxis(x: string, log: boolean): Axis {
  const labels: Record<string, Axis> = {
    step: { scale: 'linear', label: 'step' },
    time: { scale: 'time', label: 'time (UTC)' },
    relative: { scale: 'linear', label: 'time since start (s)' },
    epoch: { scale: 'linear', label: 'epoch' },
  };
  const axis = Object.hasOwn(labels, x) ? labels[x]! : { scale: 'linear' as const, label: clip(x, 500) };
  return log ? { ...axis, scale: 'log' } : axis;
}

/** The series' points a panel can draw: finite x, and positive x / y on log axes (NaN y kept: it breaks the line). */
function drawableFrame(s: PlotSeries, options: CurvesOptions, drops: DropCounts): SeriesFrame {
  const keep: number[] = [];
  for (let i = 0; i < s.x.length; i++) {
    const x = s.x[i]!;
    const y = s.y[i]!;
    drops.total++;
    if (!Number.isFinite(x)) drops.noX++;
    else if (options.logX && x <= 0) drops.nonPositiveX++;
    else if (options.logY && y <= 0) drops.nonPositiveY++;
    else keep.push(i);
  }
  if (keep.length === s.x.length) return { x: s.x, y: s.y, t: s.times };
  const pick = (a: Float64Array) => Float64Array.from(keep, (i) => a[i]!);
  return { x: pick(s.x), y: pick(s.y), t: pick(s.times) };
}

/** A frame as line columns: non-finite y (NaN, ±Infinity: a diverged run) becomes null, which breaks the line. */
function lineColumns(frame: SeriesFrame): { x: number[]; y: (number | null)[] } {
  const n = frame.x.length;
  const x = new Array<number>(n);
  const y = new Array<number | null>(n);
  for (let i = 0; i < n; i++) {
    const v = frame.y[i]!;
    x[i] = frame.x[i]!;
    y[i] = Number.isFinite(v) ? v : null;
  }
  return { x, y };
}

function smoothFrame(frame: SeriesFrame, steps: readonly ResolvedStep[]): SeriesFrame {
  return steps.length === 0 ? frame : applyResolvedPipeline(frame, steps);
}

/** The last finite point of a line at or before `x`. */
function lastFiniteAtOrBefore(line: { x: number[]; y: (number | null)[] }, x: number): { x: number; y: number } | undefined {
  for (let i = line.x.length - 1; i >= 0; i--) {
    const y = line.y[i];
    if (line.x[i]! <= x && y !== null && y !== undefined) return { x: line.x[i]!, y };
  }
  return undefined;
}

/**
 * Where a run diverged for good, by analyzeCurve's own detector (same rules and explosion factor) without the trend
 * analysis it adds: a 1,000-run chart needs this for every run, best steps and phases only for a few.
 */
function divergenceOf(s: PlotSeries, goal: CurveGoal): CurveDivergence | null {
  const { explosionFactor } = checkCurveOptions({ goal });
  // Loaded series come in ascending step order; sorting (and copying) is only for the odd one that does not.
  const series = stepsAscending(s.steps) ? { steps: s.steps, values: s.y } : sortSeries({ steps: s.steps, values: s.y }, 'series', []);
  return scanDivergence(series, goal, explosionFactor).divergence;
}

function stepsAscending(steps: Float64Array): boolean {
  for (let i = 0; i < steps.length; i++) {
    if (!Number.isFinite(steps[i]!) || (i > 0 && !(steps[i]! > steps[i - 1]!))) return false;
  }
  return true;
}

/** The x of each step of a series, built on first use (most charts never ask). */
function xOfStepLookup(s: PlotSeries, xIsStep: boolean): (step: number) => number | undefined {
  if (xIsStep) return (step) => step;
  let byStep: Map<number, number> | undefined;
  return (step) => {
    if (byStep === undefined) {
      byStep = new Map();
      for (let i = 0; i < s.steps.length; i++) byStep.set(s.steps[i]!, s.x[i]!);
    }
    return byStep.get(step);
  };
}

function runLine(s: PlotSeries, run: Run | undefined, style: SeriesStyle, ctx: LineContext): CurveLine {
  const frame = drawableFrame(s, ctx.options, ctx.drops);
  const smoothed = smoothFrame(frame, ctx.steps);
  const line = lineColumns(smoothed);
  const xOfStep = xOfStepLookup(s, ctx.options.x === 'step');
  let cached: CurveAnalysis | undefined;
  const analysis = () => (cached ??= analyzeCurve({ steps: s.steps, values: s.y }, { goal: ctx.goal }));
  const out: CurveLine = {
    id: s.runId,
    label: run?.name ?? s.runId,
    style,
    ...line,
    raw: ctx.steps.length > 0 && ctx.options.showRaw ? lineColumns(frame) : undefined,
    analysis,
    xOfStep,
    legendSuffix: '',
  };
  const div = divergenceOf(s, ctx.goal);
  if (div !== null) {
    const at = xOfStep(div.step);
    const where = at === undefined ? undefined : lastFiniteAtOrBefore(line, at);
    const what = div.kind === 'nan' ? 'NaN' : Number.isFinite(div.value) ? 'exploded' : String(div.value);
    out.legendSuffix = ' (diverged)';
    out.rangeUntil = at;
    if (where !== undefined) out.divergence = { ...where, note: `diverged at step ${div.step} (${what})` };
    ctx.diverged.push(ctx.divergedPrefix + out.label);
  }
  return out;
}

function groupLine(group: { key: string; label: string }, members: PlotSeries[], style: SeriesStyle, ctx: LineContext): CurveLine {
  const frames = members.map((s) => drawableFrame(s, ctx.options, ctx.drops));
  const aligned = alignFrames(frames.map((f) => smoothFrame(f, ctx.steps)), { points: ctx.options.points });
  const stats = meanBand(aligned.ys, aligned.x.length, ctx.options.band);
  const x = Array.from(aligned.x);
  let raw: CurveLine['raw'];
  if (ctx.steps.length > 0 && ctx.options.showRaw) {
    const rawAligned = alignFrames(frames, { points: ctx.options.points });
    raw = { x: Array.from(rawAligned.x), y: meanBand(rawAligned.ys, rawAligned.x.length, 'none').mean };
  }
  // the group's mean explodes from its first member's divergence on
  let divergedRuns = 0;
  let rangeUntil: number | undefined;
  for (const s of members) {
    const div = divergenceOf(s, ctx.goal);
    if (div === null) continue;
    divergedRuns++;
    const at = xOfStepLookup(s, ctx.options.x === 'step')(div.step);
    if (at !== undefined) rangeUntil = Math.min(rangeUntil ?? Infinity, at);
  }
  let cached: CurveAnalysis | undefined;
  const analysis = () => {
    if (cached) return cached;
    const keep = stats.mean.flatMap((m, j) => (m === null ? [] : [j]));
    cached = analyzeCurve({ steps: keep.map((j) => x[j]!), values: keep.map((j) => stats.mean[j]!) }, { goal: ctx.goal });
    return cached;
  };
  const runs = new Set(members.map((s) => s.runId)).size;
  if (divergedRuns > 0) ctx.diverged.push(`${ctx.divergedPrefix}${divergedRuns} of ${group.label}`);
  return {
    id: clip(`group:${group.key}`, 200),
    label: group.label,
    style,
    x,
    y: stats.mean,
    raw,
    band: ctx.options.band === 'none' ? undefined : { lo: stats.lo, hi: stats.hi },
    analysis,
    xOfStep: (step) => step,
    legendSuffix: ` (n=${runs}${divergedRuns > 0 ? `, ${divergedRuns} diverged` : ''})`,
    rangeUntil,
  };
}

/**
 * The y range of a panel where a line diverged, so the other lines keep their shape (TensorBoard squashes them flat
 * against an axis reaching 1e+96): every value of the lines that did not diverge, and of a diverged line only its
 * values before the divergence that are no worse than where it started (its climb towards the explosion is left
 * out), widened to round numbers. Lines are still drawn whole, clipped at the panel's edge. Undefined when no line
 * diverged or nothing would be left.
 */
function yRangeWithoutDivergence(lines: readonly CurveLine[], logY: boolean, goal: CurveGoal): [number, number] | undefined {
  if (!lines.some((l) => l.rangeUntil !== undefined)) return undefined;
  let lo = Infinity;
  let hi = -Infinity;
  // when every line diverged there are no others to keep in shape: show each climb up to its divergence
  const allDiverged = lines.every((l) => l.rangeUntil !== undefined);
  const take = (x: readonly number[], ys: readonly (number | null)[], line: CurveLine) => {
    const until = line.rangeUntil;
    const start = until === undefined || allDiverged ? undefined : line.y.find((v) => v !== null);
    for (let i = 0; i < ys.length; i++) {
      const y = ys[i];
      if (y === null || y === undefined || (logY && y <= 0)) continue;
      if (until !== undefined && (x[i]! >= until || (start != null && (goal === 'minimize' ? y > start : y < start)))) continue;
      if (y < lo) lo = y;
      if (y > hi) hi = y;
    }
  };
  for (const l of lines) {
    take(l.x, l.y, l);
    if (l.band && l.rangeUntil === undefined) {
      take(l.x, l.band.lo, l);
      take(l.x, l.band.hi, l);
    }
  }
  if (!(lo <= hi)) return undefined;
  if (logY) return [10 ** Math.floor(Math.log10(lo)), 10 ** Math.ceil(Math.log10(hi))];
  const pad = 0.05 * (hi - lo || Math.abs(hi) || 1);
  const ticks = niceTicks(lo - pad, hi + pad);
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : Math.abs(hi - lo) || 1;
  return [Math.floor((lo - pad) / step) * step, Math.ceil((hi + pad) / step) * step].map((v) => parseFloat(v.toPrecision(12)) || 0) as [number, number];
}

/** What building the lines of one panel shares. */
interface LineContext {
  options: CurvesOptions;
  steps: readonly ResolvedStep[];
  goal: CurveGoal;
  drops: DropCounts;
  /** Labels of diverged runs (or "k of group"), for one warning. */
  diverged: string[];
  /** Prefix of those labels: the metric, when the figure has several. */
  divergedPrefix: string;
}

const PHASE_NAMES: Record<string, string> = { initialisation: 'initialisation', 'rapid-learning': 'rapid learning', convergence: 'convergence' };

function phaseMarks(line: CurveLine, theme: Theme): Mark[] {
  const phases = line.analysis().phases;
  const spans = phases.flatMap((p) => {
    const from = line.xOfStep(p.from);
    const to = line.xOfStep(p.to);
    return from === undefined || to === undefined ? [] : [{ from, to, name: PHASE_NAMES[p.name] ?? p.name }];
  });
  if (spans.length === 0) return [];
  return [
    {
      type: 'rect',
      label: 'training phases',
      x1: spans.map((s) => s.from),
      x2: spans.map((s) => s.to),
      y1: spans.map(() => null),
      y2: spans.map(() => null),
      colors: spans.map((_, k) => rampColor(theme.sequential, 0.15 + 0.3 * k)),
      opacity: 0.35,
      text: spans.map((s) => s.name),
    },
  ];
}

function bestMarks(lines: CurveLine[], logY: boolean, theme: Theme): Mark[] {
  const marks: Mark[] = [];
  for (const line of lines) {
    const best = line.analysis().best;
    if (best === null || (logY && best.value <= 0)) continue;
    const x = line.xOfStep(best.step);
    if (x === undefined) continue;
    marks.push(
      { type: 'point', label: `${line.label} best`, series: line.id, color: line.style.color, x: [x], y: [best.value], symbol: 'diamond', size: theme.pointRadius + 1 },
      {
        type: 'text',
        label: `${line.label} best`,
        series: line.id,
        color: line.style.color,
        x: [x],
        y: [best.value],
        text: [formatPlotNumber(best.value)],
        align: 'start',
        baseline: 'bottom',
        dx: 4,
        dy: -4,
      },
    );
  }
  return marks;
}

function panelMarks(lines: CurveLine[], options: CurvesOptions, theme: Theme): Mark[] {
  const n = lines.length;
  const dense = n > DENSE_LINES;
  // Past DENSE_LINES a bundle of full-strength lines is a solid blot; thinner, fainter lines show where runs cluster.
  const opacity = dense ? Math.max(0.15, Math.sqrt(DENSE_LINES / n)) : 1;
  const strokeWidth = dense ? theme.lineWidth * 0.6 : theme.lineWidth;
  const showPhases = options.phases ?? n === 1;
  const showBest = options.best ?? n <= DEFAULT_BEST_MAX_LINES;
  const marks: Mark[] = [];
  if (showPhases && n > 0) marks.push(...phaseMarks(lines[0]!, theme));
  for (const l of lines) {
    if (l.band) marks.push({ type: 'area', label: `${clip(l.label, 480)} ${BAND_NAMES[options.band]}`, series: l.id, color: l.style.color, x: l.x, y1: l.band.lo, y2: l.band.hi });
  }
  for (const l of lines) {
    if (l.raw) marks.push({ type: 'line', label: `${clip(l.label, 490)} raw`, series: l.id, color: l.style.color, opacity: opacity * RAW_OPACITY, strokeWidth: strokeWidth * 0.75, ...l.raw, ...(l.style.dash.length ? { dash: l.style.dash } : {}) });
  }
  for (const l of lines) {
    marks.push({ type: 'line', label: clip(l.label, 500), series: l.id, color: l.style.color, opacity, strokeWidth, x: l.x, y: l.y, ...(l.style.dash.length ? { dash: l.style.dash } : {}) });
  }
  const div = lines.filter((l) => l.divergence !== undefined);
  if (div.length > 0) {
    marks.push({
      type: 'point',
      label: 'diverged',
      color: theme.status.failed,
      symbol: 'cross',
      size: theme.pointRadius + 2,
      x: div.map((l) => l.divergence!.x),
      y: div.map((l) => l.divergence!.y),
      text: div.map((l) => `${l.label}: ${l.divergence!.note}`),
    });
  }
  if (showBest) marks.push(...bestMarks(lines, options.logY, theme));
  return marks;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function dropWarnings(drops: DropCounts, options: CurvesOptions): string[] {
  const out: string[] = [];
  if (drops.nonPositiveY > 0) out.push(`log y axis: ${plural(drops.nonPositiveY, 'non-positive value')} dropped (of ${drops.total} points)`);
  if (drops.nonPositiveX > 0) out.push(`log x axis: ${plural(drops.nonPositiveX, 'point')} with x ≤ 0 dropped (of ${drops.total})`);
  if (drops.noX > 0) out.push(`${plural(drops.noX, 'point')} without a finite ${options.x} left out`);
  return out;
}

function seriesByKey(data: PlotData, keys: readonly string[]): Map<string, PlotSeries[]> {
  const wanted = new Set(keys);
  const out = new Map<string, PlotSeries[]>(keys.map((k) => [k, []]));
  for (const s of data.series) if (wanted.has(s.key)) out.get(s.key)!.push(s);
  return out;
}

/**
 * Training curves, one panel per metric. Without `groupBy`, one line per run in the run's colour (consistent across
 * panels); with it, one mean line per group over the runs aligned on a common x (`alignFrames`), with the chosen
 * band. Smoothing runs through the registry's processors (`smooth: 'ema:0.6'`); runs are smoothed before they are
 * averaged. NaN/±Infinity break a line; a diverged run (analyzeCurve) is marked with a cross and noted in the
 * legend. Non-positive values on log axes are dropped with a warning that counts them. More than 50 lines get
 * thinner and fainter; the legend lists MAX_LEGEND_ENTRIES and counts the rest. No data gives one empty panel and
 * a warning; unknown options, processors and params throw.
 *
 * @example runlens plot curves --project P -m val/loss --group-by params.lr --smooth ema:0.6 --out fig.svg
 */
export const curvesPlot: PlotPlugin<CurvesOptions> = {
  kind: 'plot',
  name: 'curves',
  apiVersion: PLUGIN_API_VERSION,
  description: 'training curves of runs or groups (mean with band), smoothed, with best steps and phases',
  options: CurvesOptionsSchema,
  marks: ['line', 'area', 'point', 'text', 'rect'],
  needs: (options) => ({ series: { metrics: options.metrics, x: options.x, points: options.points } }),
  compile(data, options, ctx) {
    if (options.logX && options.x === 'time') {
      throw new RunlensError('VALIDATION', 'invalid curves options: logX with x time (wall-clock time has no log scale; use x relative or step)', { field: 'logX' });
    }
    // Resolved before any data is touched, so an unknown processor fails even when there is nothing to draw.
    const steps = options.smooth !== undefined ? resolvePipeline(parsePipeline(options.smooth), ctx.registry) : [];
    const groups = options.groupBy !== undefined ? groupRuns(data.runs, options.groupBy) : undefined;
    const warnings: string[] = [];
    const { keys, unmatched } = matchMetricKeys(options.metrics, data.series.map((s) => s.key));
    const runs = new Map(data.runs.map((r, i) => [r.id, { run: r, index: i }]));
    const bySeries = seriesByKey(data, keys);
    const drops: DropCounts = { noX: 0, nonPositiveX: 0, nonPositiveY: 0, total: 0 };
    const diverged: string[] = [];
    const legend = new Map<string, LegendEntry>();
    let maxLines = 0;
    const panels: Panel[] = keys.map((key) => {
      const list = bySeries.get(key)!;
      // A guessed direction is worth a warning only where it shows: in the best-step marks.
      const guessWarnings: string[] = [];
      const goal = resolveMetricDirection(key, options.direction, guessWarnings);
      const lc: LineContext = { options, steps, goal, drops, diverged, divergedPrefix: keys.length > 1 ? `${key}: ` : '' };
      let lines: CurveLine[];
      if (groups === undefined) {
        // Runs in data order (unknown runs last), so a run keeps its colour in every panel.
        const ordered = [...list].sort((a, b) => (runs.get(a.runId)?.index ?? Infinity) - (runs.get(b.runId)?.index ?? Infinity));
        lines = ordered.map((s) => {
          const r = runs.get(s.runId);
          return runLine(s, r?.run, seriesStyle(ctx.theme, r?.index ?? data.runs.length), lc);
        });
      } else {
        const groupOf = new Map<string, number>();
        groups.forEach((g, gi) => g.runs.forEach((r) => groupOf.set(r.id, gi)));
        lines = groups.flatMap((g, gi) => {
          const members = list.filter((s) => groupOf.get(s.runId) === gi);
          return members.length === 0 ? [] : [groupLine(g, members, seriesStyle(ctx.theme, gi), lc)];
        });
      }
      maxLines = Math.max(maxLines, lines.length);
      if (options.best ?? lines.length <= DEFAULT_BEST_MAX_LINES) warnings.push(...guessWarnings);
      for (const l of lines) {
        // one entry per line across panels: a run that diverged in one metric is marked so in the legend
        const entry: LegendEntry = { label: clip(l.label + l.legendSuffix, 500), color: l.style.color, symbol: 'line', series: l.id, ...(l.style.dash.length ? { dash: l.style.dash } : {}) };
        const seen = legend.get(l.id);
        if (seen === undefined || (l.legendSuffix.includes('diverged') && !seen.label.includes('diverged'))) legend.set(l.id, entry);
      }
      const yRange = yRangeWithoutDivergence(lines, options.logY, goal);
      return {
        // a single panel's title would repeat the figure's
        ...(keys.length > 1 ? { title: clip(key, 500) } : {}),
        x: xAxis(options.x, options.logX),
        y: { scale: options.logY ? 'log' : 'linear', label: clip(key, 500), ...(yRange ? { domain: yRange } : {}) },
        marks: panelMarks(lines, options, ctx.theme),
      };
    });

    warnings.push(...dropWarnings(drops, options));
    if (diverged.length > 0) {
      const shown = diverged.slice(0, 5).join(', ') + (diverged.length > 5 ? `, … (${diverged.length} in all)` : '');
      warnings.push(`diverged (NaN, ±Infinity or exploding values; marked ✕): ${shown}`);
    }
    if (maxLines > MAX_LEGEND_ENTRIES) {
      warnings.push(`${maxLines} ${groups ? 'groups' : 'runs'} in one chart: the legend lists ${MAX_LEGEND_ENTRIES} and counts the rest${groups ? '' : '; group by a param (groupBy) or filter the runs'}`);
    }
    if (keys.length > 0 && unmatched.length > 0) warnings.push(`no data: no run has metric ${unmatched.join(', ')}`);
    if (panels.length === 0) {
      warnings.push(`no data: no run has metric ${options.metrics.join(', ')}`);
      panels.push({ title: clip(options.metrics.join(', '), 500), x: xAxis(options.x, options.logX), y: { scale: options.logY ? 'log' : 'linear' }, marks: [] });
    }
    const subtitle = [
      groups ? `mean per ${options.groupBy}${options.band === 'none' ? '' : `, band ${BAND_NAMES[options.band]}`}` : undefined,
      options.smooth !== undefined && steps.length > 0 ? `smoothed: ${options.smooth}` : undefined,
    ].filter((s): s is string => s !== undefined);
    return createPlotSpec(ctx, {
      plot: 'curves',
      panels,
      columns: options.columns ?? Math.min(4, Math.ceil(Math.sqrt(panels.length))),
      legend: buildLegend([...legend.values()], options.groupBy !== undefined ? { title: options.groupBy } : {}),
      defaultTitle: keys.length === 1 ? keys[0]! : 'Training curves',
      ...(subtitle.length > 0 ? { subtitle: clip(subtitle.join('; '), 1000) } : {}),
      warnings,
    });
  },
};
