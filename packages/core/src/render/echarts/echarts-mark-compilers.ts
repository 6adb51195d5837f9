/**
 * One compiler per PlotSpec mark type, each turning a mark into ECharts series. The `Record` over MarkType makes
 * the type checker prove every mark has one. Lines, bands, points and text are series of their own; rects (and
 * bars) are mark areas, rules (and box outlines) mark lines, polygons a custom series.
 */
import type { Mark, MarkOfType, MarkType, Panel } from '../../plots/plot-spec.js';
import type { Theme } from '../../themes/theme.js';
import { axisValue, edgeOr, textEdge } from '../marks/axis-values.js';
import { decimateArea, decimateLine } from '../marks/decimate-for-pixels.js';
import { lowerBar, lowerBox } from '../marks/lower-marks.js';
import { colorScaleColor, contrastingTextColor } from '../scale/color-scale.js';
import type { PanelDomains } from '../scale/resolve-panel-domains.js';
import type { EchartsSeries, EchartsJsonObject, EchartsJsonValue } from './echarts-option.js';

export interface EchartsMarkContext {
  theme: Theme;
  panel: Panel;
  /** Index of the panel's grid and axes. */
  axisIndex: number;
  domains: PanelDomains;
  /** Unique per mark in the figure (stack names). */
  markId: string;
  /** Width of the plotting area in px (lines and bands are thinned to it). */
  plotWidth: number;
}

type MarkCompiler<T extends MarkType> = (mark: MarkOfType<T>, ctx: EchartsMarkContext) => EchartsSeries[];

const SYMBOLS: Record<NonNullable<MarkOfType<'point'>['symbol']>, string> = {
  circle: 'circle',
  square: 'rect',
  diamond: 'diamond',
  triangle: 'triangle',
  cross: 'path://M-1,-4h2v3h3v2h-3v3h-2v-3h-3v-2h3z',
};

const base = (mark: Mark, ctx: EchartsMarkContext, type: EchartsSeries['type']): EchartsSeries => ({
  type,
  ...(mark.label !== undefined ? { name: mark.label } : {}),
  xAxisIndex: ctx.axisIndex,
  yAxisIndex: ctx.axisIndex,
  data: [],
  animation: false,
  // draw everything at once: progressive rendering would leave server-side SVGs half drawn
  progressive: 0,
  clip: true,
});

const lineType = (dash: readonly number[] | undefined): EchartsJsonValue => (dash && dash.length > 0 ? [...dash] : 'solid');

/** A series with no data that carries mark areas or mark lines. */
const host = (mark: Mark, ctx: EchartsMarkContext): EchartsSeries => ({ ...base(mark, ctx, 'line'), symbol: 'none', silent: true });

const compileRect: MarkCompiler<'rect'> = (mark, ctx) => {
  const { panel, domains, theme } = ctx;
  const color = mark.color ?? theme.palette[0]!;
  const values = mark.values;
  let scale = panel.color;
  if (values && !scale) {
    const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
    scale = { domain: [finite.length ? Math.min(...finite) : 0, finite.length ? Math.max(...finite) : 1], scheme: theme.sequential };
  }
  const areas: EchartsJsonValue[] = [];
  for (let i = 0; i < mark.x1.length; i++) {
    const fill = values && scale ? colorScaleColor(scale, values[i] ?? null) : (mark.colors?.[i] ?? color);
    const text = mark.text?.[i];
    const from: EchartsJsonObject = {
      coord: [edgeOr(mark.x1[i], panel.x, domains.x, 'min'), edgeOr(mark.y1[i], panel.y, domains.y, 'min')],
      itemStyle: { color: fill, opacity: mark.opacity ?? theme.bandOpacity },
    };
    if (text !== undefined && text !== '') {
      from['name'] = text;
      from['label'] = { show: true, color: values ? contrastingTextColor(fill, theme.foreground) : theme.foreground };
    }
    areas.push([from, { coord: [edgeOr(mark.x2[i], panel.x, domains.x, 'max'), edgeOr(mark.y2[i], panel.y, domains.y, 'max')] }]);
  }
  return [
    {
      ...host(mark, ctx),
      markArea: {
        silent: false,
        animation: false,
        label: { show: false, position: 'inside', formatter: '{b}', fontSize: theme.fontSize, fontFamily: theme.fontFamily },
        emphasis: { disabled: true },
        data: areas,
      },
    },
  ];
};

const compileRule: MarkCompiler<'rule'> = (mark, ctx) => {
  const { panel, domains, theme } = ctx;
  const lines: EchartsJsonValue[] = [];
  for (let i = 0; i < mark.x1.length; i++) {
    lines.push([
      { coord: [edgeOr(mark.x1[i], panel.x, domains.x, 'min'), edgeOr(mark.y1[i], panel.y, domains.y, 'min')] },
      { coord: [edgeOr(mark.x2[i], panel.x, domains.x, 'max'), edgeOr(mark.y2[i], panel.y, domains.y, 'max')] },
    ]);
  }
  return [
    {
      ...host(mark, ctx),
      markLine: {
        silent: true,
        animation: false,
        symbol: ['none', 'none'],
        label: { show: false },
        emphasis: { disabled: true },
        lineStyle: { color: mark.color ?? theme.foreground, width: mark.strokeWidth ?? 1, type: lineType(mark.dash), opacity: mark.opacity ?? 1 },
        data: lines,
      },
    },
  ];
};

/** Compilers by mark type. */
export const ECHARTS_MARK_COMPILERS: { [T in MarkType]: MarkCompiler<T> } = {
  line: (full, ctx) => {
    const { panel, theme } = ctx;
    const mark = decimateLine(full, panel.x, panel.y, ctx.domains.x, ctx.plotWidth, ctx.domains.y);
    const data: EchartsJsonValue[] = [];
    for (let i = 0; i < mark.x.length; i++) {
      const x = axisValue(mark.x[i], panel.x);
      const y = axisValue(mark.y[i], panel.y);
      // a missing value breaks the line (connectNulls: false)
      data.push(x === null || y === null ? [x ?? 0, null] : [x, y]);
    }
    const color = mark.color ?? theme.palette[0]!;
    return [
      {
        ...base(mark, ctx, 'line'),
        data,
        color,
        symbol: 'none',
        showSymbol: false,
        connectNulls: false,
        step: mark.curve === 'step' ? 'end' : false,
        lineStyle: { color, width: mark.strokeWidth ?? theme.lineWidth, type: lineType(mark.dash), opacity: mark.opacity ?? 1 },
        emphasis: { focus: 'series' },
      },
    ];
  },

  area: (full, ctx) => {
    const { panel, theme } = ctx;
    const mark = decimateArea(full, panel.x, panel.y, ctx.domains.x, ctx.plotWidth, ctx.domains.y);
    // ECharts draws a band as two stacked series: the lower edge (invisible), then the height filled on top of it
    const lower: EchartsJsonValue[] = [];
    const height: EchartsJsonValue[] = [];
    for (let i = 0; i < mark.x.length; i++) {
      const x = axisValue(mark.x[i], panel.x);
      const a = axisValue(mark.y1[i], panel.y);
      const b = axisValue(mark.y2[i], panel.y);
      if (x === null || a === null || b === null) {
        lower.push([x ?? 0, null]);
        height.push([x ?? 0, null]);
      } else {
        lower.push([x, Math.min(a, b)]);
        height.push([x, Math.abs(b - a)]);
      }
    }
    const color = mark.color ?? theme.palette[0]!;
    const band = {
      ...base(mark, ctx, 'line'),
      color,
      symbol: 'none',
      showSymbol: false,
      connectNulls: false,
      stack: ctx.markId,
      stackStrategy: 'all',
      silent: true,
      tooltip: { show: false },
      lineStyle: { opacity: 0, width: 0 },
      emphasis: { disabled: true },
    } satisfies EchartsSeries;
    return [
      { ...band, data: lower },
      { ...band, data: height, areaStyle: { color, opacity: mark.opacity ?? theme.bandOpacity } },
    ];
  },

  point: (mark, ctx) => {
    const { panel, theme } = ctx;
    const color = mark.color ?? theme.palette[0]!;
    const radius = typeof mark.size === 'number' ? mark.size : theme.pointRadius;
    const data: EchartsJsonValue[] = [];
    for (let i = 0; i < mark.x.length; i++) {
      const x = axisValue(mark.x[i], panel.x);
      const y = axisValue(mark.y[i], panel.y);
      if (x === null || y === null) continue;
      const item: EchartsJsonObject = { value: [x, y] };
      if (Array.isArray(mark.size)) item['symbolSize'] = 2 * (mark.size[i] ?? radius);
      const text = mark.text?.[i];
      if (text !== undefined) item['name'] = text;
      data.push(item);
    }
    const filled = mark.filled !== false;
    return [
      {
        ...base(mark, ctx, 'scatter'),
        data,
        color,
        symbol: SYMBOLS[mark.symbol ?? 'circle'],
        symbolSize: 2 * radius,
        itemStyle: filled
          ? { color, opacity: mark.opacity ?? 1 }
          : { color: 'rgba(0,0,0,0)', borderColor: color, borderWidth: Math.max(1, theme.lineWidth * 0.8), opacity: mark.opacity ?? 1 },
        emphasis: { focus: 'series' },
      },
    ];
  },

  bar: (mark, ctx) => compileRect(lowerBar(mark, ctx.theme), ctx),

  rule: compileRule,

  rect: compileRect,

  box: (mark, ctx) => {
    const { rect, rules } = lowerBox(mark, ctx.theme);
    return [...compileRect(rect, ctx), ...rules.flatMap((r) => compileRule(r, ctx))];
  },

  polygon: (mark, ctx) => {
    const { panel, theme } = ctx;
    const color = mark.color ?? theme.palette[0]!;
    const polygons: [number, number][][] = [];
    const fills: string[] = [];
    const data: EchartsJsonValue[] = [];
    mark.x.forEach((xs, i) => {
      const ys = mark.y[i] ?? [];
      const points: [number, number][] = [];
      for (let k = 0; k < xs.length; k++) {
        const x = axisValue(xs[k], panel.x);
        const y = axisValue(ys[k], panel.y);
        if (x !== null && y !== null) points.push([x, y]);
      }
      if (points.length < 3) return;
      polygons.push(points);
      fills.push(mark.colors?.[i] ?? color);
      // the data item is the polygon's first vertex (what a tooltip points at); the shape comes from renderItem
      data.push([points[0]![0], points[0]![1]]);
    });
    return [
      {
        ...base(mark, ctx, 'custom'),
        data,
        color,
        encode: { x: 0, y: 1 },
        renderItem: { $runlens: 'polygons', polygons, fills, fillOpacity: mark.opacity ?? theme.bandOpacity, stroke: color, lineWidth: 1 },
      },
    ];
  },

  text: (mark, ctx) => {
    const { panel, theme } = ctx;
    const align = mark.align ?? 'middle';
    const baseline = mark.baseline ?? 'middle';
    const data: EchartsJsonValue[] = [];
    for (let i = 0; i < mark.x.length; i++) {
      const text = mark.text[i];
      if (text === undefined || text === '') continue;
      data.push({
        name: text,
        value: [edgeOr(mark.x[i], panel.x, ctx.domains.x, textEdge(align, panel.x)), edgeOr(mark.y[i], panel.y, ctx.domains.y, textEdge(baseline, panel.y))],
      });
    }
    return [
      {
        ...base(mark, ctx, 'scatter'),
        data,
        // a symbol of size 0, not `none`: ECharts draws no label for a `none` symbol
        symbol: 'circle',
        symbolSize: 0,
        itemStyle: { opacity: 0 },
        silent: true,
        tooltip: { show: false },
        label: {
          show: true,
          position: 'inside',
          formatter: '{b}',
          align: align === 'start' ? 'left' : align === 'end' ? 'right' : 'center',
          verticalAlign: baseline,
          offset: [mark.dx ?? 0, mark.dy ?? 0],
          fontSize: mark.fontSize ?? theme.fontSize,
          fontFamily: theme.fontFamily,
          color: mark.color ?? theme.foreground,
          opacity: mark.opacity ?? 1,
        },
        emphasis: { disabled: true },
      },
    ];
  },
};

/** The series of one mark. */
export function compileEchartsMark(mark: Mark, ctx: EchartsMarkContext): EchartsSeries[] {
  return (ECHARTS_MARK_COMPILERS[mark.type] as MarkCompiler<MarkType>)(mark, ctx);
}
