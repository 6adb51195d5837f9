import { describe, expect, it } from 'vitest';
import type { MarkOfType } from '../plot-spec.js';
import { significanceBrackets, significanceStars } from './significance-brackets.js';

describe('significance brackets', () => {
  it('stars by the usual thresholds', () => {
    expect([0.0001, 0.005, 0.03, 0.2].map((p) => significanceStars(p, 0.05))).toEqual(['***', '**', '*', 'ns']);
    expect(significanceStars(Number.NaN, 0.05)).toBe('ns');
  });

  it('puts non-overlapping pairs on one level and overlapping ones above, and reaches above the top label', () => {
    const { marks, top } = significanceBrackets(
      [
        { a: 0, b: 1, pValue: 0.001, significant: true },
        { a: 2, b: 3, pValue: 0.02, significant: true },
        { a: 0, b: 3, pValue: 0.0001, significant: true },
      ],
      { lo: 0, hi: 10, log: false, alpha: 0.05, color: '#000' },
    );
    const text = marks.find((m): m is MarkOfType<'text'> => m.type === 'text')!;
    expect(text.text).toEqual(['** p=0.001', '* p=0.02', '*** p=0.0001']);
    expect(text.y[0]).toBe(text.y[1]);
    expect(Number(text.y[2])).toBeGreaterThan(Number(text.y[0]));
    expect(top).toBeGreaterThan(Number(text.y[2]));
    expect(Number(text.y[0])).toBeGreaterThan(10);
  });

  it('spaces levels evenly in log space on a log axis', () => {
    const { marks } = significanceBrackets(
      [
        { a: 0, b: 1, pValue: 0.01, significant: true },
        { a: 0, b: 2, pValue: 0.01, significant: true },
      ],
      { lo: 1, hi: 1000, log: true, alpha: 0.05, color: '#000' },
    );
    const text = marks.find((m): m is MarkOfType<'text'> => m.type === 'text')!;
    const [y0, y1] = text.y.map((y) => Math.log10(Number(y)));
    expect(y1! - y0!).toBeCloseTo(3 * 0.08, 12);
  });

  it('draws nothing for no pairs', () => {
    expect(significanceBrackets([], { lo: 0, hi: 1, log: false, alpha: 0.05, color: '#000' })).toEqual({ marks: [], top: 1 });
  });
});
