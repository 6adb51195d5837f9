/**
 * Lines and bands thinned to what a static image can show: per pixel column of the plot, the first and last point
 * and the extremes of each y column (M4, Jugel et al., VLDB 2014), so the drawing is the same as with every point
 * while a 10k-point line costs a few thousand points at most. Buckets are pixel columns of the x scale (log
 * columns on a log axis), which is why this does not reuse core's downsampleM4 (linear buckets, one value column);
 * gaps are kept, and a segment whose x goes back is left whole.
 */
import type { Axis, MarkOfType } from '../../plots/plot-spec.js';
import type { AxisDomain } from '../scale/resolve-panel-domains.js';
import { axisValue } from './axis-values.js';

type Column = readonly (number | null)[];

/** Segments longer than this many points per pixel column are thinned. */
const POINTS_PER_PIXEL = 4;

/**
 * The pixel column (0 … width − 1) of x on an axis showing `domain` across `width` px: log columns on a log axis.
 * Unclamped: x off the domain gives a column outside that range (NaN for x ≤ 0 on a log axis).
 */
export function pixelColumnOf(axis: Axis, domain: AxisDomain, width: number): (x: number) => number {
  const t = axis.scale === 'log' ? Math.log10 : (v: number) => v;
  const lo = t(domain.min);
  const span = t(domain.max) - lo || 1;
  return (x) => Math.floor(((t(x) - lo) / span) * width);
}

function pixelOf(axis: Axis, domain: AxisDomain, width: number): (x: number) => number {
  const column = pixelColumnOf(axis, domain, width);
  return (x) => Math.min(width - 1, Math.max(0, column(x)));
}

/**
 * The indices of the rows to keep, or null to keep them all. `valid(i)` says whether row i is drawable (a
 * non-drawable row is a gap: the first row of each run of them is kept so the line still breaks there).
 */
function keptRows(xs: Column, ys: readonly Column[], valid: (i: number) => boolean, pixel: (x: number) => number, width: number): number[] | null {
  const n = xs.length;
  if (n <= POINTS_PER_PIXEL * width) return null;
  const kept: number[] = [];
  let thinned = false;
  const flushSegment = (from: number, to: number) => {
    const len = to - from;
    let ordered = true;
    for (let i = from + 1; i < to && ordered; i++) ordered = xs[i]! >= xs[i - 1]!;
    if (len <= POINTS_PER_PIXEL * width || !ordered) {
      for (let i = from; i < to; i++) kept.push(i);
      return;
    }
    thinned = true;
    let start = from;
    while (start < to) {
      const column = pixel(xs[start]!);
      let end = start + 1;
      while (end < to && pixel(xs[end]!) === column) end++;
      const pick = new Set<number>([start, end - 1]);
      for (const y of ys) {
        let lo = start;
        let hi = start;
        for (let i = start + 1; i < end; i++) {
          if (y[i]! < y[lo]!) lo = i;
          if (y[i]! > y[hi]!) hi = i;
        }
        pick.add(lo);
        pick.add(hi);
      }
      kept.push(...[...pick].sort((a, b) => a - b));
      start = end;
    }
  };
  let segmentStart = -1;
  for (let i = 0; i <= n; i++) {
    const ok = i < n && valid(i);
    if (ok && segmentStart < 0) segmentStart = i;
    if (!ok) {
      if (segmentStart >= 0) flushSegment(segmentStart, i);
      segmentStart = -1;
      if (i < n && (i === 0 || valid(i - 1))) kept.push(i);
    }
  }
  return thinned ? kept : null;
}

const pick = <T>(column: readonly T[], rows: readonly number[]): T[] => rows.map((i) => column[i]!);

/**
 * y values pulled in to 100 panel heights beyond the panel (10^6 × on a log axis). A diverged run's 1e+96 would
 * otherwise become a coordinate no PDF writer accepts; the line still leaves the panel at (almost exactly) the
 * same place, since beyond the edge it is clipped anyway.
 */
function clampColumn(column: Column, axis: Axis, domain: AxisDomain | undefined): Column {
  if (domain === undefined) return column;
  const log = axis.scale === 'log';
  const span = domain.max - domain.min || Math.abs(domain.max) || 1;
  const lo = log ? domain.min / 1e6 : domain.min - 100 * span;
  const hi = log ? domain.max * 1e6 : domain.max + 100 * span;
  let out: (number | null)[] | undefined;
  for (let i = 0; i < column.length; i++) {
    const v = column[i];
    // values a log axis cannot show stay as they are: the renderer drops them (a gap)
    if (v === null || v === undefined || (v >= lo && v <= hi) || (log && v <= 0)) continue;
    out ??= [...column];
    out[i] = v < lo ? lo : hi;
  }
  return out ?? column;
}

/** A line mark with at most about 4 points per pixel column of a plot `width` px wide. */
export function decimateLine(mark: MarkOfType<'line'>, x: Axis, y: Axis, domain: AxisDomain, width: number, yDomain?: AxisDomain): MarkOfType<'line'> {
  const w = Math.max(1, Math.round(width));
  const ys = clampColumn(mark.y, y, yDomain);
  const rows = keptRows(mark.x, [ys], (i) => axisValue(mark.x[i], x) !== null && axisValue(ys[i], y) !== null, pixelOf(x, domain, w), w);
  if (rows) return { ...mark, x: pick(mark.x, rows), y: pick(ys, rows) };
  return ys === mark.y ? mark : { ...mark, y: [...ys] };
}

/** An area mark thinned the same way, keeping the extremes of both edges. */
export function decimateArea(mark: MarkOfType<'area'>, x: Axis, y: Axis, domain: AxisDomain, width: number, yDomain?: AxisDomain): MarkOfType<'area'> {
  const w = Math.max(1, Math.round(width));
  const y1 = clampColumn(mark.y1, y, yDomain);
  const y2 = clampColumn(mark.y2, y, yDomain);
  const valid = (i: number) => axisValue(mark.x[i], x) !== null && axisValue(y1[i], y) !== null && axisValue(y2[i], y) !== null;
  const rows = keptRows(mark.x, [y1, y2], valid, pixelOf(x, domain, w), w);
  if (rows) return { ...mark, x: pick(mark.x, rows), y1: pick(y1, rows), y2: pick(y2, rows) };
  return y1 === mark.y1 && y2 === mark.y2 ? mark : { ...mark, y1: [...y1], y2: [...y2] };
}
