/**
 * One compiler per PlotSpec mark type, each turning a mark into Vega-Lite layers with long-form inline data. The
 * `Record` over MarkType makes the type checker prove every mark has one. Lines and bands are split into segments
 * at missing values (a `detail` field), so a gap stays a gap; polygons are closed filled lines.
 */
import type { Mark, MarkOfType, MarkType, Panel } from '../../plots/plot-spec.js';
import type { Theme } from '../../themes/theme.js';
import { axisValue, edgeOr, textEdge } from '../marks/axis-values.js';
import { decimateArea, decimateLine } from '../marks/decimate-for-pixels.js';
import { lowerBar, lowerBox } from '../marks/lower-marks.js';
import { colorScaleColor, contrastingTextColor } from '../scale/color-scale.js';
import type { PanelDomains } from '../scale/resolve-panel-domains.js';
import type { VegaLiteLayer, VegaLiteObject } from './vega-lite-spec.js';

export interface VegaLiteMarkContext {
  theme: Theme;
  panel: Panel;
  domains: PanelDomains;
  /** The x and y channel definitions (fields `x` and `y`), the same in every layer of the panel. */
  x: VegaLiteObject;
  y: VegaLiteObject;
  /** Width of the plotting area in px (lines and bands are thinned to it). */
  plotWidth: number;
}

type MarkCompiler<T extends MarkType> = (mark: MarkOfType<T>, ctx: VegaLiteMarkContext) => VegaLiteLayer[];

const SHAPES: Record<NonNullable<MarkOfType<'point'>['symbol']>, string> = {
  circle: 'circle',
  square: 'square',
  diamond: 'diamond',
  cross: 'cross',
  triangle: 'triangle-up',
};

const layer = (values: VegaLiteObject[], mark: VegaLiteObject, encoding: VegaLiteObject): VegaLiteLayer => ({
  data: { values },
  mark: { clip: true, ...mark },
  encoding,
});

const dashOf = (dash: readonly number[] | undefined): VegaLiteObject => (dash && dash.length > 0 ? { strokeDash: [...dash] } : {});

/** The centre of [a, b] on the axis's scale (geometric on a log axis). */
const middle = (a: number, b: number, panelAxis: Panel['x']): number => (panelAxis.scale === 'log' ? Math.sqrt(a * b) : (a + b) / 2);

const compileRect: MarkCompiler<'rect'> = (mark, ctx) => {
  const { panel, domains, theme } = ctx;
  const color = mark.color ?? theme.palette[0]!;
  const values = mark.values;
  // a panel colour scale becomes a Vega-Lite scale (with its gradient legend); other fills are computed here
  const scaled = values !== undefined && panel.color !== undefined;
  let fallbackScale = panel.color;
  if (values && !fallbackScale) {
    const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
    fallbackScale = { domain: [finite.length ? Math.min(...finite) : 0, finite.length ? Math.max(...finite) : 1], scheme: theme.sequential };
  }
  const rows: VegaLiteObject[] = [];
  const labels: VegaLiteObject[] = [];
  for (let i = 0; i < mark.x1.length; i++) {
    const x = edgeOr(mark.x1[i], panel.x, domains.x, 'min');
    const x2 = edgeOr(mark.x2[i], panel.x, domains.x, 'max');
    const y = edgeOr(mark.y1[i], panel.y, domains.y, 'min');
    const y2 = edgeOr(mark.y2[i], panel.y, domains.y, 'max');
    const v = values?.[i] ?? null;
    const fill = values && fallbackScale ? colorScaleColor(fallbackScale, v) : (mark.colors?.[i] ?? color);
    if (scaled && (v === null || !Number.isFinite(v))) continue;
    rows.push(scaled ? { x, x2, y, y2, v } : { x, x2, y, y2, fill });
    const text = mark.text?.[i];
    if (text !== undefined && text !== '') {
      labels.push({ x: middle(x, x2, panel.x), y: middle(y, y2, panel.y), t: text, c: values ? contrastingTextColor(fill, theme.foreground) : theme.foreground });
    }
  }
  const fillChannel: VegaLiteObject = scaled
    ? {
        field: 'v',
        type: 'quantitative',
        scale: { domain: [...panel.color!.domain], range: [...panel.color!.scheme], interpolate: 'rgb', clamp: true },
        legend: { title: panel.color!.label ?? null, gradientLength: 160, gradientThickness: 12 },
      }
    : { field: 'fill', type: 'nominal', scale: null, legend: null };
  const out = [layer(rows, { type: 'rect', opacity: mark.opacity ?? theme.bandOpacity }, { x: ctx.x, x2: { field: 'x2' }, y: ctx.y, y2: { field: 'y2' }, fill: fillChannel })];
  if (labels.length > 0) {
    out.push(layer(labels, { type: 'text', fontSize: theme.fontSize, align: 'center', baseline: 'middle' }, { x: ctx.x, y: ctx.y, text: { field: 't' }, color: { field: 'c', type: 'nominal', scale: null, legend: null } }));
  }
  return out;
};

const compileRule: MarkCompiler<'rule'> = (mark, ctx) => {
  const { panel, domains, theme } = ctx;
  const rows: VegaLiteObject[] = [];
  for (let i = 0; i < mark.x1.length; i++) {
    rows.push({
      x: edgeOr(mark.x1[i], panel.x, domains.x, 'min'),
      x2: edgeOr(mark.x2[i], panel.x, domains.x, 'max'),
      y: edgeOr(mark.y1[i], panel.y, domains.y, 'min'),
      y2: edgeOr(mark.y2[i], panel.y, domains.y, 'max'),
    });
  }
  return [
    layer(
      rows,
      { type: 'rule', color: mark.color ?? theme.foreground, strokeWidth: mark.strokeWidth ?? 1, opacity: mark.opacity ?? 1, ...dashOf(mark.dash) },
      { x: ctx.x, x2: { field: 'x2' }, y: ctx.y, y2: { field: 'y2' } },
    ),
  ];
};

/** Compilers by mark type. */
export const VEGA_LITE_MARK_COMPILERS: { [T in MarkType]: MarkCompiler<T> } = {
  line: (full, ctx) => {
    const { panel, theme } = ctx;
    const mark = decimateLine(full, panel.x, panel.y, ctx.domains.x, ctx.plotWidth, ctx.domains.y);
    const rows: VegaLiteObject[] = [];
    let segment = 0;
    for (let i = 0; i < mark.x.length; i++) {
      const x = axisValue(mark.x[i], panel.x);
      const y = axisValue(mark.y[i], panel.y);
      if (x === null || y === null) {
        segment++;
        continue;
      }
      rows.push({ x, y, s: segment, i });
    }
    return [
      layer(
        rows,
        {
          type: 'line',
          color: mark.color ?? theme.palette[0]!,
          strokeWidth: mark.strokeWidth ?? theme.lineWidth,
          opacity: mark.opacity ?? 1,
          interpolate: mark.curve === 'step' ? 'step-after' : 'linear',
          ...dashOf(mark.dash),
        },
        { x: ctx.x, y: ctx.y, detail: { field: 's', type: 'nominal' }, order: { field: 'i', type: 'quantitative' } },
      ),
    ];
  },

  area: (full, ctx) => {
    const { panel, theme } = ctx;
    const mark = decimateArea(full, panel.x, panel.y, ctx.domains.x, ctx.plotWidth, ctx.domains.y);
    const rows: VegaLiteObject[] = [];
    let segment = 0;
    for (let i = 0; i < mark.x.length; i++) {
      const x = axisValue(mark.x[i], panel.x);
      const a = axisValue(mark.y1[i], panel.y);
      const b = axisValue(mark.y2[i], panel.y);
      if (x === null || a === null || b === null) {
        segment++;
        continue;
      }
      rows.push({ x, y: a, y2: b, s: segment });
    }
    return [
      layer(
        rows,
        { type: 'area', color: mark.color ?? theme.palette[0]!, opacity: mark.opacity ?? theme.bandOpacity, orient: 'vertical' },
        // no `order` channel: on an area it means stacking order and would split the band into single points
        { x: ctx.x, y: ctx.y, y2: { field: 'y2' }, detail: { field: 's', type: 'nominal' } },
      ),
    ];
  },

  point: (mark, ctx) => {
    const { panel, theme } = ctx;
    const radius = typeof mark.size === 'number' ? mark.size : theme.pointRadius;
    const perPointSize = Array.isArray(mark.size);
    const rows: VegaLiteObject[] = [];
    for (let i = 0; i < mark.x.length; i++) {
      const x = axisValue(mark.x[i], panel.x);
      const y = axisValue(mark.y[i], panel.y);
      if (x === null || y === null) continue;
      const row: VegaLiteObject = { x, y };
      // Vega sizes a symbol by the area of its bounding square: (2r)²
      if (perPointSize) row['size'] = (2 * ((mark.size as (number | null)[])[i] ?? radius)) ** 2;
      if (mark.text?.[i] !== undefined) row['t'] = mark.text[i];
      rows.push(row);
    }
    const filled = mark.filled !== false;
    const color = mark.color ?? theme.palette[0]!;
    return [
      layer(
        rows,
        {
          type: 'point',
          shape: SHAPES[mark.symbol ?? 'circle'],
          filled,
          color,
          opacity: mark.opacity ?? 1,
          size: (2 * radius) ** 2,
          ...(filled ? { strokeWidth: 0 } : { strokeWidth: Math.max(1, theme.lineWidth * 0.8) }),
        },
        {
          x: ctx.x,
          y: ctx.y,
          ...(perPointSize ? { size: { field: 'size', type: 'quantitative', scale: null, legend: null } } : {}),
          ...(mark.text ? { tooltip: { field: 't', type: 'nominal' } } : {}),
        },
      ),
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
    // one layer per fill colour: a line mark takes one fill
    const byFill = new Map<string, VegaLiteObject[]>();
    mark.x.forEach((xs, p) => {
      const ys = mark.y[p] ?? [];
      const rows: VegaLiteObject[] = [];
      for (let k = 0; k < xs.length; k++) {
        const x = axisValue(xs[k], panel.x);
        const y = axisValue(ys[k], panel.y);
        if (x !== null && y !== null) rows.push({ x, y, p, i: k });
      }
      if (rows.length < 3) return;
      const fill = mark.colors?.[p] ?? color;
      byFill.set(fill, [...(byFill.get(fill) ?? []), ...rows]);
    });
    return [...byFill].map(([fill, rows]) =>
      layer(
        rows,
        { type: 'line', interpolate: 'linear-closed', fill, fillOpacity: mark.opacity ?? theme.bandOpacity, stroke: color, strokeWidth: 1 },
        { x: ctx.x, y: ctx.y, detail: { field: 'p', type: 'nominal' }, order: { field: 'i', type: 'quantitative' } },
      ),
    );
  },

  text: (mark, ctx) => {
    const { panel, domains, theme } = ctx;
    const align = mark.align ?? 'middle';
    const baseline = mark.baseline ?? 'middle';
    const rows: VegaLiteObject[] = [];
    for (let i = 0; i < mark.x.length; i++) {
      const t = mark.text[i];
      if (t === undefined || t === '') continue;
      rows.push({ x: edgeOr(mark.x[i], panel.x, domains.x, textEdge(align, panel.x)), y: edgeOr(mark.y[i], panel.y, domains.y, textEdge(baseline, panel.y)), t });
    }
    return [
      layer(
        rows,
        {
          type: 'text',
          align: align === 'start' ? 'left' : align === 'end' ? 'right' : 'center',
          baseline,
          dx: mark.dx ?? 0,
          dy: mark.dy ?? 0,
          fontSize: mark.fontSize ?? theme.fontSize,
          color: mark.color ?? theme.foreground,
          opacity: mark.opacity ?? 1,
        },
        { x: ctx.x, y: ctx.y, text: { field: 't' } },
      ),
    ];
  },
};

/** The layers of one mark. */
export function compileVegaLiteMark(mark: Mark, ctx: VegaLiteMarkContext): VegaLiteLayer[] {
  return (VEGA_LITE_MARK_COMPILERS[mark.type] as MarkCompiler<MarkType>)(mark, ctx);
}
