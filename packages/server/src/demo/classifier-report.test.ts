import { describe, expect, it } from 'vitest';
import { charClass, classifierReport } from './classifier-report.js';

const chars = ['a', 'b', ' ', '.'];

function probsOf(rows: number[][]): Float64Array {
  return Float64Array.from(rows.flat());
}

describe('classifierReport', () => {
  it('classes characters', () => {
    expect(['e', 'Y', 'k', 'ß', ' ', '\n', '.', '7'].map(charClass)).toEqual(['vowel', 'vowel', 'consonant', 'consonant', 'space', 'space', 'other', 'other']);
  });

  it('a perfect vowel scorer: ROC through (0, 1), PR precision 1 up to recall 1; the confusion diagonal', () => {
    const probs = probsOf([
      [0.9, 0.05, 0.05, 0],
      [0.8, 0.1, 0.1, 0],
      [0.1, 0.8, 0.1, 0],
      [0.05, 0.05, 0.9, 0],
      [0.1, 0.1, 0, 0.8],
    ]);
    const r = classifierReport(probs, Int32Array.from([0, 0, 1, 2, 3]), chars)!;
    expect(r.roc.fpr[0]).toBe(0);
    expect(r.roc.tpr.at(-1)).toBe(1);
    expect(r.roc.fpr.at(-1)).toBe(1);
    const perfect = r.roc.fpr.findIndex((f, i) => f === 0 && r.roc.tpr[i] === 1);
    expect(perfect).toBeGreaterThanOrEqual(0);
    const atFullRecall = r.pr.recall.findIndex((x) => x === 1);
    expect(r.pr.precision[atFullRecall]).toBe(1);
    expect(r.confusion['vowel/vowel']).toBe(2);
    expect(r.confusion['consonant/consonant']).toBe(1);
    expect(r.confusion['space/space']).toBe(1);
    expect(r.confusion['other/other']).toBe(1);
    expect(Object.values(r.confusion).reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('nothing to report for one class only, or for NaN probabilities (a diverged model)', () => {
    expect(classifierReport(probsOf([[1, 0, 0, 0]]), Int32Array.from([0]), chars)).toBeUndefined();
    expect(classifierReport(probsOf([[Number.NaN, 0, 0, 0], [0, 1, 0, 0]]), Int32Array.from([0, 1]), chars)).toBeUndefined();
  });
});
