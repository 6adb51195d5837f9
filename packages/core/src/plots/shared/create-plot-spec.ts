/** Fills the parts of a PlotSpec every plot type sets the same way (version, size, theme, title). */
import { PLOT_SPEC_VERSION, type Legend, type Panel, type PlotSpec } from '../plot-spec.js';
import type { PlotContext } from '../plot-plugin.js';

export interface PlotSpecParts {
  plot: string;
  panels: Panel[];
  legend?: Legend;
  columns?: number;
  /** Used when the caller gave no title. */
  defaultTitle?: string;
  subtitle?: string;
  warnings?: string[];
}

export function createPlotSpec(ctx: PlotContext, parts: PlotSpecParts): PlotSpec {
  const title = ctx.title ?? parts.defaultTitle;
  return {
    version: PLOT_SPEC_VERSION,
    plot: parts.plot,
    ...(title !== undefined && title !== '' ? { title } : {}),
    ...(parts.subtitle !== undefined ? { subtitle: parts.subtitle } : {}),
    width: ctx.width,
    height: ctx.height,
    theme: ctx.theme,
    columns: Math.max(1, Math.min(parts.columns ?? 1, parts.panels.length)),
    panels: parts.panels,
    legend: parts.legend ?? { show: false, entries: [], omitted: 0 },
    warnings: parts.warnings ?? [],
  };
}
