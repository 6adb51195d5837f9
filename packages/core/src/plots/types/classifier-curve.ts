/**
 * What `roc` and `pr` share: a classifier curve logged by a run as two metric series indexed by threshold step
 * (`<prefix>/fpr` and `<prefix>/tpr`, or `<prefix>/recall` and `<prefix>/precision`), paired by step and drawn as
 * one line per run and prefix with its score (AUC, average precision) in the legend. See docs/plots.md, "roc".
 */
import { z } from 'zod';
import { PLUGIN_API_VERSION } from '../../plugins/registry.js';
import type { PlotPlugin, PlotSeries } from '../plot-plugin.js';
import type { LegendEntry, Mark } from '../plot-spec.js';
import { buildLegend } from '../shared/build-legend.js';
import { createPlotSpec } from '../shared/create-plot-spec.js';
import { excludeFailedRuns } from '../shared/exclude-failed-runs.js';
import { formatPlotFixed } from '../shared/format-plot-number.js';
import { pairSeriesByStep } from '../shared/pair-series-by-step.js';
import { plotOptionsSchema } from '../shared/plot-options-schema.js';
import { seriesStyle } from '../shared/series-style.js';
import type { Theme } from '../../themes/theme.js';

/** Points per curve series the loader is asked for: enough that a curve logged at every threshold is not thinned. */
export const MAX_CURVE_POINTS = 100_000;

/** What makes a classifier-curve plot type. */
export interface ClassifierCurveConfig {
  name: string;
  description: string;
  title: string;
  defaultPrefix: string;
  /** Suffixes of the two series: x (`fpr`, `recall`) and y (`tpr`, `precision`). */
  x: { suffix: string; label: string };
  y: { suffix: string; label: string };
  /** The one-number summary shown in the legend (`AUC`, `AP`) and how it is computed from the points. */
  score: { label: string; compute: (x: number[], y: number[]) => number };
  /** The points in drawing order (sorted, ends added). */
  draw: (x: number[], y: number[]) => { x: number[]; y: number[] };
  /** Reference marks under the curves (the chance diagonal) and their legend entries. */
  reference?: (theme: Theme) => { marks: Mark[]; legend: LegendEntry[] };
}

/** `suffixes` (the x and y series, e.g. `fpr` and `tpr`) only go into the option's help text. */
export function classifierCurveOptions(name: string, defaultPrefix: string, suffixes?: { x: string; y: string }) {
  const reads = suffixes ? `; reads <prefix>/${suffixes.x} and <prefix>/${suffixes.y}` : '';
  return plotOptionsSchema(name, {
    /** Series prefix, or several (one curve per run and prefix: per class, per split). Default the plot's name. */
    prefix: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1).max(50)])
      .default(defaultPrefix)
      .meta({ description: `Series prefix or a list (one curve per run and prefix, e.g. per class)${reads}` }),
    /** Keep failed and crashed runs (default false). */
    includeFailed: z.boolean().default(false).meta({ description: 'Keep failed and crashed runs (left out by default)' }),
  });
}
export type ClassifierCurveOptions = z.infer<ReturnType<typeof classifierCurveOptions>>;

function prefixes(options: ClassifierCurveOptions): string[] {
  return typeof options.prefix === 'string' ? [options.prefix] : options.prefix;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Builds the plugin of one classifier-curve plot type. */
export function classifierCurvePlot(config: ClassifierCurveConfig): PlotPlugin<ClassifierCurveOptions> {
  return {
    kind: 'plot',
    name: config.name,
    apiVersion: PLUGIN_API_VERSION,
    description: config.description,
    options: classifierCurveOptions(config.name, config.defaultPrefix, { x: config.x.suffix, y: config.y.suffix }),
    marks: ['line', 'rule'],
    needs: (options) => ({
      series: { metrics: prefixes(options).flatMap((p) => [`${p}/${config.x.suffix}`, `${p}/${config.y.suffix}`]), x: 'step', points: MAX_CURVE_POINTS },
    }),
    compile(data, options, ctx) {
      const warnings: string[] = [];
      const runs = excludeFailedRuns(data.runs, options.includeFailed, warnings);
      const byKey = new Map<string, PlotSeries>(data.series.map((s) => [`${s.runId}\u0000${s.key}`, s]));
      const reference = config.reference?.(ctx.theme) ?? { marks: [], legend: [] };
      const marks: Mark[] = [...reference.marks];
      const legend: LegendEntry[] = [...reference.legend];
      const several = prefixes(options).length > 1;
      const counts = { none: 0, half: 0, unmatched: 0, nonFinite: 0, outside: 0 };
      for (const prefix of prefixes(options)) {
        const xKey = `${prefix}/${config.x.suffix}`;
        const yKey = `${prefix}/${config.y.suffix}`;
        for (const run of runs) {
          const xs = byKey.get(`${run.id}\u0000${xKey}`);
          const ys = byKey.get(`${run.id}\u0000${yKey}`);
          if (xs === undefined || ys === undefined) {
            counts[xs === undefined && ys === undefined ? 'none' : 'half']++;
            continue;
          }
          const paired = pairSeriesByStep(xs, ys);
          counts.unmatched += paired.unmatched;
          counts.nonFinite += paired.nonFinite;
          const inside = paired.x.flatMap((x, i) => (x >= 0 && x <= 1 && paired.y[i]! >= 0 && paired.y[i]! <= 1 ? [i] : []));
          counts.outside += paired.x.length - inside.length;
          if (inside.length === 0) continue;
          const x = inside.map((i) => paired.x[i]!);
          const y = inside.map((i) => paired.y[i]!);
          const score = config.score.compute(x, y);
          const curve = config.draw(x, y);
          const style = seriesStyle(ctx.theme, marks.length - reference.marks.length);
          const label = `${run.name}${several ? ` \u00b7 ${prefix}` : ''} (${config.score.label} = ${formatPlotFixed(score, 3)})`;
          const series = `${run.id}/${prefix}`;
          const dash = style.dash.length > 0 ? { dash: style.dash } : {};
          marks.push({ type: 'line', label, series, color: style.color, ...dash, x: curve.x, y: curve.y });
          legend.push({ label, color: style.color, symbol: 'line', series, ...dash });
        }
      }
      const where = `${config.x.suffix}/${config.y.suffix}`;
      if (counts.half > 0) warnings.push(`${plural(counts.half, 'curve')} with only one of ${where} logged left out: log both at the same steps`);
      if (counts.unmatched > 0) warnings.push(`${plural(counts.unmatched, 'point')} logged in only one of ${where} (steps differ) left out`);
      if (counts.nonFinite > 0) warnings.push(`${plural(counts.nonFinite, 'point')} with a NaN or infinite value left out`);
      if (counts.outside > 0) warnings.push(`${plural(counts.outside, 'point')} outside [0, 1] left out: rates and precision lie in [0, 1]`);
      const drawn = marks.length - reference.marks.length;
      if (runs.length === 0) warnings.push('no data: no runs to draw');
      else if (drawn === 0) {
        const keys = prefixes(options).map((p) => `${p}/${config.x.suffix} and ${p}/${config.y.suffix}`).join('; ');
        warnings.push(`no run logged ${keys}: log them as two series indexed by threshold step (see docs/plots.md)`);
      }
      return createPlotSpec(ctx, {
        plot: config.name,
        panels: [
          {
            x: { scale: 'linear', domain: [0, 1], label: config.x.label },
            y: { scale: 'linear', domain: [0, 1], label: config.y.label },
            marks,
          },
        ],
        legend: buildLegend(legend),
        defaultTitle: config.title,
        warnings,
      });
    },
  };
}
