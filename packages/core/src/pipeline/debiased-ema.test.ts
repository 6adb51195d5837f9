import { describe, expect, it } from 'vitest';
import { RunlensError } from '../errors.js';
import { debiasedEma } from './debiased-ema.js';

describe('debiasedEma', () => {
  it("matches TensorBoard's debiased EMA step by step", () => {
    const w = 0.6;
    const values = [2, 1, 4, 3];
    let last = 0;
    const expected = values.map((v, k) => {
      last = last * w + (1 - w) * v;
      return last / (1 - w ** (k + 1));
    });
    const smoothed = debiasedEma(values, w);
    expected.forEach((e, i) => expect(smoothed[i]).toBeCloseTo(e, 14));
    // Debiasing makes the first smoothed value the first value itself, not 40% of it.
    expect(smoothed[0]).toBeCloseTo(2, 14);
  });

  it('passes non-finite values through without letting them into the average', () => {
    const smoothed = debiasedEma([1, Number.NaN, Infinity, 0], 0.5);
    expect(smoothed[1]).toBeNaN();
    expect(smoothed[2]).toBe(Infinity);
    // As if the series were [1, 0]: (0.25·1 + 0.5·0) / 0.75.
    expect(smoothed[3]).toBeCloseTo(1 / 3, 14);
  });

  it('returns constant series and weight 0 unchanged', () => {
    expect(Array.from(debiasedEma([0.1, 0.1, 0.1], 0.9))).toEqual([0.1, 0.1, 0.1]);
    expect(Array.from(debiasedEma([3, 1, 2], 0))).toEqual([3, 1, 2]);
  });

  it('rejects weights outside [0, 1)', () => {
    for (const w of [1, -0.5, Number.NaN]) expect(() => debiasedEma([1, 2], w)).toThrow(RunlensError);
  });
});
