/** `GET /api/v1/series` and `GET /api/v1/runs/{id}/logs`, decoded into columns and lines. */
import { decodeValue, type LogLine, type WireValue } from '@runlens/core';
import { apiGet } from './http.js';

/** One (run, key) series as the charts use it: NaN/±Infinity kept as numbers. */
export interface SeriesData {
  run: string;
  key: string;
  /** x of each point on the axis asked for (the step by default). */
  xs: number[];
  steps: number[];
  values: number[];
  /** Wall time of each point, ms since epoch. */
  times: number[];
  /** Points in the range before downsampling. */
  total: number;
}

interface WireSeries {
  run: string;
  key: string;
  xs: WireValue[];
  steps: number[];
  values: WireValue[];
  times: number[];
  total: number;
}

/** What to read besides runs and keys: the x axis and an x range (a zoom). */
export interface SeriesRange {
  /** `step` (default), `time`, `relative` or a metric key. */
  x?: string;
  from?: number;
  to?: number;
}

/** Reads the series of `keys` for `runs`, min/max-downsampled server-side to about `points` points each. */
export async function fetchSeries(runs: readonly string[], keys: readonly string[], points: number, signal?: AbortSignal, range: SeriesRange = {}): Promise<SeriesData[]> {
  if (runs.length === 0 || keys.length === 0) return [];
  const body = await apiGet<{ series: WireSeries[] }>(
    '/api/v1/series',
    {
      runs: runs.join(','),
      keys: keys.join(','),
      points: Math.max(2, Math.min(100_000, Math.round(points))),
      method: 'minmax',
      ...(range.x !== undefined && range.x !== 'step' ? { x: range.x } : {}),
      ...(range.from !== undefined ? { from: range.from } : {}),
      ...(range.to !== undefined ? { to: range.to } : {}),
    },
    signal,
  );
  const num = (v: WireValue) => decodeValue(v) ?? Number.NaN;
  return body.series.map((s) => ({ run: s.run, key: s.key, xs: s.xs.map(num), steps: s.steps, values: s.values.map(num), times: s.times, total: s.total }));
}

/** Log lines with `seq > after`, oldest first. */
export async function fetchLogs(runId: string, after: number, limit: number, signal?: AbortSignal): Promise<LogLine[]> {
  return (await apiGet<{ lines: LogLine[] }>(`/api/v1/runs/${encodeURIComponent(runId)}/logs`, { after, limit }, signal)).lines;
}

/** The last `limit` log lines (before `before` when given), oldest first. */
export async function fetchLogsTail(runId: string, limit: number, before?: number, signal?: AbortSignal): Promise<LogLine[]> {
  return (await apiGet<{ lines: LogLine[] }>(`/api/v1/runs/${encodeURIComponent(runId)}/logs`, { tail: 'true', limit, before }, signal)).lines;
}
