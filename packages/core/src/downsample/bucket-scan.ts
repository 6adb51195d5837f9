/**
 * The per-bucket kernel of the raw min/max and M4 downsamplers, and the ordered appending of the rows it finds.
 */

/** Slots of the `found` scratch array filled by {@link scanBucket}; -1 in a slot means "none". */
export const FOUND_MIN = 0;
export const FOUND_MAX = 1;
export const FOUND_NAN = 2;

/**
 * Finds, in rows [s, e) of `values`, the first row holding the minimum and the first holding the maximum of the
 * non-NaN values, and the first NaN row. Writes them to `found` (reused across buckets: no allocation here).
 */
export function scanBucket(values: Float64Array, s: number, e: number, found: Int32Array): void {
  let i = s;
  while (i < e && Number.isNaN(values[i])) i++;
  let iNan = i > s ? s : -1;
  if (i === e) {
    found[FOUND_MIN] = -1;
    found[FOUND_MAX] = -1;
    found[FOUND_NAN] = iNan;
    return;
  }
  // Seeding both extremes with a real value (not ±Infinity sentinels) keeps all-Infinity buckets correct.
  let vMin = values[i]!;
  let vMax = vMin;
  let iMin = i;
  let iMax = i;
  // NaN poisons a running sum, which is cheaper than testing every value; Infinity - Infinity can poison it too,
  // so a NaN sum only triggers the exact search below.
  let sum = 0;
  for (i++; i < e; i++) {
    const v = values[i]!;
    sum += v;
    if (v < vMin) {
      vMin = v;
      iMin = i;
    } else if (v > vMax) {
      vMax = v;
      iMax = i;
    }
  }
  if (iNan < 0 && Number.isNaN(sum)) {
    for (let j = s; j < e; j++) {
      if (Number.isNaN(values[j])) {
        iNan = j;
        break;
      }
    }
  }
  found[FOUND_MIN] = iMin;
  found[FOUND_MAX] = iMax;
  found[FOUND_NAN] = iNan;
}

/** Appends row `r` unless it is -1 or not after the last appended row. Returns the new length. */
export function appendRow(rows: Uint32Array, n: number, r: number): number {
  if (r < 0 || (n > 0 && r <= rows[n - 1]!)) return n;
  rows[n] = r;
  return n + 1;
}

/** Appends the rows in `found` in ascending order, deduplicated. Returns the new length. */
export function appendFound(rows: Uint32Array, n: number, found: Int32Array): number {
  let a = found[0]!;
  let b = found[1]!;
  let c = found[2]!;
  let t: number;
  if (a > b) {
    t = a;
    a = b;
    b = t;
  }
  if (b > c) {
    t = b;
    b = c;
    c = t;
  }
  if (a > b) {
    t = a;
    a = b;
    b = t;
  }
  return appendRow(rows, appendRow(rows, appendRow(rows, n, a), b), c);
}
