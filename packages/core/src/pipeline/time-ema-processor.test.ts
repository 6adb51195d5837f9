import { describe, expect, it } from 'vitest';
import { emaProcessor } from './ema-processor.js';
import type { SeriesFrame } from './series-frame.js';
import { timeEmaProcessor, type TimeEmaOptions } from './time-ema-processor.js';

const frame = (x: number[], y: number[], t?: number[]): SeriesFrame => ({
  x: Float64Array.from(x),
  y: Float64Array.from(y),
  ...(t ? { t: Float64Array.from(t) } : {}),
});
const run = (f: SeriesFrame, o: Partial<TimeEmaOptions>): number[] =>
  Array.from(timeEmaProcessor.apply(f, timeEmaProcessor.options.parse(o)).y);

describe('time-ema processor', () => {
  it('equals TensorBoard’s ema on evenly spaced points', () => {
    const y = [0.3, 2, -1, 4, 4, 0.5, 7];
    const even = run(frame([0, 10, 20, 30, 40, 50, 60], y), { weight: 0.7 });
    const ema = Array.from(emaProcessor.apply(frame([0, 1, 2, 3, 4, 5, 6], y), { weight: 0.7 }).y);
    even.forEach((v, i) => expect(v).toBeCloseTo(ema[i]!, 12));
  });

  it('decays by the gap: a long gap lets the new value weigh more', () => {
    // Gaps 1, 1, 3; the typical gap is 1, so old weight decays by 0.5, 0.5, then 0.5³ = 0.125.
    const out = run(frame([0, 1, 2, 5], [0, 2, 2, 8]), { weight: 0.5 });
    expect(out[0]).toBe(0);
    expect(out[1]).toBeCloseTo(2 / 1.5, 14);
    expect(out[2]).toBeCloseTo(3 / 1.75, 14);
    expect(out[3]).toBeCloseTo((3 * 0.125 + 8) / (1.75 * 0.125 + 1), 14);
    // Plain ema ignores the gap and lags behind.
    const ema = emaProcessor.apply(frame([0, 1, 2, 5], [0, 2, 2, 8]), { weight: 0.5 }).y;
    expect(out[3]!).toBeGreaterThan(ema[3]!);
  });

  it('takes a half-life in x units instead of a weight', () => {
    expect(run(frame([0, 10], [0, 1]), { halfLife: 10 })).toEqual([0, 1 / 1.5]);
    expect(timeEmaProcessor.options.safeParse({ weight: 0.5, halfLife: 3 }).success).toBe(false);
  });

  it('measures gaps on wall time with by=time, and says when there is none', () => {
    expect(run(frame([0, 1], [0, 1], [0, 1000]), { by: 'time', halfLife: 1000 })).toEqual([0, 1 / 1.5]);
    expect(() => run(frame([0, 1], [0, 1]), { by: 'time' })).toThrow(/by of processor time-ema: time \(this series has no wall times/);
  });

  it('averages points at the same x, keeps constants and the first value, passes NaN through', () => {
    expect(run(frame([0, 0], [1, 3]), {})).toEqual([1, 2]);
    expect(run(frame([0, 1, 7, 8], [2, 2, 2, 2]), { weight: 0.9 })).toEqual([2, 2, 2, 2]);
    const out = run(frame([0, 1, 2, 3], [4, NaN, Infinity, 4]), {});
    expect(out).toEqual([4, NaN, Infinity, 4]);
  });

  it('leaves the series as it is with weight 0', () => {
    expect(run(frame([0, 1, 5], [3, 1, 2]), { weight: 0 })).toEqual([3, 1, 2]);
  });
});
