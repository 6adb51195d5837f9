/**
 * Tensor snapshots on the client: deterministic row sampling, a copy of the chosen rows, and the RLT1 binary body
 * of `POST /api/v1/runs/{id}/tensors` (docs/api.md: "RLT1", uint32 LE header length, UTF-8 JSON header, then
 * little-endian float16 or float32 values). No dependencies, so it runs in Node and browsers.
 */

export type TensorDtype = 'float16' | 'float32';

/** A 2-D parameter: `rows × cols` values, row-major. */
export interface TensorInput {
  data: Float32Array | readonly number[];
  rows: number;
  cols: number;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Nearest float16 bit pattern (round half to even); beyond ±65504 saturates, as the server does when storing. */
export function toFloat16Bits(value: number): number {
  f32[0] = Number.isFinite(value) ? Math.max(-65504, Math.min(65504, value)) : value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  const mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant !== 0 ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7bff;
  if (e <= 0) {
    if (e < -10) return sign;
    const m = mant | 0x800000;
    const shift = 14 - e;
    let half = m >>> shift;
    const rest = m & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rest > mid || (rest === mid && (half & 1) === 1)) half += 1;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (half & 1) === 1)) half += 1;
  return sign | half;
}

/** FNV-1a of a string: the seed that makes a parameter's sampled rows the same at every snapshot. */
function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * `sample` distinct row indices of `rows`, ascending, the same for the same name every time; undefined when all
 * rows fit.
 */
export function sampleRows(name: string, rows: number, sample: number): number[] | undefined {
  if (sample <= 0 || rows <= sample) return undefined;
  let state = hashName(name);
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  // Floyd's algorithm: `sample` draws, no array of all rows
  const chosen = new Set<number>();
  for (let j = rows - sample; j < rows; j++) {
    const t = Math.floor(next() * (j + 1));
    chosen.add(chosen.has(t) ? j : t);
  }
  return [...chosen].sort((a, b) => a - b);
}

/** A copy of the chosen rows (all without `idx`). */
export function takeRows(t: TensorInput, idx: readonly number[] | undefined): TensorInput {
  if (!idx) return { data: Float32Array.from(t.data), rows: t.rows, cols: t.cols };
  const out = new Float32Array(idx.length * t.cols);
  const src = t.data;
  for (let k = 0; k < idx.length; k++) {
    const base = idx[k]! * t.cols;
    for (let c = 0; c < t.cols; c++) out[k * t.cols + c] = src[base + c]!;
  }
  return { data: out, rows: idx.length, cols: t.cols };
}

export interface TensorHeader {
  name: string;
  step: number;
  dtype: TensorDtype;
  shape: [number, number];
  labels?: string[];
}

/** The RLT1 body for one snapshot. */
export function encodeTensorBody(header: TensorHeader, data: Float32Array | readonly number[]): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const size = header.dtype === 'float16' ? 2 : 4;
  const out = new Uint8Array(8 + json.byteLength + data.length * size);
  out.set([0x52, 0x4c, 0x54, 0x31]);
  const view = new DataView(out.buffer);
  view.setUint32(4, json.byteLength, true);
  out.set(json, 8);
  const base = 8 + json.byteLength;
  if (size === 2) for (let i = 0; i < data.length; i++) view.setUint16(base + i * 2, toFloat16Bits(data[i]!), true);
  else for (let i = 0; i < data.length; i++) view.setFloat32(base + i * 4, data[i]!, true);
  return out;
}

/** Equal-width histogram of the finite values; empty when there are none. */
export function histogramOf(values: ArrayLike<number>, bins: number): { edges: number[]; counts: number[] } {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return { edges: [], counts: [] };
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    counts[Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / width)))]! += 1;
  }
  const edges = Array.from({ length: bins }, (_, i) => lo + i * width);
  edges.push(hi);
  return { edges, counts };
}
