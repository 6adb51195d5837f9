/** The `ema` processor: TensorBoard's debiased exponential moving average. */
import { z } from 'zod';
import { PLUGIN_API_VERSION } from '../plugins/registry.js';
import { debiasedEma } from './debiased-ema.js';
import type { ProcessorPlugin } from './processor-plugin.js';

export interface EmaOptions {
  /** Smoothing weight in [0, 1): 0 leaves the series as it is, 0.99 smooths hard. Default 0.6 (TensorBoard's). */
  weight: number;
}

/**
 * `ema:0.6` — TensorBoard's "smoothed" curve, point by point (see {@link debiasedEma}): the first value and constant
 * series are unchanged, NaN/±Infinity pass through and do not enter the average. Ignores the spacing of x; use
 * `time-ema` when points are unevenly spaced.
 */
export const emaProcessor: ProcessorPlugin<EmaOptions> = {
  kind: 'processor',
  name: 'ema',
  apiVersion: PLUGIN_API_VERSION,
  description: "TensorBoard's debiased exponential moving average (weight in [0, 1))",
  capabilities: ['processor:smoothing'],
  options: z.strictObject({ weight: z.number().min(0).lt(1).default(0.6) }),
  shorthand: 'weight',
  apply: (frame, { weight }) => ({ ...frame, y: debiasedEma(frame.y, weight) }),
};
