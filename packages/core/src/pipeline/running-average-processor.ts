/** The `running-average` processor: the plain mean of a window of points. */
import { z } from 'zod';
import { PLUGIN_API_VERSION } from '../plugins/registry.js';
import { isFiniteConstant } from './finite-constant.js';
import type { ProcessorPlugin } from './processor-plugin.js';

export interface RunningAverageOptions {
  /** Points in the window, the point itself included; default 10. */
  window: number;
  /**
   * `trailing` (default): the point and the `window − 1` before it, as a live curve would show it. `centred`: the
   * point in the middle (for an even window, one more point after it than before).
   */
  align: 'trailing' | 'centred';
}

/**
 * `running-average:10` — the mean of the finite values in a window of points. Where the window runs past an end it
 * holds the points there are (the first value stays the first value with `trailing`). NaN/±Infinity pass through
 * and are left out of their neighbours' means.
 */
export const runningAverageProcessor: ProcessorPlugin<RunningAverageOptions> = {
  kind: 'processor',
  name: 'running-average',
  apiVersion: PLUGIN_API_VERSION,
  description: 'mean over a window of points, trailing or centred',
  capabilities: ['processor:smoothing'],
  options: z.strictObject({
    window: z.number().int().min(1).max(1_000_000).default(10),
    align: z.enum(['trailing', 'centred']).default('trailing'),
  }),
  shorthand: 'window',
  apply: (frame, { window, align }) => {
    const y = frame.y;
    const out = Float64Array.from(y);
    if (window === 1 || isFiniteConstant(y)) return { ...frame, y: out };
    const n = y.length;
    // Prefix sums of the finite values and of their count make every window O(1). Summing offsets from the first
    // finite value keeps the sums small, so a window's difference of two sums loses no precision to a large level.
    const ref = y.find((v) => Number.isFinite(v)) ?? 0;
    const sums = new Float64Array(n + 1);
    const counts = new Uint32Array(n + 1);
    for (let i = 0; i < n; i++) {
      const finite = Number.isFinite(y[i]!);
      sums[i + 1] = sums[i]! + (finite ? y[i]! - ref : 0);
      counts[i + 1] = counts[i]! + (finite ? 1 : 0);
    }
    const before = align === 'trailing' ? window - 1 : Math.floor((window - 1) / 2);
    const after = window - 1 - before;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(y[i]!)) continue;
      const lo = Math.max(0, i - before);
      const hi = Math.min(n, i + after + 1);
      out[i] = ref + (sums[hi]! - sums[lo]!) / (counts[hi]! - counts[lo]!);
    }
    return { ...frame, y: out };
  },
};
