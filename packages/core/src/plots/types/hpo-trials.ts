/** Runs as the trials of a hyperparameter search: in start order, each with its objective value. */
import type { Run } from '../../domain/types.js';
import { type MetricReducer, runMetricValue } from '../shared/run-metric-value.js';

/** One trial: its run, its number (1 = first started) and its metric value (finite). */
export interface HpoTrial {
  readonly run: Run;
  readonly number: number;
  readonly value: number;
}

/**
 * The runs ordered by start time (ties by id) and numbered from 1, keeping those with a finite value of `metric`;
 * runs without one are counted in a warning (they keep their number, so the numbers match the run order).
 */
export function hpoTrials(runs: readonly Run[], metric: string, reduce: MetricReducer, warnings: string[]): HpoTrial[] {
  const ordered = [...runs].sort((a, b) => a.startTime - b.startTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const trials: HpoTrial[] = [];
  let missing = 0;
  let nonFinite = 0;
  ordered.forEach((run, i) => {
    const value = runMetricValue(run, metric, reduce);
    if (value === undefined) missing++;
    else if (!Number.isFinite(value)) nonFinite++;
    else trials.push({ run, number: i + 1, value });
  });
  if (nonFinite > 0) warnings.push(`${nonFinite} trial${nonFinite === 1 ? '' : 's'} with a NaN or infinite ${metric} left out (diverged)`);
  if (missing > 0) warnings.push(`${missing} trial${missing === 1 ? '' : 's'} without ${metric} left out`);
  if (runs.length === 0) warnings.push('no data: no runs (trials) to draw');
  else if (trials.length === 0) warnings.push(`no trial has a finite ${metric}`);
  else if (trials.length === 1) warnings.push(`only 1 trial with a finite ${metric}: nothing to compare it with yet`);
  return trials;
}

/** The best value so far after each trial, in the order given: non-increasing for minimize, non-decreasing for maximize. */
export function bestSoFar(values: readonly number[], direction: 'minimize' | 'maximize'): number[] {
  const better = direction === 'minimize' ? Math.min : Math.max;
  const out: number[] = [];
  for (const v of values) out.push(out.length === 0 ? v : better(out[out.length - 1]!, v));
  return out;
}
