/**
 * Series reads for charts: a step/time range on any x axis, downsampled server-side so spikes survive.
 * Long ranges downsample from the store's block aggregates (about 1 byte read per point); short ones from raw points.
 */
import {
  LIMITS,
  RunlensError,
  downsample,
  downsampleBlocksM4,
  downsampleBlocksMinMax,
  encodeColumn,
  type DownsampleMethod,
  type PointBlocks,
  type Run,
  type SeriesColumns,
  type SeriesResult,
  type XYColumns,
} from '@runlens/core';
import type { Store } from '../store/store.js';
import { BLOCK_SIZES, type BlockLevel } from '../store/chunk-codec.js';

export interface SeriesRequest {
  x: string;
  from?: number | undefined;
  to?: number | undefined;
  points: number;
  method: DownsampleMethod;
}

/** How many blocks per output bucket make the block path as good as raw: below this, read raw points. */
const MIN_BLOCKS_PER_BUCKET = 4;

const BLOCK_METHODS: Partial<Record<DownsampleMethod, typeof downsampleBlocksMinMax>> = {
  minmax: downsampleBlocksMinMax,
  m4: downsampleBlocksM4,
};

const POINTS_PER_BUCKET: Record<DownsampleMethod, number> = { minmax: 2, m4: 4, lttb: 1, none: 1 };

function toResult(run: Run, key: string, req: SeriesRequest, cols: XYColumns, total: number, downsampled: boolean): SeriesResult {
  return {
    run: run.id,
    key,
    x: req.x,
    xs: encodeColumn(cols.xs),
    steps: Array.from(cols.steps),
    values: encodeColumn(cols.values),
    times: Array.from(cols.times),
    total,
    method: downsampled ? req.method : 'none',
    downsampled,
  };
}

function finish(run: Run, key: string, req: SeriesRequest, cols: XYColumns): SeriesResult {
  const total = cols.xs.length;
  if (req.method === 'none' || total <= req.points) return toResult(run, key, req, cols, total, false);
  return toResult(run, key, req, downsample(cols, req.method, { points: req.points, from: req.from, to: req.to }), total, true);
}

function withX(cols: SeriesColumns, xs: Float64Array): XYColumns {
  return { xs, values: cols.values, steps: cols.steps, times: cols.times };
}

/** Keeps the rows of `cols` whose x lies in [from, to]. */
function clipToRange(cols: XYColumns, from: number | undefined, to: number | undefined): XYColumns {
  if (from === undefined && to === undefined) return cols;
  const lo = from ?? Number.NEGATIVE_INFINITY;
  const hi = to ?? Number.POSITIVE_INFINITY;
  const keep: number[] = [];
  for (let i = 0; i < cols.xs.length; i++) {
    const x = cols.xs[i]!;
    if (x >= lo && x <= hi) keep.push(i);
  }
  if (keep.length === cols.xs.length) return cols;
  const pick = (a: Float64Array) => Float64Array.from(keep, (i) => a[i]!);
  return { xs: pick(cols.xs), values: pick(cols.values), steps: pick(cols.steps), times: pick(cols.times) };
}

function timesAscend(blocks: PointBlocks): boolean {
  for (let i = 0; i < blocks.timeFirst.length; i++) {
    if (blocks.timeLast[i]! < blocks.timeFirst[i]!) return false;
    if (i > 0 && blocks.timeFirst[i]! < blocks.timeLast[i - 1]!) return false;
  }
  return true;
}

function blockCount(blocks: PointBlocks): number {
  let n = 0;
  for (let i = 0; i < blocks.count.length; i++) n += blocks.count[i]!;
  return n;
}

/** Reads one (run, key) for a chart. Returns undefined when the run has no such series. */
export async function readSeriesForChart(store: Store, run: Run, key: string, req: SeriesRequest): Promise<SeriesResult | undefined> {
  const summary = run.metrics[key];
  if (!summary) return undefined;
  if (req.x === 'step' || req.x === 'time' || req.x === 'relative') {
    const blockFn = BLOCK_METHODS[req.method];
    const buckets = Math.max(1, Math.floor(req.points / POINTS_PER_BUCKET[req.method]));
    const stepRange = req.x === 'step' ? { from: req.from, to: req.to } : { from: undefined, to: undefined };
    const shift = req.x === 'relative' ? run.startTime : 0;
    const xFrom = req.from === undefined ? undefined : req.from + shift;
    const xTo = req.to === undefined ? undefined : req.to + shift;
    // the coarsest block level that still gives every bucket several blocks; too few points for that: raw
    const level = blockFn ? (['coarse', 'fine'] as BlockLevel[]).find((l) => summary.count / BLOCK_SIZES[l] >= MIN_BLOCKS_PER_BUCKET * buckets) : undefined;
    if (blockFn && level) {
      const blocks = await store.readBlocks(run.id, key, stepRange.from, stepRange.to, level);
      // blocks are in step order; on a time axis they only serve if wall time never went backwards
      const usable = blocks && blocks.count.length / buckets >= MIN_BLOCKS_PER_BUCKET && (req.x === 'step' || timesAscend(blocks));
      if (blocks && usable) {
        const out = blockFn(blocks, { points: req.points, from: xFrom, to: xTo, x: req.x === 'step' ? 'step' : 'time' });
        if (shift !== 0) for (let i = 0; i < out.xs.length; i++) out.xs[i] = out.xs[i]! - shift;
        return toResult(run, key, req, out, blockCount(blocks), true);
      }
    }
    const raw = await store.readSeries(run.id, key, stepRange.from, stepRange.to);
    if (!raw) return undefined;
    if (raw.steps.length > LIMITS.maxSeriesReadPoints && req.method === 'none') {
      throw new RunlensError('PAYLOAD_TOO_LARGE', `series "${key}" has ${raw.steps.length} points in range; method=none returns at most ${LIMITS.maxSeriesReadPoints}: narrow from/to or downsample`);
    }
    let cols: XYColumns;
    if (req.x === 'step') cols = withX(raw, raw.steps);
    else {
      const xs = new Float64Array(raw.times.length);
      for (let i = 0; i < xs.length; i++) xs[i] = raw.times[i]! - shift;
      cols = sortByX(clipToRange(withX(raw, xs), req.from, req.to));
    }
    return finish(run, key, req, cols);
  }
  // x is another metric of the same run: pair each point with the x value logged at the same step, or the latest
  // one before it (an epoch counter logged once per epoch still gives every step an x).
  if (!run.metrics[req.x]) {
    throw new RunlensError('VALIDATION', `x axis "${req.x}" is not step, time, relative or a metric of run ${run.id}`, { field: 'x' });
  }
  const [ys, xsSeries] = await Promise.all([store.readSeries(run.id, key), store.readSeries(run.id, req.x)]);
  if (!ys || !xsSeries) return undefined;
  const xs = new Float64Array(ys.steps.length);
  let j = -1;
  for (let i = 0; i < ys.steps.length; i++) {
    while (j + 1 < xsSeries.steps.length && xsSeries.steps[j + 1]! <= ys.steps[i]!) j++;
    xs[i] = j >= 0 ? xsSeries.values[j]! : Number.NaN;
  }
  // points before the first x value have no position on this axis
  const cols = sortByX(clipToRange(withX(ys, xs), req.from ?? Number.NEGATIVE_INFINITY, req.to ?? Number.POSITIVE_INFINITY));
  return finish(run, key, req, cols);
}

/** Sorts rows by x if they are not sorted already (wall clocks jump; metric axes need not be monotone). */
function sortByX(cols: XYColumns): XYColumns {
  const { xs } = cols;
  let sorted = true;
  for (let i = 1; i < xs.length; i++) {
    if (!(xs[i]! >= xs[i - 1]!)) {
      sorted = false;
      break;
    }
  }
  if (sorted) return cols;
  const order = Array.from({ length: xs.length }, (_, i) => i).sort((a, b) => xs[a]! - xs[b]! || a - b);
  const pick = (a: Float64Array) => Float64Array.from(order, (i) => a[i]!);
  return { xs: pick(xs), values: pick(cols.values), steps: pick(cols.steps), times: pick(cols.times) };
}
