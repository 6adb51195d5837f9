/**
 * The part of uPlot's option model the compiler writes (core does not import uplot; packages/web does). uPlot is
 * driven from JavaScript in the browser, so these options may hold functions (tick labels, the annotation draw
 * hook, the UTC date shift), all pure.
 */

/** The canvas calls the annotation hook makes. */
export interface UplotCanvas {
  save(): void;
  restore(): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  rect(x: number, y: number, w: number, h: number): void;
  clip(): void;
  stroke(): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
  setLineDash(segments: number[]): void;
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  globalAlpha: number;
  font: string;
  textAlign: string;
  textBaseline: string;
}

/** The uPlot instance as the hooks see it. */
export interface UplotInstance {
  readonly ctx: UplotCanvas;
  /** The plotting area in canvas pixels. */
  readonly bbox: { left: number; top: number; width: number; height: number };
  valToPos(value: number, scaleKey: string, canvasPixels?: boolean): number;
}

export interface UplotScale {
  time: boolean;
  auto: false;
  range: [number, number];
  /** 3: logarithmic. */
  distr: 1 | 3;
  log?: 10;
  /** -1: reversed. */
  dir: 1 | -1;
}

export interface UplotAxis {
  scale: 'x' | 'y';
  show: boolean;
  label?: string;
  stroke: string;
  font: string;
  labelFont: string;
  size: number;
  labelSize?: number;
  grid: { show: boolean; stroke: string; width: number };
  ticks: { show: boolean; stroke: string; width: number };
  /** Fixed tick positions (categories, durations, decades). */
  splits?: () => number[];
  /** Tick labels. */
  values?: (u: UplotInstance, splits: number[]) => string[];
  rotate?: number;
}

export interface UplotSeries {
  label?: string;
  /** The PlotSpec series (a run or a group) the mark belongs to: lines, bands and raw curves of one run share it. */
  seriesId?: string;
  scale?: 'y';
  stroke?: string;
  width?: number;
  dash?: number[];
  fill?: string;
  alpha?: number;
  /** false: a `null` value breaks the line (alignment gaps are `undefined` and are bridged). */
  spanGaps?: boolean;
  points?: { show: boolean; size?: number; fill?: string; stroke?: string; width?: number };
  /** `() => null` draws no line (points only). */
  paths?: () => null;
}

export interface UplotBand {
  /** [upper series index, lower series index]. */
  series: [number, number];
  fill: string;
}

export interface UplotOptions {
  title?: string;
  width: number;
  height: number;
  /** Timestamps are milliseconds. */
  ms: 1;
  /** Shows time axes in UTC. */
  tzDate: (ms: number) => Date;
  scales: { x: UplotScale; y: UplotScale };
  axes: [UplotAxis, UplotAxis];
  series: UplotSeries[];
  bands: UplotBand[];
  legend: { show: boolean };
  cursor: { drag: { x: boolean; y: boolean } };
  /** drawClear: under the series (rects); draw: over them (rules). */
  hooks: { drawClear: ((u: UplotInstance) => void)[]; draw: ((u: UplotInstance) => void)[] };
}

/**
 * uPlot's aligned columns: x first, then one column per series. `null` is a gap (the line breaks); `undefined`
 * means the series has no point at that x (the line goes straight on to its next point).
 */
export type UplotAlignedData = [number[], ...(number | null | undefined)[][]];

export interface UplotPanel {
  options: UplotOptions;
  data: UplotAlignedData;
}

/** One uPlot per panel, laid out `columns` wide, with the figure's legend rows for the page to draw. */
export interface UplotFigure {
  title?: string;
  subtitle?: string;
  background: string;
  columns: number;
  legend: { label: string; color: string; symbol: 'line' | 'point' | 'rect' | 'none'; dash: number[] }[];
  panels: UplotPanel[];
}
