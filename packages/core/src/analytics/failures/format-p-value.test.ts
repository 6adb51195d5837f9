import { describe, expect, it } from 'vitest';
import { formatDuration } from './format-duration.js';
import { formatPValue, pValueText } from './format-p-value.js';

describe('formatPValue', () => {
  it('writes two significant digits, in scientific notation below 1e-4', () => {
    expect(formatPValue(1 / 220)).toBe('0.0045');
    expect(formatPValue(0.05)).toBe('0.05');
    expect(formatPValue(1)).toBe('1');
    expect(formatPValue(2.04e-6)).toBe('2e-6');
    expect(formatPValue(2.14e-6)).toBe('2.1e-6');
    expect(formatPValue(0)).toBe('0');
    expect(formatPValue(Number.NaN)).toBe('NaN');
  });
});

describe('formatDuration', () => {
  it('picks the largest unit that keeps the number at least 1', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_300)).toBe('12 s');
    expect(formatDuration(4.25 * 60_000)).toBe('4.3 min');
    expect(formatDuration(3 * 3_600_000)).toBe('3 h');
    expect(formatDuration(2.5 * 86_400_000)).toBe('2.5 d');
  });

  it('pValueText: "p = …" in a sentence, "p < 1e-300" for one that underflowed to 0, compact for figure labels', () => {
    expect(pValueText(1 / 220)).toBe('p = 0.0045');
    expect(pValueText(0)).toBe('p < 1e-300');
    expect(pValueText(2.14e-6, { compact: true })).toBe('p=2.1e-6');
    expect(pValueText(0, { compact: true })).toBe('p<1e-300');
    expect(pValueText(0.026734, { format: (p) => p.toFixed(3) })).toBe('p = 0.027');
  });
});
