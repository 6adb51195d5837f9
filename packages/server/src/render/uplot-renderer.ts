/**
 * The `uplot` renderer: options for the dashboard's dense live charts, compiled in core. Browser only — uPlot draws
 * on a canvas — so it has no renderSvg or renderHtml, and exports name the renderers that can draw files.
 */
import { compileUplot, PLUGIN_API_VERSION, UPLOT_MARKS, type RendererPlugin } from '@runlens/core';

export const uplotRenderer: RendererPlugin = {
  kind: 'renderer',
  name: 'uplot',
  apiVersion: PLUGIN_API_VERSION,
  description: 'uPlot: options and aligned data for dense live time series in the dashboard (browser only; lines, bands, points, rules, rects)',
  marks: UPLOT_MARKS,
  compile: compileUplot,
};
