import { describe, expect, it } from 'vitest';
import type { MarkOfType } from '../../plots/plot-spec.js';
import { decimateArea, decimateLine } from './decimate-for-pixels.js';

const lin = { scale: 'linear' as const };

describe('decimateLine', () => {
  const n = 10_000;
  const xs = Array.from({ length: n }, (_, i) => i);
  const ys = xs.map((i) => Math.sin(i / 10) + (i === 5003 ? 50 : 0));
  const line: MarkOfType<'line'> = { type: 'line', label: 'r', x: xs, y: ys };

  it('keeps first, last, lowest and highest point of every pixel column', () => {
    const out = decimateLine(line, lin, lin, { min: 0, max: n }, 100);
    expect(out.x.length).toBeLessThanOrEqual(400);
    expect(out.x.length).toBeGreaterThan(100);
    expect(out.x[0]).toBe(0);
    expect(out.x.at(-1)).toBe(n - 1);
    // the spike survives
    expect(Math.max(...(out.y as number[]))).toBeCloseTo(50 + Math.sin(500.3), 6);
    expect(Math.min(...(out.y as number[]))).toBeCloseTo(Math.min(...ys), 6);
    // still in x order, a subsequence of the input
    for (let i = 1; i < out.x.length; i++) expect(out.x[i]!).toBeGreaterThan(out.x[i - 1]!);
    expect(out.label).toBe('r');
  });

  it("pulls a diverged run's 1e+96 in to 100 panel heights beyond a fixed y range (PDF writers refuse such numbers)", () => {
    const wild: MarkOfType<'line'> = { type: 'line', x: [0, 1, 2, 3], y: [3, 2.5, 1e96, null] };
    const out = decimateLine(wild, lin, lin, { min: 0, max: 3 }, 100, { min: 2, max: 4 });
    expect(out.y).toEqual([3, 2.5, 4 + 100 * 2, null]);
    expect(wild.y[2]).toBe(1e96);
    const log = decimateLine(wild, lin, { scale: 'log' }, { min: 0, max: 3 }, 100, { min: 1, max: 10 });
    expect(log.y[2]).toBe(1e7);
  });

  it('leaves short lines, lines that go back and wide plots alone', () => {
    expect(decimateLine({ ...line, x: xs.slice(0, 300), y: ys.slice(0, 300) }, lin, lin, { min: 0, max: 300 }, 100)).toEqual({ ...line, x: xs.slice(0, 300), y: ys.slice(0, 300) });
    const back = { ...line, x: [...xs].reverse() };
    expect(decimateLine(back, lin, lin, { min: 0, max: n }, 100)).toBe(back);
    expect(decimateLine(line, lin, lin, { min: 0, max: n }, 5000)).toBe(line);
  });

  it('keeps the gaps', () => {
    const gappy = { ...line, y: ys.map((v, i) => (i >= 4000 && i < 4100 ? null : v)) };
    const out = decimateLine(gappy, lin, lin, { min: 0, max: n }, 100);
    const gaps = out.y.filter((v) => v === null);
    expect(gaps).toHaveLength(1);
    expect(out.x[out.y.indexOf(null)]).toBe(4000);
  });

  it('buckets by log pixel columns on a log axis', () => {
    const lx = xs.map((i) => 10 ** (i / 2500));
    const out = decimateLine({ ...line, x: lx }, { scale: 'log' }, lin, { min: 1, max: 10_000 }, 100);
    // on a linear bucket grid the first 1% of x (most of the log axis) would collapse into one column
    const firstDecade = out.x.filter((x) => x! < 10).length;
    expect(firstDecade).toBeGreaterThan(40);
  });
});

describe('decimateArea', () => {
  it('keeps the extremes of both edges', () => {
    const xs = Array.from({ length: 5000 }, (_, i) => i);
    const area: MarkOfType<'area'> = { type: 'area', x: xs, y1: xs.map((i) => (i === 2222 ? -9 : 0)), y2: xs.map((i) => (i === 3333 ? 9 : 1)) };
    const out = decimateArea(area, lin, lin, { min: 0, max: 5000 }, 50);
    expect(out.x.length).toBeLessThan(400);
    expect(out.y1).toContain(-9);
    expect(out.y2).toContain(9);
    expect(out.x.length).toBe(out.y1.length);
  });
});
