import { describe, expect, it } from 'vitest';
import { durationTicks, linearTicks, logTicks, niceDurationStep, niceLinearDomain, niceLogDomain, niceStep } from './nice-domain.js';

describe('nice domains', () => {
  it('steps are 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(10)).toBe(2);
    expect(niceStep(1000)).toBe(200);
    expect(niceStep(0.23)).toBe(0.05);
    expect(niceStep(0)).toBe(1);
    expect(niceStep(Number.NaN)).toBe(1);
  });

  it('grows a linear domain to whole steps without float noise, keeping fixed ends', () => {
    expect(niceLinearDomain(0.23, 2.31)).toEqual([0, 2.5]);
    expect(niceLinearDomain(0.1, 0.7)).toEqual([0, 0.8]);
    expect(niceLinearDomain(-3.2, 7.9)).toEqual([-5, 10]);
    expect(niceLinearDomain(0.23, 2.31, { min: true, max: false })).toEqual([0.23, 2.5]);
    expect(niceLinearDomain(5, 1)).toEqual([1, 5]);
  });

  it('widens a single value so a lone point sits inside the panel', () => {
    expect(niceLinearDomain(0, 0)).toEqual([-1, 1]);
    const [lo, hi] = niceLinearDomain(100, 100);
    expect(lo).toBeLessThan(100);
    expect(hi).toBeGreaterThan(100);
  });

  it('grows a log domain to decades', () => {
    expect(niceLogDomain(0.0061, 1.7)).toEqual([0.001, 10]);
    expect(niceLogDomain(3, 3)).toEqual([1, 10]);
    expect(niceLogDomain(10, 10)).toEqual([10, 100]);
  });

  it('ticks fall inside the domain', () => {
    expect(linearTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(logTicks(0.001, 10)).toEqual([0.001, 0.01, 0.1, 1, 10]);
    expect(logTicks(2, 5)).toEqual([2, 5]);
  });

  it('durations tick on clock-friendly steps', () => {
    expect(niceDurationStep(2 * 3_600_000)).toBe(30 * 60_000);
    expect(durationTicks(0, 7_200_000)).toEqual([0, 1_800_000, 3_600_000, 5_400_000, 7_200_000]);
    expect(niceDurationStep(400 * 86_400_000)).toBe(100 * 86_400_000);
  });
});
