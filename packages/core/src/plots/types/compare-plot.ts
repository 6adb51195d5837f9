/**
 * `compare`: one value per run (a metric's last, best or summary value), summarised per group — bars with
 * confidence intervals, box plots, violins or strips of the runs themselves — with significance brackets from the
 * analytics engine (pairwise tests, Holm-corrected).
 */
import { z } from 'zod';
import { describeSample } from '../../analytics/descriptive/describe.js';
import { compareGroups } from '../../analytics/hypothesis/compare-groups.js';
import type { Run } from '../../domain/types.js';
import { RunlensError } from '../../errors.js';
import { PLUGIN_API_VERSION } from '../../plugins/registry.js';
import { createSeededRandom } from '../../random/seeded-random.js';
import type { Theme } from '../../themes/theme.js';
import type { PlotPlugin } from '../plot-plugin.js';
import type { Mark, Panel } from '../plot-spec.js';
import { categoricalAxis } from '../shared/categorical-axis.js';
import { createPlotSpec } from '../shared/create-plot-spec.js';
import { excludeFailedRuns } from '../shared/exclude-failed-runs.js';
import { gaussianKde } from '../shared/gaussian-kde.js';
import { groupRuns } from '../shared/group-runs.js';
import { matchMetricKeys } from '../shared/metric-pattern.js';
import { plotOptionsSchema } from '../shared/plot-options-schema.js';
import { METRIC_REDUCERS, runMetricKeys, runMetricValue } from '../shared/run-metric-value.js';
import { seriesStyle } from '../shared/series-style.js';
import { significanceBrackets } from '../shared/significance-brackets.js';

/** Brackets drawn at most; with more groups the most significant pairs win (6 groups have 15 pairs). */
export const MAX_SIGNIFICANCE_BRACKETS = 15;
/** Above this many groups no pairs are tested: 30 groups are already 435 pairs, and no reader follows more brackets. */
export const MAX_SIGNIFICANCE_GROUPS = 30;
/** Width of a bar, box or violin in category units (1 = the distance between groups). */
const BODY_WIDTH = 0.6;
/** Strip points spread this far either side of their group's centre. */
const JITTER = 0.18;

export const CompareOptionsSchema = plotOptionsSchema('compare', {
  /** Metric keys or /regex/ patterns: one panel per metric. */
  metrics: z.array(z.string().min(1)).min(1).meta({ description: 'Metric keys or /regex/ patterns to compare, one panel per metric' }),
  /** `group` (seeds of one configuration), `project`, `params.<key>`, or `run`. Default `group`. */
  groupBy: z.string().min(1).default('group').meta({ description: 'Groups to compare: group (seeds of one configuration) | project | params.<key> | run' }),
  /** Each run's value: its series' `last`, `min` or `max`, or its logged `summary` value (else last). */
  reduce: z.enum(METRIC_REDUCERS).default('last').meta({ description: "A run's value of each metric: last | min | max of its series, or summary (its logged summary value, else last)" }),
  /** `bar`: mean with confidence-interval error bars; `box`; `violin` (Gaussian KDE); `strip`: every run's value. */
  kind: z.enum(['bar', 'box', 'violin', 'strip']).default('box').meta({ description: "Chart: bar (mean with confidence-interval error bars) | box | violin (Gaussian KDE) | strip (every run's value)" }),
  /** Also draw each run's value as a jittered point over bars, boxes and violins. */
  points: z.boolean().default(false).meta({ description: "Also draw each run's value as a jittered point over the bars, boxes or violins" }),
  /** Brackets between groups that differ significantly (adjusted p < alpha). */
  significance: z.boolean().default(true).meta({ description: 'Draw brackets between groups that differ significantly (Holm-adjusted p < alpha)' }),
  /** Draw brackets for non-significant pairs too, marked `ns`. */
  showNonSignificant: z.boolean().default(false).meta({ description: 'Also draw brackets for pairs that do not differ significantly, marked ns' }),
  /** Pairwise test: Welch's t-test (means) or Mann–Whitney U (ranks). Holm-corrected either way. */
  test: z.enum(['welch', 'mann-whitney']).default('welch').meta({ description: "Pairwise test: welch (Welch's t-test, means) | mann-whitney (Mann–Whitney U, ranks); Holm-corrected" }),
  alpha: z.number().gt(0).lt(1).default(0.05).meta({ description: 'Significance level of the pairwise tests, between 0 and 1' }),
  /** Level of the bars' confidence intervals. */
  confidence: z.number().gt(0).lt(1).default(0.95).meta({ description: 'Confidence level of the error bars of kind bar, between 0 and 1' }),
  /** Keep failed and crashed runs (their last values are usually not results). */
  includeFailed: z.boolean().default(false).meta({ description: 'Keep failed and crashed runs (left out by default: their last values are usually not final results)' }),
  logY: z.boolean().default(false).meta({ description: 'Log-scale y axis (values ≤ 0 are left out with a warning)' }),
  /** Seed of the jitter, so a figure redraws identically. */
  seed: z.number().int().default(0).meta({ description: 'Random seed of the point jitter, so the figure redraws identically' }),
});
export type CompareOptions = z.infer<typeof CompareOptionsSchema>;

/** One group's finite values of one metric. */
interface GroupValues {
  label: string;
  color: string;
  /** Ascending. */
  sorted: Float64Array;
  runs: { name: string; value: number }[];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The groups' values of `key`; runs without a value or with a value the axis cannot show are counted in warnings. */
function collectValues(groups: ReturnType<typeof groupRuns>, key: string, options: CompareOptions, theme: Theme, warnings: string[]): GroupValues[] {
  let missing = 0;
  let nonFinite = 0;
  let nonPositive = 0;
  const out: GroupValues[] = [];
  groups.forEach((g, i) => {
    const runs: { name: string; value: number }[] = [];
    for (const run of g.runs) {
      const v = runMetricValue(run, key, options.reduce);
      if (v === undefined) missing++;
      else if (!Number.isFinite(v)) nonFinite++;
      else if (options.logY && v <= 0) nonPositive++;
      else runs.push({ name: run.name, value: v });
    }
    if (runs.length === 0) return;
    const sorted = Float64Array.from(runs, (r) => r.value).sort();
    out.push({ label: g.label, color: seriesStyle(theme, i).color, sorted, runs });
  });
  if (missing > 0) warnings.push(`${key}: ${plural(missing, 'run')} without a value left out`);
  if (nonFinite > 0) warnings.push(`${key}: ${plural(nonFinite, 'run')} with a NaN or infinite value (diverged) left out`);
  if (nonPositive > 0) warnings.push(`${key}: ${plural(nonPositive, 'non-positive value')} dropped for the log y axis`);
  return out;
}

function barMarks(groups: GroupValues[], key: string, confidence: number): { marks: Mark[]; lo: number; hi: number } {
  const stats = groups.map((g) => describeSample(g.sorted, { confidence, percentiles: [] }));
  const rx: number[] = [];
  const ry1: number[] = [];
  const ry2: number[] = [];
  const rx1: number[] = [];
  const rx2: number[] = [];
  let lo = 0;
  let hi = 0;
  stats.forEach((s, i) => {
    lo = Math.min(lo, s.mean);
    hi = Math.max(hi, s.mean);
    // A group of one run has no interval: no error bar rather than a made-up one.
    if (!Number.isFinite(s.ci.low)) return;
    lo = Math.min(lo, s.ci.low);
    hi = Math.max(hi, s.ci.high);
    // Whisker, then its two caps.
    rx1.push(i, i - 0.08, i - 0.08);
    rx2.push(i, i + 0.08, i + 0.08);
    ry1.push(s.ci.low, s.ci.low, s.ci.high);
    ry2.push(s.ci.high, s.ci.low, s.ci.high);
    rx.push(i);
  });
  const marks: Mark[] = [
    { type: 'bar', label: key, x: groups.map((_, i) => i), y: stats.map((s) => s.mean), width: BODY_WIDTH, colors: groups.map((g) => g.color), opacity: 0.85 },
  ];
  if (rx.length > 0) marks.push({ type: 'rule', label: `${Math.round(confidence * 100)}% CI`, x1: rx1, x2: rx2, y1: ry1, y2: ry2, strokeWidth: 1.5 });
  return { marks, lo, hi };
}

function boxMarks(groups: GroupValues[], key: string): Mark[] {
  const q = groups.map((g) => describeSample(g.sorted, { percentiles: [25, 50, 75] }).percentiles);
  const lo: number[] = [];
  const hi: number[] = [];
  const ox: number[] = [];
  const oy: number[] = [];
  const otext: string[] = [];
  groups.forEach((g, i) => {
    const q1 = q[i]!['25']!;
    const q3 = q[i]!['75']!;
    const iqr = q3 - q1;
    // Tukey's whiskers: the furthest values within 1.5 IQR of the box; the rest are drawn as outliers.
    const inside = g.sorted.filter((v) => v >= q1 - 1.5 * iqr && v <= q3 + 1.5 * iqr);
    lo.push(inside[0] ?? q1);
    hi.push(inside[inside.length - 1] ?? q3);
    for (const r of g.runs) {
      if (r.value < q1 - 1.5 * iqr || r.value > q3 + 1.5 * iqr) {
        ox.push(i);
        oy.push(r.value);
        otext.push(r.name);
      }
    }
  });
  const marks: Mark[] = [
    {
      type: 'box',
      label: key,
      x: groups.map((_, i) => i),
      width: BODY_WIDTH,
      q1: q.map((p) => p['25']!),
      median: q.map((p) => p['50']!),
      q3: q.map((p) => p['75']!),
      lo,
      hi,
      colors: groups.map((g) => g.color),
    },
  ];
  if (ox.length > 0) marks.push({ type: 'point', label: 'outliers', x: ox, y: oy, text: otext, filled: false, symbol: 'circle' });
  return marks;
}

function violinMarks(groups: GroupValues[], key: string, log: boolean, theme: Theme): { marks: Mark[]; lo: number; hi: number } {
  const toT = (v: number) => (log ? Math.log10(v) : v);
  const fromT = (t: number) => (log ? 10 ** t : t);
  const densities = groups.map((g) => gaussianKde(g.sorted.map(toT), { cut: 2 }));
  // One scale for every violin of the panel: the widest density gets the full width, so areas compare.
  const peak = Math.max(0, ...densities.map((d) => (d ? Math.max(...d.density) : 0)));
  const xs: number[][] = [];
  const ys: number[][] = [];
  const colors: string[] = [];
  const flatX1: number[] = [];
  const flatX2: number[] = [];
  const flatY: number[] = [];
  let lo = Infinity;
  let hi = -Infinity;
  densities.forEach((d, i) => {
    const g = groups[i]!;
    if (d === undefined || peak === 0) {
      // One value, or all equal: no density to draw; a flat line marks where the values are.
      flatX1.push(i - BODY_WIDTH / 2);
      flatX2.push(i + BODY_WIDTH / 2);
      flatY.push(g.sorted[0]!);
      lo = Math.min(lo, g.sorted[0]!);
      hi = Math.max(hi, g.sorted[0]!);
      return;
    }
    const half = d.density.map((v) => (v / peak) * (BODY_WIDTH / 2));
    const y = d.x.map(fromT);
    xs.push([...half.map((w) => i + w), ...half.map((w) => i - w).reverse()]);
    ys.push([...y, ...[...y].reverse()]);
    colors.push(g.color);
    lo = Math.min(lo, y[0]!);
    hi = Math.max(hi, y[y.length - 1]!);
  });
  const marks: Mark[] = [];
  if (xs.length > 0) marks.push({ type: 'polygon', label: key, x: xs, y: ys, colors, opacity: 0.6 });
  if (flatY.length > 0) marks.push({ type: 'rule', label: key, x1: flatX1, x2: flatX2, y1: flatY, y2: flatY, strokeWidth: 2 });
  // The inner box of a violin: the interquartile range as a thick rule and the median as a point.
  const q = groups.map((g) => describeSample(g.sorted, { percentiles: [25, 50, 75] }).percentiles);
  marks.push(
    { type: 'rule', label: 'interquartile range', color: theme.foreground, x1: groups.map((_, i) => i), x2: groups.map((_, i) => i), y1: q.map((p) => p['25']!), y2: q.map((p) => p['75']!), strokeWidth: 4 },
    { type: 'point', label: 'median', color: theme.background, x: groups.map((_, i) => i), y: q.map((p) => p['50']!), size: 2.5 },
  );
  return { marks, lo, hi };
}

/** Every run's value at its group's position plus seeded jitter, one mark per group (its colour, its runs' names). */
function stripMarks(groups: GroupValues[], seed: number, withMeans: boolean): Mark[] {
  const rng = createSeededRandom(seed);
  const marks: Mark[] = groups.map((g, i) => ({
    type: 'point',
    label: g.label,
    series: g.label,
    color: g.color,
    x: g.runs.map(() => i + (rng.next() * 2 - 1) * JITTER),
    y: g.runs.map((r) => r.value),
    text: g.runs.map((r) => r.name),
    opacity: 0.8,
  }));
  if (withMeans) {
    const means = groups.map((g) => describeSample(g.sorted, { percentiles: [] }).mean);
    marks.push({ type: 'rule', label: 'mean', x1: groups.map((_, i) => i - 0.3), x2: groups.map((_, i) => i + 0.3), y1: means, y2: means, strokeWidth: 2 });
  }
  return marks;
}

/** `names` with repeats numbered (`a`, `a (2)`), so they can key a record. */
function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} (${n})`;
  });
}

function comparePanel(groups: GroupValues[], key: string, options: CompareOptions, theme: Theme, warnings: string[]): Panel {
  const marks: Mark[] = [];
  let lo = groups.reduce((m, g) => Math.min(m, g.sorted[0]!), Infinity);
  let hi = groups.reduce((m, g) => Math.max(m, g.sorted[g.sorted.length - 1]!), -Infinity);
  if (options.kind === 'bar') {
    const bars = barMarks(groups, key, options.confidence);
    marks.push(...bars.marks);
    lo = Math.min(lo, bars.lo);
    hi = Math.max(hi, bars.hi);
  } else if (options.kind === 'box') {
    marks.push(...boxMarks(groups, key));
  } else if (options.kind === 'violin') {
    const violins = violinMarks(groups, key, options.logY, theme);
    marks.push(...violins.marks);
    lo = Math.min(lo, violins.lo);
    hi = Math.max(hi, violins.hi);
  }
  if (options.kind === 'strip' || options.points) marks.push(...stripMarks(groups, options.seed, options.kind === 'strip'));

  let top: number | null = null;
  if (options.significance && groups.length > MAX_SIGNIFICANCE_GROUPS) {
    warnings.push(`${key}: ${groups.length} groups: significance is marked for at most ${MAX_SIGNIFICANCE_GROUPS} (group by fewer values, or use runlens analyze compare)`);
  } else if (options.significance && groups.length >= 2) {
    // Labels can repeat (runs of one name, labels cut to length): the test keys must not, or groups would merge.
    const names = uniqueNames(groups.map((g) => g.label));
    const result = compareGroups(Object.fromEntries(groups.map((g, i) => [names[i]!, g.sorted])), {
      // The direction only orders the ranking, which brackets do not use.
      direction: 'lower',
      test: options.test,
      alpha: options.alpha,
    });
    const index = new Map(names.map((name, i) => [name, i]));
    let pairs = result.pairs
      .filter((p) => (p.significant || options.showNonSignificant) && !Number.isNaN(p.adjustedPValue))
      .map((p) => ({ a: index.get(p.a)!, b: index.get(p.b)!, pValue: p.adjustedPValue, significant: p.significant }));
    if (pairs.length > MAX_SIGNIFICANCE_BRACKETS) {
      warnings.push(`${key}: ${pairs.length} pairs to mark; the ${MAX_SIGNIFICANCE_BRACKETS} with the smallest p-values are drawn`);
      pairs = [...pairs].sort((p, q) => p.pValue - q.pValue).slice(0, MAX_SIGNIFICANCE_BRACKETS);
    }
    const untestable = result.pairs.filter((p) => Number.isNaN(p.adjustedPValue)).length;
    if (untestable > 0) warnings.push(`${key}: ${plural(untestable, 'pair')} of groups could not be tested (fewer than 2 runs or no spread)`);
    const brackets = significanceBrackets(pairs, { lo, hi, log: options.logY, alpha: options.alpha, color: theme.foreground, fontSize: theme.fontSize * 0.9 });
    marks.push(...brackets.marks);
    if (pairs.length > 0) top = brackets.top;
  }
  return {
    title: key,
    x: categoricalAxis(
      groups.map((g) => g.label),
      options.groupBy,
    ),
    y: {
      scale: options.logY ? 'log' : 'linear',
      label: `${key} (${options.reduce})`,
      ...(top !== null ? { domain: [null, top] as [number | null, number | null] } : {}),
    },
    marks,
  };
}

function emptyPanel(title: string, logY: boolean): Panel {
  return { title, x: { scale: 'linear' }, y: { scale: logY ? 'log' : 'linear' }, marks: [] };
}

/**
 * Groups compared on one value per run, one panel per metric. Failed and crashed runs are left out unless
 * `includeFailed`; runs without a value, with NaN/±Infinity (diverged), or with non-positive values on a log axis
 * are left out with a warning each. Significance brackets mark pairs whose Holm-adjusted p-value is below `alpha`.
 * No data gives one empty panel and a warning; only bad options throw.
 *
 * @example runlens plot compare --project P -m val/loss --group-by params.optimizer --opt kind=violin
 */
export const comparePlot: PlotPlugin<CompareOptions> = {
  kind: 'plot',
  name: 'compare',
  apiVersion: PLUGIN_API_VERSION,
  description: 'groups of runs compared on a metric: bar with CI, box, violin or strip, with significance marks',
  options: CompareOptionsSchema,
  marks: ['bar', 'box', 'polygon', 'point', 'rule', 'text'],
  // Per-run values come from the run summaries: no points to load.
  needs: () => ({}),
  compile(data, options, ctx) {
    if (options.kind === 'bar' && options.logY) {
      throw new RunlensError('VALIDATION', 'invalid compare options: kind bar with logY (bars start at 0, which a log axis cannot show; use box, violin or strip)', {
        field: 'logY',
      });
    }
    const warnings: string[] = [];
    const runs: Run[] = excludeFailedRuns(data.runs, options.includeFailed, warnings);
    const groups = groupRuns(runs, options.groupBy);
    const { keys, unmatched } = matchMetricKeys(options.metrics, runMetricKeys(runs));
    const panels: Panel[] = [];
    for (const key of keys) {
      const values = collectValues(groups, key, options, ctx.theme, warnings);
      if (values.length === 0) {
        warnings.push(`no data: no run has a usable value of ${key}`);
        panels.push(emptyPanel(key, options.logY));
        continue;
      }
      panels.push(comparePanel(values, key, options, ctx.theme, warnings));
    }
    if (unmatched.length > 0) warnings.push(`no data: no run has metric ${unmatched.join(', ')}`);
    if (panels.length === 0) panels.push(emptyPanel(options.metrics.join(', '), options.logY));
    return createPlotSpec(ctx, {
      plot: 'compare',
      panels,
      columns: Math.min(3, panels.length),
      defaultTitle: `Compared by ${options.groupBy}`,
      subtitle: options.significance
        ? `${options.test === 'welch' ? "Welch's t-test" : 'Mann–Whitney U'}, Holm-corrected, α = ${options.alpha}`
        : undefined,
      warnings,
    });
  },
};
