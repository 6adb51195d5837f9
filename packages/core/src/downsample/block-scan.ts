/**
 * What the block downsamplers share: options, the axis view of the blocks, the block range of [from, to], and
 * the per-bucket search over whole blocks.
 */
import { RunlensError } from '../errors.js';
import { FOUND_MAX, FOUND_MIN, FOUND_NAN } from './bucket-scan.js';
import { lowerBound, upperBound } from './range-indices.js';
import type { PointWriter } from './point-writer.js';
import type { DownsampleOptions, PointBlocks } from './types.js';

/** Options of the block downsamplers: which axis x is, and [from, to] on that axis. */
export interface BlockDownsampleOptions extends DownsampleOptions {
  x: 'step' | 'time';
}

/** The block columns that depend on the chosen axis. */
export interface BlockAxis {
  xFirst: Float64Array;
  xLast: Float64Array;
  xOfMin: Float64Array;
  xOfMax: Float64Array;
}

const BLOCK_FIELDS = [
  'stepFirst',
  'stepLast',
  'timeFirst',
  'timeLast',
  'count',
  'nanCount',
  'min',
  'max',
  'stepOfMin',
  'stepOfMax',
  'timeOfMin',
  'timeOfMax',
  'firstValue',
  'lastValue',
] as const satisfies readonly (keyof PointBlocks)[];

/** Throws unless every block column has the same length and the axis is known. */
export function checkBlocks(blocks: PointBlocks, x: string): void {
  const n = blocks.stepFirst.length;
  for (const f of BLOCK_FIELDS) {
    if (blocks[f].length !== n) {
      throw new RunlensError('VALIDATION', `block columns differ in length: stepFirst ${n}, ${f} ${blocks[f].length}`);
    }
  }
  if (x !== 'step' && x !== 'time') throw new RunlensError('VALIDATION', `invalid block axis: ${x} (step | time)`);
}

/** The axis columns of `blocks` for x = step or x = time. */
export function blockAxis(blocks: PointBlocks, x: 'step' | 'time'): BlockAxis {
  return x === 'step'
    ? { xFirst: blocks.stepFirst, xLast: blocks.stepLast, xOfMin: blocks.stepOfMin, xOfMax: blocks.stepOfMax }
    : { xFirst: blocks.timeFirst, xLast: blocks.timeLast, xOfMin: blocks.timeOfMin, xOfMax: blocks.timeOfMax };
}

/**
 * The blocks `[start, end)` whose x extent meets [from, to]. Edge blocks may reach past the range; they are kept
 * whole, so a few emitted points can lie just outside it.
 */
export function blockRange(axis: BlockAxis, from?: number, to?: number): [start: number, end: number] {
  if (Number.isNaN(from) || Number.isNaN(to) || (from !== undefined && to !== undefined && from > to)) return [0, 0];
  const start = from === undefined ? 0 : lowerBound(axis.xLast, from);
  const end = to === undefined ? axis.xFirst.length : upperBound(axis.xFirst, to, start);
  return [start, Math.max(start, end)];
}

/**
 * Finds, among blocks [s, e), the first block holding the minimum and the first holding the maximum of the
 * non-NaN values, and the first block containing a NaN. Writes block indices to `found` (-1 = none), in the
 * slots of bucket-scan.ts.
 */
export function scanBlocks(blocks: PointBlocks, s: number, e: number, found: Int32Array): void {
  const { min, max, nanCount } = blocks;
  let iMin = -1;
  let iMax = -1;
  let iNan = -1;
  let vMin = 0;
  let vMax = 0;
  for (let b = s; b < e; b++) {
    if (iNan < 0 && nanCount[b]! > 0) iNan = b;
    // An all-NaN block has min = max = NaN, which fails both comparisons and the self-equality.
    const lo = min[b]!;
    if (lo === lo && (iMin < 0 || lo < vMin)) {
      vMin = lo;
      iMin = b;
    }
    const hi = max[b]!;
    if (hi === hi && (iMax < 0 || hi > vMax)) {
      vMax = hi;
      iMax = b;
    }
  }
  found[FOUND_MIN] = iMin;
  found[FOUND_MAX] = iMax;
  found[FOUND_NAN] = iNan;
}

/**
 * Writes the points located by {@link scanBlocks} in x order (ties: min, max, NaN). The NaN marker sits at the
 * block's first x: the blocks do not record where in the block the NaN is.
 */
export function writeFound(out: PointWriter, blocks: PointBlocks, axis: BlockAxis, found: Int32Array): void {
  let written = 0;
  for (let round = 0; round < 3; round++) {
    let best = -1;
    let bestX = 0;
    for (let slot = 0; slot < 3; slot++) {
      const b = found[slot]!;
      if (b < 0 || (written & (1 << slot)) !== 0) continue;
      const x = slot === FOUND_MIN ? axis.xOfMin[b]! : slot === FOUND_MAX ? axis.xOfMax[b]! : axis.xFirst[b]!;
      if (best < 0 || x < bestX) {
        best = slot;
        bestX = x;
      }
    }
    if (best < 0) return;
    written |= 1 << best;
    const b = found[best]!;
    if (best === FOUND_MIN) out.push(bestX, blocks.min[b]!, blocks.stepOfMin[b]!, blocks.timeOfMin[b]!);
    else if (best === FOUND_MAX) out.push(bestX, blocks.max[b]!, blocks.stepOfMax[b]!, blocks.timeOfMax[b]!);
    else out.push(bestX, Number.NaN, blocks.stepFirst[b]!, blocks.timeFirst[b]!);
  }
}
