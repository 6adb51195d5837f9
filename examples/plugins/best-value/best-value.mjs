// best-value.mjs: a plot type in one file. One dot per run at the lowest value it logged of each metric.
export default ({ core, z, apiVersion }) => ({
  kind: 'plot',
  name: 'best-value',
  apiVersion,
  description: 'A dot per run at the lowest value it logged of each metric',
  // runlens validates the user's options with this schema; strict, so a typo is an error
  options: z.strictObject({ metrics: z.array(z.string().min(1)).min(1) }),
  marks: ['point'],
  // every run carries a summary of each of its series (count, first, last, min, max): no points to load
  needs: () => ({}),
  compile(data, o, ctx) {
    const warnings = [];
    const panels = o.metrics.map((key) => {
      const runs = data.runs.filter((r) => Object.hasOwn(r.metrics, key) && Number.isFinite(r.metrics[key].min));
      const missing = data.runs.length - runs.length;
      if (missing > 0) warnings.push(`${key}: ${missing} of ${data.runs.length} runs have no value`);
      const names = runs.map((r) => r.name || r.id);
      const marks = runs.map((r, i) => ({
        type: 'point',
        label: names[i],
        series: r.id,
        color: core.seriesStyle(ctx.theme, i).color,
        x: [r.metrics[key].min],
        y: [i],
        size: 5,
      }));
      return { title: key, x: { scale: 'linear', label: `lowest ${key}` }, y: { ...core.categoricalAxis(names), reverse: true }, marks };
    });
    return core.createPlotSpec(ctx, { plot: 'best-value', panels, defaultTitle: 'Best values', warnings });
  },
});
