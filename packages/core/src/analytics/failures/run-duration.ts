/** How long a run lived, from its timestamps. */
import type { Run } from '../../domain/types.js';

/**
 * Milliseconds from start to the run's last sign of life: the heartbeat for a `crashed` run (its end time, when
 * set, is when the loss was noticed, not when the run died), else the end time, or the heartbeat while there is
 * none. `undefined` when the timestamps are missing or run backwards.
 */
export function runDurationMs(run: Run): number | undefined {
  const end = run.status === 'crashed' ? run.heartbeat : (run.endTime ?? run.heartbeat);
  const duration = end - run.startTime;
  return Number.isFinite(duration) && duration >= 0 ? duration : undefined;
}
