/** Finding where a curve breaks for good, and the bad values it recovers from. */
import { medianOfSorted } from '../descriptive/sorted-quantiles.js';
import { initialPointCount } from './initial-points.js';
import type { SortedSeries } from './sort-series.js';
import type { CurveDivergence, CurveGoal, CurvePoint } from './types.js';

/** The points of a curve that trend detection may use, and what was set apart. */
export interface DivergenceScan {
  readonly divergence: CurveDivergence | null;
  /** Indices (into the sorted series) of the good points before the divergence, ascending. */
  readonly good: readonly number[];
  readonly transients: readonly CurvePoint[];
}

/**
 * Walks the curve in step order, in "badness" units (the value for `'minimize'`, its negation for `'maximize'`):
 *
 * - the initial level L is the median of the first good values (`initialPointCount` of the series' length), the
 *   best B the lowest good value so far, and the scale S = max(|L|, |B|, L − B);
 * - a value is bad when it is NaN or ±Infinity, or exceeds L + `explosionFactor` · S (no finite value is bad
 *   before the first good one, or while S is 0);
 * - a bad value after which some finite value comes back to or under that same limit is a transient, set apart;
 *   the first bad value after which none does is the divergence (kind `'nan'` for NaN, else `'explosion'`), and
 *   nothing from it on is good.
 *
 * @example scanDivergence({ steps, values }, 'minimize', 10).divergence // { step: 103, kind: 'nan', value: NaN }
 */
export function scanDivergence(series: SortedSeries, goal: CurveGoal, explosionFactor: number): DivergenceScan {
  const { steps, values } = series;
  const n = values.length;
  const sign = goal === 'minimize' ? 1 : -1;
  // laterMin[i]: the lowest finite badness at or after i, Infinity if none.
  const laterMin = new Float64Array(n + 1).fill(Infinity);
  for (let i = n - 1; i >= 0; i--) {
    const b = sign * values[i]!;
    laterMin[i] = Number.isFinite(b) ? Math.min(b, laterMin[i + 1]!) : laterMin[i + 1]!;
  }

  const initialCount = initialPointCount(n);
  const good: number[] = [];
  const transients: CurvePoint[] = [];
  const initial: number[] = [];
  let level = Number.NaN;
  let best = Infinity;
  for (let i = 0; i < n; i++) {
    const b = sign * values[i]!;
    let limit = Infinity;
    if (good.length > 0) {
      const scale = Math.max(Math.abs(level), Math.abs(best), level - best);
      if (scale > 0) limit = level + explosionFactor * scale;
    }
    const bad = !Number.isFinite(b) || b > limit;
    if (bad) {
      const point = { step: steps[i]!, value: values[i]! };
      const recovery = laterMin[i + 1]!;
      if (Number.isFinite(recovery) && recovery <= limit) {
        transients.push(point);
        continue;
      }
      const kind = Number.isNaN(b) ? 'nan' : 'explosion';
      return { divergence: { ...point, kind }, good, transients };
    }
    good.push(i);
    if (b < best) best = b;
    if (initial.length < initialCount) {
      initial.push(b);
      level = medianOfSorted(Float64Array.from(initial).sort());
    }
  }
  return { divergence: null, good, transients };
}
