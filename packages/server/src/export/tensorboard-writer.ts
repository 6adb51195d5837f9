/**
 * Writes runlens data back out as a TensorBoard event file, so nothing logged to runlens is locked in: scalars as
 * `simple_value` (float32, as PyTorch's SummaryWriter writes them), histograms as `HistogramProto`, params as
 * hparams plugin data (SessionStartInfo, which TensorBoard's HParams dashboard reads without an experiment summary).
 */
import { mkdir, open } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { flattenParams, type ParamValue } from '@runlens/core';
import { TFRECORD_FRAMING_BYTES, writeTfRecordFrame } from '../import/tensorboard/tfrecord-frame.js';
import { EventType, HParamsPluginDataType } from '../import/tensorboard/event-proto.js';

export interface TensorboardRunInput {
  name: string;
  /** Flat or nested params; written as hparams. */
  params?: Record<string, unknown>;
  /** ms since the epoch; the header event's wall time and the file name's timestamp. */
  startTime: number;
}

export interface TensorboardSeriesInput {
  key: string;
  steps: Float64Array;
  values: Float64Array;
  /** ms since the epoch, one per point (NaN: use the run's start time). */
  times: Float64Array;
}

export interface TensorboardHistogramInput {
  key: string;
  step: number;
  /** ms since the epoch. */
  time?: number;
  /** `counts.length + 1` ascending edges. */
  edges: ArrayLike<number>;
  counts: ArrayLike<number>;
}

/** Bytes buffered before each write to the file. */
const WRITE_CHUNK = 4 * 1024 * 1024;

/**
 * Writes `dir/events.out.tfevents.<start secs>.<host>.runlens` (creating `dir`, the run's own directory) and returns
 * its path. The name depends only on the run and host, so exporting the same run again replaces the file.
 *
 * @example
 * await writeTensorboardRun('out/baseline', { name: 'baseline', params: { lr: 0.1 }, startTime: Date.now() },
 *   [{ key: 'loss', steps: Float64Array.of(0, 1), values: Float64Array.of(2.3, 1.9), times: Float64Array.of(t0, t1) }]);
 */
export async function writeTensorboardRun(
  dir: string,
  run: TensorboardRunInput,
  series: readonly TensorboardSeriesInput[],
  histograms: readonly TensorboardHistogramInput[] = [],
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const startSecs = run.startTime / 1000;
  const path = join(dir, `events.out.tfevents.${Math.floor(startSecs)}.${hostname() || 'localhost'}.runlens`);
  const out = new EventFileBuffer(await open(path, 'w'));
  try {
    await out.add({ wall_time: startSecs, step: 0, file_version: 'brain.Event:2' });
    const hparams = hparamsSummary(run.params ?? {});
    if (hparams) await out.add({ wall_time: startSecs, step: 0, summary: { value: [hparams] } });
    // add() only returns a promise when its buffer was full: awaiting every event would cost a microtask each.
    for (const s of series) {
      for (let i = 0; i < s.steps.length; i++) {
        const t = s.times[i]!;
        const flushed = out.add({
          wall_time: Number.isFinite(t) ? t / 1000 : startSecs,
          step: s.steps[i]!,
          summary: { value: [{ tag: s.key, simple_value: s.values[i]! }] },
        });
        if (flushed) await flushed;
      }
    }
    for (const h of histograms) {
      const flushed = out.add({
        wall_time: h.time !== undefined && Number.isFinite(h.time) ? h.time / 1000 : startSecs,
        step: h.step,
        summary: { value: [{ tag: h.key, histo: histogramProto(h.edges, h.counts) }] },
      });
      if (flushed) await flushed;
    }
    await out.close();
  } catch (e) {
    await out.close().catch(() => {});
    throw e;
  }
  return path;
}

/**
 * The inverse of TensorBoard's reading (left edges = [min, limits...], right edges = [...limits, max]): limits are
 * the right edges, min and max the outer edges. sum and sum_squares are estimated from bucket centres.
 */
function histogramProto(edges: ArrayLike<number>, counts: ArrayLike<number>): Record<string, unknown> {
  const k = counts.length;
  const limits: number[] = [];
  const buckets: number[] = [];
  let num = 0;
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < k; i++) {
    const c = counts[i]!;
    const mid = (edges[i]! + edges[i + 1]!) / 2;
    limits.push(edges[i + 1]!);
    buckets.push(c);
    num += c;
    sum += mid * c;
    sumSquares += mid * mid * c;
  }
  return { min: edges[0] ?? 0, max: edges[k] ?? 0, num, sum, sum_squares: sumSquares, bucket_limit: limits, bucket: buckets };
}

function hparamsSummary(params: Record<string, unknown>): Record<string, unknown> | undefined {
  const hparams: Record<string, Record<string, unknown>> = {};
  for (const [k, v] of Object.entries(flattenParams(params))) hparams[k] = hparamValue(v);
  if (Object.keys(hparams).length === 0) return undefined;
  const content = HParamsPluginDataType.encode(
    HParamsPluginDataType.fromObject({ version: 0, session_start_info: { hparams, group_name: '', start_time_secs: 0 } }),
  ).finish();
  return { tag: '_hparams_/session_start_info', metadata: { plugin_data: { plugin_name: 'hparams', content } } };
}

function hparamValue(v: ParamValue): Record<string, unknown> {
  if (v === null) return { null_value: 0 };
  if (typeof v === 'number') return { number_value: v };
  if (typeof v === 'boolean') return { bool_value: v };
  return { string_value: v };
}

/** Frames events as TFRecords into a buffer and writes it out in large pieces. */
class EventFileBuffer {
  private buffer = Buffer.allocUnsafe(WRITE_CHUNK);
  private used = 0;

  constructor(private readonly handle: Awaited<ReturnType<typeof open>>) {}

  /** Frames one event; returns a promise (to await before the next add) only when the buffer had to be written. */
  add(event: Record<string, unknown>): Promise<void> | undefined {
    const data = EventType.encode(event).finish();
    const total = data.length + TFRECORD_FRAMING_BYTES;
    let written: Promise<void> | undefined;
    if (this.used + total > this.buffer.length) {
      written = this.write(this.buffer, this.used);
      this.buffer = Buffer.allocUnsafe(Math.max(WRITE_CHUNK, total));
      this.used = 0;
    }
    this.used = writeTfRecordFrame(this.buffer, this.used, data);
    return written;
  }

  private async write(buffer: Buffer, length: number): Promise<void> {
    await this.handle.write(buffer, 0, length);
  }

  async close(): Promise<void> {
    try {
      if (this.used > 0) await this.write(this.buffer, this.used);
      this.used = 0;
    } finally {
      await this.handle.close();
    }
  }
}
