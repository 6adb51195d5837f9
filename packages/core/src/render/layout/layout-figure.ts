/**
 * Where everything of a figure goes, in px: title and subtitle at the top, the legend in columns at the right, and
 * the panels in a `columns`-wide grid, each with room for its title, tick labels and axis names. Shared by the
 * renderers, so a spec is laid out the same way in each; sizes come from estimated text widths (no font engine in
 * a pure compile step).
 */
import type { Axis, Panel, PlotSpec } from '../../plots/plot-spec.js';
import { legendItems, type LegendItem } from '../legend-items.js';
import { linearTicks, logTicks } from '../scale/nice-domain.js';
import { resolvePanelDomains, type AxisDomain, type PanelDomains } from '../scale/resolve-panel-domains.js';
import { estimateTextWidth } from './estimate-text-width.js';

export interface LayoutBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface PanelLayout {
  /** The panel's cell of the grid. */
  cell: LayoutBox;
  /** The plotting area inside the axes. */
  plot: LayoutBox;
  domains: PanelDomains;
  /** Width reserved for y tick labels (longer labels are truncated to it). */
  yLabelWidth: number;
  /** Height of the x tick labels (rotated or not). */
  xLabelHeight: number;
  /** 0, or 45 when categorical x labels would overlap flat. */
  xLabelRotate: number;
  /** x tick labels are truncated to this many px. */
  xLabelMaxWidth: number;
  /** Where the panel title's top-left corner is, when it has one. */
  title?: { left: number; top: number };
  /** The colour bar of a panel with a colour scale, right of the plot. */
  colorBar?: LayoutBox;
}

export interface LegendLayout {
  box: LayoutBox;
  items: LegendItem[];
  columns: number;
  rowsPerColumn: number;
  columnWidth: number;
  itemHeight: number;
  /** Labels are truncated to this many px. */
  labelMaxWidth: number;
  /** Width of the swatch (line sample, point or square) before each label. */
  swatchWidth: number;
}

export interface FigureLayout {
  padding: number;
  title?: { left: number; top: number; height: number };
  subtitle?: { left: number; top: number; height: number };
  legend?: LegendLayout;
  panels: PanelLayout[];
}

const PADDING = 8;
const PANEL_GAP = 16;
const SWATCH = 22;
const COLOR_BAR = 62;

const decimalsOf = (v: number): number => {
  const text = String(v);
  const dot = text.indexOf('.');
  return dot < 0 || text.includes('e') ? 0 : text.length - dot - 1;
};

/**
 * Tick labels the axis will probably show, to measure: libraries tick about twice as densely as a 5-step scale and
 * pad decimals alike (`0.0 … 2.5`), so the sample does the same to err on the wide side.
 */
function sampleTickLabels(axis: Axis, domain: AxisDomain): string[] {
  if (axis.ticks && axis.ticks.length > 0) return axis.ticks.map((t) => t.label);
  if (axis.scale === 'time') return ['2024-01-01 00:00'];
  if (axis.format === 'duration') return ['10h 59m'];
  if (axis.scale === 'log') return logTicks(domain.min, domain.max).map((v) => (v >= 1000 ? v.toLocaleString('en-US') : String(v)));
  const values = linearTicks(domain.min, domain.max, 10);
  if (axis.format === 'percent') return values.map((v) => `${parseFloat((v * 100).toPrecision(6))}%`);
  const decimals = Math.min(6, Math.max(0, ...values.map(decimalsOf)));
  return values.map((v) => (Math.abs(v) >= 1000 ? v.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }) : v.toFixed(decimals)));
}

function maxWidth(labels: readonly string[], fontSize: number): number {
  let w = 0;
  for (const l of labels) w = Math.max(w, estimateTextWidth(l, fontSize));
  return w;
}

function layoutPanel(panel: Panel, cell: LayoutBox, spec: PlotSpec, index: number): PanelLayout {
  const { fontSize } = spec.theme;
  const domains = resolvePanelDomains(panel, `panel ${index + 1}`);
  const titleHeight = panel.title !== undefined && panel.title !== '' ? Math.round(fontSize * 1.9) : 0;

  const yLabels = panel.y.hidden ? [] : sampleTickLabels(panel.y, domains.y);
  const yLabelWidth = panel.y.hidden ? 0 : Math.ceil(Math.min(maxWidth(yLabels, fontSize), cell.width * 0.35));
  const yName = !panel.y.hidden && panel.y.label ? Math.round(fontSize * 1.8) : 0;
  const left = panel.y.hidden ? 4 : yLabelWidth + 10 + yName;
  const right = 14 + (panel.color ? COLOR_BAR : 0);

  const plotWidth = Math.max(10, cell.width - left - right);
  const xLabels = panel.x.hidden ? [] : sampleTickLabels(panel.x, domains.x);
  const widest = maxWidth(xLabels, fontSize);
  const categorical = (panel.x.ticks?.length ?? 0) > 0;
  const slot = categorical ? plotWidth / Math.max(1, xLabels.length) : Infinity;
  const rotate = categorical && xLabels.length > 1 && widest > slot * 0.9 ? 45 : 0;
  const xLabelMaxWidth = Math.round(rotate ? Math.min(widest, (cell.height * 0.25) / Math.SQRT1_2) : categorical ? Math.max(widest, slot) : plotWidth);
  const xLabelHeight = panel.x.hidden ? 0 : Math.ceil(rotate ? xLabelMaxWidth * Math.SQRT1_2 + fontSize : fontSize * 1.3);
  const xName = !panel.x.hidden && panel.x.label ? Math.round(fontSize * 1.9) : 0;
  const top = titleHeight + Math.round(fontSize * 0.8);
  const bottom = panel.x.hidden ? 4 : xLabelHeight + 8 + xName;

  const plot: LayoutBox = { left: cell.left + left, top: cell.top + top, width: plotWidth, height: Math.max(10, cell.height - top - bottom) };
  return {
    cell,
    plot,
    domains,
    yLabelWidth,
    xLabelHeight,
    xLabelRotate: rotate,
    xLabelMaxWidth,
    ...(titleHeight > 0 ? { title: { left: plot.left, top: cell.top } } : {}),
    ...(panel.color ? { colorBar: { left: plot.left + plot.width + 18, top: plot.top, width: COLOR_BAR - 18, height: plot.height } } : {}),
  };
}

function layoutLegend(spec: PlotSpec, top: number, height: number): LegendLayout | undefined {
  const items = legendItems(spec);
  if (items.length === 0) return undefined;
  const { fontSize } = spec.theme;
  const itemHeight = Math.round(fontSize * 1.75);
  const rowsPerColumn = Math.max(1, Math.floor(height / itemHeight));
  const columns = Math.ceil(items.length / rowsPerColumn);
  const maxLegendWidth = spec.width * 0.4;
  let labelMaxWidth = Math.min(170, Math.ceil(maxWidth(items.map((i) => i.label), fontSize)));
  const extra = SWATCH + 6 + 12;
  if (columns * (labelMaxWidth + extra) > maxLegendWidth) labelMaxWidth = Math.max(30, Math.floor(maxLegendWidth / columns - extra));
  const columnWidth = labelMaxWidth + extra;
  const width = columns * columnWidth;
  const rows = Math.min(rowsPerColumn, items.length);
  return {
    box: { left: spec.width - PADDING - width, top, width, height: rows * itemHeight },
    items,
    columns,
    rowsPerColumn,
    columnWidth,
    itemHeight,
    labelMaxWidth,
    swatchWidth: SWATCH,
  };
}

/** The layout of a whole figure. */
export function layoutFigure(spec: PlotSpec): FigureLayout {
  const { fontSize, titleFontSize } = spec.theme;
  let y = PADDING;
  let title: FigureLayout['title'];
  let subtitle: FigureLayout['subtitle'];
  if (spec.title) {
    title = { left: PADDING, top: y, height: Math.round(titleFontSize * 1.4) };
    y += title.height;
  }
  if (spec.subtitle) {
    subtitle = { left: PADDING, top: y, height: Math.round(fontSize * 1.5) };
    y += subtitle.height;
  }
  if (title || subtitle) y += 6;
  const bodyHeight = Math.max(20, spec.height - y - PADDING);
  const legend = layoutLegend(spec, y, bodyHeight);
  const bodyWidth = Math.max(20, spec.width - 2 * PADDING - (legend ? legend.box.width + 12 : 0));

  const columns = Math.max(1, Math.min(spec.columns, spec.panels.length));
  const rows = Math.ceil(spec.panels.length / columns);
  const cellWidth = (bodyWidth - (columns - 1) * PANEL_GAP) / columns;
  const cellHeight = (bodyHeight - (rows - 1) * PANEL_GAP) / rows;
  const panels = spec.panels.map((panel, i) =>
    layoutPanel(
      panel,
      {
        left: Math.round(PADDING + (i % columns) * (cellWidth + PANEL_GAP)),
        top: Math.round(y + Math.floor(i / columns) * (cellHeight + PANEL_GAP)),
        width: Math.floor(cellWidth),
        height: Math.floor(cellHeight),
      },
      spec,
      i,
    ),
  );
  return { padding: PADDING, ...(title ? { title } : {}), ...(subtitle ? { subtitle } : {}), ...(legend ? { legend } : {}), panels };
}
