import { describe, expect, it } from 'vitest';
import { averagePrecision, rocAuc, withRocEnds } from './classifier-curve-scores.js';

describe('rocAuc', () => {
  it('is 1 for a perfect classifier, 0.5 for chance, 0 for an inverted one', () => {
    expect(rocAuc([0, 0, 1], [0, 1, 1])).toBe(1);
    expect(rocAuc([0, 0.5, 1], [0, 0.5, 1])).toBe(0.5);
    expect(rocAuc([0, 1, 1], [0, 0, 1])).toBe(0);
  });

  it("matches scikit-learn (roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.75), in any order", () => {
    expect(rocAuc([1, 0.5, 0.5, 0, 0], [1, 1, 0.5, 0.5, 0])).toBe(0.75);
  });

  it('adds the ends every ROC curve has, and is NaN for no points', () => {
    expect(withRocEnds([0.2], [0.8])).toEqual({ x: [0, 0.2, 1], y: [0, 0.8, 1] });
    expect(rocAuc([0.2], [0.8])).toBeCloseTo(0.08 + 0.8 * 0.9, 12);
    expect(rocAuc([], [])).toBeNaN();
  });
});

describe('averagePrecision', () => {
  it("matches scikit-learn's step-wise average precision", () => {
    // average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.8333…
    expect(averagePrecision([1, 1, 0.5, 0.5, 0], [0.5, 2 / 3, 0.5, 1, 1])).toBeCloseTo(5 / 6, 12);
    expect(averagePrecision([0.5, 1], [1, 1])).toBe(1);
    expect(averagePrecision([], [])).toBeNaN();
  });
});
