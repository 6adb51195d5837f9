/**
 * final-values: an example runlens plot plugin. One horizontal bar per run showing the last logged value of a
 * metric (one panel per metric), with the value printed at the end of each bar.
 *
 * A plot plugin is a plain object: {kind: 'plot', name, apiVersion, description, options, marks, needs, compile}.
 * `compile` turns the runs runlens loaded into a PlotSpec — panels of marks (bar, text, …) with inline data — and
 * never touches a renderer, so every renderer and exporter (SVG, PNG, PDF, HTML, CSV) draws it unchanged.
 *
 * The default export is a function that receives `{ core, z, apiVersion }` from runlens: `core` is @runlens/core
 * (PlotSpec helpers) and `z` is zod, so this file needs no imports and works wherever it lives. Load it from a
 * config file:
 *
 *   # runlens.config.yaml
 *   plugins:
 *     - ./final-values.mjs
 *
 * then `runlens plugins` lists it and `runlens plot final-values --metrics val_loss --out fig.svg` draws it.
 */
export default function finalValuesPlugin({ core, z, apiVersion }) {
  const { createPlotSpec, seriesStyle, categoricalAxis } = core;

  const options = z.strictObject({
    /** Metric keys, one panel each. */
    metrics: z.array(z.string().min(1)).min(1),
    /** Bar order: as the runs came, or by value. */
    order: z.enum(['run', 'ascending', 'descending']).default('run'),
    /** Most bars per panel; the rest are counted in a warning. */
    maxBars: z.number().int().min(1).max(500).default(40),
  });

  /** The run's last value of `key`, from the summary runlens keeps for every series. */
  function lastValue(run, key) {
    const series = Object.hasOwn(run.metrics, key) ? run.metrics[key] : undefined;
    if (series && series.count > 0) return series.last;
    return Object.hasOwn(run.summary, key) ? run.summary[key] : undefined;
  }

  function formatValue(v) {
    return Math.abs(v) >= 1e5 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(2) : String(Number(v.toPrecision(4)));
  }

  function panelFor(runs, key, o, ctx, warnings) {
    const bars = [];
    let missing = 0;
    let nonFinite = 0;
    runs.forEach((run, index) => {
      const value = lastValue(run, key);
      if (value === undefined) missing++;
      else if (!Number.isFinite(value)) nonFinite++;
      // the colour follows the run's position among all runs, so a run keeps its colour across panels
      else bars.push({ label: run.name || run.id, value, color: seriesStyle(ctx.theme, index).color, series: run.id });
    });
    if (missing) warnings.push(`${key}: ${missing} run${missing === 1 ? ' has' : 's have'} no value`);
    if (nonFinite) warnings.push(`${key}: ${nonFinite} run${nonFinite === 1 ? "'s" : "s'"} last value is NaN or infinite, not drawn`);
    if (o.order !== 'run') bars.sort((a, b) => (o.order === 'ascending' ? a.value - b.value : b.value - a.value));
    if (bars.length > o.maxBars) {
      warnings.push(`${key}: showing ${o.maxBars} of ${bars.length} runs (raise maxBars to see more)`);
      bars.length = o.maxBars;
    }
    const y = categoricalAxis(bars.map((b) => b.label));
    const marks = bars.length
      ? [
          {
            type: 'bar',
            orient: 'horizontal',
            x: bars.map((b) => b.value),
            y: bars.map((_, i) => i),
            width: 0.7,
            colors: bars.map((b) => b.color),
            label: key,
          },
          {
            type: 'text',
            x: bars.map((b) => b.value),
            y: bars.map((_, i) => i),
            text: bars.map((b) => formatValue(b.value)),
            align: 'start',
            baseline: 'middle',
            dx: 4,
          },
        ]
      : [];
    if (!bars.length) warnings.push(`${key}: no run has a value to draw`);
    return { title: key, x: { scale: 'linear', label: `last ${key}` }, y: { ...y, reverse: true }, marks };
  }

  return {
    kind: 'plot',
    name: 'final-values',
    apiVersion,
    description: "Example plugin: a bar of each run's last value of a metric",
    options,
    marks: ['bar', 'text'],
    // run summaries carry every series' last value: no points need loading
    needs: () => ({}),
    compile(data, o, ctx) {
      const warnings = [];
      const panels = o.metrics.map((key) => panelFor(data.runs, key, o, ctx, warnings));
      return createPlotSpec(ctx, { plot: 'final-values', panels, columns: Math.min(panels.length, 2), defaultTitle: 'Final values', warnings });
    },
  };
}
