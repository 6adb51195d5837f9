import { describe, expect, it } from 'vitest';
import type { Run, SeriesSummary } from '@runlens/core';
import { runProgress, totalStepsOf } from './run-progress.js';

const T0 = 1_700_000_000_000;
const summary = (key: string, lastStep: number, lastTime: number): SeriesSummary => ({ key, count: lastStep + 1, first: 1, last: 1, min: 1, max: 1, firstStep: 0, lastStep, nanCount: 0, lastTime });

function run(params: Run['params'], metrics: SeriesSummary[]): Run {
  return { startTime: T0, heartbeat: T0, params, metrics: Object.fromEntries(metrics.map((m) => [m.key, m])) } as Partial<Run> as Run;
}

describe('runProgress', () => {
  it('gives steps per second from the start to the last point, and the ETA from the params\' step count', () => {
    const p = runProgress(run({ 'trainer.max_steps': 1000, lr: 0.1 }, [summary('loss', 200, T0 + 20_000), summary('sys/cpu', 9_999, T0 + 30_000)]))!;
    expect(p.step).toBe(200);
    expect(p.stepsPerSecond).toBeCloseTo(10);
    expect(p.totalSteps).toBe(1000);
    expect(p.etaMs).toBeCloseTo(80_000);
  });

  it('has no ETA without a step count, and nothing without training metrics', () => {
    expect(runProgress(run({ lr: 0.1 }, [summary('loss', 50, T0 + 5_000)]))).toMatchObject({ step: 50, totalSteps: null, etaMs: null });
    expect(runProgress(run({ steps: 10 }, [summary('sys/gpu', 5, T0 + 1)]))).toBeNull();
    expect(totalStepsOf(run({ steps: 'many' }, []))).toBeNull();
  });
});
