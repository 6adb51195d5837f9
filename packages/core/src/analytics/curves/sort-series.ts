/** Checking a series and putting its points in step order. */
import { RunlensError } from '../../errors.js';
import type { CurveSeries } from './types.js';

/** A series sorted by step, one point per step. */
export interface SortedSeries {
  readonly steps: Float64Array;
  readonly values: Float64Array;
}

/**
 * Copies `series` in ascending step order. Unsorted steps are sorted (stably) rather than refused: importers and
 * merged logs do deliver them out of order, and the order of steps is not in doubt. Points with a non-finite step
 * are dropped, and of several points at one step the last one given is kept (as the store does: a second value
 * for a step replaces the first); each with a warning pushed onto `warnings`, prefixed with `label`. Steps and
 * values of different lengths throw a VALIDATION {@link RunlensError}.
 */
export function sortSeries(series: CurveSeries, label: string, warnings: string[]): SortedSeries {
  const { steps, values } = series;
  if (steps.length !== values.length) {
    throw new RunlensError(
      'VALIDATION',
      `${label}: steps and values must have the same length (got ${steps.length} and ${values.length})`,
    );
  }
  const order: number[] = [];
  let sorted = true;
  for (let i = 0; i < steps.length; i++) {
    if (!Number.isFinite(steps[i]!)) continue;
    if (order.length > 0 && steps[i]! < steps[order[order.length - 1]!]!) sorted = false;
    order.push(i);
  }
  const badSteps = steps.length - order.length;
  if (badSteps > 0) warnings.push(`${label}: ${badSteps} point${plural(badSteps)} with a non-finite step dropped`);
  if (!sorted) {
    warnings.push(`${label}: steps were not in ascending order; sorted them`);
    // Array.prototype.sort is stable, so equal steps keep their input order and "last one given" stays last.
    order.sort((i, j) => steps[i]! - steps[j]!);
  }
  const kept: number[] = [];
  for (let k = 0; k < order.length; k++) {
    const next = order[k + 1];
    if (next !== undefined && steps[next] === steps[order[k]!]) continue;
    kept.push(order[k]!);
  }
  const duplicates = order.length - kept.length;
  if (duplicates > 0) {
    warnings.push(`${label}: ${duplicates} repeated step${plural(duplicates)}; kept the last value given for each`);
  }
  return {
    steps: Float64Array.from(kept, (i) => steps[i]!),
    values: Float64Array.from(kept, (i) => values[i]!),
  };
}

function plural(n: number): string {
  return n === 1 ? '' : 's';
}
