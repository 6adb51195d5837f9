/**
 * The plot service behind `runlens plot` and POST /api/v1/plots/render: resolve the plot type, renderer and format
 * (every mistake is refused before data is read, with the valid choices listed), load the data the plot type
 * needs, compile the PlotSpec, export it. Times each stage; publishes nothing itself.
 */
import { performance } from 'node:perf_hooks';
import {
  PlotSpecSchema,
  RunlensError,
  type PlotPlugin,
  type PlotSpec,
  type PluginRegistry,
  type RendererPlugin,
  resolveTheme,
} from '@runlens/core';
import { resolveExporter } from '../export/plot/resolve-exporter.js';
import { loadPlotData } from './load-plot-data.js';
import type { PlotDataSource } from './plot-data-source.js';
import { validatePlotOptions } from './plot-options.js';
import { BUILTIN_PLOT_SETTINGS, PlotRenderRequestSchema, type PlotRenderRequest, type PlotRenderRequestInput, type PlotSettings } from './plot-request.js';

export interface RenderPlotDeps {
  registry: PluginRegistry;
  source: PlotDataSource;
  /** Check the compiled spec against PlotSpecSchema (tests; costs a pass over every point). Default false. */
  validateSpec?: boolean;
  /** What a request that leaves theme, renderer or size out gets, and the user themes: the config's. Default built-in. */
  settings?: PlotSettings;
}

/** Milliseconds per stage. */
export interface PlotTiming {
  /** Plot type, options, renderer, theme and format checks. */
  resolveMs: number;
  loadMs: number;
  compileMs: number;
  exportMs: number;
  totalMs: number;
}

export interface PreparedPlot {
  spec: PlotSpec;
  plot: PlotPlugin<unknown>;
  renderer: RendererPlugin;
  /** Loader and plot-type warnings, each once (also in spec.warnings). */
  warnings: string[];
  /** Runs plotted. */
  runs: number;
  timing: Omit<PlotTiming, 'exportMs' | 'totalMs'>;
}

export interface RenderedPlot extends Omit<PreparedPlot, 'timing'> {
  bytes: Uint8Array;
  format: string;
  mediaType: string;
  extension: string;
  timing: PlotTiming;
}

/** Refuses a renderer that cannot draw one of the marks the plot type may emit, naming renderers that can. */
export function checkRendererMarks(registry: PluginRegistry, plot: PlotPlugin<unknown>, renderer: RendererPlugin): void {
  const missing = plot.marks.find((m) => !renderer.marks.includes(m));
  if (missing === undefined) return;
  const able = registry.list('renderer').filter((r) => plot.marks.every((m) => r.marks.includes(m))).map((r) => r.name);
  throw new RunlensError(
    'VALIDATION',
    `renderer ${renderer.name} cannot draw "${missing}" marks, which plot ${plot.name} uses${able.length > 0 ? `; use ${able.join(' or ')}` : ''}`,
    { field: 'renderer' },
  );
}

/** Resolves, loads and compiles: the spec, ready for any number of exports. */
export async function preparePlot(input: PlotRenderRequestInput | PlotRenderRequest, deps: RenderPlotDeps): Promise<PreparedPlot> {
  const t0 = performance.now();
  const request = PlotRenderRequestSchema.parse(input);
  const { registry } = deps;
  const plot = registry.require('plot', request.type);
  const options = validatePlotOptions(plot, request.options);
  const settings = deps.settings ?? BUILTIN_PLOT_SETTINGS;
  const renderer = registry.require('renderer', request.renderer ?? settings.renderer);
  checkRendererMarks(registry, plot, renderer);
  const theme = resolveTheme(request.theme ?? settings.theme, settings.userThemes);
  const t1 = performance.now();
  const loaded = await loadPlotData(plot.needs(options), request.selection, deps.source);
  const t2 = performance.now();
  const compiled = plot.compile(loaded.data, options, { theme, width: request.width ?? settings.width, height: request.height ?? settings.height, title: request.title, registry });
  const warnings = [...new Set([...loaded.warnings, ...compiled.warnings])];
  const spec: PlotSpec = { ...compiled, warnings };
  if (deps.validateSpec) {
    const check = PlotSpecSchema.safeParse(spec);
    if (!check.success) {
      const issue = check.error.issues[0]!;
      throw new RunlensError('INTERNAL', `plot ${plot.name} made an invalid spec at ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
    }
  }
  const t3 = performance.now();
  return { spec, plot, renderer, warnings, runs: loaded.data.runs.length, timing: { resolveMs: t1 - t0, loadMs: t2 - t1, compileMs: t3 - t2 } };
}

/**
 * Renders one plot to one format.
 *
 * @example
 * const out = await renderPlot({ type: 'curves', options: { metrics: ['loss'] }, format: 'png' }, { registry, source });
 * writeFileSync('loss.png', out.bytes);
 */
export async function renderPlot(input: PlotRenderRequestInput | PlotRenderRequest, deps: RenderPlotDeps): Promise<RenderedPlot> {
  const start = performance.now();
  const request = PlotRenderRequestSchema.parse(input);
  // a bad format or export option is refused before any data is read
  const { exporter, options } = resolveExporter(deps.registry, request.format, request.exportOptions);
  const prepared = await preparePlot(request, deps);
  const t = performance.now();
  const bytes = await exporter.export({ spec: prepared.spec, renderer: prepared.renderer, registry: deps.registry }, options);
  const end = performance.now();
  return {
    ...prepared,
    bytes,
    format: exporter.name,
    mediaType: exporter.mediaType,
    extension: exporter.extension,
    timing: { ...prepared.timing, exportMs: end - t, totalMs: end - start },
  };
}
