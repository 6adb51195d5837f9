/** Putting several runs' series on one common x grid, so a group's mean and band can be computed per x. */
import { RunlensError } from '../errors.js';
import type { SeriesFrame } from './series-frame.js';

/** Options of {@link alignFrames}. */
export interface AlignFramesOptions {
  /**
   * The most grid points: when the distinct x values of all frames together number at most this, the grid is
   * exactly those values; otherwise it is this many evenly spaced x. An integer ≥ 2; default 1000.
   */
  readonly points?: number;
  /** Lower end of the grid (inclusive); default the smallest x of any frame. */
  readonly from?: number;
  /** Upper end of the grid (inclusive); default the largest x of any frame. */
  readonly to?: number;
}

/** Frames on one grid: `ys[i][j]` is frame i's value at `x[j]`, NaN where frame i has no data there. */
export interface AlignedFrames {
  readonly x: Float64Array;
  readonly ys: Float64Array[];
}

const DEFAULT_POINTS = 1000;

/**
 * Puts frames on one common x grid: the union of all their x values when that has at most `points` values, else
 * `points` evenly spaced x over the full range (smallest to largest x of any frame, so a longer run is not cut to
 * the shortest; `from`/`to` clip it). Each frame is linearly interpolated onto the grid and is NaN outside its own
 * x range: nothing is extrapolated, so a mean over frames at an x is a mean over the runs that reached it.
 *
 * Input need not be sorted. Points with a non-finite x are ignored. Points with a non-finite y (NaN, ±Infinity)
 * count as missing: the frame is interpolated across them, and its x range is that of its finite points (a run
 * that diverged to NaN ends where its last finite value is). Several points at one x are replaced by the mean of
 * their finite values. Frames are never mutated.
 *
 * @example
 * alignFrames([
 *   { x: Float64Array.of(0, 2), y: Float64Array.of(0, 2) },
 *   { x: Float64Array.of(1, 3), y: Float64Array.of(5, 5) },
 * ]) // x [0, 1, 2, 3]; ys [[0, 1, 2, NaN], [NaN, 5, 5, 5]]
 */
export function alignFrames(frames: readonly SeriesFrame[], options: AlignFramesOptions = {}): AlignedFrames {
  const points = options.points ?? DEFAULT_POINTS;
  if (!Number.isInteger(points) || points < 2) {
    throw new RunlensError('VALIDATION', `invalid points: ${points} (expected an integer ≥ 2)`, { field: 'points' });
  }
  for (const [field, v] of [['from', options.from], ['to', options.to]] as const) {
    if (v !== undefined && !Number.isFinite(v)) {
      throw new RunlensError('VALIDATION', `invalid ${field}: ${v} (expected a finite number)`, { field });
    }
  }
  if (options.from !== undefined && options.to !== undefined && options.from > options.to) {
    throw new RunlensError('VALIDATION', `invalid range: from ${options.from} is above to ${options.to}`, { field: 'from' });
  }
  const cleaned = frames.map(cleanFrame);
  const x = buildGrid(cleaned, points, options.from, options.to);
  return { x, ys: cleaned.map((f) => interpolateOnto(f, x)) };
}

/** A frame's finite points sorted by x, duplicates merged: x strictly increasing, y finite. */
interface CleanFrame {
  readonly x: Float64Array;
  readonly y: Float64Array;
}

function cleanFrame(frame: SeriesFrame): CleanFrame {
  if (frame.x.length !== frame.y.length) {
    throw new RunlensError('VALIDATION', `invalid frame: ${frame.x.length} x values but ${frame.y.length} y values`);
  }
  const order: number[] = [];
  for (let i = 0; i < frame.x.length; i++) {
    if (Number.isFinite(frame.x[i]!) && Number.isFinite(frame.y[i]!)) order.push(i);
  }
  let sorted = true;
  for (let k = 1; k < order.length && sorted; k++) sorted = frame.x[order[k - 1]!]! <= frame.x[order[k]!]!;
  if (!sorted) order.sort((a, b) => frame.x[a]! - frame.x[b]! || a - b);
  const x = new Float64Array(order.length);
  const y = new Float64Array(order.length);
  let n = 0;
  for (let k = 0; k < order.length; ) {
    const xv = frame.x[order[k]!]!;
    let sum = 0;
    let count = 0;
    for (; k < order.length && frame.x[order[k]!] === xv; k++, count++) sum += frame.y[order[k]!]!;
    x[n] = xv;
    y[n++] = sum / count;
  }
  return { x: x.subarray(0, n), y: y.subarray(0, n) };
}

function buildGrid(frames: readonly CleanFrame[], points: number, from: number | undefined, to: number | undefined): Float64Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (const f of frames) {
    if (f.x.length === 0) continue;
    lo = Math.min(lo, f.x[0]!);
    hi = Math.max(hi, f.x[f.x.length - 1]!);
  }
  if (from !== undefined) lo = from;
  if (to !== undefined) hi = to;
  if (!(lo <= hi)) return new Float64Array(0);
  // Collect distinct x in range, giving up as soon as there are more than fit: then the grid is even.
  const distinct = new Set<number>();
  for (const f of frames) {
    for (const v of f.x) {
      if (v < lo || v > hi) continue;
      distinct.add(v);
      if (distinct.size > points) return evenGrid(lo, hi, points);
    }
  }
  // -0 and 0 are one Set entry already; sorting numerically keeps the grid strictly increasing.
  return Float64Array.from(distinct).sort();
}

function evenGrid(lo: number, hi: number, points: number): Float64Array {
  const x = new Float64Array(points);
  const span = hi - lo;
  for (let j = 0; j < points; j++) x[j] = lo + (span * j) / (points - 1);
  // The last point is hi exactly, not lo + span·(n−1)/(n−1) rounded, so the last run's end is on the grid.
  x[points - 1] = hi;
  return x;
}

/** Linear interpolation of a clean frame at sorted grid x; NaN outside the frame's x range. */
function interpolateOnto(frame: CleanFrame, grid: Float64Array): Float64Array {
  const out = new Float64Array(grid.length).fill(Number.NaN);
  const n = frame.x.length;
  if (n === 0) return out;
  const first = frame.x[0]!;
  const last = frame.x[n - 1]!;
  let k = 0;
  for (let j = 0; j < grid.length; j++) {
    const g = grid[j]!;
    if (g < first || g > last) continue;
    while (k < n - 1 && frame.x[k + 1]! <= g) k++;
    const x0 = frame.x[k]!;
    if (g === x0 || k === n - 1) {
      out[j] = frame.y[k]!;
      continue;
    }
    const x1 = frame.x[k + 1]!;
    const y0 = frame.y[k]!;
    const y1 = frame.y[k + 1]!;
    // Equal neighbours stay exactly equal (no rounding drift in a constant stretch).
    out[j] = y0 === y1 ? y0 : y0 + ((y1 - y0) * (g - x0)) / (x1 - x0);
  }
  return out;
}
