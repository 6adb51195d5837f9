import { describe, expect, it } from 'vitest';
import { MetricBuffer } from './metric-buffer.js';

describe('MetricBuffer', () => {
  it('cuts columnar series per key with NaN and infinities encoded as strings', () => {
    const b = new MetricBuffer();
    b.push('loss', 0, 1.5, 100);
    b.push('acc', 0, 0.5, 100);
    b.push('loss', 1, Number.NaN, 101);
    b.push('loss', 2, Number.POSITIVE_INFINITY, 102);
    b.push('loss', 3, Number.NEGATIVE_INFINITY, 103);
    expect(b.size).toBe(5);
    const batches = b.cut(1000);
    expect(b.size).toBe(0);
    expect(batches).toEqual([
      {
        points: 5,
        body: {
          series: [
            { key: 'loss', steps: [0, 1, 2, 3], values: [1.5, 'NaN', 'Infinity', '-Infinity'], times: [100, 101, 102, 103] },
            { key: 'acc', steps: [0], values: [0.5], times: [100] },
          ],
        },
      },
    ]);
    expect(JSON.parse(JSON.stringify(batches[0]!.body))).toEqual(batches[0]!.body);
  });

  it('splits into batches of at most maxPoints, keeping each key in order', () => {
    const b = new MetricBuffer();
    for (let i = 0; i < 25; i++) {
      b.push('a', i, i, i);
      b.push('b', i, -i, i);
    }
    const batches = b.cut(20);
    expect(batches.map((x) => x.points)).toEqual([20, 20, 10]);
    for (const batch of batches) {
      expect(batch.body.series.reduce((n, s) => n + s.steps.length, 0)).toBe(batch.points);
    }
    const steps = (key: string) => batches.flatMap((x) => x.body.series.filter((s) => s.key === key).flatMap((s) => s.steps));
    expect(steps('a')).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(steps('b')).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });

  it('drops the oldest points of every key in proportion', () => {
    const b = new MetricBuffer();
    for (let i = 0; i < 100; i++) {
      b.push('a', i, i, i);
      if (i % 2 === 0) b.push('b', i, i, i);
    }
    expect(b.dropOldest(30)).toBe(30);
    expect(b.size).toBe(120);
    const [batch] = b.cut(1000);
    const a = batch!.body.series.find((s) => s.key === 'a')!;
    const bb = batch!.body.series.find((s) => s.key === 'b')!;
    expect(a.steps[0]).toBe(20);
    expect(a.steps.at(-1)).toBe(99);
    expect(bb.steps[0]).toBe(20);
    expect(b.dropOldest(5)).toBe(0);
  });
});
