import { describe, expect, it } from 'vitest';
import { RunlensError } from '../errors.js';
import { alignFrames } from './align-frames.js';
import type { SeriesFrame } from './series-frame.js';

const frame = (x: number[], y: number[]): SeriesFrame => ({ x: Float64Array.from(x), y: Float64Array.from(y) });
const arr = (a: Float64Array): number[] => Array.from(a);

describe('alignFrames', () => {
  it('uses the union of x values and interpolates each frame, NaN outside its own range', () => {
    const { x, ys } = alignFrames([frame([0, 2, 4], [0, 2, 4]), frame([1, 3], [10, 30])]);
    expect(arr(x)).toEqual([0, 1, 2, 3, 4]);
    expect(arr(ys[0]!)).toEqual([0, 1, 2, 3, 4]);
    expect(arr(ys[1]!)).toEqual([NaN, 10, 20, 30, NaN]);
  });

  it('switches to an even grid over the full range when the union is larger than points', () => {
    const a = frame([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const b = frame([0.5, 5.5], [1, 1]);
    const { x, ys } = alignFrames([a, b], { points: 5 });
    expect(arr(x)).toEqual([0, 2.5, 5, 7.5, 10]);
    expect(arr(ys[0]!)).toEqual([0, 2.5, 5, 7.5, 10]);
    expect(arr(ys[1]!)).toEqual([NaN, 1, 1, NaN, NaN]);
  });

  it('clips the grid to from/to', () => {
    const { x, ys } = alignFrames([frame([0, 10, 20, 30], [0, 1, 2, 3])], { from: 5, to: 20 });
    expect(arr(x)).toEqual([10, 20]);
    expect(arr(ys[0]!)).toEqual([1, 2]);
    const even = alignFrames([frame([0, 10], [0, 10])], { from: 2, to: 4, points: 2 });
    expect(arr(even.x)).toEqual([]);
  });

  it('sorts unsorted input, averages duplicate x and skips non-finite points', () => {
    const input = frame([3, 1, 2, 2, 5, NaN, 4], [30, 10, 18, 22, NaN, 7, Infinity]);
    const { x, ys } = alignFrames([input]);
    // x 5 had only a NaN value and x 4 only Infinity: the frame's finite range ends at 3.
    expect(arr(x)).toEqual([1, 2, 3]);
    expect(arr(ys[0]!)).toEqual([10, 20, 30]);
  });

  it('interpolates across a NaN inside a frame, driven by the other frames’ x', () => {
    const { x, ys } = alignFrames([frame([0, 1, 2], [0, NaN, 4]), frame([0, 1, 2], [1, 1, 1])]);
    expect(arr(x)).toEqual([0, 1, 2]);
    expect(arr(ys[0]!)).toEqual([0, 2, 4]);
  });

  it('never mutates its input', () => {
    const input = frame([2, 1, 1], [4, 2, NaN]);
    const before = [arr(input.x), arr(input.y)];
    alignFrames([input], { points: 2 });
    expect([arr(input.x), arr(input.y)]).toEqual(before);
  });

  it('keeps constant series constant on an even grid', () => {
    const n = 5000;
    const xs = Array.from({ length: n }, (_, i) => i * 0.37);
    const { ys } = alignFrames([frame(xs, xs.map(() => 0.1))], { points: 997 });
    expect(ys[0]!.every((v) => v === 0.1)).toBe(true);
  });

  it('ends the even grid exactly on the last x', () => {
    const xs = Array.from({ length: 3001 }, (_, i) => i * 0.1);
    const { x } = alignFrames([frame(xs, xs)], { points: 7 });
    expect(x[6]).toBe(xs[3000]);
    expect(x[0]).toBe(0);
  });

  it('handles no frames, empty frames, all-NaN frames and one point', () => {
    expect(alignFrames([])).toEqual({ x: new Float64Array(0), ys: [] });
    const r = alignFrames([frame([], []), frame([1, 2], [NaN, NaN]), frame([7], [3])]);
    expect(arr(r.x)).toEqual([7]);
    expect(r.ys.map(arr)).toEqual([[NaN], [NaN], [3]]);
  });

  it('aligns many long runs to at most `points` x', () => {
    const frames = Array.from({ length: 200 }, (_, r) => {
      const xs = Array.from({ length: 2000 }, (_, i) => i + r * 0.5);
      return frame(xs, xs.map((v) => v * 2));
    });
    const { x, ys } = alignFrames(frames, { points: 1000 });
    expect(x.length).toBe(1000);
    expect(ys).toHaveLength(200);
    // A straight line interpolates exactly wherever the run has data.
    const j = 500;
    expect(ys[0]![j]).toBeCloseTo(x[j]! * 2, 9);
  });

  it('rejects bad options and mismatched columns', () => {
    expect(() => alignFrames([], { points: 1 })).toThrow(/invalid points: 1/);
    expect(() => alignFrames([], { points: 2.5 })).toThrow(RunlensError);
    expect(() => alignFrames([], { from: NaN })).toThrow(/invalid from/);
    expect(() => alignFrames([], { from: 3, to: 1 })).toThrow(/from 3 is above to 1/);
    expect(() => alignFrames([{ x: Float64Array.of(1, 2), y: Float64Array.of(1) }])).toThrow(/2 x values but 1 y/);
  });
});
