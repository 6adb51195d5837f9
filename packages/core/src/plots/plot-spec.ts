/**
 * PlotSpec: the renderer-agnostic grammar every plot type compiles to and every renderer compiles from
 * (DESIGN.md, Plot system). A spec is a grid of panels; a panel has an x and a y axis and layers of marks; a mark
 * carries its own columnar data. Everything is numeric on the axes: a categorical axis places categories at 0, 1,
 * 2, … and names them with explicit `ticks`. A spec is plain JSON (no functions, no typed arrays, no NaN: a missing
 * value is `null` and breaks a line), so it can be cached, sent over HTTP, embedded in HTML and validated by the
 * JSON Schema generated from these zod schemas (`docs/plot-spec.schema.json`).
 *
 * Plot types never touch a renderer; renderers compile marks, never plot types, so a new plot type needs no
 * renderer change.
 */
import { z } from 'zod';
import { ThemeSchema } from '../themes/theme.js';

/** A numeric column; `null` is a missing value (a gap in a line, a skipped point). */
const Column = z.array(z.number().nullable());
const TextColumn = z.array(z.string());
const Colour = z.string().min(1).max(64);

const MarkBase = {
  /** Legend and tooltip name of the mark (a run name, a group label). */
  label: z.string().max(500).optional(),
  /** What the mark belongs to (a run id or group key): the dashboard highlights every mark of one series together. */
  series: z.string().max(200).optional(),
  /** Resolved CSS colour; plot types take it from the theme's palette. */
  color: Colour.optional(),
  /** 0..1; default 1 for lines, points, text and rules, the theme's bandOpacity for areas, rects and polygons. */
  opacity: z.number().min(0).max(1).optional(),
};

/** A polyline through (x[i], y[i]) in the given order; a null in x or y breaks the line. */
export const LineMarkSchema = z.object({
  type: z.literal('line'),
  ...MarkBase,
  x: Column,
  y: Column,
  /** Default: the theme's lineWidth. */
  strokeWidth: z.number().min(0).max(50).optional(),
  /** Dash pattern, px on / px off; absent or [] = solid. */
  dash: z.array(z.number().min(0)).max(8).optional(),
  /** `step`: hold each value until the next x (histogram outlines, best-so-far). Default `linear`. */
  curve: z.enum(['linear', 'step']).optional(),
});

/** A filled band between y1 and y2 along x (min–max, ±std, CI bands); a null breaks the band. */
export const AreaMarkSchema = z.object({
  type: z.literal('area'),
  ...MarkBase,
  x: Column,
  y1: Column,
  y2: Column,
});

/** Points (scatter). `size` is the radius in px (one for all, or a column); `text` are per-point tooltips. */
export const PointMarkSchema = z.object({
  type: z.literal('point'),
  ...MarkBase,
  x: Column,
  y: Column,
  size: z.union([z.number().min(0).max(100), Column]).optional(),
  symbol: z.enum(['circle', 'square', 'diamond', 'cross', 'triangle']).optional(),
  /** Fill the symbol (default true); false draws its outline. */
  filled: z.boolean().optional(),
  text: TextColumn.optional(),
});

/**
 * Bars. `vertical` (default): bar i is centred at x[i], `width` wide in x units, from `base` (default 0) up to y[i].
 * `horizontal`: centred at y[i], `width` tall in y units, from `base` to x[i].
 */
export const BarMarkSchema = z.object({
  type: z.literal('bar'),
  ...MarkBase,
  orient: z.enum(['vertical', 'horizontal']).optional(),
  x: Column,
  y: Column,
  width: z.number().positive(),
  base: z.union([z.number(), Column]).optional(),
  /** Per-bar colours overriding `color`. */
  colors: z.array(Colour).optional(),
});

/**
 * Line segments from (x1[i], y1[i]) to (x2[i], y2[i]): error bars, whiskers, reference lines. A null y1/y2 means the
 * bottom/top edge of the panel and a null x1/x2 the left/right edge, so `{x1: [500], x2: [500], y1: [null], y2:
 * [null]}` is a vertical line across the panel at x = 500.
 */
export const RuleMarkSchema = z.object({
  type: z.literal('rule'),
  ...MarkBase,
  x1: Column,
  x2: Column,
  y1: Column,
  y2: Column,
  strokeWidth: z.number().min(0).max(50).optional(),
  dash: z.array(z.number().min(0)).max(8).optional(),
});

/**
 * Rectangles from (x1, y1) to (x2, y2), with the same null-means-edge rule as `rule` (a phase band spanning the
 * panel's height has null y1 and y2). Fill: `values` through the panel's colour scale (heatmaps), else `colors`
 * per rect, else `color`.
 */
export const RectMarkSchema = z.object({
  type: z.literal('rect'),
  ...MarkBase,
  x1: Column,
  x2: Column,
  y1: Column,
  y2: Column,
  values: Column.optional(),
  colors: z.array(Colour).optional(),
  /** Per-rect labels drawn in the middle (heatmap cell values, phase names). */
  text: TextColumn.optional(),
});

/** Box plots from precomputed statistics: box q1..q3 with a median line, whiskers lo..hi, centred at x[i]. */
export const BoxMarkSchema = z.object({
  type: z.literal('box'),
  ...MarkBase,
  x: Column,
  width: z.number().positive(),
  q1: Column,
  median: Column,
  q3: Column,
  lo: Column,
  hi: Column,
  colors: z.array(Colour).optional(),
});

/** Closed filled polygons (violins, contour regions): polygon i is (x[i][k], y[i][k]) for k = 0.. . */
export const PolygonMarkSchema = z.object({
  type: z.literal('polygon'),
  ...MarkBase,
  x: z.array(z.array(z.number())),
  y: z.array(z.array(z.number())),
  colors: z.array(Colour).optional(),
});

/** Text at (x[i], y[i]); null coordinates mean the panel's edge as for rules. */
export const TextMarkSchema = z.object({
  type: z.literal('text'),
  ...MarkBase,
  x: Column,
  y: Column,
  text: TextColumn,
  align: z.enum(['start', 'middle', 'end']).optional(),
  baseline: z.enum(['top', 'middle', 'bottom']).optional(),
  /** Offset in px. */
  dx: z.number().optional(),
  dy: z.number().optional(),
  fontSize: z.number().min(4).max(96).optional(),
});

export const MarkSchema = z.discriminatedUnion('type', [
  LineMarkSchema,
  AreaMarkSchema,
  PointMarkSchema,
  BarMarkSchema,
  RuleMarkSchema,
  RectMarkSchema,
  BoxMarkSchema,
  PolygonMarkSchema,
  TextMarkSchema,
]);
export type Mark = z.infer<typeof MarkSchema>;
export type MarkType = Mark['type'];
export type MarkOfType<T extends MarkType> = Extract<Mark, { type: T }>;
export const MARK_TYPES = ['line', 'area', 'point', 'bar', 'rule', 'rect', 'box', 'polygon', 'text'] as const satisfies readonly MarkType[];

export const AxisSchema = z.object({
  label: z.string().max(500).optional(),
  /** `time`: values are ms since epoch, shown as UTC dates. `log` needs positive values (plot types drop others with a warning). */
  scale: z.enum(['linear', 'log', 'time']).default('linear'),
  /** Fixed bounds; a null end (or no domain) is fitted to the data. */
  domain: z.tuple([z.number().nullable(), z.number().nullable()]).optional(),
  /** Explicit ticks (categorical axes: value 0, 1, 2… with the category names). */
  ticks: z.array(z.object({ value: z.number(), label: z.string().max(500) })).max(10_000).optional(),
  /** How tick values read: plain numbers, percentages (0.5 → 50%), durations (ms → 1h 20m). Default `number`. */
  format: z.enum(['number', 'percent', 'duration']).optional(),
  /** Draw no axis line, ticks or labels (heatmap marginals, sparklines). */
  hidden: z.boolean().optional(),
  /** Higher values down (y) or left (x): categories listed top to bottom. */
  reverse: z.boolean().optional(),
});
export type Axis = z.infer<typeof AxisSchema>;

/** Maps rect `values` to colours: `scheme` colours spread evenly over `domain`. */
export const ColorScaleSchema = z.object({
  domain: z.tuple([z.number(), z.number()]),
  scheme: z.array(Colour).min(2),
  label: z.string().max(500).optional(),
});
export type ColorScale = z.infer<typeof ColorScaleSchema>;

export const PanelSchema = z.object({
  title: z.string().max(500).optional(),
  x: AxisSchema,
  y: AxisSchema,
  color: ColorScaleSchema.optional(),
  /** Drawn in order: later marks on top. */
  marks: z.array(MarkSchema),
});
export type Panel = z.infer<typeof PanelSchema>;

export const LegendEntrySchema = z.object({
  label: z.string().max(500),
  color: Colour,
  /** The swatch: a line (with the mark's dash), a point, or a filled square. */
  symbol: z.enum(['line', 'point', 'rect']),
  dash: z.array(z.number().min(0)).max(8).optional(),
  series: z.string().max(200).optional(),
});
export type LegendEntry = z.infer<typeof LegendEntrySchema>;

export const LegendSchema = z.object({
  show: z.boolean(),
  entries: z.array(LegendEntrySchema),
  /** Series not listed (a legend of 1,000 runs lists the first ones and says how many more there are). */
  omitted: z.number().int().min(0).default(0),
  title: z.string().max(500).optional(),
});
export type Legend = z.infer<typeof LegendSchema>;

export const PLOT_SPEC_VERSION = 1;

export const PlotSpecSchema = z.object({
  version: z.literal(PLOT_SPEC_VERSION),
  /** The plot type that compiled it (`curves`, `compare`, …). */
  plot: z.string().min(1).max(100),
  title: z.string().max(500).optional(),
  subtitle: z.string().max(1000).optional(),
  /** Size in px of the whole figure. */
  width: z.number().int().min(50).max(20_000),
  height: z.number().int().min(50).max(20_000),
  theme: ThemeSchema,
  /** Panels fill a grid row by row, `columns` wide. */
  columns: z.number().int().min(1).max(50),
  panels: z.array(PanelSchema).min(1).max(2_500),
  legend: LegendSchema,
  /** What the reader should know: dropped non-positive values on a log axis, 1,000 runs in one chart, no data. */
  warnings: z.array(z.string()),
});
export type PlotSpec = z.infer<typeof PlotSpecSchema>;
export type PlotSpecInput = z.input<typeof PlotSpecSchema>;
