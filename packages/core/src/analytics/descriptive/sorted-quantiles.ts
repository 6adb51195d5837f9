/**
 * The `p`-th percentile (0..100) of ascending `sorted` values, by NumPy's default 'linear' method (Hyndman & Fan
 * type 7): the value at fractional index (n - 1) · p / 100, interpolated between its two neighbours. NaN for an
 * empty array. `p` is not checked here; callers validate it.
 *
 * The arithmetic follows NumPy's `_lerp` step for step (including dividing `p` by 100 first, and interpolating
 * from the upper neighbour when the weight is at least 0.5) so results agree with `np.percentile` to the last bit
 * rather than to a tolerance.
 *
 * @example percentileOfSorted(Float64Array.of(1, 2, 3, 4), 25) // 1.75, as np.percentile([1, 2, 3, 4], 25)
 */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const index = (n - 1) * (p / 100);
  if (index >= n - 1) return sorted[n - 1]!;
  if (index <= 0) return sorted[0]!;
  const lower = Math.floor(index);
  return interpolate(sorted[lower]!, sorted[lower + 1]!, index - lower);
}

function interpolate(a: number, b: number, t: number): number {
  // Equal neighbours (including two equal infinities, where b - a is NaN) are the answer themselves.
  if (a === b) return a;
  const diff = b - a;
  if (!Number.isFinite(diff) && Number.isFinite(a) && Number.isFinite(b)) {
    // b - a overflowed (values near ±1.8e308 of opposite signs): interpolate on halves, which cannot overflow.
    return 2 * interpolate(a / 2, b / 2, t);
  }
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/**
 * The median of ascending `sorted` values as `np.median` computes it: the middle value, or the mean of the two
 * middle values, (a + b) / 2. NaN for an empty array.
 *
 * @example medianOfSorted(Float64Array.of(1, 2, 4, 8)) // 3
 */
export function medianOfSorted(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const upper = sorted[n >> 1]!;
  if (n % 2 === 1) return upper;
  const lower = sorted[(n >> 1) - 1]!;
  const mid = (lower + upper) / 2;
  // a + b overflows for two values beyond ±9e307; halving first cannot.
  return Number.isFinite(mid) || !Number.isFinite(lower) || !Number.isFinite(upper) ? mid : lower / 2 + upper / 2;
}
