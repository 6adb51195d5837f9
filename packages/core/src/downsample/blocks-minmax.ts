/**
 * Min/max downsampling from the store's per-block aggregates, without reading raw points.
 */
import { blockAxis, blockRange, checkBlocks, scanBlocks, writeFound } from './block-scan.js';
import type { BlockDownsampleOptions } from './block-scan.js';
import { bucketEnd, makeBucketGrid } from './bucket-grid.js';
import { checkTarget } from './columns.js';
import { PointWriter } from './point-writer.js';
import type { PointBlocks, XYColumns } from './types.js';

/**
 * {@link downsampleMinMax} over block aggregates. [from, to] on axis `opts.x` (default: the blocks' extent) is cut
 * into B = max(1, floor(points / 2)) equal-width buckets, and each whole block goes to the bucket containing its
 * first x (blocks are never split). Each bucket then emits the exact points holding the minimum and maximum of its
 * blocks (located by stepOfMin/timeOfMin and stepOfMax/timeOfMax), so with buckets aligned to block edges the
 * result equals the raw path's. The first point of the first block and the last point of the last block are kept.
 *
 * NaN: a bucket with a block whose nanCount > 0 also emits a NaN point at that block's first x (the first such
 * block). This is an approximation: the aggregates do not say where in the block the NaN is.
 *
 * Blocks must be sorted along `opts.x` (always true for steps; true for times when wall time grows with step).
 * Blocks at the edges of [from, to] are kept whole. `xs` of the result holds the chosen axis; steps and times of
 * every point are carried through.
 *
 * @example downsampleBlocksMinMax(await store.readBlocks(run, 'loss'), { points: 2000, x: 'step' })
 */
export function downsampleBlocksMinMax(blocks: PointBlocks, opts: BlockDownsampleOptions): XYColumns {
  checkBlocks(blocks, opts.x);
  const target = checkTarget(opts.points);
  const axis = blockAxis(blocks, opts.x);
  const [start, end] = blockRange(axis, opts.from, opts.to);
  if (end === start) return new PointWriter(0).finish();

  const grid = makeBucketGrid(axis.xFirst, axis.xLast, start, end, opts.from, opts.to, Math.floor(target / 2));
  const out = new PointWriter(3 * Math.min(grid.count, end - start) + 2);
  const found = new Int32Array(3);
  out.push(axis.xFirst[start]!, blocks.firstValue[start]!, blocks.stepFirst[start]!, blocks.timeFirst[start]!);
  for (let s = start; s < end; ) {
    const e = bucketEnd(grid, axis.xFirst, s, end);
    scanBlocks(blocks, s, e, found);
    writeFound(out, blocks, axis, found);
    s = e;
  }
  const last = end - 1;
  out.push(axis.xLast[last]!, blocks.lastValue[last]!, blocks.stepLast[last]!, blocks.timeLast[last]!);
  return out.finish();
}
