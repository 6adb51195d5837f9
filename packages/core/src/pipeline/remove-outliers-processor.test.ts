import { describe, expect, it } from 'vitest';
import { removeOutliersProcessor, type RemoveOutliersOptions } from './remove-outliers-processor.js';
import type { SeriesFrame } from './series-frame.js';

const frame = (y: number[]): SeriesFrame => ({ x: Float64Array.from(y, (_, i) => i), y: Float64Array.from(y) });
const run = (y: number[], o: Partial<RemoveOutliersOptions> = {}): SeriesFrame =>
  removeOutliersProcessor.apply(frame(y), removeOutliersProcessor.options.parse(o));

const spiky = [1, 1.1, 0.9, 1, 50, 1, 1.05, 0.95, 1, 1];

describe('remove-outliers processor', () => {
  it('turns a spike into NaN and keeps the rest', () => {
    const out = Array.from(run(spiky).y);
    expect(out[4]).toBeNaN();
    expect(out.filter((v) => Number.isNaN(v))).toHaveLength(1);
    expect(out[3]).toBe(1);
  });

  it('drops the spike with action=drop', () => {
    const out = run(spiky, { action: 'drop' });
    expect(Array.from(out.x)).toEqual([0, 1, 2, 3, 5, 6, 7, 8, 9]);
    expect(out.y).toHaveLength(9);
  });

  it('uses the analytics rules by name', () => {
    expect(Array.from(run(spiky, { method: 'iqr' }).y)[4]).toBeNaN();
    // A z-score threshold so high nothing passes it.
    expect(Array.from(run(spiky, { method: 'zscore', threshold: 100 }).y)).toEqual(spiky);
  });

  it('leaves trends and level shifts alone', () => {
    const ramp = Array.from({ length: 30 }, (_, i) => i * 0.5);
    expect(Array.from(run(ramp).y)).toEqual(ramp);
    const shift = [...Array(10).fill(0), ...Array(10).fill(5)];
    expect(Array.from(run(shift).y)).toEqual(shift);
  });

  it('does not judge NaN or ±Infinity, nor windows of fewer than 3 values', () => {
    expect(Array.from(run([1, NaN, Infinity, 1, 1, 1, 1]).y)).toEqual([1, NaN, Infinity, 1, 1, 1, 1]);
    expect(Array.from(run([1, 100]).y)).toEqual([1, 100]);
  });

  it('wants an odd window', () => {
    expect(removeOutliersProcessor.options.safeParse({ window: 10 }).success).toBe(false);
    expect(removeOutliersProcessor.options.safeParse({ window: 1 }).success).toBe(false);
  });
});
