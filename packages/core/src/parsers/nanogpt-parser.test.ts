import { describe, expect, it } from 'vitest';
import { readFixtureLines } from '../../../../test/fixtures/logs/fixture-lines.js';
import { nanoGptParser, parseNanoGptLine } from './nanogpt-parser.js';
import { parseLines } from './parse-lines.js';

const parseAll = (lines: string[]) => parseLines(nanoGptParser.createParser(), lines);

describe('parseNanoGptLine', () => {
  it('reads an iter line: train/loss, time_ms, mfu', () => {
    expect(parseNanoGptLine('iter 10: loss 9.4648, time 598.16ms, mfu 46.46%')).toEqual({
      step: 10,
      metrics: { 'train/loss': 9.4648, time_ms: 598.16, mfu: 46.46 },
    });
  });

  it('skips mfu -100.00, nanoGPT\'s "not estimated yet" marker', () => {
    expect(parseNanoGptLine('iter 0: loss 10.9409, time 14028.64ms, mfu -100.00%')).toEqual({
      step: 0,
      metrics: { 'train/loss': 10.9409, time_ms: 14028.64 },
    });
  });

  it('reads an eval line as eval/train_loss and eval/val_loss', () => {
    expect(parseNanoGptLine('step 250: train loss 2.1043, val loss 2.1312')).toEqual({
      step: 250,
      metrics: { 'eval/train_loss': 2.1043, 'eval/val_loss': 2.1312 },
    });
  });

  it('reads loss nan as NaN', () => {
    expect(parseNanoGptLine('iter 30: loss nan, time 41.95ms, mfu 8.07%')?.metrics['train/loss']).toBeNaN();
  });

  it('reads the extra pairs of forks, with their units', () => {
    expect(parseNanoGptLine('iter 5: loss 3.1, time 0.61s, mfu 40.00%, lr 6.0e-04, tokens per sec 41000')).toEqual({
      step: 5,
      metrics: { 'train/loss': 3.1, time_s: 0.61, mfu: 40, lr: 6e-4, tokens_per_sec: 41000 },
    });
  });

  it('keeps what a truncated line still holds and ignores other lines', () => {
    expect(parseNanoGptLine('iter 6000: loss 1.27')).toEqual({ step: 6000, metrics: { 'train/loss': 1.27 } });
    expect(parseNanoGptLine('iter 6000: ')).toBeUndefined();
    expect(parseNanoGptLine('saving checkpoint -> out/ckpt.pt')).toBeUndefined();
    expect(parseNanoGptLine('step 5: nothing to see')).toBeUndefined();
    expect(parseNanoGptLine('iter 99999999999999999999: loss 1')).toBeUndefined();
  });
});

describe('nanogpt parser on the real TinyStories log (testdata/logs/EXPECTED.md)', () => {
  const points = parseAll(readFixtureLines('yplarrywang_tinystories_train.log'));
  const iters = points.filter((p) => 'train/loss' in p.metrics);
  const evals = points.filter((p) => 'eval/val_loss' in p.metrics);

  it('reads 601 iter lines, first and last exactly', () => {
    expect(iters).toHaveLength(601);
    expect(iters[0]).toEqual({ step: 0, metrics: { 'train/loss': 10.9409, time_ms: 14028.64 } });
    expect(iters.at(-1)).toEqual({ step: 6000, metrics: { 'train/loss': 1.2711, time_ms: 11173.07, mfu: 41.08 } });
  });

  it('skips the one mfu -100.00 and keeps the other 600 mfu values', () => {
    expect(iters.filter((p) => 'mfu' in p.metrics)).toHaveLength(600);
    expect(iters.some((p) => p.metrics['mfu'] === -100)).toBe(false);
  });

  it('reads 25 eval lines, first and last exactly', () => {
    expect(evals).toHaveLength(25);
    expect(evals[0]).toEqual({ step: 0, metrics: { 'eval/train_loss': 10.9385, 'eval/val_loss': 10.9386 } });
    expect(evals.at(-1)).toEqual({ step: 6000, metrics: { 'eval/train_loss': 1.2602, 'eval/val_loss': 1.3023 } });
  });

  it('finds no NaN loss and nothing in the config dump, wandb lines or ANSI footer', () => {
    expect(iters.filter((p) => Number.isNaN(p.metrics['train/loss']))).toHaveLength(0);
    expect(points).toHaveLength(601 + 25);
  });
});

describe('nanogpt parser on a diverged run ending in a traceback', () => {
  const points = parseAll(readFixtureLines('nanogpt_diverged.log'));

  it('reads every iter and eval line, NaN losses included, and nothing from the traceback', () => {
    expect(points.map((p) => p.step)).toEqual([0, 0, 10, 20, 20, 30, 40, 40]);
    expect(points[5]?.metrics['train/loss']).toBeNaN();
    expect(points[5]?.metrics['mfu']).toBe(8.07);
    expect(points[6]?.metrics['eval/train_loss']).toBeNaN();
    expect(points[6]?.metrics['eval/val_loss']).toBeNaN();
    expect(points[7]?.metrics['train/loss']).toBeNaN();
    expect(points[7]?.metrics['time_ms']).toBe(2987.12);
  });
});

describe('nanogpt detect', () => {
  it('is certain with an iter line, nearly so with an eval line, suggestive with the preamble only', () => {
    expect(nanoGptParser.detect(['x', 'iter 10: loss 9.4648, time 598.16ms, mfu 46.46%'])).toBeGreaterThanOrEqual(0.9);
    expect(nanoGptParser.detect(['step 0: train loss 4.2874, val loss 4.2823'])).toBeGreaterThanOrEqual(0.9);
    const preamble = nanoGptParser.detect(['Overriding config with config/train_shakespeare_char.py:']);
    expect(preamble).toBeGreaterThanOrEqual(0.5);
    expect(preamble).toBeLessThan(0.9);
    expect(nanoGptParser.detect(['Epoch 1/10', 'loss=0.5 acc=0.9'])).toBe(0);
  });
});
