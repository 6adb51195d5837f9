import { describe, expect, it } from 'vitest';
import { buildCharDataset, sampleBatch } from './char-data.js';
import {
  PARAM_NAMES,
  computeGradients,
  createCharModel,
  embeddingRow,
  embeddingSnapshot,
  evaluate,
  predictProbabilities,
  trainStep,
  type CharBatch,
  type CharModel,
} from './char-model.js';
import { DEMO_CORPUS } from './corpus.js';
import { createSeededRandom } from '@runlens/core';

const data = buildCharDataset(DEMO_CORPUS);

function randomBatch(count: number, context: number, vocab: number, seed: number): CharBatch {
  const rng = createSeededRandom(seed);
  const contexts = new Int32Array(count * context);
  const targets = new Int32Array(count);
  for (let i = 0; i < contexts.length; i++) contexts[i] = rng.int(vocab);
  for (let i = 0; i < count; i++) targets[i] = rng.int(vocab);
  return { contexts, targets, count };
}

function snapshotParams(model: CharModel): Float64Array[] {
  return PARAM_NAMES.map((name) => Float64Array.from(model[name]));
}

describe('computeGradients', () => {
  // Central differences in float64 agree with a correct backward pass to ~1e-9; a wrong index or a missing term
  // shows up as an error of order 1.
  it.each([1, 2, 3])('matches numerical gradients of every parameter (seed %i)', (seed) => {
    const vocab = 7;
    const model = createCharModel({ vocabSize: vocab, embedDim: 3, context: 3, hidden: 6, seed, dtype: 'float64' });
    // Scale the output layer up so the test also exercises a softmax far from uniform.
    for (let i = 0; i < model.w2.length; i++) model.w2[i]! *= 100;
    // Includes repeated token ids, so gradients that several context slots scatter into one row must add up.
    const batch = randomBatch(9, 3, vocab, seed + 100);

    computeGradients(model, batch);
    const eps = 1e-6;
    let worst = 0;
    let checked = 0;
    for (const name of PARAM_NAMES) {
      const param = model[name];
      const analytic = Float64Array.from(model.grads[name]);
      for (let i = 0; i < param.length; i++) {
        const original = param[i]!;
        param[i] = original + eps;
        const plus = evaluate(model, batch);
        param[i] = original - eps;
        const minus = evaluate(model, batch);
        param[i] = original;
        const numeric = (plus - minus) / (2 * eps);
        const a = analytic[i]!;
        const relative = Math.abs(a - numeric) / Math.max(Math.abs(a) + Math.abs(numeric), 1e-6);
        worst = Math.max(worst, relative);
        checked++;
      }
    }
    expect(checked).toBe(7 * 3 + 9 * 6 + 6 + 6 * 7 + 7);
    expect(worst).toBeLessThan(1e-5);
  });

  it('leaves the parameters unchanged and reports the same loss as evaluate', () => {
    const model = createCharModel({ vocabSize: data.vocab.size, seed: 4 });
    const before = snapshotParams(model);
    const batch = sampleBatch(data.train, 32, createSeededRandom(9));
    const loss = computeGradients(model, batch);
    expect(snapshotParams(model)).toEqual(before);
    expect(loss).toBeCloseTo(evaluate(model, batch), 10);
  });

  it('rejects token ids outside the vocabulary', () => {
    const model = createCharModel({ vocabSize: 5, embedDim: 2, context: 2, hidden: 3, seed: 1 });
    const batch: CharBatch = { contexts: Int32Array.from([0, 5]), targets: Int32Array.from([1]), count: 1 };
    expect(() => computeGradients(model, batch)).toThrow(/token id 5 .* outside the vocabulary of 5/);
    const badTarget: CharBatch = { contexts: Int32Array.from([0, 1]), targets: Int32Array.from([-1]), count: 1 };
    expect(() => computeGradients(model, badTarget)).toThrow(RangeError);
  });
});

describe('createCharModel', () => {
  it('starts near a uniform prediction: loss close to ln(vocabulary size)', () => {
    for (const seed of [1, 2, 3]) {
      const model = createCharModel({ vocabSize: data.vocab.size, seed });
      expect(Math.abs(evaluate(model, data.val) - Math.log(data.vocab.size))).toBeLessThan(0.05);
    }
  });

  it('gives the same weights for the same seed and different weights for another', () => {
    const a = createCharModel({ vocabSize: 20, seed: 7 });
    const b = createCharModel({ vocabSize: 20, seed: 7 });
    const c = createCharModel({ vocabSize: 20, seed: 8 });
    expect(snapshotParams(a)).toEqual(snapshotParams(b));
    expect(Array.from(a.embeddings)).not.toEqual(Array.from(c.embeddings));
  });

  it('rejects bad shapes', () => {
    expect(() => createCharModel({ vocabSize: 0, seed: 1 })).toThrow(/invalid vocabSize: 0/);
    expect(() => createCharModel({ vocabSize: 10, hidden: 2.5, seed: 1 })).toThrow(/invalid hidden/);
    expect(() => createCharModel({ vocabSize: 10, momentum: 1, seed: 1 })).toThrow(/invalid momentum/);
  });
});

describe('trainStep', () => {
  function train(seed: number, steps: number, lr: number, momentum = 0): { losses: number[]; model: CharModel } {
    const model = createCharModel({ vocabSize: data.vocab.size, seed, momentum });
    const rng = createSeededRandom(seed);
    const losses: number[] = [];
    let batch: CharBatch | undefined;
    for (let i = 0; i < steps; i++) {
      batch = sampleBatch(data.train, 32, rng, batch);
      losses.push(trainStep(model, batch, lr).loss);
    }
    return { losses, model };
  }

  it('lowers the validation loss', () => {
    const { model } = train(1, 150, 0.5);
    const initial = Math.log(data.vocab.size);
    const after = evaluate(model, data.val);
    expect(after).toBeLessThan(initial - 0.8);
  });

  it('lowers the validation loss with momentum too', () => {
    const { model } = train(2, 150, 0.05, 0.9);
    expect(evaluate(model, data.val)).toBeLessThan(Math.log(data.vocab.size) - 0.8);
  });

  it('reports the gradient norm from before the update', () => {
    const model = createCharModel({ vocabSize: data.vocab.size, seed: 3 });
    const batch = sampleBatch(data.train, 16, createSeededRandom(3));
    computeGradients(model, batch);
    let sq = 0;
    for (const name of PARAM_NAMES) for (const g of model.grads[name]) sq += g * g;
    const { gradNorm } = trainStep(model, batch, 0.1);
    expect(gradNorm).toBeGreaterThan(0);
    expect(gradNorm).toBeCloseTo(Math.sqrt(sq), 12);
  });

  it('is deterministic: the same seed gives exactly the same losses', () => {
    const a = train(5, 40, 0.3).losses;
    const b = train(5, 40, 0.3).losses;
    const c = train(6, 40, 0.3).losses;
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('diverges to NaN at a far too high learning rate, because nothing clips the gradients', () => {
    const { losses } = train(1, 40, 50);
    expect(losses.some((l) => Number.isNaN(l))).toBe(true);
  });
});

describe('embeddings', () => {
  it('exposes the table as rows of embedDim and snapshots it as an independent float32 copy', () => {
    const model = createCharModel({ vocabSize: data.vocab.size, embedDim: 8, seed: 1 });
    expect(model.embeddings).toBeInstanceOf(Float32Array);
    expect(model.embeddings.length).toBe(data.vocab.size * 8);

    const id = data.vocab.idOf('e');
    const row = embeddingRow(model, id);
    expect(Array.from(row)).toEqual(Array.from(model.embeddings.slice(id * 8, id * 8 + 8)));

    const snap = embeddingSnapshot(model);
    expect(snap).toMatchObject({ rows: data.vocab.size, cols: 8 });
    expect(snap.data).toBeInstanceOf(Float32Array);
    expect(Array.from(snap.data)).toEqual(Array.from(model.embeddings));

    const batch = sampleBatch(data.train, 32, createSeededRandom(2));
    trainStep(model, batch, 1);
    expect(Array.from(snap.data)).not.toEqual(Array.from(model.embeddings));
    expect(() => embeddingRow(model, data.vocab.size)).toThrow(RangeError);
  });
});

describe('predictProbabilities', () => {
  it('rows are distributions, and their mean -log p(target) is the loss evaluate reports', () => {
    const model = createCharModel({ vocabSize: 7, seed: 3, context: 2 });
    const batch = randomBatch(300, 2, 7, 9);
    const probs = predictProbabilities(model, batch);
    expect(probs.length).toBe(300 * 7);
    let nll = 0;
    for (let i = 0; i < 300; i++) {
      const row = probs.subarray(i * 7, (i + 1) * 7);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      nll -= Math.log(row[batch.targets[i]!]!);
    }
    expect(nll / 300).toBeCloseTo(evaluate(model, batch), 6);
  });
});
