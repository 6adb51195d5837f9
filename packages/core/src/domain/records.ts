/**
 * Ingest records: the one format in which data enters runlens from outside the REST API's callers. The clients'
 * offline JSONL files hold them (types run, metrics, update, logs — see packages/client/src/offline-format.ts),
 * importers and `runlens run` emit them, and one sink applies them to a store or a server (server/ingest).
 * Bodies are the REST payloads of the matching routes, so a record can always be replayed over HTTP.
 */
import type { CreateRunBody, LogsBatchBody, MetricsBatchBody, PatchRunBody } from '../schemas/api.js';

export interface RunRecord {
  type: 'run';
  /** POST /api/v1/runs body; `id` is required so that replaying creates nothing new. */
  run: CreateRunBody & { id: string };
}

export interface MetricsRecord {
  type: 'metrics';
  run: string;
  body: MetricsBatchBody;
}

export interface UpdateRecord {
  type: 'update';
  run: string;
  body: PatchRunBody;
}

export interface LogsRecord {
  type: 'logs';
  run: string;
  body: LogsBatchBody;
}

/** One histogram of a tensor at a step: `counts[i]` values fell in [edges[i], edges[i+1]). */
export interface HistogramInput {
  key: string;
  step: number;
  /** ms since epoch */
  time?: number;
  /** Bucket edges, ascending, `counts.length + 1` of them. */
  edges: number[];
  counts: number[];
}

export interface HistogramsRecord {
  type: 'histograms';
  run: string;
  body: { histograms: HistogramInput[] };
}

/** A text value logged at a step (TensorBoard text summaries, generated samples). */
export interface TextInput {
  key: string;
  step: number;
  time?: number;
  text: string;
}

export interface TextsRecord {
  type: 'texts';
  run: string;
  body: { texts: TextInput[] };
}

export type IngestRecord = RunRecord | MetricsRecord | UpdateRecord | LogsRecord | HistogramsRecord | TextsRecord;
