/**
 * PlotSpec → Vega-Lite spec, for publication figures. Pure and browser-safe; the server compiles it further with
 * vega-lite and draws it with vega. Panels are layered views in a `concat` grid `columns` wide, sized by the shared
 * figure layout; each mark becomes layers through VEGA_LITE_MARK_COMPILERS; the legend is a view of its own at the
 * right; the theme becomes the config (fonts, colours, grid).
 */
import { truncateText } from '../layout/estimate-text-width.js';
import type { ColorScale, MarkType, PlotSpec } from '../../plots/plot-spec.js';
import { MARK_TYPES } from '../../plots/plot-spec.js';
import type { Theme } from '../../themes/theme.js';
import { assertRendererMarks } from '../assert-renderer-marks.js';
import { checkStyleValues } from '../check-style-values.js';
import { layoutFigure } from '../layout/layout-figure.js';
import { vegaLiteLegendView } from './vega-lite-legend.js';
import { compileVegaLiteMark } from './vega-lite-mark-compilers.js';
import { vegaLitePositionChannel } from './vega-lite-axis.js';
import type { VegaLiteLayer, VegaLiteObject, VegaLitePanelView, VegaLiteTopLevelSpec } from './vega-lite-spec.js';

/** Vega-Lite draws every mark. */
export const VEGA_LITE_MARKS: readonly MarkType[] = MARK_TYPES;

function themeConfig(theme: Theme): VegaLiteObject {
  const font = theme.fontFamily;
  return {
    font,
    background: theme.background,
    padding: 8,
    view: { stroke: null },
    concat: { spacing: 16 },
    axis: {
      labelFont: font,
      titleFont: font,
      labelFontSize: theme.fontSize,
      titleFontSize: theme.fontSize,
      titleFontWeight: 'normal',
      labelColor: theme.muted,
      titleColor: theme.foreground,
      domainColor: theme.muted,
      tickColor: theme.muted,
      gridColor: theme.gridColor,
      grid: theme.showGrid,
    },
    legend: { labelFont: font, titleFont: font, labelColor: theme.muted, titleColor: theme.foreground, labelFontSize: theme.fontSize, titleFontSize: theme.fontSize },
    title: {
      font,
      subtitleFont: font,
      fontSize: theme.titleFontSize,
      subtitleFontSize: theme.fontSize,
      color: theme.foreground,
      subtitleColor: theme.muted,
      anchor: 'start',
      frame: 'group',
      offset: 10,
    },
    text: { font, color: theme.foreground },
  };
}

/** A layer drawing nothing whose fill scale is the panel's colour scale, so Vega-Lite draws that scale's legend. */
function colorLegendLayer(color: ColorScale): VegaLiteLayer {
  return {
    data: { values: color.domain.map((v) => ({ v })) },
    mark: { type: 'rect', opacity: 0 },
    encoding: {
      x: { value: 0 },
      y: { value: 0 },
      fill: {
        field: 'v',
        type: 'quantitative',
        scale: { domain: [...color.domain], range: [...color.scheme], interpolate: 'rgb', clamp: true },
        legend: { title: color.label ?? null, gradientLength: 160, gradientThickness: 12 },
      },
    },
  };
}

/**
 * The Vega-Lite spec of a PlotSpec: plain JSON. Throws VALIDATION for a log axis bounded at or below zero.
 *
 * @example
 * const vegaSpec = vl.compile(compileVegaLiteSpec(spec)).spec;
 * const svg = await new vega.View(vega.parse(vegaSpec), { renderer: 'none' }).toSVG();
 */
export function compileVegaLiteSpec(spec: PlotSpec): VegaLiteTopLevelSpec {
  assertRendererMarks(spec, { name: 'vega-lite', marks: VEGA_LITE_MARKS });
  checkStyleValues(spec);
  const { theme } = spec;
  const layout = layoutFigure(spec);
  const params: VegaLiteObject[] = [];
  const panels: VegaLitePanelView[] = spec.panels.map((panel, p) => {
    const pl = layout.panels[p]!;
    const x = vegaLitePositionChannel(panel.x, 'x', pl.domains.x, { panelIndex: p, labelWidth: pl.xLabelMaxWidth, labelHeight: pl.xLabelHeight, labelAngle: pl.xLabelRotate, length: pl.plot.width, theme });
    const y = vegaLitePositionChannel(panel.y, 'y', pl.domains.y, { panelIndex: p, labelWidth: pl.yLabelWidth, labelHeight: 0, labelAngle: 0, length: pl.plot.height, theme });
    if (x.param) params.push(x.param);
    if (y.param) params.push(y.param);
    const ctx = { theme, panel, domains: pl.domains, x: x.channel, y: y.channel, plotWidth: pl.plot.width };
    const layers: VegaLiteLayer[] = panel.marks.flatMap((mark) => compileVegaLiteMark(mark, ctx));
    // a colour scale no heatmap cell carries (lines coloured by a value): an invisible layer gives it its gradient legend
    const colorValues = panel.marks.some((m) => m.type === 'rect' && m.values !== undefined);
    if (panel.color && !colorValues) layers.push(colorLegendLayer(panel.color));
    // an empty panel still draws its axes: one layer with no rows
    if (layers.length === 0) layers.push({ data: { values: [] }, mark: { type: 'point' }, encoding: { x: x.channel, y: y.channel } });
    return {
      width: pl.plot.width,
      height: pl.plot.height,
      ...(panel.title ? { title: { text: truncateText(panel.title, Math.round(theme.fontSize * 1.1), pl.plot.width), fontSize: Math.round(theme.fontSize * 1.1), fontWeight: 'bold', anchor: 'start' } } : {}),
      layer: layers,
      // the colour scale of a heatmap stays apart from the nominal colours of other layers
      resolve: { scale: { fill: 'independent', color: 'independent' } },
    };
  });
  // a lone view would carry the figure's title and its panel's title in one `title` key: the panel's would win
  const lone = panels.length === 1 && !(spec.title || spec.subtitle);
  const grid: VegaLiteObject = lone ? panels[0]! : { concat: panels, columns: Math.max(1, Math.min(spec.columns, panels.length)), spacing: 16 };
  const body: VegaLiteObject = layout.legend ? { hconcat: [grid, vegaLiteLegendView(layout.legend, theme)], spacing: 12 } : grid;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: theme.background,
    padding: 8,
    ...(spec.title || spec.subtitle ? { title: { text: spec.title ?? '', ...(spec.subtitle ? { subtitle: spec.subtitle } : {}) } } : {}),
    config: themeConfig(theme),
    ...(params.length > 0 ? { params } : {}),
    ...body,
  };
}
