/**
 * Renderers compile PlotSpec marks into a drawing library's terms. `compile` is pure and browser-safe (the
 * dashboard uses it); `renderSvg` / `renderHtml` exist where the renderer can draw without a browser (server side).
 */
import type { PluginBase } from '../plugins/registry.js';
import type { MarkType, PlotSpec } from '../plots/plot-spec.js';

export interface RendererPlugin extends PluginBase {
  kind: 'renderer';
  /** The marks it draws; a spec with any other mark is refused with an error naming the mark. */
  marks: readonly MarkType[];
  /** The library's own object: an ECharts option, a Vega-Lite spec, uPlot options with aligned data. */
  compile(spec: PlotSpec): unknown;
  /** A standalone SVG document. */
  renderSvg?(spec: PlotSpec): Promise<string>;
  /** A self-contained interactive HTML page that works offline. */
  renderHtml?(spec: PlotSpec): Promise<string>;
}
