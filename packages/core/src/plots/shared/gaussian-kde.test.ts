import { describe, expect, it } from 'vitest';
import { gaussianKde, silvermanBandwidth } from './gaussian-kde.js';

describe('gaussian KDE', () => {
  it('matches the direct sum of Gaussian kernels (the reach cut-off changes nothing visible)', () => {
    const values = Float64Array.of(0, 0.5, 0.6, 2, 2.1, 5);
    const kde = gaussianKde(values, { bandwidth: 0.4, points: 50 })!;
    const peak = Math.max(...kde.density);
    kde.x.forEach((x, g) => {
      let direct = 0;
      for (const v of values) direct += Math.exp(-0.5 * ((x - v) / 0.4) ** 2);
      direct /= values.length * 0.4 * Math.sqrt(2 * Math.PI);
      expect(Math.abs(kde.density[g]! - direct)).toBeLessThanOrEqual(1e-7 * peak);
    });
    expect(kde.x[0]).toBeCloseTo(-1.2, 12);
    expect(kde.x.at(-1)).toBeCloseTo(6.2, 12);
  });

  it("uses Silverman's rule like R's bw.nrd0", () => {
    // R: bw.nrd0(c(1, 2, 3, 4, 10)) = 0.9 * min(sd = 3.5355, IQR/1.34 = 1.4925) * 5^-0.2 = 0.9750
    expect(silvermanBandwidth(Float64Array.of(1, 2, 3, 4, 10))).toBeCloseTo(0.9 * (2 / 1.34) * Math.pow(5, -0.2), 12);
  });

  it('gives nothing to draw for one value or equal values', () => {
    expect(gaussianKde(Float64Array.of(1))).toBeUndefined();
    expect(gaussianKde(Float64Array.of(2, 2, 2))).toBeUndefined();
  });
});
