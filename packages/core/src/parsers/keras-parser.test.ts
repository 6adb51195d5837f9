import { describe, expect, it } from 'vitest';
import { readFixtureLines } from '../../../../test/fixtures/logs/fixture-lines.js';
import type { ParsedMetrics } from '../plugins/parser-plugin.js';
import { kerasParser } from './keras-parser.js';
import { parseLines } from './parse-lines.js';

const parseAll = (lines: string[]) => parseLines(kerasParser.createParser(), lines);

function upsert(points: ParsedMetrics[]): Map<number, Record<string, number>> {
  const byStep = new Map<number, Record<string, number>>();
  for (const p of points) byStep.set(p.step, { ...byStep.get(p.step), ...p.metrics });
  return byStep;
}

describe('keras parser on Keras 2 terminal output with two fits', () => {
  const points = parseAll(readFixtureLines('keras2_two_fits.log'));

  it('emits each epoch once, from its final line, never from ETA redraws', () => {
    expect(points).toEqual([
      { step: 1, metrics: { loss: 0.2987, accuracy: 0.9139, val_loss: 0.1493, val_accuracy: 0.9555, epoch: 1 } },
      { step: 2, metrics: { loss: 0.1431, accuracy: 0.9575, val_loss: 0.1112, val_accuracy: 0.966, epoch: 2 } },
      { step: 3, metrics: { loss: 0.1078, accuracy: 0.9672, val_loss: 0.0954, val_accuracy: 0.9712, epoch: 3 } },
      { step: 3, metrics: { 'eval/loss': 0.0954, 'eval/accuracy': 0.9712 } },
      { step: 4, metrics: { loss: 4.8812, accuracy: 0, val_loss: 4.9021, val_accuracy: 0, lr: 0.001, epoch: 1 } },
      { step: 5, metrics: { loss: 4.421, accuracy: 2.1333e-4, val_loss: 4.4, val_accuracy: 0, lr: 0.0001, epoch: 2 } },
    ]);
  });
});

describe('keras parser on Keras 3 output redirected to a file', () => {
  const points = parseAll(readFixtureLines('keras3_fit.log'));

  it('skips batches short of the total, and the validated redraw of the last batch wins', () => {
    expect(points.map((p) => p.step)).toEqual([1, 1, 2]);
    expect(upsert(points)).toEqual(
      new Map([
        [1, { accuracy: 0.8766, loss: 0.432, val_accuracy: 0.9551, val_loss: 0.1512, epoch: 1 }],
        [2, { accuracy: 0.961, loss: 0.1302, val_accuracy: 0.9655, val_loss: 0.1123, epoch: 2 }],
      ]),
    );
  });
});

describe('keras parser', () => {
  it('reads verbose=2 lines and NaN losses', () => {
    const points = parseAll([
      'Epoch 1/2',
      '1875/1875 - 3s - loss: nan - accuracy: 0.1000 - val_loss: nan - 3s/epoch - 2ms/step',
      'Epoch 2/2',
      '1875/1875 - 3s - loss: inf - accuracy: 0.1000 - 3s/epoch - 2ms/step',
    ]);
    expect(points.map((p) => p.step)).toEqual([1, 2]);
    expect(points[0]?.metrics['loss']).toBeNaN();
    expect(points[0]?.metrics['val_loss']).toBeNaN();
    expect(points[1]?.metrics['loss']).toBe(Infinity);
  });

  it('continues a resumed fit (initial_epoch) at the printed epoch', () => {
    const points = parseAll(['Epoch 5/5', '10/10 - 1s - loss: 0.5', 'Epoch 6/10', '10/10 - 1s - loss: 0.4']);
    expect(points.map((p) => [p.step, p.metrics['epoch']])).toEqual([
      [5, 5],
      [6, 6],
    ]);
  });

  it('stores evaluate() output before any fit as eval/ at step 0', () => {
    expect(parseAll(['313/313 [==============================] - 1s 2ms/step - loss: 0.07 - accuracy: 0.98'])).toEqual([
      { step: 0, metrics: { 'eval/loss': 0.07, 'eval/accuracy': 0.98 } },
    ]);
  });
});

describe('keras detect', () => {
  it('is certain with a progress line, suggestive with a header alone', () => {
    expect(kerasParser.detect(['Epoch 1/3', '1875/1875 [====] - 3s 1ms/step - loss: 0.29'])).toBeGreaterThanOrEqual(0.9);
    const header = kerasParser.detect(['Epoch 1/3']);
    expect(header).toBeGreaterThanOrEqual(0.5);
    expect(header).toBeLessThan(0.9);
    expect(kerasParser.detect(['Epoch 0: 100%|███| 64/64 [00:01<00:00, loss=1]', 'step=1 loss=2'])).toBe(0);
  });
});
