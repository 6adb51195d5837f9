/**
 * Randomised properties of the raw-point downsamplers against a naive reference, over seeded series with spikes,
 * NaN runs, ±Infinity, duplicate x and random ranges.
 */
import { describe, expect, it } from 'vitest';
import { bucketBoundary, makeBucketGrid } from './bucket-grid.js';
import { downsampleLttb } from './lttb.js';
import { downsampleM4 } from './m4.js';
import { downsampleMinMax } from './minmax.js';
import type { DownsampleOptions, XYColumns } from './types.js';
import { createSeededRandom } from '../random/seeded-random.js';

/** A random series; steps are row indices so an output row can be traced back to its input row. */
function randomSeries(rnd: () => number): XYColumns {
  const n = Math.floor(rnd() * 1500);
  const xs = new Float64Array(n);
  const values = new Float64Array(n);
  const constant = rnd() < 0.05;
  const integerX = rnd() < 0.5;
  let x = rnd() < 0.5 ? 0 : (rnd() - 0.5) * 1e6;
  let nanLeft = 0;
  for (let i = 0; i < n; i++) {
    if (rnd() > 0.15) x += integerX ? 1 + Math.floor(rnd() * 3) : rnd() * 10;
    xs[i] = x;
    if (nanLeft === 0 && rnd() < 0.01) nanLeft = 1 + Math.floor(rnd() * 20);
    const r = rnd();
    if (nanLeft > 0) {
      values[i] = Number.NaN;
      nanLeft--;
    } else if (constant) values[i] = 4;
    else if (r < 0.01) values[i] = (rnd() - 0.5) * 2e6;
    else if (r < 0.013) values[i] = Infinity;
    else if (r < 0.016) values[i] = -Infinity;
    else values[i] = 1 + (rnd() - 0.5) * 0.1;
  }
  const steps = Float64Array.from(xs, (_, i) => i);
  return { xs, values, steps, times: Float64Array.from(xs, (_, i) => 7e11 + 3 * i) };
}

function randomOptions(rnd: () => number, cols: XYColumns): DownsampleOptions {
  const n = cols.xs.length;
  const lo = n > 0 ? cols.xs[0]! : 0;
  const hi = n > 0 ? cols.xs[n - 1]! : 1;
  const pick = (): number => lo + (rnd() * 1.4 - 0.2) * (hi - lo);
  const opts: DownsampleOptions = { points: Math.floor(rnd() * 300) };
  if (rnd() < 0.2) {
    // Integer-width buckets starting on a data point, so boundaries fall exactly on points' x.
    opts.from = n > 0 ? cols.xs[Math.floor(rnd() * n)]! : 0;
    opts.to = opts.from + Math.max(1, Math.floor(opts.points / 2)) * (1 + Math.floor(rnd() * 5));
    return opts;
  }
  if (rnd() < 0.3) opts.from = pick();
  if (rnd() < 0.3) opts.to = pick();
  return opts;
}

/** The rows whose x lies in [from, to], found one by one. */
function rowsInRange(xs: Float64Array, opts: DownsampleOptions): number[] {
  const rows: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    if ((opts.from === undefined || xs[i]! >= opts.from) && (opts.to === undefined || xs[i]! <= opts.to)) rows.push(i);
  }
  return rows;
}

/** The rows a bucketed method must emit, found point by point with no search: the reference. */
function expectedRows(cols: XYColumns, opts: DownsampleOptions, perBucket: 2 | 4): number[] {
  const { xs, values } = cols;
  const inRange = rowsInRange(xs, opts);
  if (inRange.length <= opts.points) return inRange;
  const start = inRange[0]!;
  const end = inRange[inRange.length - 1]! + 1;
  const grid = makeBucketGrid(xs, xs, start, end, opts.from, opts.to, Math.floor(opts.points / perBucket));
  const rows = new Set<number>(perBucket === 2 ? [start, end - 1] : []);
  let k = 0;
  let bucketRows: number[] = [];
  const flush = (): void => {
    if (bucketRows.length === 0) return;
    let iMin = -1;
    let iMax = -1;
    for (const r of bucketRows) {
      const v = values[r]!;
      if (Number.isNaN(v)) continue;
      if (iMin < 0 || v < values[iMin]!) iMin = r;
      if (iMax < 0 || v > values[iMax]!) iMax = r;
    }
    const iNan = bucketRows.find((r) => Number.isNaN(values[r]));
    for (const r of [iMin, iMax, iNan ?? -1]) if (r >= 0) rows.add(r);
    if (perBucket === 4) {
      rows.add(bucketRows[0]!);
      rows.add(bucketRows[bucketRows.length - 1]!);
    }
    bucketRows = [];
  };
  for (let i = start; i < end; i++) {
    while (k < grid.count - 1 && bucketBoundary(grid, k + 1) <= xs[i]!) {
      flush();
      k++;
    }
    bucketRows.push(i);
  }
  flush();
  return [...rows].sort((a, b) => a - b);
}

/** Asserts `out` is a subsequence of the rows of `cols`, sorted by x; returns its row indices. */
function tracedRows(cols: XYColumns, out: XYColumns): number[] {
  const rows = Array.from(out.steps);
  const bad: string[] = [];
  for (let j = 0; j < rows.length; j++) {
    const r = rows[j]!;
    if (out.xs[j] !== cols.xs[r] || !Object.is(out.values[j], cols.values[r]) || out.times[j] !== cols.times[r]) {
      bad.push(`output ${j} is not input row ${r}`);
    }
    if (j > 0 && (r <= rows[j - 1]! || out.xs[j]! < out.xs[j - 1]!)) bad.push(`output ${j} is out of order`);
  }
  expect(bad).toEqual([]);
  return rows;
}

describe('min/max and M4 against a naive reference', () => {
  const cases = 300;

  it('minmax emits exactly each bucket’s min, max and first NaN, plus the range’s first and last points', () => {
    const rnd = createSeededRandom(20240611).next;
    for (let c = 0; c < cases; c++) {
      const cols = randomSeries(rnd);
      const opts = randomOptions(rnd, cols);
      const out = downsampleMinMax(cols, opts);
      const rows = tracedRows(cols, out);
      // The reference holds every bucket's true min and max, so equality means none of them was dropped.
      expect(rows).toEqual(expectedRows(cols, opts, 2));
      const buckets = Math.max(1, Math.floor(opts.points / 2));
      const nanPoints = Array.from(out.values).filter(Number.isNaN).length;
      if (rows.length > opts.points) expect(rows.length).toBeLessThanOrEqual(2 * buckets + 2 + nanPoints);
    }
  });

  it('M4 emits exactly each bucket’s first, last, min, max and first NaN', () => {
    const rnd = createSeededRandom(7).next;
    for (let c = 0; c < cases; c++) {
      const cols = randomSeries(rnd);
      const opts = randomOptions(rnd, cols);
      const rows = tracedRows(cols, downsampleM4(cols, opts));
      expect(rows).toEqual(expectedRows(cols, opts, 4));
    }
  });

  it('LTTB output is a sorted subsequence holding the first and last points of the range', () => {
    const rnd = createSeededRandom(99).next;
    for (let c = 0; c < cases; c++) {
      const cols = randomSeries(rnd);
      const opts = randomOptions(rnd, cols);
      const rows = tracedRows(cols, downsampleLttb(cols, opts));
      const all = rowsInRange(cols.xs, opts);
      if (all.length > 0) expect([rows[0], rows[rows.length - 1]]).toEqual([all[0], all[all.length - 1]]);
      else expect(rows).toEqual([]);
    }
  });
});

describe('a one-point spike in 1M points of noise', () => {
  const n = 1_000_000;
  const rnd = createSeededRandom(42).next;
  const cols: XYColumns = {
    xs: Float64Array.from({ length: n }, (_, i) => i),
    values: Float64Array.from({ length: n }, () => 1 + (rnd() - 0.5) * 0.2),
    steps: Float64Array.from({ length: n }, (_, i) => i),
    times: Float64Array.from({ length: n }, (_, i) => 1.7e12 + 100 * i),
  };
  const spike = 654_321;
  cols.values[spike] = 1e6;

  for (const [name, fn] of [
    ['minmax', downsampleMinMax],
    ['m4', downsampleM4],
    ['lttb', downsampleLttb],
  ] as const) {
    it(`survives ${name} to 1,000 points`, () => {
      const out = fn(cols, { points: 1000 });
      expect(out.xs.length).toBeLessThanOrEqual(1002);
      const j = Array.from(out.steps).indexOf(spike);
      expect(j).toBeGreaterThanOrEqual(0);
      expect(out.values[j]).toBe(1e6);
      expect(out.times[j]).toBe(1.7e12 + 100 * spike);
    });
  }
});
