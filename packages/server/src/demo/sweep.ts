/**
 * The demo's hyperparameter sweep (`DEMO_SWEEP`, `demoRuns`) and the training loop of one run (`trainRun`).
 * Logging goes through a `TrainingSink`, so this file knows nothing about the client, the server or worker
 * threads; the caller wires a sink to `@runlens/client`.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { buildCharDataset, sampleBatch } from './char-data.js';
import { createCharModel, embeddingSnapshot, evaluate, predictProbabilities, trainStep, type CharBatch, type CharModel } from './char-model.js';
import { classifierReport, type ClassifierReport } from './classifier-report.js';
import { DEMO_CORPUS } from './corpus.js';
import { learningRateAt, type LrSchedule } from './lr-schedule.js';
import { createSeededRandom } from '@runlens/core';

/** Metric keys a demo run logs. */
export const DEMO_METRICS = {
  trainLoss: 'train/loss',
  gradNorm: 'train/grad_norm',
  lr: 'lr',
  tokensPerSecond: 'throughput/tokens_per_s',
  epoch: 'epoch',
  valLoss: 'val/loss',
  valPerplexity: 'val/perplexity',
} as const;

/** Name of the tensor snapshot of the embedding table handed to `TrainingSink.tensor`. */
export const EMBEDDINGS_TENSOR = 'embeddings';

/** A float32 matrix to log as a tensor snapshot, with one label per row (the token's character). */
export interface TensorSnapshot {
  name: string;
  rows: number;
  cols: number;
  /** `rows × cols`, row-major; a copy the sink may keep. */
  data: Float32Array;
  rowLabels: readonly string[];
}

/** Where a training run reports to. Every method is called synchronously from the training loop. */
export interface TrainingSink {
  /** Metrics measured at `step`. Values may be NaN or ±Infinity (a diverged loss) and must be kept as such. */
  log(metrics: Record<string, number>, step: number): void;
  /** Polled between steps; returning true stops the run early with status `killed`. */
  shouldStop?(): boolean;
  /** Called at step 0 and after every evaluation with the token embedding table. */
  tensor?(snapshot: TensorSnapshot, step: number): void;
  /** Called with `tensor`: every weight matrix by name (`embeddings`, `w1`, `w2`), copies, for weight histograms. */
  weights?(matrices: Record<string, Float32Array>, step: number): void;
  /** Called once after the last step of a completed run: its validation predictions as classifier curves. */
  classifier?(report: ClassifierReport): void;
}

export interface TrainRunConfig {
  /** Peak learning rate of SGD (with momentum when `momentum` > 0), reached at the end of warmup. */
  lr: number;
  /** Seeds weight initialisation and minibatch sampling; the same config gives the same losses. */
  seed: number;
  /** Optimisation steps. */
  steps: number;
  batchSize: number;
  /** Evaluate on the validation set every this many steps (and always after the last step). */
  evalEvery: number;
  /** Width of the token embeddings. Default 16. */
  embedDim?: number;
  /** Characters of context. Default 4. */
  context?: number;
  /** Hidden units. Default 128. */
  hidden?: number;
  /** SGD momentum. Default 0: plain SGD. */
  momentum?: number;
  /** Steps of linear learning-rate warmup. Default: a tenth of `steps`, at most 100. */
  warmupSteps?: number;
  /** The learning rate decays along a cosine to this share of `lr` at the last step. Default 0.1. */
  minLrRatio?: number;
  /** Training text. Default: the bundled corpus. */
  text?: string;
}

interface TrainRunSummaryBase {
  /** Optimisation steps taken (fewer than configured when the run stopped early). */
  steps: number;
  /** Passes over the training set, fractional. */
  epochs: number;
  /** Loss of the last training minibatch. */
  finalTrainLoss: number;
  /** Lowest validation loss seen (the loss at initialisation counts); NaN if none was finite. */
  bestValLoss: number;
  bestValStep: number;
  /** Characters predicted per second of training compute, averaged over the run. */
  tokensPerSecond: number;
  durationMs: number;
  vocabSize: number;
  paramCount: number;
}

/** What a run ended with; every field but `status` and `error` is a number the caller can store as run summary. */
export type TrainRunResult =
  | (TrainRunSummaryBase & { status: 'completed'; finalValLoss: number; finalValPerplexity: number })
  | (TrainRunSummaryBase & { status: 'failed'; error: string; divergedAtStep: number })
  | (TrainRunSummaryBase & { status: 'killed' });

export type DemoPreset = 'full' | 'quick';

/**
 * The sweep `runlens demo` trains: every learning rate × every seed, 12 runs of the character model on the bundled
 * corpus. In `full`, the three healthy rates end at validation losses of about 2.19, 2.00 and 1.87 nats (seeds
 * within 0.02 of each other), the lowest rate visibly slowest; the last rate, ten times the best, learns during
 * warmup, spikes soon after reaching its peak and overflows to NaN (steps 103-115 for seeds 1-3; step ~12 in
 * `quick`).
 *
 * `full` is what users see: 4-5 s per healthy run on one core of the reference machine, about 21 s for the whole
 * sweep on two worker threads. `quick` is for tests and CI: about 0.4 s per run, with the same shape (the healthy
 * rates learn and finish in order, the divergent one fails).
 */
export const DEMO_SWEEP = {
  learningRates: [0.1, 0.3, 1, 10],
  /** The one rate that is meant to diverge. */
  divergentLearningRate: 10,
  seeds: [1, 2, 3],
  presets: {
    full: { steps: 1000, batchSize: 64, evalEvery: 50 },
    quick: { steps: 60, batchSize: 64, evalEvery: 20 },
  },
  model: { embedDim: 16, context: 4, hidden: 128 },
} as const satisfies {
  learningRates: readonly number[];
  divergentLearningRate: number;
  seeds: readonly number[];
  presets: Record<DemoPreset, Pick<TrainRunConfig, 'steps' | 'batchSize' | 'evalEvery'>>;
  model: Pick<Required<TrainRunConfig>, 'embedDim' | 'context' | 'hidden'>;
};

/** One run of the demo sweep, with everything the caller needs to create it in runlens. */
export interface DemoRunSpec {
  /** e.g. `lr=0.3 seed=2` */
  name: string;
  /** Runs that differ only by seed share a group, e.g. `lr=0.3`. */
  group: string;
  /** Flat params to record on the run; every hyperparameter, defaults included. */
  params: Record<string, number | string>;
  config: TrainRunConfig;
}

/**
 * The runs of the demo sweep, learning rate by learning rate, seeds within.
 *
 * @example
 * for (const spec of demoRuns('quick')) await trainRun(spec.config, sinkFor(spec));
 */
export function demoRuns(preset: DemoPreset = 'full'): DemoRunSpec[] {
  const { steps, batchSize, evalEvery } = DEMO_SWEEP.presets[preset];
  const { embedDim, context, hidden } = DEMO_SWEEP.model;
  const warmupSteps = defaultWarmupSteps(steps);
  const specs: DemoRunSpec[] = [];
  for (const lr of DEMO_SWEEP.learningRates) {
    for (const seed of DEMO_SWEEP.seeds) {
      const config: Required<Omit<TrainRunConfig, 'text'>> = {
        lr,
        seed,
        steps,
        batchSize,
        evalEvery,
        embedDim,
        context,
        hidden,
        momentum: 0,
        warmupSteps,
        minLrRatio: DEFAULT_MIN_LR_RATIO,
      };
      specs.push({
        name: `lr=${lr} seed=${seed}`,
        group: `lr=${lr}`,
        params: {
          model: 'char-mlp',
          dataset: 'bundled-corpus',
          activation: 'leaky_relu',
          optimizer: 'sgd',
          schedule: 'warmup_cosine',
          lr,
          seed,
          steps,
          batch_size: batchSize,
          eval_every: evalEvery,
          embed_dim: embedDim,
          context,
          hidden,
          momentum: config.momentum,
          warmup_steps: warmupSteps,
          min_lr_ratio: config.minLrRatio,
        },
        config,
      });
    }
  }
  return specs;
}

const DEFAULT_MIN_LR_RATIO = 0.1;

function defaultWarmupSteps(steps: number): number {
  return Math.min(100, Math.round(steps / 10));
}

/** Steps between yields to the event loop, so a sink's timers, messages and signals get a turn. */
const YIELD_EVERY = 8;

/**
 * Trains one character model and reports through `sink`. Stops early with status `failed` when the loss stops
 * being finite, after logging that non-finite point, and with status `killed` when `sink.shouldStop()` says so.
 * Never throws for a diverged model; throws `RangeError` for an invalid config.
 *
 * @example
 * const result = await trainRun({ lr: 0.1, seed: 1, steps: 60, batchSize: 32, evalEvery: 20 }, {
 *   log: (metrics, step) => run.log(metrics, step),
 * });
 */
export async function trainRun(config: TrainRunConfig, sink: TrainingSink): Promise<TrainRunResult> {
  validateConfig(config);
  const started = performance.now();
  const data = buildCharDataset(config.text ?? DEMO_CORPUS, { context: config.context ?? 4 });
  const model = createCharModel({
    vocabSize: data.vocab.size,
    embedDim: config.embedDim ?? 16,
    context: data.context,
    hidden: config.hidden ?? 128,
    momentum: config.momentum ?? 0,
    seed: config.seed,
  });
  // A separate stream for sampling keeps the batches identical across model sizes with the same seed.
  const rng = createSeededRandom(config.seed ^ 0x5eed);
  const { batchSize } = config;
  const schedule: LrSchedule = {
    peak: config.lr,
    warmupSteps: config.warmupSteps ?? defaultWarmupSteps(config.steps),
    totalSteps: config.steps,
    minRatio: config.minLrRatio ?? DEFAULT_MIN_LR_RATIO,
  };
  const epochOf = (step: number): number => (step * batchSize) / data.train.count;

  const snapshot = (step: number): void => {
    sink.tensor?.({ name: EMBEDDINGS_TENSOR, ...embeddingSnapshot(model), rowLabels: data.vocab.chars }, step);
    sink.weights?.({ [EMBEDDINGS_TENSOR]: Float32Array.from(model.embeddings), w1: Float32Array.from(model.w1), w2: Float32Array.from(model.w2) }, step);
  };
  let bestValLoss = Number.NaN;
  let bestValStep = 0;
  let lastValLoss = Number.NaN;
  const validate = (step: number): number => {
    const loss = evaluate(model, data.val);
    lastValLoss = loss;
    sink.log({ [DEMO_METRICS.valLoss]: loss, [DEMO_METRICS.valPerplexity]: Math.exp(loss) }, step);
    if (loss < bestValLoss || (Number.isNaN(bestValLoss) && Number.isFinite(loss))) {
      bestValLoss = loss;
      bestValStep = step;
    }
    snapshot(step);
    return loss;
  };

  sink.log({ [DEMO_METRICS.epoch]: 0 }, 0);
  validate(0);

  let batch: CharBatch | undefined;
  let trainSeconds = 0;
  let finalTrainLoss = Number.NaN;
  let step = 0;
  const summary = (): TrainRunSummaryBase => ({
    steps: step,
    epochs: epochOf(step),
    finalTrainLoss,
    bestValLoss,
    bestValStep,
    tokensPerSecond: trainSeconds > 0 ? (step * batchSize) / trainSeconds : 0,
    durationMs: performance.now() - started,
    vocabSize: data.vocab.size,
    paramCount: parameterCount(model),
  });

  while (step < config.steps) {
    if (step % YIELD_EVERY === 0 && step > 0) await yieldToEventLoop();
    if (sink.shouldStop?.()) return { ...summary(), status: 'killed' };

    const lr = learningRateAt(schedule, step + 1);
    const t0 = performance.now();
    batch = sampleBatch(data.train, batchSize, rng, batch);
    const { loss, gradNorm } = trainStep(model, batch, lr);
    const seconds = (performance.now() - t0) / 1000;
    trainSeconds += seconds;
    step++;
    finalTrainLoss = loss;
    sink.log(
      {
        [DEMO_METRICS.trainLoss]: loss,
        [DEMO_METRICS.gradNorm]: gradNorm,
        [DEMO_METRICS.lr]: lr,
        [DEMO_METRICS.tokensPerSecond]: seconds > 0 ? batchSize / seconds : 0,
        [DEMO_METRICS.epoch]: epochOf(step),
      },
      step,
    );
    if (!Number.isFinite(loss)) return diverged(summary(), loss, step);

    if (step % config.evalEvery === 0 || step === config.steps) {
      const valLoss = validate(step);
      // The update after a finite training loss can still overflow the weights; the validation loss shows it.
      if (!Number.isFinite(valLoss)) return diverged(summary(), valLoss, step);
    }
  }
  if (sink.classifier) {
    const report = classifierReport(predictProbabilities(model, data.val), data.val.targets, data.vocab.chars);
    if (report) sink.classifier(report);
  }
  // The loop always validates after the last step, so the last validation loss is the final one.
  return { ...summary(), status: 'completed', finalValLoss: lastValLoss, finalValPerplexity: Math.exp(lastValLoss) };
}

function diverged(base: TrainRunSummaryBase, loss: number, step: number): TrainRunResult {
  const what = Number.isNaN(loss) ? 'NaN' : String(loss);
  return { ...base, status: 'failed', error: `loss diverged to ${what} at step ${step}`, divergedAtStep: step };
}

function parameterCount(model: CharModel): number {
  return model.embeddings.length + model.w1.length + model.b1.length + model.w2.length + model.b2.length;
}

function validateConfig(config: TrainRunConfig): void {
  const positiveInts = [['steps', config.steps], ['batchSize', config.batchSize], ['evalEvery', config.evalEvery]] as const;
  for (const [name, v] of positiveInts) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`invalid ${name}: ${v} (must be a positive integer)`);
  }
  if (!(config.lr > 0) || !Number.isFinite(config.lr)) throw new RangeError(`invalid lr: ${config.lr} (must be a positive number)`);
  if (!Number.isInteger(config.seed)) throw new RangeError(`invalid seed: ${config.seed} (must be an integer)`);
  const { warmupSteps, minLrRatio } = config;
  if (warmupSteps !== undefined && (!Number.isInteger(warmupSteps) || warmupSteps < 0)) {
    throw new RangeError(`invalid warmupSteps: ${warmupSteps} (must be a non-negative integer)`);
  }
  if (minLrRatio !== undefined && !(minLrRatio >= 0 && minLrRatio <= 1)) {
    throw new RangeError(`invalid minLrRatio: ${minLrRatio} (must be in [0, 1])`);
  }
}
