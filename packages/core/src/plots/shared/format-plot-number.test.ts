import { describe, expect, it } from 'vitest';
import { formatPlotFixed, formatPlotNumber } from './format-plot-number.js';

describe('formatPlotNumber', () => {
  it('is short, exact for round values, with a real minus sign', () => {
    expect(formatPlotNumber(0.30000000000000004)).toBe('0.3');
    expect(formatPlotNumber(-0.5)).toBe('\u22120.5');
    expect(formatPlotNumber(1234567, 3)).toBe('1.23e+6');
    expect(formatPlotNumber(-2.5e-7)).toBe('\u22122.5e\u22127');
    expect(formatPlotNumber(100)).toBe('100');
    expect(formatPlotNumber(0)).toBe('0');
    expect([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY].map((v) => formatPlotNumber(v))).toEqual(['NaN', '\u221e', '\u2212\u221e']);
  });
});

describe('formatPlotFixed', () => {
  it('gives fixed decimals and never a negative zero', () => {
    expect(formatPlotFixed(0.934)).toBe('0.93');
    expect(formatPlotFixed(-1)).toBe('\u22121.00');
    expect(formatPlotFixed(-0.001)).toBe('0.00');
    expect(formatPlotFixed(Number.NaN)).toBe('n/a');
    expect(formatPlotFixed(0.5, 3)).toBe('0.500');
  });
});
