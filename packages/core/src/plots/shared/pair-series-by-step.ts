/** Two metric series of one run joined on their steps: a curve logged as `<prefix>/fpr` and `<prefix>/tpr`. */
import type { PlotSeries } from '../plot-plugin.js';

/** The (x, y) pairs of a curve, in step order, and what was dropped on the way. */
export interface PairedSeries {
  readonly x: number[];
  readonly y: number[];
  readonly steps: number[];
  /** Steps present in only one of the two series. */
  readonly unmatched: number;
  /** Steps where either value is NaN or ±Infinity. */
  readonly nonFinite: number;
}

/**
 * Pairs `xs.y[i]` with the value of `ys` at the same step. When a series repeats a step, its last value there wins
 * (the store keeps one value per step; a loader may not). Steps in one series only are counted in `unmatched`,
 * non-finite pairs in `nonFinite`; both are left out.
 *
 * @example pairSeriesByStep(fprSeries, tprSeries) // { x: [0, 0.1, 1], y: [0, 0.8, 1], steps: [0, 1, 2], ... }
 */
export function pairSeriesByStep(xs: PlotSeries, ys: PlotSeries): PairedSeries {
  const yAt = new Map<number, number>();
  for (let i = 0; i < ys.steps.length; i++) yAt.set(ys.steps[i]!, ys.y[i]!);
  const xAt = new Map<number, number>();
  for (let i = 0; i < xs.steps.length; i++) xAt.set(xs.steps[i]!, xs.y[i]!);
  const steps = [...xAt.keys()].sort((a, b) => a - b);
  const out = { x: [] as number[], y: [] as number[], steps: [] as number[] };
  let unmatched = [...yAt.keys()].filter((s) => !xAt.has(s)).length;
  let nonFinite = 0;
  for (const step of steps) {
    const y = yAt.get(step);
    if (y === undefined) {
      unmatched++;
      continue;
    }
    const x = xAt.get(step)!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      nonFinite++;
      continue;
    }
    out.x.push(x);
    out.y.push(y);
    out.steps.push(step);
  }
  return { ...out, unmatched, nonFinite };
}
