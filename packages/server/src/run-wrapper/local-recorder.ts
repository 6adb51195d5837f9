/** A RunRecorder that splits, parses and sends to a RecordSink on the calling thread. */
import { join, resolve } from 'node:path';
import type { LogStream, PatchRunBody, RunRecord } from '@runlens/core';
import { openRecordSink, type SinkTarget } from '../ingest/open-sink.js';
import type { RecordSink } from '../ingest/record-sink.js';
import { builtinRegistry } from '../plugins/builtin-registry.js';
import { OutputRecorder, type DroppedChunk, type OutputRecorderOptions } from './output-recorder.js';
import { parserFactory } from './parser-factory.js';
import { LiveRecordQueue, type LiveRecordQueueOptions } from './live-record-queue.js';
import type { OutputEnd, RecorderSummary, RunRecorder } from './run-recorder.js';
import { SpillingSink } from './spill-sink.js';
import type { SystemPoint } from './system-metrics.js';

export interface LocalRecorderOptions {
  output?: Omit<OutputRecorderOptions, 'onWarning'> | undefined;
  batcher?: Omit<LiveRecordQueueOptions, 'onWarning'> | undefined;
  onWarning?: ((message: string) => void) | undefined;
  /** The recorder owns the sink: finish() and close() close it. Default false (the caller closes it). */
  ownsSink?: boolean | undefined;
  /** When the sink fails (a server gone away), record into this offline file instead (SpillingSink). */
  spillFile?: string | undefined;
}

/** Most refused records listed in the summary. */
const REJECTED_SHOWN = 20;

export class LocalRecorder implements RunRecorder {
  private readonly batcher: LiveRecordQueue;
  private readonly output: OutputRecorder;
  private readonly ownsSink: boolean;
  private readonly onWarning: (message: string) => void;
  private readonly sink: RecordSink;
  private readonly spill: SpillingSink | undefined;
  private closed = false;

  constructor(sink: RecordSink, runId: string, options: LocalRecorderOptions = {}) {
    this.ownsSink = options.ownsSink ?? false;
    this.onWarning = options.onWarning ?? (() => {});
    this.spill = options.spillFile ? new SpillingSink(sink, options.spillFile, this.onWarning) : undefined;
    this.sink = this.spill ?? sink;
    this.batcher = new LiveRecordQueue(this.sink, runId, { ...options.batcher, onWarning: options.onWarning });
    this.output = new OutputRecorder(this.batcher, { ...options.output, onWarning: options.onWarning });
  }

  start(run: RunRecord['run']): void {
    this.batcher.start(run);
  }

  write(stream: LogStream, chunk: Buffer, time: number): void {
    this.output.write(stream, chunk, time);
  }

  /** Output that never reached this recorder (dropped on the way from another thread). */
  markDropped(stream: LogStream, drop: DroppedChunk, time: number): void {
    this.output.markDropped(stream, drop, time);
  }

  addSample(points: readonly SystemPoint[], step: number, time: number): void {
    for (const p of points) this.batcher.addPoint(p.key, step, p.value, time);
  }

  async endOutput(): Promise<OutputEnd> {
    await this.output.end();
    return { stderrTail: this.output.stderrTail(), unrecordedLines: this.unrecorded() };
  }

  async finish(update: PatchRunBody): Promise<RecorderSummary> {
    const unrecorded = this.unrecorded();
    if (unrecorded > 0) {
      // said in the run's own logs too, where someone reading them will wonder about the gaps
      this.batcher.addLog(`runlens: ${unrecorded} lines of output were not recorded because recording fell behind the command`, 'stderr', Date.now(), true);
    }
    const recording = await this.batcher.finish(update);
    const rejected = this.sink.report.rejected.slice(0, REJECTED_SHOWN);
    try {
      await this.close();
    } catch (e) {
      this.onWarning(`closing the store failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    const offlineFile = this.spill && this.spill.spilled > 0 ? this.spill.file : undefined;
    return { output: this.output.stats, recording, rejected, ...(offlineFile ? { offlineFile } : {}) };
  }

  /** Closes the sink if this recorder owns it. */
  async close(): Promise<void> {
    if (!this.ownsSink || this.closed) return;
    this.closed = true;
    await this.sink.close();
  }

  private unrecorded(): number {
    return this.output.stats.droppedLines + this.batcher.stats.droppedLogLines;
  }
}

/**
 * Opens the sink for `target` (a server, the server running on the data dir, or the embedded store) and a
 * LocalRecorder that owns it. When a server is used, a failing server makes the run go on in
 * `<data>/offline/<run-id>.jsonl`.
 */
export async function openLocalRecorder(
  target: SinkTarget,
  runId: string,
  parser: string,
  options: Omit<LocalRecorderOptions, 'ownsSink' | 'spillFile'> = {},
): Promise<{ recorder: LocalRecorder; describe: string; url?: string | undefined }> {
  const factory = parserFactory(parser, builtinRegistry().list('parser'));
  const { sink, describe, url } = await openRecordSink(target);
  const spillFile = url ? resolve(join(target.data, 'offline', `${runId}.jsonl`)) : undefined;
  const recorder = new LocalRecorder(sink, runId, { ...options, output: { ...options.output, parser: factory }, ownsSink: true, spillFile });
  return { recorder, describe, url };
}
