import { describe, expect, it } from 'vitest';
import { runningAverageProcessor, type RunningAverageOptions } from './running-average-processor.js';

const run = (y: number[], o: Partial<RunningAverageOptions>): number[] =>
  Array.from(
    runningAverageProcessor.apply(
      { x: Float64Array.from(y, (_, i) => i), y: Float64Array.from(y) },
      runningAverageProcessor.options.parse(o),
    ).y,
  );

describe('running-average processor', () => {
  it('averages the trailing window, shorter at the start', () => {
    expect(run([1, 2, 3, 4, 5], { window: 3 })).toEqual([1, 1.5, 2, 3, 4]);
  });

  it('centres the window, with one more point after for an even window', () => {
    expect(run([1, 2, 3, 4, 5], { window: 3, align: 'centred' })).toEqual([1.5, 2, 3, 4, 4.5]);
    expect(run([1, 2, 3, 4, 5], { window: 4, align: 'centred' })).toEqual([2, 2.5, 3.5, 4, 4.5]);
  });

  it('leaves NaN in place and out of the means', () => {
    expect(run([1, NaN, 3, Infinity, 5], { window: 2 })).toEqual([1, NaN, 3, Infinity, 5]);
    expect(run([1, NaN, 3], { window: 3 })).toEqual([1, NaN, 2]);
  });

  it('loses no precision on a large level', () => {
    const y = Array.from({ length: 100_000 }, (_, i) => 1e9 + (i % 2));
    const out = run(y, { window: 2 });
    expect(out[99_999]).toBe(1e9 + 0.5);
  });

  it('keeps constants, and everything with window 1', () => {
    expect(run([0.3, 0.3, 0.3], { window: 2 })).toEqual([0.3, 0.3, 0.3]);
    expect(run([3, 1, 2], { window: 1 })).toEqual([3, 1, 2]);
    for (const window of [0, 1.5, -2]) expect(runningAverageProcessor.options.safeParse({ window }).success).toBe(false);
  });
});
