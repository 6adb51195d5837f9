/** The `gaussian` processor: Gaussian kernel smoothing, edge-normalised. */
import { z } from 'zod';
import { PLUGIN_API_VERSION } from '../plugins/registry.js';
import { isFiniteConstant } from './finite-constant.js';
import type { ProcessorPlugin } from './processor-plugin.js';

export interface GaussianOptions {
  /** The kernel's standard deviation, in `unit`s; default 2. */
  sigma: number;
  /** `points` (default): sigma counts neighbouring points; `x`: sigma is a distance on x. */
  unit: 'points' | 'x';
}

/** The kernel is cut at this many sigmas, where its weight is below 0.04% of the centre's. */
const CUTOFF_SIGMAS = 4;
/** Keeps a `points` kernel from reaching across millions of points. */
const MAX_SIGMA_POINTS = 10_000;

/**
 * `gaussian:2` — each value becomes the mean of its neighbours weighted by exp(−d² / 2σ²), d being the distance in
 * points (or on x with `unit=x`), cut at 4σ. Near the ends the kernel is one-sided and its weights are divided by
 * their own sum (edge normalisation), so the first and last values are not pulled toward 0 and constant series are
 * unchanged. NaN/±Infinity pass through and are left out of their neighbours' means.
 */
export const gaussianProcessor: ProcessorPlugin<GaussianOptions> = {
  kind: 'processor',
  name: 'gaussian',
  apiVersion: PLUGIN_API_VERSION,
  description: 'Gaussian kernel smoothing (sigma in points or x units), normalised at the edges',
  capabilities: ['processor:smoothing'],
  options: z
    .strictObject({ sigma: z.number().positive().finite().default(2), unit: z.enum(['points', 'x']).default('points') })
    .refine((o) => o.unit === 'x' || o.sigma <= MAX_SIGMA_POINTS, {
      path: ['sigma'],
      message: `at most ${MAX_SIGMA_POINTS} points`,
    }),
  shorthand: 'sigma',
  apply: (frame, { sigma, unit }) => {
    const y = frame.y;
    if (isFiniteConstant(y)) return { ...frame, y: Float64Array.from(y) };
    // With unit=points the positions are the indices; a non-finite x then does not matter.
    const pos = unit === 'x' ? frame.x : null;
    const at = (i: number): number => (pos ? pos[i]! : i);
    const reach = CUTOFF_SIGMAS * sigma;
    const out = Float64Array.from(y);
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < y.length; i++) {
      const p = at(i);
      if (!Number.isFinite(y[i]!) || !Number.isFinite(p)) continue;
      // Positions are in order, so the window [lo, hi) only moves forward.
      while (lo < i && !(at(lo) >= p - reach)) lo++;
      if (hi < i) hi = i;
      while (hi < y.length && !(at(hi) > p + reach)) hi++;
      let sum = 0;
      let weights = 0;
      for (let j = lo; j < hi; j++) {
        const v = y[j]!;
        const d = at(j) - p;
        if (!Number.isFinite(v) || !Number.isFinite(d)) continue;
        const w = Math.exp((-d * d) / (2 * sigma * sigma));
        sum += w * v;
        weights += w;
      }
      out[i] = sum / weights;
    }
    return { ...frame, y: out };
  },
};
