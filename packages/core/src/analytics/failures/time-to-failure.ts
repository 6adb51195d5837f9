/** How long failed runs lived before failing, against the runs that did not fail. */
import type { RunStatus } from '../../domain/types.js';
import { medianOfSorted, percentileOfSorted } from '../descriptive/sorted-quantiles.js';
import { compareText } from './compare-text.js';
import type { ClassifiedRun } from './failure-rates.js';
import { runDurationMs } from './run-duration.js';
import type { StatusDuration, TimeToFailure } from './types.js';

/**
 * Median, quartiles and IQR of the failed runs' durations (see `runDurationMs`), the median per failed status
 * (most runs first) and the median of the other runs for comparison. Failed runs whose timestamps give no duration
 * are left out with a warning pushed onto `warnings`.
 */
export function timeToFailure(runs: readonly ClassifiedRun[], warnings: string[]): TimeToFailure {
  const failedDurations: number[] = [];
  const succeededDurations: number[] = [];
  const byStatus = new Map<RunStatus, number[]>();
  let unusable = 0;
  for (const { run, failed } of runs) {
    const duration = runDurationMs(run);
    if (!failed) {
      if (duration !== undefined) succeededDurations.push(duration);
      continue;
    }
    if (duration === undefined) {
      unusable++;
      continue;
    }
    failedDurations.push(duration);
    const list = byStatus.get(run.status) ?? [];
    list.push(duration);
    byStatus.set(run.status, list);
  }
  if (unusable > 0) {
    warnings.push(
      `${unusable} failed run${unusable === 1 ? ' has' : 's have'} no usable duration (missing times, or ending ` +
        'before they started): left out of the time to failure',
    );
  }
  const sorted = Float64Array.from(failedDurations).sort();
  const q1Ms = percentileOfSorted(sorted, 25);
  const q3Ms = percentileOfSorted(sorted, 75);
  const statuses: StatusDuration[] = [...byStatus.entries()]
    .map(([status, list]) => ({ status, count: list.length, medianMs: medianOfSorted(Float64Array.from(list).sort()) }))
    .sort((a, b) => b.count - a.count || compareText(a.status, b.status));
  return {
    count: sorted.length,
    medianMs: medianOfSorted(sorted),
    q1Ms,
    q3Ms,
    iqrMs: q3Ms - q1Ms,
    succeededMedianMs: medianOfSorted(Float64Array.from(succeededDurations).sort()),
    byStatus: statuses,
  };
}
