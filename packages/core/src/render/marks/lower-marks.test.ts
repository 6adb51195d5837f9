import { describe, expect, it } from 'vitest';
import { DEFAULT_THEME } from '../../themes/builtin-themes.js';
import { lowerBar, lowerBox } from './lower-marks.js';

describe('lowerBar', () => {
  it('turns vertical bars into rects from the base, skipping missing values', () => {
    const rect = lowerBar({ type: 'bar', label: 'mean', x: [0, 1, 2], y: [3, null, 5], width: 0.5, base: [1, 0, null], colors: ['#111111', '#222222', '#333333'] }, DEFAULT_THEME);
    expect(rect).toMatchObject({ type: 'rect', label: 'mean', opacity: 1, x1: [-0.25, 1.75], x2: [0.25, 2.25], y1: [1, 0], y2: [3, 5], colors: ['#111111', '#333333'] });
  });

  it('turns horizontal bars sideways', () => {
    const rect = lowerBar({ type: 'bar', orient: 'horizontal', x: [7], y: [2], width: 0.4 }, DEFAULT_THEME);
    expect(rect).toMatchObject({ x1: [0], x2: [7], y1: [1.8], y2: [2.2] });
  });
});

describe('lowerBox', () => {
  it('draws the box, median, whiskers and caps; a missing whisker end draws none', () => {
    const { rect, rules } = lowerBox({ type: 'box', x: [0, 1], width: 0.4, q1: [1, null], median: [2, 2], q3: [3, 3], lo: [0, 0], hi: [null, 4] }, DEFAULT_THEME);
    expect(rect).toMatchObject({ x1: [-0.2], x2: [0.2], y1: [1], y2: [3] });
    expect(rules).toHaveLength(1);
    // 4 outline + median + lower whisker + lower cap
    expect(rules[0]!.x1).toHaveLength(7);
    expect(rules[0]!.y1).toContain(0);
  });
});
