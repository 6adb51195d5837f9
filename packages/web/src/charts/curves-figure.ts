/**
 * Series from `/series` → core's `curves` plot type → PlotSpec → core's uPlot compiler: the dashboard draws curves
 * with the same grouping (mean + band), smoothing and divergence marks as `runlens plot curves`.
 */
import {
  BUILTIN_PROCESSORS,
  CurvesOptionsSchema,
  DARK_THEME,
  DEFAULT_THEME,
  PluginRegistry,
  compileUplot,
  curvesPlot,
  type PlotSeries,
  type Run,
  type Theme,
  type UplotPanel,
} from '@runlens/core';
import type { SeriesData } from '../api/series.js';
import { curvesOptions, type ChartView } from './chart-view.js';

let registry: PluginRegistry | undefined;

/** The processors smoothing looks up (the plot types themselves are called directly). */
function processorRegistry(): PluginRegistry {
  if (!registry) {
    registry = new PluginRegistry();
    for (const p of BUILTIN_PROCESSORS) registry.register(p);
  }
  return registry;
}

/** The chart theme of the page's light or dark look; text in the page's own font. */
export function chartTheme(dark: boolean): Theme {
  const base = dark ? DARK_THEME : DEFAULT_THEME;
  return { ...base, fontFamily: 'system-ui, Segoe UI, Helvetica, Arial, sans-serif' };
}

/** One legend row: a run or a group, with the colour of its line. */
export interface CurveLegendItem {
  id: string;
  label: string;
  color: string;
}

export interface CurvesFigure {
  panel: UplotPanel;
  legend: CurveLegendItem[];
  warnings: string[];
}

const f64 = (a: readonly number[]) => Float64Array.from(a);

/**
 * Compiles one metric's curves with the view's options, `overrides` (a panel's own curves options) winning; throws for
 * options the data contradicts (e.g. an unknown param) or that are invalid.
 */
export function compileCurvesFigure(
  runs: readonly Run[],
  series: readonly SeriesData[],
  metric: string,
  view: ChartView,
  size: { width: number; height: number; dark: boolean; points: number; phases?: boolean; xRange?: { from: number; to: number } | null | undefined },
  overrides: Record<string, unknown> = {},
): CurvesFigure {
  const x = typeof overrides.x === 'string' ? overrides.x : view.x;
  const plotSeries: PlotSeries[] = series
    .filter((s) => s.key === metric)
    // `/series` measures relative time in ms; plot types (like the server's plot loader) in seconds since the start
    .map((s) => ({ runId: s.run, key: s.key, x: x === 'relative' ? Float64Array.from(s.xs, (v) => v / 1000) : f64(s.xs), y: f64(s.values), steps: f64(s.steps), times: f64(s.times) }));
  const options = CurvesOptionsSchema.parse({ ...curvesOptions(view, metric, size.points), ...overrides, ...(size.phases ? { phases: true } : {}) });
  const spec = curvesPlot.compile({ runs: [...runs], series: plotSeries, histograms: [] }, options, {
    theme: chartTheme(size.dark),
    width: size.width,
    height: size.height,
    title: '',
    registry: processorRegistry(),
  });
  // the page draws title (the metric), legend and warnings itself: one chart fills the whole box
  const panelSpec = spec.panels[0]!;
  const figure = compileUplot({ ...spec, title: undefined, subtitle: undefined, columns: 1, panels: [{ ...panelSpec, title: undefined, y: { ...panelSpec.y, label: undefined } }], legend: { ...spec.legend, show: false } });
  const panel = figure.panels[0]!;
  // a zoom shows the range dragged, not the data's rounded-out domain
  if (size.xRange && size.xRange.to > size.xRange.from) panel.options.scales.x.range = [size.xRange.from, size.xRange.to];
  panel.options.width = size.width;
  panel.options.height = size.height;
  const legend = spec.legend.entries.map((e) => ({ id: e.series ?? e.label, label: e.label, color: e.color }));
  return { panel, legend, warnings: spec.warnings };
}
