/**
 * PlotSpec → ECharts option. Pure and browser-safe: the server renders it to SVG (ECharts SSR), the dashboard and
 * exported HTML pages hand it to `echarts.init(el).setOption(reviveEchartsOption(option))`. Every panel is a grid
 * placed by the shared figure layout, with its own x and y axes; marks become series through
 * ECHARTS_MARK_COMPILERS, never through the plot type.
 */
import { truncateText } from '../layout/estimate-text-width.js';
import { formatPlotNumber } from '../../plots/shared/format-plot-number.js';
import type { MarkType, PlotSpec } from '../../plots/plot-spec.js';
import { MARK_TYPES } from '../../plots/plot-spec.js';
import type { Theme } from '../../themes/theme.js';
import { assertRendererMarks } from '../assert-renderer-marks.js';
import { checkStyleValues } from '../check-style-values.js';
import { layoutFigure, type LegendLayout } from '../layout/layout-figure.js';
import type { LegendItem } from '../legend-items.js';
import { compileEchartsAxis } from './echarts-axis.js';
import { compileEchartsMark } from './echarts-mark-compilers.js';
import type { EchartsOption, EchartsSeries, EchartsJsonObject } from './echarts-option.js';

/** ECharts draws every mark. */
export const ECHARTS_MARKS: readonly MarkType[] = MARK_TYPES;

/** A thin bar: the swatch of a line entry whose first series is not a line series (so ECharts draws no line icon). */
const LINE_ICON = 'path://M0,0h20v2.4h-20z';

/**
 * A legend row. Line entries use ECharts' own line icon (which follows the dash) with its symbol hidden, when the
 * label's first series is a line series; points are circles, rects squares, "+N more" has no swatch.
 */
function legendDataItem(item: LegendItem, theme: Theme, firstSeriesType: EchartsSeries['type'] | undefined): EchartsJsonObject {
  const dash = item.dash.length > 0 ? [...item.dash] : 'solid';
  const lineIcon = item.symbol === 'line' && firstSeriesType === 'line';
  const icon = item.symbol === 'none' ? 'none' : item.symbol === 'point' ? 'circle' : item.symbol === 'rect' ? 'rect' : lineIcon ? undefined : LINE_ICON;
  return {
    name: item.label,
    ...(icon ? { icon } : {}),
    itemStyle: { color: item.color, opacity: lineIcon ? 0 : 1, borderWidth: 0 },
    lineStyle: { color: item.color, width: Math.max(2, theme.lineWidth), type: dash, opacity: 1 },
    ...(item.symbol === 'none' ? { textStyle: { color: theme.muted } } : {}),
  };
}

/**
 * The legend, one ECharts legend per column at the layout's positions (ECharts' own wrapping sizes columns by its
 * text measurements, which differ from the fonts the SVG is finally drawn with).
 */
function compileLegends(legend: LegendLayout, theme: Theme, series: readonly EchartsSeries[]): EchartsJsonObject[] {
  const firstType = new Map<string, EchartsSeries['type']>();
  for (const s of series) if (s.name !== undefined && !firstType.has(s.name)) firstType.set(s.name, s.type);
  const iconHeight = Math.round(theme.fontSize * 0.9);
  const legends: EchartsJsonObject[] = [];
  for (let col = 0; col < legend.columns; col++) {
    const items = legend.items.slice(col * legend.rowsPerColumn, (col + 1) * legend.rowsPerColumn);
    legends.push({
      show: true,
      type: 'plain',
      orient: 'vertical',
      left: legend.box.left + col * legend.columnWidth,
      top: legend.box.top,
      padding: 0,
      itemWidth: legend.swatchWidth,
      itemHeight: iconHeight,
      itemGap: legend.itemHeight - iconHeight,
      align: 'left',
      textStyle: { color: theme.foreground, fontSize: theme.fontSize, fontFamily: theme.fontFamily, width: legend.labelMaxWidth, overflow: 'truncate' },
      inactiveColor: theme.gridColor,
      data: items.map((item) => legendDataItem(item, theme, firstType.get(item.label))),
    });
  }
  return legends;
}

/**
 * The ECharts option of a spec: plain JSON (placeholders where ECharts needs functions; see
 * reviveEchartsOption). Throws VALIDATION for a log axis bounded at or below zero.
 *
 * @example
 * const chart = echarts.init(el);
 * chart.setOption(reviveEchartsOption(compileEchartsOption(spec)));
 */
export function compileEchartsOption(spec: PlotSpec): EchartsOption {
  assertRendererMarks(spec, { name: 'echarts', marks: ECHARTS_MARKS });
  checkStyleValues(spec);
  const { theme } = spec;
  const layout = layoutFigure(spec);
  const titles: EchartsJsonObject[] = [];
  if (spec.title || spec.subtitle) {
    titles.push({
      text: spec.title ?? '',
      subtext: spec.subtitle ?? '',
      left: layout.padding,
      top: layout.padding - 4,
      padding: 0,
      itemGap: 4,
      textStyle: { color: theme.foreground, fontSize: theme.titleFontSize, fontWeight: 'bold', fontFamily: theme.fontFamily },
      subtextStyle: { color: theme.muted, fontSize: theme.fontSize, fontFamily: theme.fontFamily },
    });
  }
  const series: EchartsSeries[] = [];
  const visualMap: EchartsJsonObject[] = [];
  spec.panels.forEach((panel, p) => {
    const pl = layout.panels[p]!;
    if (pl.title && panel.title) {
      titles.push({
        // a long title stops at its panel's right edge instead of running into the next panel
        text: truncateText(panel.title, Math.round(theme.fontSize * 1.1), pl.plot.width + pl.plot.left - pl.title.left),
        left: pl.title.left,
        top: pl.title.top,
        padding: 0,
        textStyle: { color: theme.foreground, fontSize: Math.round(theme.fontSize * 1.1), fontWeight: 'bold', fontFamily: theme.fontFamily },
      });
    }
    panel.marks.forEach((mark, m) => {
      series.push(...compileEchartsMark(mark, { theme, panel, axisIndex: p, domains: pl.domains, markId: `p${p}m${m}`, plotWidth: pl.plot.width }));
    });
    if (panel.color && pl.colorBar) {
      // a colour bar needs a series to point at; the rects' colours are computed already, so it points at an empty one
      series.push({ type: 'scatter', xAxisIndex: p, yAxisIndex: p, data: [], silent: true });
      visualMap.push({
        type: 'continuous',
        seriesIndex: series.length - 1,
        min: panel.color.domain[0],
        max: panel.color.domain[1],
        inRange: { color: [...panel.color.scheme] },
        calculable: false,
        realtime: false,
        left: pl.colorBar.left,
        top: pl.colorBar.top + theme.fontSize * 1.5,
        itemWidth: 12,
        itemHeight: Math.max(20, pl.colorBar.height - theme.fontSize * 3.5),
        text: [formatPlotNumber(panel.color.domain[1]), formatPlotNumber(panel.color.domain[0])],
        textGap: 4,
        textStyle: { color: theme.muted, fontSize: theme.fontSize, fontFamily: theme.fontFamily },
      });
    }
  });
  let legend: EchartsJsonObject[] | undefined;
  if (layout.legend) {
    // ECharts lists only names some series has; entries without one ("+N more", a name no mark carries) get an empty series
    const names = new Set(series.map((s) => s.name));
    for (const item of layout.legend.items) {
      if (!names.has(item.label)) series.push({ type: 'line', name: item.label, xAxisIndex: 0, yAxisIndex: 0, data: [], symbol: 'none', silent: true, color: item.color, lineStyle: { type: item.dash.length > 0 ? [...item.dash] : 'solid' } });
    }
    legend = compileLegends(layout.legend, theme, series);
  }
  const hasLines = spec.panels.some((panel) => panel.marks.some((m) => m.type === 'line'));
  return {
    animation: false,
    useUTC: true,
    backgroundColor: theme.background,
    color: [...theme.palette],
    textStyle: { fontFamily: theme.fontFamily, fontSize: theme.fontSize, color: theme.foreground },
    title: titles,
    grid: layout.panels.map((pl) => ({ left: pl.plot.left, top: pl.plot.top, width: pl.plot.width, height: pl.plot.height, containLabel: false, show: false })),
    xAxis: spec.panels.map((panel, p) => compileEchartsAxis(panel.x, 'x', layout.panels[p]!.domains.x, layout.panels[p]!, p, theme)),
    yAxis: spec.panels.map((panel, p) => compileEchartsAxis(panel.y, 'y', layout.panels[p]!.domains.y, layout.panels[p]!, p, theme)),
    ...(legend ? { legend } : {}),
    tooltip: {
      show: true,
      trigger: hasLines ? 'axis' : 'item',
      confine: true,
      axisPointer: { type: 'line' },
      textStyle: { fontFamily: theme.fontFamily, fontSize: theme.fontSize },
    },
    ...(visualMap.length > 0 ? { visualMap } : {}),
    series,
  };
}
