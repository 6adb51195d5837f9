import { describe, expect, it } from 'vitest';
import { createSeededRandom } from './seeded-random.js';

describe('createSeededRandom', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const take = (seed: number): number[] => {
      const rng = createSeededRandom(seed);
      return Array.from({ length: 20 }, () => rng.next());
    };
    expect(take(1)).toEqual(take(1));
    expect(take(1)).not.toEqual(take(2));
  });

  it('draws uniforms in [0, 1), integers in [0, n) and standard normals', () => {
    const rng = createSeededRandom(123);
    const n = 20_000;
    let sum = 0;
    let sumSq = 0;
    const counts = new Array<number>(5).fill(0);
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      expect(u >= 0 && u < 1).toBe(true);
      const k = rng.int(5);
      counts[k]!++;
      const z = rng.normal();
      sum += z;
      sumSq += z * z;
    }
    // Seeded, so these are fixed numbers; the bounds are about 5 standard errors wide.
    expect(Math.abs(sum / n)).toBeLessThan(0.04);
    expect(Math.abs(sumSq / n - 1)).toBeLessThan(0.05);
    for (const c of counts) expect(Math.abs(c / n - 0.2)).toBeLessThan(0.015);
  });
});
