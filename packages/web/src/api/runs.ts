/** Runs over the wire (NaN as strings) and decoded into core's `Run`, which the whole dashboard uses. */
import { decodeValue, type Project, type Run, type SeriesSummary, type WireValue } from '@runlens/core';
import { apiGet } from './http.js';

export type WireSeriesSummary = Omit<SeriesSummary, 'first' | 'last' | 'min' | 'max'> & {
  first: WireValue;
  last: WireValue;
  min: WireValue;
  max: WireValue;
};

export type WireRun = Omit<Run, 'summary' | 'metrics'> & {
  summary: Record<string, WireValue>;
  metrics: Record<string, WireSeriesSummary>;
};

export interface RunsPage {
  runs: Run[];
  nextCursor: string | null;
  total: number;
}

const num = (v: WireValue): number => decodeValue(v) ?? Number.NaN;

export function decodeSummary(s: WireSeriesSummary): SeriesSummary {
  return { ...s, first: num(s.first), last: num(s.last), min: num(s.min), max: num(s.max) };
}

export function decodeRun(w: WireRun): Run {
  const summary: Record<string, number> = {};
  for (const [k, v] of Object.entries(w.summary)) summary[k] = num(v);
  const metrics: Record<string, SeriesSummary> = {};
  for (const [k, s] of Object.entries(w.metrics)) metrics[k] = decodeSummary(s);
  return { ...w, summary, metrics };
}

export interface ListRunsParams {
  project?: string | undefined;
  filter?: string | undefined;
  sort?: string | undefined;
  limit?: number;
  cursor?: string | undefined;
}

export async function listRuns(p: ListRunsParams, signal?: AbortSignal): Promise<RunsPage> {
  const body = await apiGet<{ runs: WireRun[]; nextCursor: string | null; total: number }>(
    '/api/v1/runs',
    { project: p.project || undefined, filter: p.filter || undefined, sort: p.sort || undefined, limit: p.limit, cursor: p.cursor },
    signal,
  );
  return { runs: body.runs.map(decodeRun), nextCursor: body.nextCursor, total: body.total };
}

export async function getRun(id: string, signal?: AbortSignal): Promise<Run> {
  return decodeRun(await apiGet<WireRun>(`/api/v1/runs/${encodeURIComponent(id)}`, {}, signal));
}

export async function listProjects(signal?: AbortSignal): Promise<Project[]> {
  return (await apiGet<{ projects: Project[] }>('/api/v1/projects', {}, signal)).projects;
}
