import type { Run } from '@runlens/core';

/** Start to end; while running, start to now; for a crashed or killed run without an end, to its last heartbeat. */
export function runDurationMs(run: Run, now: number): number {
  const end = run.endTime ?? (run.status === 'running' ? Math.max(now, run.heartbeat) : run.heartbeat);
  return Math.max(0, end - run.startTime);
}
