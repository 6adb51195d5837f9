import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../random/seeded-random.js';
import { noiseScale, smoothedNoise } from './noise-scale.js';

describe('noiseScale', () => {
  it('sees no noise in a straight line, whatever its slope', () => {
    expect(noiseScale(Array.from({ length: 50 }, (_, i) => 3 - 0.5 * i))).toBe(0);
    expect(noiseScale(Array.from({ length: 50 }, (_, i) => 3 - 0.7 * i))).toBeLessThan(1e-12);
  });

  it('estimates the standard deviation of Gaussian noise around a trend', () => {
    const rng = createSeededRandom(21);
    const values = Array.from({ length: 20_000 }, (_, i) => Math.exp(-i / 5000) + 0.05 * rng.normal());
    expect(noiseScale(values)).toBeCloseTo(0.05, 2);
  });

  it('ignores a few jumps', () => {
    const rng = createSeededRandom(22);
    const values = Array.from({ length: 1000 }, (_, i) => (i % 100 === 0 ? 50 : 0) + 0.1 * rng.normal());
    expect(noiseScale(values)).toBeGreaterThan(0.09);
    expect(noiseScale(values)).toBeLessThan(0.11);
  });

  it('is 0 below 3 values', () => {
    expect(noiseScale([1, 5])).toBe(0);
  });

  it("shrinks by the EMA's steady-state factor", () => {
    expect(smoothedNoise(1, 0.6)).toBeCloseTo(0.5, 14);
    expect(smoothedNoise(2, 0)).toBe(2);
  });
});
