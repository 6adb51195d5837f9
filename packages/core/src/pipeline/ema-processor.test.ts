import { describe, expect, it } from 'vitest';
import { emaProcessor } from './ema-processor.js';

const apply = (y: number[], weight: number): number[] =>
  Array.from(emaProcessor.apply({ x: Float64Array.from(y, (_, i) => i), y: Float64Array.from(y) }, { weight }).y);

describe('ema processor', () => {
  it('matches values worked by hand from TensorBoard’s formula', () => {
    // last = last·w + (1 − w)·v from 0; smoothed = last / (1 − w^numAccum).
    // w 0.5 on [1, 3, 2]: last 0.5 → 1; last 1.75 → 1.75/0.75 = 7/3; last 1.875 → 1.875/0.875 = 15/7.
    const out = apply([1, 3, 2], 0.5);
    expect(out[0]).toBe(1);
    expect(out[1]).toBeCloseTo(7 / 3, 14);
    expect(out[2]).toBeCloseTo(15 / 7, 14);
    // TensorBoard's default 0.6 on [0, 1]: last 0 → 0; last 0.4 → 0.4 / 0.64 = 0.625.
    expect(apply([0, 1], 0.6)).toEqual([0, 0.625]);
  });

  it('passes NaN and ±Infinity through without accumulating them', () => {
    const out = apply([1, NaN, -Infinity, 3], 0.5);
    expect(out[1]).toBeNaN();
    expect(out[2]).toBe(-Infinity);
    // As if the series were [1, 3]: 7/3.
    expect(out[3]).toBeCloseTo(7 / 3, 14);
  });

  it('keeps the first value and constant series, and x and t', () => {
    expect(apply([5, 5, 5, 5], 0.99)).toEqual([5, 5, 5, 5]);
    expect(apply([-3, 10, 10], 0.9)[0]).toBe(-3);
    const t = Float64Array.of(10, 20);
    const f = { x: Float64Array.of(0, 1), y: Float64Array.of(1, 2), t };
    const out = emaProcessor.apply(f, { weight: 0.5 });
    expect(out.x).toBe(f.x);
    expect(out.t).toBe(t);
  });

  it('validates its weight', () => {
    expect(emaProcessor.options.safeParse({}).data).toEqual({ weight: 0.6 });
    for (const weight of [1, -0.1, Number.NaN, '0.5']) expect(emaProcessor.options.safeParse({ weight }).success).toBe(false);
  });
});
