/**
 * Where ingest records go: straight into a store (no server running), or to a server over HTTP. Importers,
 * `runlens run` and `runlens sync` all write through a RecordSink, so they behave the same either way.
 */
import type { IngestRecord } from '@runlens/core';

/** What a sink has written, for the summary users see. */
export interface SinkReport {
  runsCreated: number;
  runsExisting: number;
  series: number;
  points: number;
  updates: number;
  logLines: number;
  histograms: number;
  texts: number;
  /** Records the store or server refused, with why. */
  rejected: { record: IngestRecord['type']; run: string; reason: string }[];
}

export interface RecordSink {
  /** Applies one record. Resolves when it is durable (or queued, for sinks that batch; see flush). */
  apply(record: IngestRecord): Promise<void>;
  /** Writes anything batched. */
  flush(): Promise<void>;
  readonly report: SinkReport;
  close(): Promise<void>;
}

export function emptyReport(): SinkReport {
  return { runsCreated: 0, runsExisting: 0, series: 0, points: 0, updates: 0, logLines: 0, histograms: 0, texts: 0, rejected: [] };
}
