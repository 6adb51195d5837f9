import { describe, expect, it } from 'vitest';
import { buildCharDataset } from './char-data.js';
import { DEMO_CORPUS } from './corpus.js';
import { learningRateAt } from './lr-schedule.js';
import { DEMO_METRICS, DEMO_SWEEP, demoRuns, trainRun, type TensorSnapshot, type TrainRunConfig, type TrainingSink } from './sweep.js';

/** A sink that keeps every logged point, per metric key, in logging order. */
function recordingSink(stopAfterStep?: number): TrainingSink & {
  series: Map<string, [step: number, value: number][]>;
  tensors: [step: number, snapshot: TensorSnapshot][];
} {
  const series = new Map<string, [number, number][]>();
  const tensors: [number, TensorSnapshot][] = [];
  let lastStep = 0;
  return {
    series,
    tensors,
    log(metrics, step) {
      lastStep = step;
      for (const [key, value] of Object.entries(metrics)) {
        const points = series.get(key) ?? [];
        points.push([step, value]);
        series.set(key, points);
      }
    },
    shouldStop: () => stopAfterStep !== undefined && lastStep >= stopAfterStep,
    tensor(snapshot, step) {
      tensors.push([step, snapshot]);
    },
  };
}

const quick = DEMO_SWEEP.presets.quick;
const data = buildCharDataset(DEMO_CORPUS);

describe('trainRun', () => {
  it('completes a healthy run: the validation loss falls and every metric is logged where promised', async () => {
    const sink = recordingSink();
    const config: TrainRunConfig = { lr: 0.3, seed: 1, ...quick };
    const result = await trainRun(config, sink);

    expect(result.status).toBe('completed');
    if (result.status !== 'completed') return;
    const val = sink.series.get(DEMO_METRICS.valLoss)!;
    expect(val.map(([step]) => step)).toEqual([0, 20, 40, 60]);
    const initial = val[0]![1];
    expect(initial).toBeCloseTo(Math.log(data.vocab.size), 1);
    expect(result.finalValLoss).toBe(val.at(-1)![1]);
    expect(result.finalValLoss).toBeLessThan(initial - 0.8);
    expect(result.bestValLoss).toBeLessThanOrEqual(result.finalValLoss);
    expect(result.finalValPerplexity).toBeCloseTo(Math.exp(result.finalValLoss), 10);
    const perplexity = sink.series.get(DEMO_METRICS.valPerplexity)!;
    expect(perplexity.map(([, p]) => Math.log(p))).toEqual(val.map(([, l]) => expect.closeTo(l, 10)));

    for (const key of [DEMO_METRICS.trainLoss, DEMO_METRICS.gradNorm, DEMO_METRICS.lr, DEMO_METRICS.tokensPerSecond]) {
      const points = sink.series.get(key)!;
      expect(points.map(([step]) => step), key).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      expect(points.every(([, v]) => Number.isFinite(v) && v >= 0), key).toBe(true);
    }
    const lrs = sink.series.get(DEMO_METRICS.lr)!;
    const schedule = { peak: 0.3, warmupSteps: 6, totalSteps: 60, minRatio: 0.1 };
    expect(lrs.map(([, lr]) => lr)).toEqual(lrs.map(([step]) => learningRateAt(schedule, step)));

    const epochs = sink.series.get(DEMO_METRICS.epoch)!;
    expect(epochs[0]).toEqual([0, 0]);
    expect(epochs.at(-1)).toEqual([60, (60 * quick.batchSize) / data.train.count]);
    expect(result).toMatchObject({ steps: 60, vocabSize: data.vocab.size, epochs: epochs.at(-1)![1] });

    expect(sink.tensors.map(([step]) => step)).toEqual([0, 20, 40, 60]);
    const [, first] = sink.tensors[0]!;
    expect(first).toMatchObject({ name: 'embeddings', rows: data.vocab.size, cols: 16 });
    expect(first.data.length).toBe(data.vocab.size * 16);
    expect(first.rowLabels).toEqual(data.vocab.chars);
    expect(Array.from(first.data)).not.toEqual(Array.from(sink.tensors[3]![1].data));
  });

  it('fails a run whose loss diverges, after logging the NaN point, and logs nothing after it', async () => {
    const sink = recordingSink();
    const result = await trainRun({ lr: DEMO_SWEEP.divergentLearningRate, seed: 2, ...quick }, sink);

    expect(result.status).toBe('failed');
    if (result.status !== 'failed') return;
    expect(result.error).toMatch(/^loss diverged to NaN at step \d+$/);
    expect(result.error).toBe(`loss diverged to NaN at step ${result.divergedAtStep}`);
    expect(result.divergedAtStep).toBeLessThan(quick.steps);
    expect(result.steps).toBe(result.divergedAtStep);

    const train = sink.series.get(DEMO_METRICS.trainLoss)!;
    const [lastStep, lastLoss] = train.at(-1)!;
    expect(lastStep).toBe(result.divergedAtStep);
    expect(lastLoss).toBeNaN();
    expect(train.slice(0, -1).every(([, loss]) => Number.isFinite(loss))).toBe(true);
    const maxStep = Math.max(...[...sink.series.values()].flat().map(([step]) => step));
    expect(maxStep).toBe(result.divergedAtStep);
    // The loss rose before it broke: the run learned a little, then blew up.
    expect(Math.max(...train.slice(0, -1).map(([, loss]) => loss))).toBeGreaterThan(train[0]![1]);
  });

  it('is deterministic: the same config logs exactly the same losses, another seed does not', async () => {
    const losses = async (seed: number): Promise<number[]> => {
      const sink = recordingSink();
      await trainRun({ lr: 1, seed, steps: 30, batchSize: 32, evalEvery: 10 }, sink);
      return [DEMO_METRICS.trainLoss, DEMO_METRICS.gradNorm, DEMO_METRICS.valLoss].flatMap((key) =>
        sink.series.get(key)!.map(([, v]) => v),
      );
    };
    const a = await losses(3);
    expect(a).toHaveLength(30 + 30 + 4);
    expect(await losses(3)).toEqual(a);
    expect(await losses(4)).not.toEqual(a);
  });

  it('stops with status killed when the sink asks it to', async () => {
    const sink = recordingSink(10);
    const result = await trainRun({ lr: 0.3, seed: 1, ...quick }, sink);
    expect(result.status).toBe('killed');
    expect(result.steps).toBe(10);
    expect(sink.series.get(DEMO_METRICS.trainLoss)!.at(-1)![0]).toBe(10);
  });

  it('rejects an invalid config', async () => {
    const base: TrainRunConfig = { lr: 0.1, seed: 1, ...quick };
    await expect(trainRun({ ...base, lr: 0 }, recordingSink())).rejects.toThrow(/invalid lr: 0/);
    await expect(trainRun({ ...base, steps: 1.5 }, recordingSink())).rejects.toThrow(/invalid steps/);
    await expect(trainRun({ ...base, seed: Number.NaN }, recordingSink())).rejects.toThrow(/invalid seed/);
    await expect(trainRun({ ...base, warmupSteps: -1 }, recordingSink())).rejects.toThrow(/invalid warmupSteps/);
  });
});

describe('the demo sweep', () => {
  it('is every learning rate × every seed: 12 runs in 4 groups, one learning rate meant to diverge', () => {
    const runs = demoRuns('full');
    expect(runs).toHaveLength(12);
    expect(new Set(runs.map((r) => r.name)).size).toBe(12);
    expect(new Set(runs.map((r) => r.group)).size).toBe(4);
    expect(DEMO_SWEEP.learningRates).toContain(DEMO_SWEEP.divergentLearningRate);
    expect(runs[0]).toMatchObject({
      name: 'lr=0.1 seed=1',
      group: 'lr=0.1',
      params: { lr: 0.1, seed: 1, steps: 1000, batch_size: 64, warmup_steps: 100, momentum: 0 },
      config: { lr: 0.1, seed: 1, steps: 1000, batchSize: 64, evalEvery: 50, warmupSteps: 100 },
    });
    expect(demoRuns('quick').every((r) => r.config.steps === quick.steps && r.params['warmup_steps'] === 6)).toBe(true);
  });

  it('has the promised shape in the quick preset: healthy rates learn and finish in order, the divergent one fails', async () => {
    const finals = new Map<number, number[]>();
    for (const spec of demoRuns('quick')) {
      const result = await trainRun(spec.config, { log: () => undefined });
      if (spec.config.lr === DEMO_SWEEP.divergentLearningRate) {
        expect(result.status, spec.name).toBe('failed');
        continue;
      }
      expect(result.status, spec.name).toBe('completed');
      if (result.status !== 'completed') continue;
      finals.set(spec.config.lr, [...(finals.get(spec.config.lr) ?? []), result.finalValLoss]);
    }
    const means = [...finals.entries()].sort(([a], [b]) => a - b).map(([, v]) => v.reduce((s, x) => s + x, 0) / v.length);
    expect(means).toHaveLength(3);
    // Higher healthy learning rates get further in the same number of steps.
    expect(means[0]! - means[1]!).toBeGreaterThan(0.05);
    expect(means[1]! - means[2]!).toBeGreaterThan(0.05);
    expect(means[0]!).toBeLessThan(Math.log(data.vocab.size) - 0.8);
  });
});
