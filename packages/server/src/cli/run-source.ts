/**
 * Where read-only CLI commands (ls, export) get runs and points from: the local data dir, or a server when
 * `--url` (or RUNLENS_URL) names one.
 */
import {
  RunlensError,
  decodeValue,
  parseFilter,
  parseSort,
  type Run,
  type SeriesColumns,
  type SeriesSummary,
  type WireValue,
} from '@runlens/core';
import type { SqliteStore } from '../store/sqlite-store.js';
import { openDataDir } from '../store/open-data-dir.js';
import { LOAD_PAGE, readUpToStep } from '../analytics/analytics-source.js';

export interface RunQuery {
  project?: string | undefined;
  filter?: string | undefined;
  sort?: string | undefined;
  limit?: number | undefined;
  /**
   * Only these metrics' series summaries in the runs' `metrics` (ListRunsOptions.metricKeys); undefined: every
   * metric. The HTTP source returns every metric whatever this says (GET /api/v1/runs has no such parameter).
   */
  metricKeys?: readonly string[] | undefined;
}

export interface HistogramRead {
  key: string;
  step: number;
  time: number;
  edges: Float64Array;
  counts: Float64Array;
}

export interface RunSource {
  describe: string;
  listRuns(q: RunQuery): Promise<Run[]>;
  readSeries(runId: string, key: string): Promise<SeriesColumns | undefined>;
  /** The points up to `step` that `reduce: 'at-step'` needs (at most one block); a source without it is read whole. */
  readUpToStep?(runId: string, key: string, step: number): Promise<SeriesColumns | undefined>;
  /** Every histogram of a run, all keys. */
  readHistograms(runId: string): Promise<HistogramRead[]>;
  close(): Promise<void>;
}

export class LocalRunSource implements RunSource {
  private readonly store: SqliteStore;
  readonly describe: string;

  constructor(dataDir: string) {
    this.store = openDataDir(dataDir);
    this.describe = dataDir;
  }

  async listRuns(q: RunQuery): Promise<Run[]> {
    const filter = q.filter ? parseFilter(q.filter) : undefined;
    const sort = q.sort ? parseSort(q.sort) : [];
    const out: Run[] = [];
    let cursor: string | undefined;
    const want = q.limit ?? Number.POSITIVE_INFINITY;
    do {
      const page = await this.store.listRuns({
        project: q.project,
        filter,
        sort,
        limit: Math.min(LOAD_PAGE, want - out.length),
        cursor,
        ...(q.metricKeys !== undefined ? { metricKeys: q.metricKeys } : {}),
      });
      for (const run of page.runs) out.push(run);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && out.length < want);
    return out;
  }

  readSeries(runId: string, key: string): Promise<SeriesColumns | undefined> {
    return this.store.readSeries(runId, key);
  }

  readUpToStep(runId: string, key: string, step: number): Promise<SeriesColumns | undefined> {
    return readUpToStep(this.store, runId, key, step);
  }

  async readHistograms(runId: string): Promise<HistogramRead[]> {
    const out: HistogramRead[] = [];
    for (const { key } of await this.store.histogramKeys(runId)) out.push(...(await this.store.readHistograms(runId, key)));
    return out;
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

type WireRun = Omit<Run, 'summary' | 'metrics'> & {
  summary: Record<string, WireValue>;
  metrics: Record<string, Omit<SeriesSummary, 'first' | 'last' | 'min' | 'max'> & Record<'first' | 'last' | 'min' | 'max', WireValue>>;
};

export function fromWireRun(w: WireRun): Run {
  const dec = (v: WireValue) => decodeValue(v) ?? Number.NaN;
  return {
    ...w,
    summary: Object.fromEntries(Object.entries(w.summary).map(([k, v]) => [k, dec(v)])),
    metrics: Object.fromEntries(
      Object.entries(w.metrics).map(([k, s]) => [k, { ...s, first: dec(s.first), last: dec(s.last), min: dec(s.min), max: dec(s.max) }]),
    ),
  };
}

export class HttpRunSource implements RunSource {
  readonly describe: string;

  constructor(private readonly url: string, private readonly token?: string) {
    this.describe = url;
  }

  /** GET a JSON path of the server; errors name the server, the path and its message. */
  async get<T>(path: string): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.url.replace(/\/$/, '')}${path}`, { headers: this.token ? { authorization: `Bearer ${this.token}` } : {} });
    } catch (e) {
      throw new RunlensError('UNAVAILABLE', `cannot reach the runlens server at ${this.url}: ${(e as Error).message}`);
    }
    const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
    if (!res.ok) throw new RunlensError('UNAVAILABLE', `${this.url}${path.split('?')[0]}: HTTP ${res.status}: ${body.error?.message ?? 'no message'}`);
    return body as T;
  }

  async listRuns(q: RunQuery): Promise<Run[]> {
    const out: Run[] = [];
    let cursor: string | null = null;
    const want = q.limit ?? Number.POSITIVE_INFINITY;
    do {
      const params = new URLSearchParams();
      if (q.project) params.set('project', q.project);
      if (q.filter) params.set('filter', q.filter);
      if (q.sort) params.set('sort', q.sort);
      params.set('limit', String(Math.min(1000, want - out.length)));
      if (cursor) params.set('cursor', cursor);
      const page: { runs: WireRun[]; nextCursor: string | null } = await this.get(`/api/v1/runs?${params}`);
      out.push(...page.runs.map(fromWireRun));
      cursor = page.nextCursor;
    } while (cursor && out.length < want);
    return out;
  }

  async readSeries(runId: string, key: string): Promise<SeriesColumns | undefined> {
    const params = new URLSearchParams({ runs: runId, keys: key, method: 'none' });
    const body: { series: { steps: number[]; values: WireValue[]; times: number[] }[] } = await this.get(`/api/v1/series?${params}`);
    const s = body.series[0];
    if (!s) return undefined;
    return {
      steps: Float64Array.from(s.steps),
      values: Float64Array.from(s.values, (v) => decodeValue(v) ?? Number.NaN),
      times: Float64Array.from(s.times),
    };
  }

  async readHistograms(runId: string): Promise<HistogramRead[]> {
    const id = encodeURIComponent(runId);
    const { keys }: { keys: { key: string }[] } = await this.get(`/api/v1/runs/${id}/histograms`);
    const out: HistogramRead[] = [];
    for (const { key } of keys) {
      const body: { histograms: { key: string; step: number; time: number; edges: WireValue[]; counts: number[] }[] } = await this.get(
        `/api/v1/runs/${id}/histograms?key=${encodeURIComponent(key)}`,
      );
      for (const h of body.histograms) {
        out.push({ ...h, edges: Float64Array.from(h.edges, (e) => decodeValue(e) ?? Number.NaN), counts: Float64Array.from(h.counts) });
      }
    }
    return out;
  }

  async close(): Promise<void> {}
}

export function openRunSource(opts: { data: string; url?: string | undefined; token?: string | undefined }): RunSource {
  return opts.url ? new HttpRunSource(opts.url, opts.token) : new LocalRunSource(opts.data);
}
