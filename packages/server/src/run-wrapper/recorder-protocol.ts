/** Messages between WorkerRecorder (main thread) and recorder-worker (the recording thread). */
import type { LogStream, PatchRunBody, RunRecord, RunlensErrorCode } from '@runlens/core';
import type { SinkTarget } from '../ingest/open-sink.js';
import type { DroppedChunk } from './output-recorder.js';
import type { LiveRecordQueueOptions } from './live-record-queue.js';
import type { OutputEnd, RecorderSummary } from './run-recorder.js';
import type { SystemPoint } from './system-metrics.js';

/** What the worker is started with. */
export interface RecorderWorkerData {
  target: SinkTarget;
  runId: string;
  /** `--parser`: auto, none or a registered parser's name. */
  parser: string;
  batcher?: Omit<LiveRecordQueueOptions, 'onWarning'> | undefined;
}

export type ToWorker =
  | { type: 'start'; run: RunRecord['run'] }
  | { type: 'chunk'; stream: LogStream; time: number; data: Uint8Array }
  | { type: 'dropped'; stream: LogStream; time: number; drop: DroppedChunk }
  | { type: 'sample'; points: SystemPoint[]; step: number; time: number }
  | { type: 'end-output' }
  | { type: 'finish'; update: PatchRunBody };

export type FromWorker =
  | { type: 'ready'; describe: string; url?: string | undefined }
  | { type: 'failed'; message: string; code?: RunlensErrorCode | undefined }
  /** Bytes of chunks the worker has split and parsed: the main thread may send that much more. */
  | { type: 'consumed'; bytes: number }
  | { type: 'warning'; message: string }
  | ({ type: 'output-ended' } & OutputEnd)
  | { type: 'finished'; summary: RecorderSummary };
