/** The `time-ema` processor: an exponential moving average whose decay follows the x (or wall-time) gaps. */
import { z } from 'zod';
import { medianOfSorted } from '../analytics/descriptive/sorted-quantiles.js';
import { RunlensError } from '../errors.js';
import { PLUGIN_API_VERSION } from '../plugins/registry.js';
import { isFiniteConstant } from './finite-constant.js';
import type { ProcessorPlugin } from './processor-plugin.js';
import type { SeriesFrame } from './series-frame.js';

export interface TimeEmaOptions {
  /** Weight per typical gap (the median gap between points), in [0, 1). Default 0.6 when `halfLife` is not set. */
  weight?: number | undefined;
  /** Instead of `weight`: the distance (in units of `by`) over which a point's influence halves. */
  halfLife?: number | undefined;
  /** What the gaps are measured on: `x` (default) or `time`, the frame's wall times in ms. */
  by: 'x' | 'time';
}

const DEFAULT_WEIGHT = 0.6;

const options = z
  .strictObject({
    weight: z.number().min(0).lt(1).optional(),
    halfLife: z.number().positive().finite().optional(),
    by: z.enum(['x', 'time']).default('x'),
  })
  .superRefine((o, ctx) => {
    if (o.weight !== undefined && o.halfLife !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['halfLife'], message: 'give weight or halfLife, not both' });
    }
  });

/**
 * `time-ema:0.6` — an EMA for unevenly spaced points. Each new point enters with weight 1 and everything before it
 * decays by `a = weight^(Δ / typical Δ)` (or `0.5^(Δ / halfLife)`), Δ being the gap since the last finite point and
 * the typical Δ the median gap; the result is the weighted mean so far (Σ decayed weight × value / Σ decayed
 * weight). That is TensorBoard's debiasing: on evenly spaced points it equals `ema` exactly, the first value and
 * constant series are unchanged, a burst of dense points does not make the curve lag, and points at the same x
 * are averaged. NaN/±Infinity (and points with a non-finite position) pass through and do not enter the average.
 */
export const timeEmaProcessor: ProcessorPlugin<TimeEmaOptions> = {
  kind: 'processor',
  name: 'time-ema',
  apiVersion: PLUGIN_API_VERSION,
  description: 'exponential moving average decaying with the x (or wall-time) gaps, for unevenly spaced points',
  capabilities: ['processor:smoothing'],
  options,
  shorthand: 'weight',
  apply: (frame, o) => ({ ...frame, y: timeWeightedEma(frame.y, positionsOf(frame, o.by), o) }),
};

function positionsOf(frame: SeriesFrame, by: 'x' | 'time'): Float64Array {
  if (by === 'x') return frame.x;
  if (!frame.t) {
    throw new RunlensError('VALIDATION', 'invalid option by of processor time-ema: time (this series has no wall times; use by=x)', {
      field: 'by',
    });
  }
  return frame.t;
}

function timeWeightedEma(y: Float64Array, pos: Float64Array, o: TimeEmaOptions): Float64Array {
  const out = Float64Array.from(y);
  if (isFiniteConstant(y)) return out;
  const usable = (i: number): boolean => Number.isFinite(y[i]!) && Number.isFinite(pos[i]!);
  const { base, unit } = decayOf(y, pos, o, usable);
  let sum = 0;
  let weight = 0;
  let lastPos = Number.NaN;
  for (let i = 0; i < y.length; i++) {
    if (!usable(i)) continue;
    // Points out of order count as gap 0 rather than making old points weigh more.
    const gap = Number.isNaN(lastPos) ? 0 : Math.max(0, pos[i]! - lastPos);
    // base^(gap/unit) is base itself on a typical gap, so evenly spaced points give `ema`'s weights exactly.
    const a = base ** (gap / unit);
    sum = sum * a + y[i]!;
    weight = weight * a + 1;
    lastPos = pos[i]!;
    out[i] = sum / weight;
  }
  return out;
}

/** Old points decay by `base^(gap / unit)`: weight per typical gap, or one half per half-life. */
function decayOf(
  y: Float64Array,
  pos: Float64Array,
  o: TimeEmaOptions,
  usable: (i: number) => boolean,
): { base: number; unit: number } {
  if (o.halfLife !== undefined) return { base: 0.5, unit: o.halfLife };
  const gaps: number[] = [];
  let last = Number.NaN;
  for (let i = 0; i < y.length; i++) {
    if (!usable(i)) continue;
    const gap = pos[i]! - last;
    if (gap > 0) gaps.push(gap);
    last = pos[i]!;
  }
  // With fewer than two distinct positions no gap ever decays anything, so any unit does.
  const unit = gaps.length ? medianOfSorted(gaps.sort((p, q) => p - q)) : 1;
  return { base: o.weight ?? DEFAULT_WEIGHT, unit };
}
