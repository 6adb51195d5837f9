import { describe, expect, it } from 'vitest';
import { readFixtureLines } from '../../../../test/fixtures/logs/fixture-lines.js';
import type { ParsedMetrics } from '../plugins/parser-plugin.js';
import { findLightningProgress, lightningParser } from './lightning-parser.js';
import { parseLines } from './parse-lines.js';

const parseAll = (lines: string[]) => parseLines(lightningParser.createParser(), lines);

/** What the store ends up with: later values for the same (key, step) replace earlier ones. */
function upsert(points: ParsedMetrics[]): Map<number, Record<string, number>> {
  const byStep = new Map<number, Record<string, number>>();
  for (const p of points) byStep.set(p.step, { ...byStep.get(p.step), ...p.metrics });
  return byStep;
}

describe('findLightningProgress', () => {
  it('reads epoch, batch, total and postfix of one bar', () => {
    expect(findLightningProgress('Epoch 0: 100%|██████████| 64/64 [00:01<00:00, v_num=0, train_loss=3.93e+4]')).toEqual([
      { epoch: 0, batch: 64, total: 64, postfix: { v_num: '0', train_loss: '3.93e+4' } },
    ]);
  });

  it('finds bars run together without \\r or \\n, and a bar with an unknown total', () => {
    const found = findLightningProgress(
      'Epoch 2:  50%|█████     | 1/2 [00:01<00:01,  1.0it/s, loss=0.5]Epoch 2: 100%|██████████| 2/2 [00:02<00:00]Epoch 3: |          | 7/? [00:03<?, 2.0it/s, loss=0.1]',
    );
    expect(found.map((p) => [p.epoch, p.batch, p.total])).toEqual([
      [2, 1, 2],
      [2, 2, 2],
      [3, 7, undefined],
    ]);
  });

  it('ignores Training/Validation bars and broken bars', () => {
    expect(findLightningProgress('Training: |          | 0/? [00:00<?, ?it/s]')).toEqual([]);
    expect(findLightningProgress('Validation DataLoader 0:  50%|█████     | 1/2 [00:00<00:00]')).toEqual([]);
    expect(findLightningProgress('Epoch 0:  50%|█████ 1/2 [00:00')).toEqual([]);
  });
});

describe('lightning parser on the real ava_0fq.3 stdout (testdata/logs/EXPECTED.md)', () => {
  const lines = readFixtureLines('ava_0fq.3_training_stdout.log');
  const segments = lines.flatMap((l) => findLightningProgress(l));

  it('finds 262 progress segments over epochs 0 and 1', () => {
    expect(segments).toHaveLength(262);
    expect([...new Set(segments.map((s) => s.epoch))]).toEqual([0, 1]);
  });

  it('ends each epoch at 64/64 with the expected final postfix', () => {
    for (const [epoch, loss] of [
      [0, '3.93e+4'],
      [1, '1.9e+4'],
    ] as const) {
      const last = segments.filter((s) => s.epoch === epoch).reduce((a, b) => (b.batch >= a.batch ? b : a));
      expect(last).toEqual({ epoch, batch: 64, total: 64, postfix: { v_num: '0', train_loss: loss } });
    }
  });

  const points = parseAll(lines);

  it('emits train_loss and epoch at global batch steps, never v_num, never a batch-0 reset', () => {
    expect(points.length).toBeGreaterThan(0);
    for (const p of points) {
      expect(Object.keys(p.metrics).sort()).toEqual(['epoch', 'train_loss']);
      expect(p.step).toBeGreaterThan(0);
    }
    const steps = points.map((p) => p.step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
  });

  it('stores the per-epoch final train_loss at steps 64 and 128', () => {
    const stored = upsert(points);
    expect(stored.get(64)).toEqual({ train_loss: 39300, epoch: 0 });
    expect(stored.get(128)).toEqual({ train_loss: 19000, epoch: 1 });
    expect(stored.has(0)).toBe(false);
    expect(Math.max(...stored.keys())).toBe(128);
  });

  it('does not emit a tqdm redraw of the same batch twice', () => {
    const keys = points.map((p) => `${p.step} ${JSON.stringify(p.metrics)}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('lightning parser', () => {
  it('numbers steps from the total, emits val metrics and NaN, and strips colours', () => {
    const points = parseAll([
      '\u001b[32mEpoch 0:  50%|█████     | 1/2 [00:01<00:01, v_num=3, loss=0.5]\rEpoch 0: 100%|██████████| 2/2 [00:02<00:00, v_num=3, loss=0.25, val_loss=nan]\u001b[0m',
      'Epoch 1:   0%|          | 0/2 [00:00<?, ?it/s, v_num=3, loss=0.25, val_loss=nan]Epoch 1:  50%|█████     | 1/2 [00:01<00:01, v_num=3, loss=0.125, val_loss=nan]',
    ]);
    expect(points.map((p) => p.step)).toEqual([1, 2, 3]);
    expect(points[0]?.metrics).toEqual({ loss: 0.5, epoch: 0 });
    expect(points[1]?.metrics['val_loss']).toBeNaN();
    expect(points[2]?.metrics).toMatchObject({ loss: 0.125, epoch: 1 });
  });

  it('continues counting across epochs when the total is unknown', () => {
    const points = parseAll([
      'Epoch 0: |          | 3/? [00:03<?, 1.0it/s, loss=1]',
      'Epoch 1: |          | 2/? [00:02<?, 1.0it/s, loss=0.5]',
    ]);
    expect(points.map((p) => p.step)).toEqual([3, 5]);
  });
});

describe('lightning detect', () => {
  it('is certain with a bar, suggestive with the start-up lines, silent otherwise', () => {
    expect(lightningParser.detect(['Epoch 0:   2%|▏         | 1/64 [00:00<00:36,  1.72it/s]'])).toBeGreaterThanOrEqual(0.9);
    const preamble = lightningParser.detect(['GPU available: False, used: False', 'TPU available: False, using: 0 TPU cores']);
    expect(preamble).toBeGreaterThanOrEqual(0.5);
    expect(preamble).toBeLessThan(0.9);
    expect(lightningParser.detect(['Epoch 3/10', 'iter 1: loss 2'])).toBe(0);
  });
});
