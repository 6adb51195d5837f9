/** Test fixture (not built): a minimal valid PlotSpec around some panels, for the renderer and layout tests. */
import { PLOT_SPEC_VERSION, type Panel, type PlotSpec } from '../plots/plot-spec.js';
import { DEFAULT_THEME } from '../themes/builtin-themes.js';

/** A 600 × 400 figure of `panels` in one column, default theme, no legend; `extra` overrides any field. */
export function specOf(panels: Panel[], extra: Partial<PlotSpec> = {}): PlotSpec {
  return {
    version: PLOT_SPEC_VERSION,
    plot: 'test',
    width: 600,
    height: 400,
    theme: DEFAULT_THEME,
    columns: 1,
    panels,
    legend: { show: false, entries: [], omitted: 0 },
    warnings: [],
    ...extra,
  };
}

/** A linear axis. */
export const lin = { scale: 'linear' as const };
