import { describe, expect, it } from 'vitest';
import { normalizeProcessor, type NormalizeOptions } from './normalize-processor.js';

const run = (y: number[], method: NormalizeOptions['method']): number[] =>
  Array.from(normalizeProcessor.apply({ x: Float64Array.from(y, (_, i) => i), y: Float64Array.from(y) }, { method }).y);

describe('normalize processor', () => {
  it('rescales by each method', () => {
    expect(run([2, 4, 6], 'minmax')).toEqual([0, 0.5, 1]);
    expect(run([1, 2, 3], 'zscore')).toEqual([-1, 0, 1]);
    expect(run([2, 4, NaN], 'first')).toEqual([1, 2, NaN]);
    expect(run([NaN, -4, 2], 'max')).toEqual([NaN, -1, 0.5]);
  });

  it('maps a constant series to a constant, never to NaN', () => {
    expect(run([3, 3], 'minmax')).toEqual([0, 0]);
    expect(run([0.1, 0.1, 0.1], 'zscore')).toEqual([0, 0, 0]);
    expect(run([3, 3], 'first')).toEqual([1, 1]);
    expect(run([0, 0], 'first')).toEqual([0, 0]);
    expect(run([0, 0], 'max')).toEqual([0, 0]);
    expect(run([7], 'zscore')).toEqual([0]);
  });

  it('passes non-finite values through', () => {
    expect(run([NaN, NaN], 'minmax')).toEqual([NaN, NaN]);
    expect(run([0, Infinity, 2], 'minmax')).toEqual([0, Infinity, 1]);
  });
});
