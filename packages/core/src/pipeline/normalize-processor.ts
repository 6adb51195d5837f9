/** The `normalize` processor: rescaling a series so that runs on different scales can share an axis. */
import { z } from 'zod';
import { PLUGIN_API_VERSION } from '../plugins/registry.js';
import { isFiniteConstant } from './finite-constant.js';
import type { ProcessorPlugin } from './processor-plugin.js';

export interface NormalizeOptions {
  /**
   * `minmax` (default): to [0, 1] by the finite min and max. `zscore`: minus the mean, over the sample standard
   * deviation. `first`: divided by the first finite value (relative change, 1 at the start). `max`: divided by the
   * largest absolute finite value (into [−1, 1]).
   */
  method: 'minmax' | 'zscore' | 'first' | 'max';
}

/** Shift and scale of a method, computed from the finite values. */
type Affine = { shift: number; scale: number };

/**
 * `normalize:minmax` — y → (y − shift) / scale, shift and scale from the series' finite values. Where the scale is
 * 0 — a constant series under `minmax` or `zscore`, a first value of 0 under `first`, all zeros under `max` — the
 * scale counts as 1, so a constant series becomes a constant (0 for `minmax`/`zscore`, 1 for `first`/`max` unless
 * it is 0) and nothing turns into NaN. NaN/±Infinity pass through the same formula (±Infinity stay infinite).
 */
export const normalizeProcessor: ProcessorPlugin<NormalizeOptions> = {
  kind: 'processor',
  name: 'normalize',
  apiVersion: PLUGIN_API_VERSION,
  description: 'rescale a series: minmax, zscore, first (divide by the first value) or max (divide by max |y|)',
  capabilities: ['processor:normalisation'],
  options: z.strictObject({ method: z.enum(['minmax', 'zscore', 'first', 'max']).default('minmax') }),
  shorthand: 'method',
  apply: (frame, { method }) => {
    const finite = frame.y.filter((v) => Number.isFinite(v));
    const { shift, scale } = finite.length === 0 ? { shift: 0, scale: 1 } : AFFINE[method](finite);
    const safeScale = scale === 0 || !Number.isFinite(scale) ? 1 : scale;
    return { ...frame, y: frame.y.map((v) => (v - shift) / safeScale) };
  },
};

const AFFINE: Record<NormalizeOptions['method'], (finite: Float64Array) => Affine> = {
  minmax: (f) => {
    let min = Infinity;
    let max = -Infinity;
    for (const v of f) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return { shift: min, scale: max - min };
  },
  zscore: (f) => {
    let mean = 0;
    for (const v of f) mean += v;
    // A constant's computed mean can be off by an ulp; its z-scores must still be exactly 0.
    mean = isFiniteConstant(f) ? f[0]! : mean / f.length;
    let ss = 0;
    for (const v of f) ss += (v - mean) ** 2;
    return { shift: mean, scale: f.length > 1 ? Math.sqrt(ss / (f.length - 1)) : 0 };
  },
  first: (f) => ({ shift: 0, scale: f[0]! }),
  max: (f) => {
    let max = 0;
    for (const v of f) max = Math.max(max, Math.abs(v));
    return { shift: 0, scale: max };
  },
};
