/** Small pieces every run view shows: the status chip, relative start time, duration. */
import type { Run, RunStatus } from '@runlens/core';
import { formatAbsolute, formatDuration, formatNumber, formatRelative } from './format.js';
import { runProgress } from './run-progress.js';
import { useNow } from './clock.js';
import { runDurationMs } from './run-duration.js';

export function StatusChip({ status }: { status: RunStatus }) {
  return (
    <span className={`status-chip status-${status}`} data-status={status}>
      {status === 'running' && <span className="pulse" aria-hidden="true" />}
      {status}
    </span>
  );
}

export function RelativeTime({ time }: { time: number }) {
  const now = useNow();
  return (
    <time dateTime={new Date(time).toISOString()} title={formatAbsolute(time)}>
      {formatRelative(time, now)}
    </time>
  );
}

export function Duration({ run }: { run: Run }) {
  const now = useNow();
  return <span>{formatDuration(runDurationMs(run, now))}</span>;
}

/** A running run's step, steps per second and time left (when its params give a step count). */
export function RunProgressFacts({ run }: { run: Run }) {
  useNow();
  const p = runProgress(run);
  if (!p) return null;
  return (
    <span className="run-progress" data-testid="run-progress">
      step {formatNumber(p.step)}
      {p.totalSteps !== null && <> / {formatNumber(p.totalSteps)}</>}
      {p.stepsPerSecond !== null && <> · {formatNumber(Number(p.stepsPerSecond.toPrecision(3)))} steps/s</>}
      {p.etaMs !== null && <> · ETA {formatDuration(p.etaMs)}</>}
    </span>
  );
}
