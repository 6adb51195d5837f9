/**
 * PlotSpec → uPlot, for dense live time series in the dashboard: one uPlot per panel, sized by the shared figure
 * layout, with aligned data (see alignSeries). uPlot draws lines, bands (areas), points, and — through canvas hooks —
 * rules and rects; a spec with any other mark is refused with an error naming it. Lines and bands must run along
 * increasing x (uPlot's data model); points may come in any order.
 */
import { RunlensError } from '../../errors.js';
import type { Mark, MarkOfType, MarkType, Panel, PlotSpec } from '../../plots/plot-spec.js';
import { MARK_TYPES } from '../../plots/plot-spec.js';
import type { Theme } from '../../themes/theme.js';
import { isHexColour, parseHexColour } from '../../themes/colour-space.js';
import { assertRendererMarks } from '../assert-renderer-marks.js';
import { checkStyleValues } from '../check-style-values.js';
import { layoutFigure, type PanelLayout } from '../layout/layout-figure.js';
import { legendItems } from '../legend-items.js';
import { axisValue, edgeOr } from '../marks/axis-values.js';
import { pixelColumnOf } from '../marks/decimate-for-pixels.js';
import { fixedAxisTicks } from '../scale/axis-ticks.js';
import { colorScaleColor, contrastingTextColor } from '../scale/color-scale.js';
import { cleanNumber } from '../scale/nice-domain.js';
import type { AxisDomain, PanelDomains } from '../scale/resolve-panel-domains.js';
import { alignSeries, type SeriesPoints } from './align-series.js';
import { drawRects, drawRules, type RectAnnotation, type RuleAnnotation } from './uplot-annotations.js';
import type { UplotAxis, UplotBand, UplotFigure, UplotOptions, UplotPanel, UplotScale, UplotSeries } from './uplot-types.js';

/** What the mark compilers of one panel add to. */
interface PanelBuild {
  theme: Theme;
  panel: Panel;
  panelIndex: number;
  domains: PanelDomains;
  points: SeriesPoints[];
  series: UplotSeries[];
  bands: UplotBand[];
  rects: RectAnnotation[];
  rules: RuleAnnotation[];
}

type MarkCompiler<T extends MarkType> = (mark: MarkOfType<T>, build: PanelBuild) => void;

/** A CSS colour at `opacity` (hex colours become rgba; others are returned as they are). */
function withOpacity(color: string, opacity: number): string {
  if (!isHexColour(color)) return color;
  const [r, g, b] = parseHexColour(color);
  return `rgba(${Math.round(r * 255)},${Math.round(g * 255)},${Math.round(b * 255)},${opacity})`;
}

function refuseBacktrack(mark: Mark, build: PanelBuild, at: number, before: number): never {
  throw new RunlensError(
    'VALIDATION',
    `renderer uplot draws lines and areas along increasing x; the ${mark.type} mark${mark.label ? ` "${mark.label}"` : ''} in panel ${build.panelIndex + 1} goes back (x ${at} after ${before}); use echarts or vega-lite`,
    { renderer: 'uplot', mark: mark.type, panel: build.panelIndex },
  );
}

/**
 * Points of a line-like mark along x: a missing x or y is a gap (`null`) — at the point's own x when it has one,
 * else halfway between its neighbours — and `step` adds the corner (next x, previous y) before each point.
 */
function pathPoints(mark: Mark, xs: readonly (number | null)[], ys: readonly (number | null)[], build: PanelBuild, step: boolean): SeriesPoints {
  const out: SeriesPoints = { x: [], y: [] };
  let lastX: number | null = null;
  let lastY: number | null = null;
  let pendingGap = false;
  for (let i = 0; i < xs.length; i++) {
    const x = axisValue(xs[i], build.panel.x);
    const y = axisValue(ys[i], build.panel.y);
    if (x === null) {
      pendingGap = true;
      continue;
    }
    if (lastX !== null && x < lastX) refuseBacktrack(mark, build, x, lastX);
    if (pendingGap && lastX !== null && y !== null) {
      out.x.push((lastX + x) / 2);
      out.y.push(null);
      lastY = null;
    }
    pendingGap = false;
    if (step && y !== null && lastY !== null && lastX !== null) {
      out.x.push(x);
      out.y.push(lastY);
    }
    out.x.push(x);
    out.y.push(y);
    lastX = x;
    lastY = y;
  }
  return out;
}

const UNSUPPORTED = null;

/** Compilers by mark type; `null` marks uPlot cannot draw. */
const UPLOT_MARK_COMPILERS: { [T in MarkType]: MarkCompiler<T> | null } = {
  line: (mark, build) => {
    const color = mark.color ?? build.theme.palette[0]!;
    build.points.push(pathPoints(mark, mark.x, mark.y, build, mark.curve === 'step'));
    build.series.push({
      ...(mark.label !== undefined ? { label: mark.label } : {}),
      ...(mark.series !== undefined ? { seriesId: mark.series } : {}),
      scale: 'y',
      stroke: color,
      width: mark.strokeWidth ?? build.theme.lineWidth,
      ...(mark.dash && mark.dash.length > 0 ? { dash: [...mark.dash] } : {}),
      ...(mark.opacity !== undefined ? { alpha: mark.opacity } : {}),
      spanGaps: false,
      points: { show: false },
    });
  },

  area: (mark, build) => {
    const color = mark.color ?? build.theme.palette[0]!;
    const lo = mark.x.map((_, i) => {
      const a = axisValue(mark.y1[i], build.panel.y);
      const b = axisValue(mark.y2[i], build.panel.y);
      return a === null || b === null ? null : Math.min(a, b);
    });
    const hi = mark.x.map((_, i) => {
      const a = axisValue(mark.y1[i], build.panel.y);
      const b = axisValue(mark.y2[i], build.panel.y);
      return a === null || b === null ? null : Math.max(a, b);
    });
    const edge = (label: string): UplotSeries => ({ label, ...(mark.series !== undefined ? { seriesId: mark.series } : {}), scale: 'y', stroke: 'transparent', width: 0, spanGaps: false, points: { show: false } });
    const name = mark.label ?? 'band';
    build.points.push(pathPoints(mark, mark.x, hi, build, false), pathPoints(mark, mark.x, lo, build, false));
    build.series.push(edge(`${name} (upper)`), edge(`${name} (lower)`));
    // series indices in uPlot count the x column as 0
    const upper = build.series.length - 1;
    build.bands.push({ series: [upper, upper + 1], fill: withOpacity(color, mark.opacity ?? build.theme.bandOpacity) });
  },

  point: (mark, build) => {
    const color = mark.color ?? build.theme.palette[0]!;
    const rows: [number, number][] = [];
    for (let i = 0; i < mark.x.length; i++) {
      const x = axisValue(mark.x[i], build.panel.x);
      const y = axisValue(mark.y[i], build.panel.y);
      if (x !== null && y !== null) rows.push([x, y]);
    }
    rows.sort((a, b) => a[0] - b[0]);
    // uPlot draws one size and one shape (a circle) per series: per-point sizes take their mean
    const sizes = Array.isArray(mark.size) ? mark.size.filter((s): s is number => s !== null) : [];
    const radius = typeof mark.size === 'number' ? mark.size : sizes.length > 0 ? sizes.reduce((a, b) => a + b, 0) / sizes.length : build.theme.pointRadius;
    build.points.push({ x: rows.map((r) => r[0]), y: rows.map((r) => r[1]) });
    build.series.push({
      ...(mark.label !== undefined ? { label: mark.label } : {}),
      ...(mark.series !== undefined ? { seriesId: mark.series } : {}),
      scale: 'y',
      stroke: color,
      ...(mark.opacity !== undefined ? { alpha: mark.opacity } : {}),
      paths: () => null,
      points: { show: true, size: 2 * radius, fill: mark.filled === false ? 'transparent' : color, stroke: color, width: mark.filled === false ? 1.5 : 0 },
    });
  },

  bar: UNSUPPORTED,

  rule: (mark, build) => {
    const { panel, domains } = build;
    for (let i = 0; i < mark.x1.length; i++) {
      build.rules.push({
        x1: edgeOr(mark.x1[i], panel.x, domains.x, 'min'),
        x2: edgeOr(mark.x2[i], panel.x, domains.x, 'max'),
        y1: edgeOr(mark.y1[i], panel.y, domains.y, 'min'),
        y2: edgeOr(mark.y2[i], panel.y, domains.y, 'max'),
        color: mark.color ?? build.theme.foreground,
        width: mark.strokeWidth ?? 1,
        dash: mark.dash ? [...mark.dash] : [],
        opacity: mark.opacity ?? 1,
      });
    }
  },

  rect: (mark, build) => {
    const { panel, domains, theme } = build;
    const color = mark.color ?? theme.palette[0]!;
    const scale = panel.color ?? (mark.values ? { domain: [0, 1] as [number, number], scheme: theme.sequential } : undefined);
    for (let i = 0; i < mark.x1.length; i++) {
      const fill = mark.values && scale ? colorScaleColor(scale, mark.values[i] ?? null) : (mark.colors?.[i] ?? color);
      const text = mark.text?.[i];
      build.rects.push({
        x1: edgeOr(mark.x1[i], panel.x, domains.x, 'min'),
        x2: edgeOr(mark.x2[i], panel.x, domains.x, 'max'),
        y1: edgeOr(mark.y1[i], panel.y, domains.y, 'min'),
        y2: edgeOr(mark.y2[i], panel.y, domains.y, 'max'),
        fill,
        opacity: mark.opacity ?? theme.bandOpacity,
        ...(text ? { text } : {}),
        textColor: mark.values ? contrastingTextColor(fill, theme.foreground) : theme.foreground,
      });
    }
  },

  box: UNSUPPORTED,
  polygon: UNSUPPORTED,
  text: UNSUPPORTED,
};

/** The marks uPlot draws: line, area, point, rule, rect. */
export const UPLOT_MARKS: readonly MarkType[] = MARK_TYPES.filter((t) => UPLOT_MARK_COMPILERS[t] !== null);

/** Shows a ms timestamp's UTC fields through uPlot's local-time formatting. */
const utcDate = (ms: number): Date => {
  const local = new Date(ms);
  return new Date(ms + local.getTimezoneOffset() * 60_000);
};

function uplotScale(axis: Panel['x'], domain: AxisDomain): UplotScale {
  return {
    time: axis.scale === 'time',
    auto: false,
    range: [domain.min, domain.max],
    distr: axis.scale === 'log' ? 3 : 1,
    ...(axis.scale === 'log' ? { log: 10 as const } : {}),
    dir: axis.reverse ? -1 : 1,
  };
}

function uplotAxis(axis: Panel['x'], dim: 'x' | 'y', pl: PanelLayout, theme: Theme): UplotAxis {
  const domain = pl.domains[dim];
  const ticks = fixedAxisTicks(axis, domain, dim === 'x' ? pl.xLabelMaxWidth : pl.yLabelWidth, theme.fontSize);
  const font = `${theme.fontSize}px ${theme.fontFamily}`;
  const hasLabel = axis.label !== undefined && axis.label !== '';
  const out: UplotAxis = {
    scale: dim,
    show: axis.hidden !== true,
    ...(hasLabel ? { label: axis.label } : {}),
    stroke: theme.muted,
    font,
    labelFont: font,
    size: dim === 'x' ? pl.xLabelHeight + 12 : pl.yLabelWidth + 14,
    ...(hasLabel ? { labelSize: Math.round(theme.fontSize * 1.8) } : {}),
    grid: { show: theme.showGrid && ticks?.categorical !== true, stroke: theme.gridColor, width: 1 },
    ticks: { show: true, stroke: theme.muted, width: 1 },
    ...(dim === 'x' && pl.xLabelRotate ? { rotate: -pl.xLabelRotate } : {}),
  };
  if (ticks) {
    const { values, labels } = ticks;
    out.splits = () => [...values];
    out.values = (_u, splits) => splits.map((v) => labels[values.indexOf(v)] ?? '');
  } else if (axis.format === 'percent') {
    out.values = (_u, splits) => splits.map((v) => `${cleanNumber(v * 100)}%`);
  }
  return out;
}

function compilePanel(spec: PlotSpec, panel: Panel, panelIndex: number, pl: PanelLayout): UplotPanel {
  const { theme } = spec;
  const build: PanelBuild = { theme, panel, panelIndex, domains: pl.domains, points: [], series: [], bands: [], rects: [], rules: [] };
  for (const mark of panel.marks) (UPLOT_MARK_COMPILERS[mark.type] as MarkCompiler<MarkType>)(mark, build);
  const options: UplotOptions = {
    ...(panel.title ? { title: panel.title } : {}),
    width: pl.cell.width,
    height: pl.cell.height,
    ms: 1,
    tzDate: utcDate,
    scales: { x: uplotScale(panel.x, pl.domains.x), y: uplotScale(panel.y, pl.domains.y) },
    axes: [uplotAxis(panel.x, 'x', pl, theme), uplotAxis(panel.y, 'y', pl, theme)],
    series: [{}, ...build.series],
    bands: build.bands,
    legend: { show: false },
    cursor: { drag: { x: true, y: false } },
    hooks: { drawClear: [drawRects(build.rects, { size: theme.fontSize, family: theme.fontFamily })], draw: [drawRules(build.rules)] },
  };
  const columns = Math.max(1, Math.round(pl.plot.width));
  return { options, data: alignSeries(build.points, { column: pixelColumnOf(panel.x, pl.domains.x, columns), columns }) };
}

/**
 * uPlot charts of a spec, one per panel. Throws VALIDATION naming the mark for marks uPlot cannot draw (bar, box,
 * polygon, text) and for lines or areas whose x goes back.
 *
 * @example
 * for (const { options, data } of compileUplot(spec).panels) new uPlot(options, data, container);
 */
export function compileUplot(spec: PlotSpec): UplotFigure {
  assertRendererMarks(spec, { name: 'uplot', marks: UPLOT_MARKS });
  checkStyleValues(spec);
  const layout = layoutFigure(spec);
  return {
    ...(spec.title ? { title: spec.title } : {}),
    ...(spec.subtitle ? { subtitle: spec.subtitle } : {}),
    background: spec.theme.background,
    columns: Math.max(1, Math.min(spec.columns, spec.panels.length)),
    legend: legendItems(spec).map((i) => ({ label: i.label, color: i.color, symbol: i.symbol, dash: [...i.dash] })),
    panels: spec.panels.map((panel, p) => compilePanel(spec, panel, p, layout.panels[p]!)),
  };
}
