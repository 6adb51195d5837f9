/**
 * What `runCommand` hands a wrapped command's output and resource samples to. The recorder splits, parses,
 * batches and stores them; `runCommand` only passes bytes on and watches the process. Two implementations:
 * LocalRecorder does the work on the calling thread (tests, fallback), WorkerRecorder on a worker thread so that
 * reading the command's pipes never waits for parsing or the store.
 */
import type { LogStream, PatchRunBody, RunRecord } from '@runlens/core';
import type { SinkReport } from '../ingest/record-sink.js';
import type { OutputStats } from './output-recorder.js';
import type { RecordingStats } from './live-record-queue.js';
import type { SystemPoint } from './system-metrics.js';

/** How the output ended up, for the final status. */
export interface OutputEnd {
  /** The last lines written to stderr, oldest first. */
  stderrTail: string[];
  /** Lines read from the command that will not be in its logs (recording fell behind). */
  unrecordedLines: number;
}

/** Everything a finished recording counted. */
export interface RecorderSummary {
  output: OutputStats;
  recording: RecordingStats;
  /** Records the store or server refused, with why (first few). */
  rejected: SinkReport['rejected'];
  /** The offline file the run went on in after the server failed, for `runlens sync`. */
  offlineFile?: string | undefined;
}

export interface RunRecorder {
  /** Sends the run record; output and points may arrive before it and wait. */
  start(run: RunRecord['run']): void;
  /** A chunk as read from the command, at `time` (ms since epoch). Never blocks; may drop when far behind. */
  write(stream: LogStream, chunk: Buffer, time: number): void;
  /** One system-metrics sample. */
  addSample(points: readonly SystemPoint[], step: number, time: number): void;
  /** The command's output has ended: resolves once every line is split and parsed. */
  endOutput(): Promise<OutputEnd>;
  /** Records the final `update` and flushes; after start() and endOutput(). */
  finish(update: PatchRunBody): Promise<RecorderSummary>;
  /** Lets go of what the recorder holds when a run never got to finish(); safe to call after it. */
  close(): Promise<void>;
}
