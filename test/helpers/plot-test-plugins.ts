/**
 * Small plugins for exporter and plot-service tests, so they need neither the real plot types nor the real
 * renderers: a plot type drawing one line per series with the run's name, and renderers emitting a fixed, valid
 * SVG (and an offline HTML page) that shows every legend label as text.
 */
import { z } from 'zod';
import {
  PLUGIN_API_VERSION,
  PluginRegistry,
  buildLegend,
  createPlotSpec,
  seriesStyle,
  type ExporterPlugin,
  type PlotPlugin,
  type PlotSpec,
  type RendererPlugin,
} from '@runlens/core';

export const TestLinesOptions = z.strictObject({
  metrics: z.array(z.string()).default(['loss']),
  x: z.string().default('step'),
  points: z.number().int().min(2).default(500),
  smooth: z.string().optional(),
});
export type TestLinesOptions = z.infer<typeof TestLinesOptions>;

export const testLinesPlot: PlotPlugin<TestLinesOptions> = {
  kind: 'plot',
  name: 'test-lines',
  apiVersion: PLUGIN_API_VERSION,
  description: 'one line per series (tests)',
  options: TestLinesOptions,
  marks: ['line', 'text'],
  needs: (o) => ({ series: { metrics: o.metrics, x: o.x, points: o.points } }),
  compile(data, _o, ctx) {
    const names = new Map(data.runs.map((r) => [r.id, r.name]));
    const marks = data.series.map((s, i) => ({
      type: 'line' as const,
      label: `${names.get(s.runId) ?? s.runId} ${s.key}`,
      series: s.runId,
      color: seriesStyle(ctx.theme, i).color,
      x: Array.from(s.x, (v) => (Number.isFinite(v) ? v : null)),
      y: Array.from(s.y, (v) => (Number.isFinite(v) ? v : null)),
    }));
    const legend = buildLegend(marks.map((m) => ({ label: m.label, color: m.color, symbol: 'line' as const, series: m.series })));
    return createPlotSpec(ctx, {
      plot: 'test-lines',
      panels: [{ x: { scale: 'linear', label: 'step' }, y: { scale: 'linear', label: 'value' }, marks }],
      legend,
      defaultTitle: 'test lines',
      warnings: data.series.length === 0 ? ['no data'] : [],
    });
  },
};

/** A plot type with a required option, using a mark the test renderer cannot draw. */
export const testBoxesPlot: PlotPlugin<{ metric: string }> = {
  kind: 'plot',
  name: 'test-boxes',
  apiVersion: PLUGIN_API_VERSION,
  description: 'boxes (tests)',
  options: z.strictObject({ metric: z.string() }),
  marks: ['box'],
  needs: () => ({}),
  compile: (_d, _o, ctx) => createPlotSpec(ctx, { plot: 'test-boxes', panels: [{ x: { scale: 'linear' }, y: { scale: 'linear' }, marks: [] }] }),
};

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A fixed SVG: background, the first line mark as a polyline, every legend label and the title as text. */
export function fixedSvg(spec: PlotSpec): string {
  const line = spec.panels[0]?.marks.find((m) => m.type === 'line');
  let points = '';
  if (line && line.type === 'line') {
    const xs = line.x.filter((v): v is number => v !== null);
    const ys = line.y.filter((v): v is number => v !== null);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    points = line.x
      .map((x, i) => [x, line.y[i]] as const)
      .filter((p): p is readonly [number, number] => p[0] !== null && p[1] !== null)
      .map(([x, y]) => `${(40 + ((x - x0) / (x1 - x0 || 1)) * (spec.width - 80)).toFixed(1)},${(spec.height - 40 - ((y - y0) / (y1 - y0 || 1)) * (spec.height - 80)).toFixed(1)}`)
      .join(' ');
  }
  const font = escapeXml(spec.theme.fontFamily);
  const labels = spec.legend.entries
    .map((e, i) => `<text x="${spec.width - 200}" y="${30 + i * 16}" font-family="${font}" font-size="12" fill="${spec.theme.foreground}">${escapeXml(e.label)}</text>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${spec.width}" height="${spec.height}" viewBox="0 0 ${spec.width} ${spec.height}">`
    + `<rect width="${spec.width}" height="${spec.height}" fill="${spec.theme.background}"/>`
    + (spec.title ? `<text x="20" y="20" font-family="${font}" font-size="14" font-weight="bold">${escapeXml(spec.title)}</text>` : '')
    + (points ? `<polyline fill="none" stroke="#ff0000" stroke-width="4" points="${points}"/>` : '')
    + `<text x="20" y="${spec.height - 10}" font-family="${font}" font-size="12">−0.5</text>`
    + labels
    + '</svg>';
}

export const fixedSvgRenderer: RendererPlugin = {
  kind: 'renderer',
  name: 'fixed-svg',
  apiVersion: PLUGIN_API_VERSION,
  description: 'fixed SVG (tests)',
  marks: ['line', 'text', 'area'],
  compile: (spec) => spec,
  renderSvg: async (spec) => fixedSvg(spec),
  renderHtml: async (spec) => `<!doctype html><html><head><meta charset="utf-8"><title>${escapeXml(spec.title ?? '')}</title></head><body>${fixedSvg(spec)}</body></html>`,
};

/** A renderer with neither renderSvg nor renderHtml (like a browser-only one). */
export const browserOnlyRenderer: RendererPlugin = {
  kind: 'renderer',
  name: 'browser-only',
  apiVersion: PLUGIN_API_VERSION,
  description: 'no server-side drawing (tests)',
  marks: ['line', 'text'],
  compile: (spec) => spec,
};

/** A registry with the test plugins and the given exporters. */
export function testRegistry(exporters: readonly ExporterPlugin<unknown>[]): PluginRegistry {
  const registry = new PluginRegistry();
  registry.register(testLinesPlot as PlotPlugin<unknown>);
  registry.register(testBoxesPlot as PlotPlugin<unknown>);
  registry.register(fixedSvgRenderer);
  registry.register(browserOnlyRenderer);
  for (const e of exporters) registry.register(e);
  return registry;
}
