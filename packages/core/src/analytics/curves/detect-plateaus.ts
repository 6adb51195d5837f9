/** Stretches where a curve stops moving. */
import { type CurveTrend, NOISE_MULTIPLE } from './curve-trend.js';

/** A window is judged by the means of this many consecutive blocks of it (fewer when it is shorter). */
const BLOCKS = 4;

/**
 * Plateaus as inclusive index ranges. Each window of `window` consecutive smoothed values is cut into 4 blocks
 * (as many as it has points, when fewer); the window is flat when the means of its blocks span at most
 * max(`tolerance` · D, 3 · √2 · s), D being the total improvement and s the noise of a block mean — the smoothed
 * noise for one-point blocks, the raw noise / √(block size) for long ones (the smaller of the two). Block means
 * rather than single values make a slow trend visible under heavy noise, and keep the noise of the test from
 * growing with the window as the span of single values would. A plateau is a maximal run of points covered by
 * flat windows, so at least `window` long; the converged end of a curve is one too. A flat curve is one plateau
 * from end to end.
 */
export function plateauIndexRanges(trend: CurveTrend, window: number, tolerance: number): [number, number][] {
  const { smooth } = trend;
  const m = smooth.length;
  if (m === 0) return [];
  if (trend.flat) return [[0, m - 1]];
  if (m < window) return [];
  const blocks = Math.min(BLOCKS, window);
  const blockSize = Math.floor(window / blocks);
  const blockNoise = Math.min(trend.smoothNoise, trend.noise / Math.sqrt(blockSize));
  const band = Math.max(tolerance * trend.improvement, NOISE_MULTIPLE * Math.SQRT2 * blockNoise);
  const prefix = new Float64Array(m + 1);
  for (let i = 0; i < m; i++) prefix[i + 1] = prefix[i]! + smooth[i]!;
  // cover[i] − cover[i − 1]: flat windows starting at i minus flat windows that ended at i − 1.
  const cover = new Int32Array(m + 1);
  for (let i = 0; i + window <= m; i++) {
    let low = Infinity;
    let high = -Infinity;
    for (let b = 0; b < blocks; b++) {
      const from = i + Math.floor((b * window) / blocks);
      const to = i + Math.floor(((b + 1) * window) / blocks);
      const mean = (prefix[to]! - prefix[from]!) / (to - from);
      if (mean < low) low = mean;
      if (mean > high) high = mean;
    }
    if (high - low <= band) {
      cover[i]!++;
      cover[i + window]!--;
    }
  }
  const ranges: [number, number][] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < m; i++) {
    depth += cover[i]!;
    if (depth > 0 && start < 0) start = i;
    if (depth === 0 && start >= 0) {
      ranges.push([start, i - 1]);
      start = -1;
    }
  }
  if (start >= 0) ranges.push([start, m - 1]);
  return ranges;
}
