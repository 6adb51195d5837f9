/**
 * The "TensorBoard event-file import ≥ 50 MB/s" budget of DESIGN.md. Generates a log directory with runlens's own
 * writer (20 runs × ~10 MB; by bytes about 80% one-value scalar events, the costliest kind per byte, and 20%
 * 64-bucket histograms), then imports it with an `emit` that only counts, so the figure is the importer's
 * (reading, CRC checks, protobuf decoding, building records) and not the store's. MB = 10^6 bytes.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createSeededRandom } from '@runlens/core';
import { writeTensorboardRun, type TensorboardHistogramInput, type TensorboardSeriesInput } from '../export/tensorboard-writer.js';
import { tensorboardImporter } from '../import/tensorboard/tensorboard-importer.js';

export interface TensorboardBenchOptions {
  runs?: number;
  /** Steps per run; every step logs 8 scalars, every 50th step 4 histograms. */
  steps?: number;
  repeats?: number;
}

const SCALAR_KEYS = ['train/loss', 'train/accuracy', 'val/loss', 'val/accuracy', 'lr', 'grad_norm', 'sys/gpu_util', 'epoch'];
const HISTOGRAM_KEYS = ['weights/encoder.0', 'weights/encoder.1', 'grads/encoder.0', 'activations/head'];
const HISTOGRAM_EVERY = 50;
const BUCKETS = 64;

/**
 * Median import throughput over `repeats` imports of a generated log directory (defaults: 20 runs × 20,000 steps,
 * ~200 MB, 3 repeats). `samples` holds each import's MB/s.
 */
export async function benchTensorboardImport(
  options: TensorboardBenchOptions = {},
): Promise<{ mbPerSecond: number; bytes: number; samples: number[] }> {
  const { runs = 20, steps = 20_000, repeats = 3 } = options;
  const root = await mkdtemp(join(tmpdir(), 'runlens-tb-bench-'));
  try {
    let bytes = 0;
    for (let r = 0; r < runs; r++) bytes += await writeBenchRun(join(root, `run-${String(r).padStart(2, '0')}`), r, steps);
    const samples: number[] = [];
    for (let i = 0; i < repeats; i++) {
      let records = 0;
      const started = performance.now();
      await tensorboardImporter.import(root, {
        emit: async () => {
          records++;
        },
        warn: () => {},
        progress: () => {},
      });
      const seconds = (performance.now() - started) / 1000;
      if (records === 0) throw new Error('benchmark import produced no records');
      samples.push(bytes / 1e6 / seconds);
    }
    return { mbPerSecond: median(samples), bytes, samples };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function writeBenchRun(dir: string, seed: number, steps: number): Promise<number> {
  const rng = createSeededRandom(seed);
  const start = Date.UTC(2025, 0, 1) + seed * 3_600_000;
  const stepList = Float64Array.from({ length: steps }, (_, i) => i);
  const times = Float64Array.from(stepList, (s) => start + s * 250 + rng.next());
  const series: TensorboardSeriesInput[] = SCALAR_KEYS.map((key, k) => ({
    key,
    steps: stepList,
    values: Float64Array.from(stepList, (s) => (k + 1) * Math.exp(-s / steps) + 0.05 * rng.normal()),
    times,
  }));
  const histograms: TensorboardHistogramInput[] = [];
  for (let s = 0; s < steps; s += HISTOGRAM_EVERY) {
    for (const key of HISTOGRAM_KEYS) {
      const edges = Array.from({ length: BUCKETS + 1 }, (_, i) => -3 + (6 * i) / BUCKETS);
      const counts = Array.from({ length: BUCKETS }, (_, i) => Math.round(1000 * Math.exp(-(((i - BUCKETS / 2) / 10) ** 2)) + 10 * rng.next()));
      histograms.push({ key, step: s, time: start + s * 250, edges, counts });
    }
  }
  const file = await writeTensorboardRun(dir, { name: `run-${seed}`, params: { lr: 0.001 * (seed + 1), seed }, startTime: start }, series, histograms);
  return (await stat(file)).size;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
