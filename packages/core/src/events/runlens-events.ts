/**
 * The lifecycle events of runlens and their payloads: what the store's writers publish and the live hub, the plot
 * cache and config watchers subscribe to. Payloads are plain data; handlers must not mutate them.
 */
import type { LogLine, Run } from '../domain/types.js';

/** New points of one series in one write, in write order (a retried step may appear again). */
export interface AppendedSeries {
  key: string;
  steps: Float64Array;
  values: Float64Array;
  times: Float64Array;
}

export interface RunlensEvents {
  'run.created': { run: Run };
  /** Status, params, tags, summary or end time changed (not heartbeats alone). */
  'run.updated': { run: Run };
  'run.deleted': { runId: string; project: string };
  /** Points were durably written to one run: `keys` are the series touched, `count` the points written. */
  'points.appended': { runId: string; project: string; keys: string[]; count: number; series: readonly AppendedSeries[] };
  'logs.appended': { runId: string; project: string; lines: LogLine[] };
  /** A plot was rendered, with how long it took (ms, measured by the caller). */
  'plot.rendered': { plot: string; renderer: string; ms: number };
  /** The configuration was reloaded and these dot keys (`cache.memoryMb`, `theme`) changed value. */
  'config.changed': { changedKeys: string[] };
  /** Cached plot data was dropped: `runIds` whose entries went (absent: everything), `removed` entries. */
  'cache.invalidated': { reason: string; removed: number; runIds?: string[] };
}

export type RunlensEventName = keyof RunlensEvents;
