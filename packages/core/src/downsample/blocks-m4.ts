/**
 * M4 downsampling from the store's per-block aggregates, without reading raw points.
 */
import { blockAxis, blockRange, checkBlocks, scanBlocks, writeFound } from './block-scan.js';
import type { BlockDownsampleOptions } from './block-scan.js';
import { bucketEnd, makeBucketGrid } from './bucket-grid.js';
import { checkTarget } from './columns.js';
import { PointWriter } from './point-writer.js';
import type { PointBlocks, XYColumns } from './types.js';

/**
 * {@link downsampleM4} over block aggregates: B = max(1, floor(points / 4)) equal-width buckets on axis `opts.x`,
 * whole blocks assigned by their first x as in {@link downsampleBlocksMinMax}. Each bucket emits the first point
 * of its first block (firstValue at stepFirst/timeFirst), the exact points holding its minimum and maximum, and
 * the last point of its last block (lastValue at stepLast/timeLast), deduplicated and in x order.
 *
 * NaN: as in {@link downsampleBlocksMinMax}, a NaN point at the first x of the bucket's first block with
 * nanCount > 0 (approximate: the aggregates do not say where in the block the NaN is).
 *
 * @example downsampleBlocksM4(blocks, { points: 4000, x: 'time' })
 */
export function downsampleBlocksM4(blocks: PointBlocks, opts: BlockDownsampleOptions): XYColumns {
  checkBlocks(blocks, opts.x);
  const target = checkTarget(opts.points);
  const axis = blockAxis(blocks, opts.x);
  const [start, end] = blockRange(axis, opts.from, opts.to);
  if (end === start) return new PointWriter(0).finish();

  const grid = makeBucketGrid(axis.xFirst, axis.xLast, start, end, opts.from, opts.to, Math.floor(target / 4));
  const out = new PointWriter(5 * Math.min(grid.count, end - start));
  const found = new Int32Array(3);
  for (let s = start; s < end; ) {
    const e = bucketEnd(grid, axis.xFirst, s, end);
    out.push(axis.xFirst[s]!, blocks.firstValue[s]!, blocks.stepFirst[s]!, blocks.timeFirst[s]!);
    scanBlocks(blocks, s, e, found);
    writeFound(out, blocks, axis, found);
    const last = e - 1;
    out.push(axis.xLast[last]!, blocks.lastValue[last]!, blocks.stepLast[last]!, blocks.timeLast[last]!);
    s = e;
  }
  return out.finish();
}
