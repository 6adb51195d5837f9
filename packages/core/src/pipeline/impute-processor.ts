/** The `impute` processor: filling in missing values, and optionally missing steps. */
import { z } from 'zod';
import { RunlensError } from '../errors.js';
import { PLUGIN_API_VERSION } from '../plugins/registry.js';
import type { ProcessorPlugin } from './processor-plugin.js';
import type { SeriesFrame } from './series-frame.js';

export interface ImputeOptions {
  /**
   * `linear` (default): interpolate on x between the finite values either side (none before the first or after the
   * last: those stay NaN). `previous`: repeat the last finite value. `drop`: remove the points (the frame gets
   * shorter).
   */
  method: 'linear' | 'previous' | 'drop';
  /**
   * The spacing of a regular x grid (e.g. 1 for every step): where two points are further apart than this, points
   * are inserted every `step` after the first, with NaN values, then filled like the others. Not with `drop`.
   */
  step?: number | undefined;
}

/** An inserted grid must stay a size one can draw. */
const MAX_POINTS = 10_000_000;

/**
 * `impute:linear` — fills NaN values. ±Infinity are values (a divergence), not gaps: they are kept and are not
 * used to fill gaps. With `step`, missing x on a regular grid are inserted first (their wall times, if the frame
 * has any, interpolated between their neighbours').
 */
export const imputeProcessor: ProcessorPlugin<ImputeOptions> = {
  kind: 'processor',
  name: 'impute',
  apiVersion: PLUGIN_API_VERSION,
  description: 'fill missing values (and optionally missing steps): linear, previous or drop',
  capabilities: ['processor:imputation'],
  options: z
    .strictObject({
      method: z.enum(['linear', 'previous', 'drop']).default('linear'),
      step: z.number().positive().finite().optional(),
    })
    .refine((o) => !(o.method === 'drop' && o.step !== undefined), {
      path: ['step'],
      message: 'inserted steps would be dropped again: use method linear or previous with step',
    }),
  shorthand: 'method',
  apply: (frame, { method, step }) => {
    const filled = step === undefined ? frame : insertMissingSteps(frame, step);
    if (method === 'drop') return dropMissing(filled);
    const y = Float64Array.from(filled.y);
    if (method === 'previous') fillPrevious(y);
    else fillLinear(filled.x, y);
    return { ...filled, y };
  },
};

function fillPrevious(y: Float64Array): void {
  let last = Number.NaN;
  for (let i = 0; i < y.length; i++) {
    if (Number.isNaN(y[i]!)) y[i] = last;
    else if (Number.isFinite(y[i]!)) last = y[i]!;
  }
}

function fillLinear(x: Float64Array, y: Float64Array): void {
  const anchor = (i: number): boolean => Number.isFinite(y[i]!) && Number.isFinite(x[i]!);
  let prev = -1;
  for (let i = 0; i < y.length; i++) {
    if (!anchor(i)) continue;
    if (prev >= 0 && i > prev + 1) {
      const x0 = x[prev]!;
      const y0 = y[prev]!;
      const y1 = y[i]!;
      for (let k = prev + 1; k < i; k++) {
        if (!Number.isNaN(y[k]!) || !Number.isFinite(x[k]!)) continue;
        y[k] = y0 === y1 ? y0 : y0 + ((y1 - y0) * (x[k]! - x0)) / (x[i]! - x0);
      }
    }
    prev = i;
  }
}

function dropMissing(frame: SeriesFrame): SeriesFrame {
  const keep: number[] = [];
  for (let i = 0; i < frame.y.length; i++) if (!Number.isNaN(frame.y[i]!)) keep.push(i);
  const pick = (a: Float64Array): Float64Array => Float64Array.from(keep, (i) => a[i]!);
  return { x: pick(frame.x), y: pick(frame.y), ...(frame.t ? { t: pick(frame.t) } : {}) };
}

function insertMissingSteps(frame: SeriesFrame, step: number): SeriesFrame {
  const { x, y, t } = frame;
  const n = x.length;
  // Count first, so an x range of 10¹² at step 1 is refused before anything is allocated.
  let total = n;
  for (let i = 1; i < n; i++) total += gapsBetween(x[i - 1]!, x[i]!, step);
  if (total > MAX_POINTS) {
    throw new RunlensError(
      'VALIDATION',
      `invalid option step of processor impute: ${step} would make ${total} points (at most ${MAX_POINTS}); use a larger step`,
      { field: 'step' },
    );
  }
  const ox = new Float64Array(total);
  const oy = new Float64Array(total);
  const ot = t ? new Float64Array(total) : undefined;
  let o = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      const x0 = x[i - 1]!;
      const missing = gapsBetween(x0, x[i]!, step);
      for (let k = 1; k <= missing; k++) {
        const xi = x0 + k * step;
        ox[o] = xi;
        oy[o] = Number.NaN;
        if (ot && t) ot[o] = t[i - 1]! + ((t[i]! - t[i - 1]!) * (xi - x0)) / (x[i]! - x0);
        o++;
      }
    }
    ox[o] = x[i]!;
    oy[o] = y[i]!;
    if (ot && t) ot[o] = t[i]!;
    o++;
  }
  return { x: ox, y: oy, ...(ot ? { t: ot } : {}) };
}

/** How many grid points fit strictly between a and b (a point within 1e-9 step of b counts as b itself). */
function gapsBetween(a: number, b: number, step: number): number {
  const span = b - a;
  if (!(span > step) || !Number.isFinite(span)) return 0;
  return Math.ceil(span / step - 1 - 1e-9);
}
