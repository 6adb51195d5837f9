/**
 * The figure legend as a small view of its own, drawn from the spec's entries (Vega-Lite legends come from scales,
 * and a PlotSpec legend is a list): columns of swatches — a line sample with the entry's dash, a point or a square —
 * and labels truncated to the layout's width (by our estimate, not Vega's much wider canvas-less one), plus the "+N more" row. Its x and y scales map 1:1 to pixels.
 */
import type { Theme } from '../../themes/theme.js';
import { truncateText } from '../layout/estimate-text-width.js';
import type { LegendLayout } from '../layout/layout-figure.js';
import type { VegaLiteObject, VegaLitePanelView } from './vega-lite-spec.js';

export function vegaLiteLegendView(legend: LegendLayout, theme: Theme): VegaLitePanelView {
  const width = legend.box.width;
  const height = Math.max(legend.itemHeight, legend.box.height);
  const lines: VegaLiteObject[] = [];
  const points: VegaLiteObject[] = [];
  const squares: VegaLiteObject[] = [];
  const labels: VegaLiteObject[] = [];
  legend.items.forEach((item, i) => {
    const col = Math.floor(i / legend.rowsPerColumn);
    const row = i % legend.rowsPerColumn;
    const x = col * legend.columnWidth;
    const y = row * legend.itemHeight + legend.itemHeight / 2;
    const mid = x + legend.swatchWidth / 2;
    if (item.symbol === 'line') lines.push({ x, x2: x + legend.swatchWidth, y, c: item.color, d: item.dash.length > 0 ? [...item.dash] : [1, 0] });
    else if (item.symbol === 'point') points.push({ x: mid, y, c: item.color });
    else if (item.symbol === 'rect') squares.push({ x: mid, y, c: item.color });
    labels.push({ x: x + legend.swatchWidth + 6, y, t: truncateText(item.label, theme.fontSize, legend.labelMaxWidth), c: item.symbol === 'none' ? theme.muted : theme.foreground });
  });
  const x = { field: 'x', type: 'quantitative', scale: { domain: [0, width], nice: false, zero: false }, axis: null };
  const y = { field: 'y', type: 'quantitative', scale: { domain: [0, height], nice: false, zero: false, reverse: true }, axis: null };
  const color = { field: 'c', type: 'nominal', scale: null, legend: null };
  const symbolSize = (theme.fontSize * 0.9) ** 2;
  return {
    width,
    height,
    view: { stroke: null },
    layer: [
      { data: { values: lines }, mark: { type: 'rule', strokeWidth: Math.max(2, theme.lineWidth) }, encoding: { x, x2: { field: 'x2' }, y, color, strokeDash: { field: 'd', type: 'nominal', scale: null, legend: null } } },
      { data: { values: points }, mark: { type: 'point', shape: 'circle', filled: true, opacity: 1, size: symbolSize, strokeWidth: 0 }, encoding: { x, y, color } },
      { data: { values: squares }, mark: { type: 'point', shape: 'square', filled: true, opacity: 1, size: symbolSize, strokeWidth: 0 }, encoding: { x, y, color } },
      { data: { values: labels }, mark: { type: 'text', align: 'left', baseline: 'middle', fontSize: theme.fontSize }, encoding: { x, y, text: { field: 't' }, color } },
    ],
  };
}
