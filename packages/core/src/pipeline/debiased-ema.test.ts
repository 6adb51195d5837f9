import { describe, expect, it } from 'vitest';
import { RunlensError } from '../errors.js';
import { createSeededRandom } from '../random/seeded-random.js';
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

describe('debiasedEma: the first value and constant series', () => {
  it('returns the first finite value exactly, for any weight and magnitude', () => {
    const rng = createSeededRandom(11);
    for (let k = 0; k < 5000; k++) {
      const v = (rng.next() - 0.5) * 10 ** Math.floor(rng.next() * 24 - 12);
      const w = rng.next() * 0.999;
      expect(debiasedEma([v, v * 3 + 1, v - 2], w)[0]).toBe(v);
      // after leading NaNs too
      expect(debiasedEma([Number.NaN, v, v + 1], w)[1]).toBe(v);
    }
  });

  it('leaves a constant series with NaN and ±Infinity between its values exactly as it is', () => {
    for (const c of [0.1, 0.7, -3.3, 1e-9, 12345.678]) {
      const smoothed = debiasedEma([c, Number.NaN, c, c, Infinity, c, -Infinity, c], 0.6);
      expect(Array.from(smoothed)).toEqual([c, Number.NaN, c, c, Infinity, c, -Infinity, c]);
    }
  });

  it('agrees with the weight-0.6 TensorBoard values on a longer series', () => {
    // TensorBoard: last = 0.6·last + 0.4·v; smoothed = last / (1 − 0.6^k)
    const values = Array.from({ length: 200 }, (_, i) => Math.sin(i / 7) * 10 + i / 20);
    let last = 0;
    const expected = values.map((v, k) => {
      last = last * 0.6 + 0.4 * v;
      return last / (1 - 0.6 ** (k + 1));
    });
    debiasedEma(values, 0.6).forEach((s, i) => expect(s).toBeCloseTo(expected[i]!, 12));
  });
});
