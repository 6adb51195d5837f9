/**
 * A RunRecorder whose work happens on a worker thread (recorder-worker.ts). The main thread only copies each
 * chunk it read from the command across; it never parses, batches or waits for the store, so it is always back
 * reading the command's pipes at once. What is in flight is bounded: past the bound, chunks are dropped here and
 * the worker is told what was lost, so its line accounting stays exact.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { RunlensError, type LogStream, type PatchRunBody, type RunRecord } from '@runlens/core';
import type { SinkTarget } from '../ingest/open-sink.js';
import { describeDrop, type DroppedChunk } from './output-recorder.js';
import type { LiveRecordQueueOptions } from './live-record-queue.js';
import type { FromWorker, RecorderWorkerData, ToWorker } from './recorder-protocol.js';
import type { OutputEnd, RecorderSummary, RunRecorder } from './run-recorder.js';
import type { SystemPoint } from './system-metrics.js';

export interface WorkerRecorderOptions {
  /** Where records go: a server, the server running on `data`, or the store in `data`. */
  target: SinkTarget;
  runId: string;
  /** `--parser`: auto, none or a registered parser's name. */
  parser: string;
  /** Bytes read but not yet split and parsed before chunks are dropped. Default 16 MiB. */
  maxInFlightBytes?: number | undefined;
  batcher?: Omit<LiveRecordQueueOptions, 'onWarning'> | undefined;
  onWarning?: ((message: string) => void) | undefined;
  /** The worker script. Default: recorder-worker.js beside this module (the built package). */
  workerUrl?: URL | undefined;
}

/** The built worker script, or undefined when running from sources without it (then record on this thread). */
export function recorderWorkerUrl(): URL | undefined {
  const url = new URL('./recorder-worker.js', import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : undefined;
}

const EMPTY_SUMMARY: RecorderSummary = {
  output: { bytes: { stdout: 0, stderr: 0 }, droppedBytes: 0, droppedLines: 0, peakQueuedBytes: 0 },
  recording: { logLines: 0, droppedLogLines: 0, points: 0, droppedPoints: 0, invalidPoints: 0, failedRecords: 0, peakPendingLogChars: 0 },
  rejected: [],
};

export class WorkerRecorder implements RunRecorder {
  private inFlight = 0;
  private peakInFlight = 0;
  /** Chunks dropped since the last one sent, per stream; told to the worker before the next chunk. */
  private readonly dropped: Partial<Record<LogStream, { drop: DroppedChunk; time: number }>> = {};
  private failure: string | undefined;
  private finished = false;
  private readonly waiters = new Map<'output-ended' | 'finished', (m: FromWorker | undefined) => void>();
  private readonly exited: Promise<void>;

  private constructor(
    private readonly worker: Worker,
    private readonly maxInFlight: number,
    private readonly onWarning: (message: string) => void,
  ) {
    worker.on('message', (m: FromWorker) => this.receive(m));
    worker.on('error', (e) => this.fail(`recording stopped: ${e.message}`));
    this.exited = new Promise((resolve) =>
      worker.once('exit', () => {
        if (!this.finished) this.fail('recording stopped: the recording thread exited');
        resolve();
      }),
    );
  }

  /**
   * Starts the recording thread and opens the sink there. Resolves with where the run goes (`describe`, and the
   * server's `url` when one is used); rejects with the sink's error (bad data dir, unknown parser).
   */
  static async open(options: WorkerRecorderOptions): Promise<{ recorder: WorkerRecorder; describe: string; url?: string | undefined }> {
    const workerUrl = options.workerUrl ?? recorderWorkerUrl();
    if (!workerUrl) throw new RunlensError('INTERNAL', 'the recording thread script is missing: build the runlens package');
    const data: RecorderWorkerData = { target: options.target, runId: options.runId, parser: options.parser, batcher: options.batcher };
    const worker = new Worker(workerUrl, { workerData: data });
    const first = await new Promise<FromWorker | Error>((resolve) => {
      const onExit = (code: number) => resolve(new Error(`the recording thread exited with code ${code}`));
      const settle = (m: FromWorker | Error) => {
        // only these three: the Worker keeps listeners of its own that must stay
        worker.off('message', settle);
        worker.off('error', settle);
        worker.off('exit', onExit);
        resolve(m);
      };
      worker.on('message', settle);
      worker.on('error', settle);
      worker.on('exit', onExit);
    });
    if (first instanceof Error || first.type !== 'ready') {
      await worker.terminate();
      if (first instanceof Error) throw new RunlensError('INTERNAL', `could not start recording: ${first.message}`);
      throw new RunlensError(first.type === 'failed' ? (first.code ?? 'INTERNAL') : 'INTERNAL', first.type === 'failed' ? first.message : `unexpected ${first.type} from the recording thread`);
    }
    const recorder = new WorkerRecorder(worker, options.maxInFlightBytes ?? 16 * 1024 * 1024, options.onWarning ?? (() => {}));
    return { recorder, describe: first.describe, url: first.url };
  }

  start(run: RunRecord['run']): void {
    this.send({ type: 'start', run });
  }

  write(stream: LogStream, chunk: Buffer, time: number): void {
    if (chunk.length === 0) return;
    if (this.failure !== undefined || this.inFlight + chunk.length > this.maxInFlight) {
      const d = describeDrop(chunk);
      const prev = this.dropped[stream];
      this.dropped[stream] = prev
        ? { time: prev.time, drop: { lines: prev.drop.lines + d.lines, bytes: prev.drop.bytes + d.bytes, midLine: d.midLine } }
        : { time, drop: d };
      return;
    }
    this.sendDropped(stream);
    // an exact-size copy, moved rather than cloned: the read buffer may be larger and goes on to the terminal
    const data = new Uint8Array(chunk);
    this.inFlight += data.length;
    if (this.inFlight > this.peakInFlight) this.peakInFlight = this.inFlight;
    this.send({ type: 'chunk', stream, time, data }, [data.buffer]);
  }

  addSample(points: readonly SystemPoint[], step: number, time: number): void {
    this.send({ type: 'sample', points: [...points], step, time });
  }

  async endOutput(): Promise<OutputEnd> {
    this.sendDropped('stdout');
    this.sendDropped('stderr');
    const m = await this.request('output-ended', { type: 'end-output' });
    return m?.type === 'output-ended' ? { stderrTail: m.stderrTail, unrecordedLines: m.unrecordedLines } : { stderrTail: [], unrecordedLines: 0 };
  }

  async finish(update: PatchRunBody): Promise<RecorderSummary> {
    const m = await this.request('finished', { type: 'finish', update });
    await this.close();
    if (m?.type !== 'finished') return EMPTY_SUMMARY;
    const summary = m.summary;
    summary.output.peakQueuedBytes = Math.max(summary.output.peakQueuedBytes, this.peakInFlight);
    return summary;
  }

  /** Stops the recording thread if it still runs (a run that never finished). */
  async close(): Promise<void> {
    if (!this.finished) this.failure ??= 'closed';
    await this.worker.terminate();
    await this.exited;
  }

  private send(m: ToWorker, transfer?: ArrayBuffer[]): void {
    if (this.failure !== undefined) return;
    this.worker.postMessage(m, transfer);
  }

  private sendDropped(stream: LogStream): void {
    const d = this.dropped[stream];
    if (!d) return;
    this.dropped[stream] = undefined;
    this.send({ type: 'dropped', stream, time: d.time, drop: d.drop });
  }

  private request(reply: 'output-ended' | 'finished', m: ToWorker): Promise<FromWorker | undefined> {
    if (this.failure !== undefined) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.waiters.set(reply, resolve);
      this.send(m);
    });
  }

  private receive(m: FromWorker): void {
    if (m.type === 'consumed') this.inFlight -= m.bytes;
    else if (m.type === 'warning') this.onWarning(m.message);
    else if (m.type === 'output-ended' || m.type === 'finished') {
      if (m.type === 'finished') this.finished = true;
      const w = this.waiters.get(m.type);
      this.waiters.delete(m.type);
      w?.(m);
    }
  }

  private fail(message: string): void {
    if (this.failure !== undefined) return;
    this.failure = message;
    this.onWarning(message);
    for (const w of this.waiters.values()) w(undefined);
    this.waiters.clear();
  }
}
