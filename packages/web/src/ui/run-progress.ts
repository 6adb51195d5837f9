/**
 * How far a running run is and how fast it goes: the furthest step any training metric reached (system metrics
 * left out: they tick on their own clock), steps per second since the run started, and — when the params say how
 * many steps the run will take (`steps`, `max_steps`, `total_steps`, `num_steps`, `train_steps`, or one of those
 * under a prefix such as `trainer.max_steps`) — the estimated time left.
 */
import type { Run } from '@runlens/core';

const TOTAL_STEP_KEYS = new Set(['steps', 'max_steps', 'total_steps', 'num_steps', 'train_steps', 'num_train_steps', 'max_iters', 'iterations']);

export interface RunProgress {
  step: number;
  stepsPerSecond: number | null;
  totalSteps: number | null;
  /** ms left at the current rate; null without a total or a rate. */
  etaMs: number | null;
}

/** The total step count the params announce, if any. */
export function totalStepsOf(run: Run): number | null {
  for (const [k, v] of Object.entries(run.params)) {
    const last = k.split('.').pop()!;
    if (TOTAL_STEP_KEYS.has(last) && typeof v === 'number' && Number.isFinite(v) && v > 0) return v;
  }
  return null;
}

export function runProgress(run: Run): RunProgress | null {
  let step = -Infinity;
  let lastTime = -Infinity;
  for (const m of Object.values(run.metrics)) {
    if (m.key.startsWith('sys/')) continue;
    if (m.lastStep > step) step = m.lastStep;
    if (m.lastTime > lastTime) lastTime = m.lastTime;
  }
  if (!Number.isFinite(step)) return null;
  // the rate from the start to the last point logged
  const elapsed = (lastTime - run.startTime) / 1000;
  const stepsPerSecond = elapsed > 0 && step > 0 ? step / elapsed : null;
  const totalSteps = totalStepsOf(run);
  const etaMs = totalSteps !== null && stepsPerSecond !== null ? (Math.max(0, totalSteps - step) / stepsPerSecond) * 1000 : null;
  return { step, stepsPerSecond, totalSteps, etaMs };
}
