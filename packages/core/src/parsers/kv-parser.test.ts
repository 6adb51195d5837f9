import { describe, expect, it } from 'vitest';
import { readFixtureLines } from '../../../../test/fixtures/logs/fixture-lines.js';
import { findKeyValues, kvParser } from './kv-parser.js';
import { parseLines } from './parse-lines.js';

const parseAll = (lines: string[]) => parseLines(kvParser.createParser(), lines);

describe('findKeyValues', () => {
  it('reads key=value and key: value pairs anywhere in a line', () => {
    expect(findKeyValues('step=10 loss=0.5 acc: 0.9, val/acc:0.8 lr=1e-4 x_1.y-z=-2')).toEqual([
      ['step', 10],
      ['loss', 0.5],
      ['acc', 0.9],
      ['val/acc', 0.8],
      ['lr', 1e-4],
      ['x_1.y-z', -2],
    ]);
  });

  it('reads non-finite values and percentages as printed', () => {
    const pairs = findKeyValues('loss=nan grad=-inf gain=Infinity acc: 95%');
    expect(pairs.map(([k]) => k)).toEqual(['loss', 'grad', 'gain', 'acc']);
    expect(pairs[0]?.[1]).toBeNaN();
    expect(pairs[1]?.[1]).toBe(-Infinity);
    expect(pairs[2]?.[1]).toBe(Infinity);
    expect(pairs[3]?.[1]).toBe(95);
  });

  it('ignores values with units or separators, config dumps, flags and non-numbers', () => {
    expect(
      findKeyValues('time=0.5s at: 12:30:45 rows: 262,144 n_layer = 8 --lr=0.1 name=gpt ratio=3/4 http://x:80 loss=0.5abc'),
    ).toEqual([]);
  });
});

describe('kv parser', () => {
  it('takes the step from step/iter keys, else counts on from the last step', () => {
    const points = parseAll(readFixtureLines('kv_generic.log'));
    expect(points.map((p) => p.step)).toEqual([0, 10, 20, 20, 21, 40]);
    expect(points[0]?.metrics).toEqual({ seed: 3 });
    expect(points[1]?.metrics).toEqual({ loss: 0.9312, acc: 0.51, lr: 1e-3 });
    expect(points[2]?.metrics).toEqual({ loss: 0.7015, acc: 0.62, lr: 1e-3 });
    expect(points[3]?.metrics).toEqual({ val_loss: 0.7421, 'val/acc': 0.6 });
    expect(points[4]?.metrics['loss']).toBeNaN();
    expect(points[4]?.metrics['grad_norm']).toBe(Infinity);
    expect(points[5]?.metrics).toEqual({ loss: 0.512, acc: 0.75, epoch: 1 });
  });

  it('accepts iter, iteration and global_step in any case, and keeps a non-integer step as a metric', () => {
    const points = parseAll(['Iter=5 a=1', 'iteration: 6 a=2', 'GLOBAL_STEP=7 a=3', 'step=1.5 a=4']);
    expect(points).toEqual([
      { step: 5, metrics: { a: 1 } },
      { step: 6, metrics: { a: 2 } },
      { step: 7, metrics: { a: 3 } },
      { step: 8, metrics: { step: 1.5, a: 4 } },
    ]);
  });

  it('reads each \\r-separated redraw as a line and strips ANSI', () => {
    expect(parseAll(['\u001b[1mloss=1\u001b[0m\rloss=2'])).toEqual([
      { step: 0, metrics: { loss: 1 } },
      { step: 1, metrics: { loss: 2 } },
    ]);
  });
});

describe('kv detect', () => {
  it('scores modestly: at most 0.55, and under 0.5 when few lines have pairs', () => {
    const all = kvParser.detect(['step=1 loss=2', 'step=2 loss=1']);
    expect(all).toBeGreaterThanOrEqual(0.5);
    expect(all).toBeLessThanOrEqual(0.55);
    expect(kvParser.detect(['loss=1', ...Array.from({ length: 20 }, () => 'just some words')])).toBeLessThan(0.5);
    expect(kvParser.detect([])).toBe(0);
  });
});
