import { describe, expect, it } from 'vitest';
import { imputeProcessor, type ImputeOptions } from './impute-processor.js';
import type { SeriesFrame } from './series-frame.js';

const frame = (x: number[], y: number[], t?: number[]): SeriesFrame => ({
  x: Float64Array.from(x),
  y: Float64Array.from(y),
  ...(t ? { t: Float64Array.from(t) } : {}),
});
const run = (f: SeriesFrame, o: Partial<ImputeOptions>): SeriesFrame => imputeProcessor.apply(f, imputeProcessor.options.parse(o));
const ys = (f: SeriesFrame): number[] => Array.from(f.y);

describe('impute processor', () => {
  it('interpolates NaN linearly on x, and leaves the ends it cannot bracket', () => {
    expect(ys(run(frame([0, 1, 2, 3], [0, NaN, NaN, 3]), {}))).toEqual([0, 1, 2, 3]);
    expect(ys(run(frame([0, 1, 4], [0, NaN, 8]), {}))).toEqual([0, 2, 8]);
    expect(ys(run(frame([0, 1, 2, 3], [NaN, 1, 2, NaN]), {}))).toEqual([NaN, 1, 2, NaN]);
  });

  it('keeps ±Infinity and does not fill from them', () => {
    expect(ys(run(frame([0, 1, 2, 3], [0, Infinity, NaN, 3]), {}))).toEqual([0, Infinity, 2, 3]);
  });

  it('repeats the previous finite value', () => {
    expect(ys(run(frame([0, 1, 2, 3, 4], [NaN, 1, NaN, -Infinity, NaN]), { method: 'previous' }))).toEqual([
      NaN,
      1,
      1,
      -Infinity,
      1,
    ]);
  });

  it('drops NaN points with their x and t', () => {
    const out = run(frame([0, 1, 2], [5, NaN, 7], [100, 200, 300]), { method: 'drop' });
    expect(Array.from(out.x)).toEqual([0, 2]);
    expect(ys(out)).toEqual([5, 7]);
    expect(Array.from(out.t!)).toEqual([100, 300]);
  });

  it('inserts missing steps on a regular grid and fills them, wall times interpolated', () => {
    const out = run(frame([0, 1, 4, 4.5], [0, 1, 4, 5], [0, 10, 40, 45]), { step: 1 });
    expect(Array.from(out.x)).toEqual([0, 1, 2, 3, 4, 4.5]);
    expect(ys(out)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(out.t!)).toEqual([0, 10, 20, 30, 40, 45]);
    const prev = run(frame([0, 3], [1, 2]), { step: 1, method: 'previous' });
    expect(ys(prev)).toEqual([1, 1, 1, 2]);
  });

  it('refuses a step that would make too many points, and step with drop', () => {
    expect(() => run(frame([0, 1e12], [0, 1]), { step: 1 })).toThrow(/option step of processor impute: 1 would make/);
    expect(imputeProcessor.options.safeParse({ method: 'drop', step: 1 }).success).toBe(false);
    expect(imputeProcessor.options.safeParse({ method: 'mean' }).success).toBe(false);
  });
});
