/**
 * Binary layout of chunk data and block aggregates (DESIGN.md, Storage).
 *
 * Chunk data: three float64 columns back to back — steps, values, times — `n` points each, little-endian.
 * Float64 keeps NaN/±Infinity and every step up to 2^53 exactly.
 *
 * Blocks: one record of BLOCK_FIELDS float64 per block of consecutive points, at two sizes, so a downsampled read
 * of a long series reads a fraction of a byte per point instead of 24 and never decodes raw data.
 */
import type { PointBlocks, SeriesColumns } from '@runlens/core';

/** Points per coarse block, kept inline in the chunk row: long ranges read ~0.2 bytes per point. */
export const COARSE_BLOCK_SIZE = 512;
/** Points per fine block, in chunk_blocks: for buckets of a few hundred points. */
export const FINE_BLOCK_SIZE = 32;
export type BlockLevel = 'coarse' | 'fine';
export const BLOCK_SIZES: Record<BlockLevel, number> = { coarse: COARSE_BLOCK_SIZE, fine: FINE_BLOCK_SIZE };
/** Field order inside one block record. */
const F = {
  stepFirst: 0,
  stepLast: 1,
  timeFirst: 2,
  timeLast: 3,
  count: 4,
  nanCount: 5,
  min: 6,
  max: 7,
  stepOfMin: 8,
  stepOfMax: 9,
  timeOfMin: 10,
  timeOfMax: 11,
  firstValue: 12,
  lastValue: 13,
} as const;
export const BLOCK_FIELDS = 14;
const FIELD_NAMES = Object.keys(F) as (keyof typeof F)[];

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function float64Bytes(arrays: Float64Array[]): Buffer {
  let total = 0;
  for (const a of arrays) total += a.length;
  const out = new Float64Array(total);
  let o = 0;
  for (const a of arrays) {
    out.set(a, o);
    o += a.length;
  }
  if (!LITTLE_ENDIAN) throw new Error('runlens chunk codec assumes a little-endian machine');
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

/** Copies a blob into a fresh, 8-byte aligned Float64Array (SQLite buffers carry no alignment guarantee). */
function toFloat64(buf: Uint8Array): Float64Array {
  if (buf.byteLength % 8 !== 0) throw new Error(`corrupt chunk: ${buf.byteLength} bytes is not a whole number of float64`);
  if (buf.byteOffset % 8 === 0) return new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8).slice();
  const copy = new Uint8Array(buf.byteLength);
  copy.set(buf);
  return new Float64Array(copy.buffer);
}

/** A float64 column as a blob (histogram edges and counts). */
export function float64Blob(values: ArrayLike<number>): Buffer {
  return float64Bytes([Float64Array.from(values)]);
}

export function decodeFloat64Blob(buf: Uint8Array): Float64Array {
  return toFloat64(buf);
}

export function encodeChunkData(cols: SeriesColumns): Buffer {
  return float64Bytes([cols.steps, cols.values, cols.times]);
}

export function decodeChunkData(buf: Uint8Array): SeriesColumns {
  const all = toFloat64(buf);
  if (all.length % 3 !== 0) throw new Error(`corrupt chunk: ${all.length} float64 is not three equal columns`);
  const n = all.length / 3;
  return { steps: all.subarray(0, n), values: all.subarray(n, 2 * n), times: all.subarray(2 * n) };
}

/** Chunk-level stats stored in indexed columns beside the blob. */
export interface ChunkStats {
  n: number;
  nanCount: number;
  /** Over non-NaN values; NaN when every value is NaN. */
  vmin: number;
  vmax: number;
  stepMin: number;
  stepMax: number;
  timeMin: number;
  timeMax: number;
}

/**
 * Computes block records (one per `blockSize` points, stored column-major: all of field 0, then field 1, ...) and
 * the chunk's stats, for sorted points.
 */
export function encodeBlocks(cols: SeriesColumns, blockSize: number): { blocks: Buffer; stats: ChunkStats } {
  const { steps, values, times } = cols;
  const n = steps.length;
  const nb = Math.ceil(n / blockSize);
  const rec = new Float64Array(nb * BLOCK_FIELDS);
  const at = (field: number, b: number) => field * nb + b;
  let cMin = Number.NaN;
  let cMax = Number.NaN;
  let cNan = 0;
  let tMin = Number.POSITIVE_INFINITY;
  let tMax = Number.NEGATIVE_INFINITY;
  for (let b = 0; b < nb; b++) {
    const start = b * blockSize;
    const end = Math.min(n, start + blockSize);
    let min = Number.NaN;
    let max = Number.NaN;
    let iMin = -1;
    let iMax = -1;
    let nan = 0;
    for (let i = start; i < end; i++) {
      const v = values[i]!;
      if (v !== v) {
        nan++;
        continue;
      }
      if (iMin < 0 || v < min) {
        min = v;
        iMin = i;
      }
      if (iMax < 0 || v > max) {
        max = v;
        iMax = i;
      }
    }
    // times need not grow with steps (clock changes, imported data), so take their true range
    for (let i = start; i < end; i++) {
      const t = times[i]!;
      if (t < tMin) tMin = t;
      if (t > tMax) tMax = t;
    }
    rec[at(F.stepFirst, b)] = steps[start]!;
    rec[at(F.stepLast, b)] = steps[end - 1]!;
    rec[at(F.timeFirst, b)] = times[start]!;
    rec[at(F.timeLast, b)] = times[end - 1]!;
    rec[at(F.count, b)] = end - start;
    rec[at(F.nanCount, b)] = nan;
    rec[at(F.min, b)] = min;
    rec[at(F.max, b)] = max;
    rec[at(F.stepOfMin, b)] = iMin < 0 ? steps[start]! : steps[iMin]!;
    rec[at(F.stepOfMax, b)] = iMax < 0 ? steps[start]! : steps[iMax]!;
    rec[at(F.timeOfMin, b)] = iMin < 0 ? times[start]! : times[iMin]!;
    rec[at(F.timeOfMax, b)] = iMax < 0 ? times[start]! : times[iMax]!;
    rec[at(F.firstValue, b)] = values[start]!;
    rec[at(F.lastValue, b)] = values[end - 1]!;
    cNan += nan;
    if (iMin >= 0 && !(cMin <= min)) cMin = min;
    if (iMax >= 0 && !(cMax >= max)) cMax = max;
  }
  return {
    blocks: float64Bytes([rec]),
    stats: {
      n,
      nanCount: cNan,
      vmin: cMin,
      vmax: cMax,
      stepMin: n > 0 ? steps[0]! : 0,
      stepMax: n > 0 ? steps[n - 1]! : 0,
      timeMin: n > 0 ? tMin : 0,
      timeMax: n > 0 ? tMax : 0,
    },
  };
}

/** Decodes and concatenates the block records of several chunks (in step order) into columns. */
export function decodeBlocks(bufs: readonly Uint8Array[]): PointBlocks {
  const recs = bufs.map(toFloat64);
  let total = 0;
  for (const r of recs) total += r.length / BLOCK_FIELDS;
  const out = Object.fromEntries(FIELD_NAMES.map((f) => [f, new Float64Array(total)])) as unknown as PointBlocks;
  const cols = FIELD_NAMES.map((f) => out[f]);
  let o = 0;
  for (const r of recs) {
    const nb = r.length / BLOCK_FIELDS;
    // column-major: each field of a chunk is one contiguous copy
    for (let f = 0; f < BLOCK_FIELDS; f++) cols[f]!.set(r.subarray(f * nb, (f + 1) * nb), o);
    o += nb;
  }
  return out;
}
