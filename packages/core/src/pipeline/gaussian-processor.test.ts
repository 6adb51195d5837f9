import { describe, expect, it } from 'vitest';
import { gaussianProcessor, type GaussianOptions } from './gaussian-processor.js';

const run = (y: number[], o: Partial<GaussianOptions>, x?: number[]): number[] =>
  Array.from(
    gaussianProcessor.apply(
      { x: Float64Array.from(x ?? y.map((_, i) => i)), y: Float64Array.from(y) },
      gaussianProcessor.options.parse(o),
    ).y,
  );

describe('gaussian processor', () => {
  it('weights neighbours by exp(−d²/2σ²)', () => {
    const out = run([0, 0, 3, 0, 0], { sigma: 1 });
    expect(out[2]).toBeCloseTo(3 / (1 + 2 * Math.exp(-0.5) + 2 * Math.exp(-2)), 14);
    // One-sided at the edge, normalised by the weights it has.
    expect(out[0]).toBeCloseTo((3 * Math.exp(-2)) / (1 + Math.exp(-0.5) + Math.exp(-2) + Math.exp(-4.5) + Math.exp(-8)), 14);
  });

  it('keeps a two-point series between its values and symmetric', () => {
    const [a, b] = run([0, 1], { sigma: 2 });
    const w = Math.exp(-1 / 8);
    expect(a).toBeCloseTo(w / (1 + w), 14);
    expect(a! + b!).toBeCloseTo(1, 14);
  });

  it('measures distance on x with unit=x', () => {
    expect(run([0, 0, 10], { sigma: 1, unit: 'x' }, [0, 1, 100])).toEqual([0, 0, 10]);
  });

  it('keeps constant series and passes NaN through, leaving it out of the neighbours', () => {
    expect(run([0.1, 0.1, 0.1, 0.1], { sigma: 3 })).toEqual([0.1, 0.1, 0.1, 0.1]);
    const out = run([1, NaN, 3], { sigma: 1 });
    expect(out[1]).toBeNaN();
    expect(out[0]).toBeCloseTo((1 + 3 * Math.exp(-2)) / (1 + Math.exp(-2)), 14);
  });

  it('rejects a sigma that is not positive, or too wide in points', () => {
    for (const sigma of [0, -1, Infinity, 20_000]) expect(gaussianProcessor.options.safeParse({ sigma }).success).toBe(false);
    expect(gaussianProcessor.options.safeParse({ sigma: 20_000, unit: 'x' }).success).toBe(true);
  });
});
