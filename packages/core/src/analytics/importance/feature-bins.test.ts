import { describe, expect, it } from 'vitest';
import { RunlensError } from '../../errors.js';
import { createSeededRandom } from '../../random/seeded-random.js';
import { binFeature, MISSING_BIN } from './feature-bins.js';

/** The contract trees rely on: a value's bin is ≤ b exactly when it is <= thresholds[b]. */
function expectThresholdsAgree(values: ArrayLike<number>, maxBins: number): void {
  const { codes, thresholds } = binFeature(values, maxBins);
  expect(thresholds.length).toBeLessThan(maxBins);
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (Number.isNaN(x)) {
      expect(codes[i]).toBe(MISSING_BIN);
      continue;
    }
    for (let b = 0; b < thresholds.length; b++) expect(codes[i]! <= b).toBe(x <= thresholds[b]!);
  }
}

describe('binFeature', () => {
  it('gives each distinct value its own bin when there are few, with midpoint thresholds', () => {
    const bins = binFeature([0.1, 0.3, Number.NaN, 0.3, 0.5], 64);
    expect(Array.from(bins.codes)).toEqual([0, 1, MISSING_BIN, 1, 2]);
    expect(Array.from(bins.thresholds)).toEqual([0.2, 0.4]);
    expect(bins.hasMissing).toBe(true);
  });

  it('caps the bins at quantiles with roughly equal counts', () => {
    const rng = createSeededRandom(3);
    const values = Float64Array.from({ length: 5000 }, () => rng.normal());
    const { codes, thresholds } = binFeature(values, 16);
    expect(thresholds.length).toBe(15);
    const counts = new Array<number>(16).fill(0);
    for (const c of codes) counts[c]! += 1;
    for (const c of counts) expect(Math.abs(c - 5000 / 16)).toBeLessThan(5);
  });

  it('keeps thresholds and codes in agreement with ties, infinities and missing values', () => {
    const rng = createSeededRandom(4);
    const values = Float64Array.from({ length: 600 }, (_, i) =>
      i % 50 === 0 ? Number.NaN : i % 37 === 0 ? Infinity : i % 41 === 0 ? -Infinity : Math.round(rng.normal() * 4),
    );
    expectThresholdsAgree(values, 4);
    expectThresholdsAgree(values, 255);
    expectThresholdsAgree([1e-300, 2e-300, 5e-324, 0, -0], 8);
  });

  it('keeps a heavy repeated value in one bin and every bin non-empty', () => {
    const values = [...new Array<number>(900).fill(1), ...Array.from({ length: 100 }, (_, i) => i + 2)];
    const { codes, thresholds } = binFeature(values, 10);
    const used = new Set(codes);
    expect(used.size).toBe(thresholds.length + 1);
    expect(new Set(codes.slice(0, 900)).size).toBe(1);
    expectThresholdsAgree(values, 10);
  });

  it('has no thresholds for a constant or all-missing column', () => {
    expect(binFeature([2, 2, 2], 64).thresholds.length).toBe(0);
    const missing = binFeature([Number.NaN, Number.NaN], 64);
    expect(Array.from(missing.codes)).toEqual([MISSING_BIN, MISSING_BIN]);
  });

  it('rejects a bin count that does not fit a byte code', () => {
    expect(() => binFeature([1, 2], 256)).toThrow(RunlensError);
    expect(() => binFeature([1, 2], 1)).toThrow(/maxBins/);
  });
});
