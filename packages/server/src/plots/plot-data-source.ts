/**
 * Where plots read runs, downsampled series and histograms: the store (server routes, local CLI), or a runlens
 * server over HTTP (`runlens plot --url`), which downsamples on its side so only the plotted points travel.
 */
import { decodeColumn, decodeValue, parseFilter, type Run, type SeriesResult, type WireValue } from '@runlens/core';
import { readSeriesForChart } from '../query/read-series.js';
import { openDataDir } from '../store/open-data-dir.js';
import type { Store } from '../store/store.js';
import { HttpRunSource } from '../cli/run-source.js';

/** One series read for a plot: min/max downsampled to about `points` on the axis `x` (step, time, relative, a metric key). */
export interface PlotSeriesRead {
  runId: string;
  key: string;
  x: string;
  points: number;
}

export interface PlotSeriesColumns {
  runId: string;
  key: string;
  x: Float64Array;
  y: Float64Array;
  steps: Float64Array;
  times: Float64Array;
}

export interface PlotHistogramRead {
  key: string;
  step: number;
  time: number;
  edges: number[];
  counts: number[];
}

export interface PlotDataSource {
  /** Where the data comes from, for messages. */
  readonly describe: string;
  /** Runs matching a filter-language expression, at most `limit`, in the store's order. */
  listRuns(q: { filter?: string | undefined; limit: number }): Promise<Run[]>;
  /** Reads many series; pairs the runs do not have are left out. */
  readSeries(runs: ReadonlyMap<string, Run>, reads: readonly PlotSeriesRead[]): Promise<PlotSeriesColumns[]>;
  histogramKeys(runId: string): Promise<string[]>;
  readHistograms(runId: string, key: string): Promise<PlotHistogramRead[]>;
  close(): Promise<void>;
}

function columnsOf(r: SeriesResult): PlotSeriesColumns {
  return { runId: r.run, key: r.key, x: decodeColumn(r.xs), y: decodeColumn(r.values), steps: Float64Array.from(r.steps), times: Float64Array.from(r.times) };
}

/** A source over a store (the caller owns the store: close() does not close it). */
export function storePlotDataSource(store: Store, describe = 'runlens store'): PlotDataSource {
  return {
    describe,
    async listRuns(q) {
      const filter = q.filter ? parseFilter(q.filter) : undefined;
      const out: Run[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listRuns({ filter, limit: Math.min(1000, q.limit - out.length), cursor });
        out.push(...page.runs);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && out.length < q.limit);
      return out;
    },
    async readSeries(runs, reads) {
      const out: PlotSeriesColumns[] = [];
      for (const r of reads) {
        const run = runs.get(r.runId);
        if (!run) continue;
        const res = await readSeriesForChart(store, run, r.key, { x: r.x, points: r.points, method: 'minmax' });
        if (res) out.push(columnsOf(res));
      }
      return out;
    },
    async histogramKeys(runId) {
      return (await store.histogramKeys(runId)).map((k) => k.key);
    },
    async readHistograms(runId, key) {
      return (await store.readHistograms(runId, key)).map((h) => ({ key: h.key, step: h.step, time: h.time, edges: Array.from(h.edges), counts: Array.from(h.counts) }));
    },
    async close() {},
  };
}

/** Run ids per /series request: keeps the URL well under Node's 16 KB header limit. */
const RUNS_PER_REQUEST = 200;

/** A source reading from a runlens server's REST API. */
export class HttpPlotDataSource implements PlotDataSource {
  readonly describe: string;
  private readonly runs: HttpRunSource;

  constructor(private readonly url: string, private readonly token?: string) {
    this.describe = url;
    this.runs = new HttpRunSource(url, token);
  }

  private get<T>(path: string): Promise<T> {
    return this.runs.get<T>(path);
  }

  listRuns(q: { filter?: string | undefined; limit: number }): Promise<Run[]> {
    return this.runs.listRuns({ filter: q.filter, limit: q.limit });
  }

  async readSeries(runs: ReadonlyMap<string, Run>, reads: readonly PlotSeriesRead[]): Promise<PlotSeriesColumns[]> {
    // one request per (key, x, points) and slice of runs, instead of one per series
    const batches = new Map<string, PlotSeriesRead[]>();
    for (const r of reads) {
      if (!runs.has(r.runId)) continue;
      const id = JSON.stringify([r.key, r.x, r.points]);
      const list = batches.get(id) ?? [];
      list.push(r);
      batches.set(id, list);
    }
    const got = new Map<string, PlotSeriesColumns>();
    for (const list of batches.values()) {
      const { key, x, points } = list[0]!;
      for (let i = 0; i < list.length; i += RUNS_PER_REQUEST) {
        const ids = list.slice(i, i + RUNS_PER_REQUEST).map((r) => r.runId);
        const params = new URLSearchParams({ runs: ids.join(','), keys: key, x, points: String(points), method: 'minmax' });
        const body: { series: SeriesResult[] } = await this.get(`/api/v1/series?${params}`);
        for (const s of body.series) got.set(JSON.stringify([s.run, s.key]), columnsOf(s));
      }
    }
    // in the order asked
    return reads.flatMap((r) => got.get(JSON.stringify([r.runId, r.key])) ?? []);
  }

  async histogramKeys(runId: string): Promise<string[]> {
    const { keys }: { keys: { key: string }[] } = await this.get(`/api/v1/runs/${encodeURIComponent(runId)}/histograms`);
    return keys.map((k) => k.key);
  }

  async readHistograms(runId: string, key: string): Promise<PlotHistogramRead[]> {
    const body: { histograms: { key: string; step: number; time: number; edges: WireValue[]; counts: number[] }[] } = await this.get(
      `/api/v1/runs/${encodeURIComponent(runId)}/histograms?key=${encodeURIComponent(key)}`,
    );
    return body.histograms.map((h) => ({ ...h, edges: h.edges.map((e) => decodeValue(e) ?? Number.NaN) }));
  }

  async close(): Promise<void> {}
}

/** The local data dir, or a server when `url` is set (the `--data` / `--url` / `--token` flags). */
export function openPlotDataSource(opts: { data: string; url?: string | undefined; token?: string | undefined }): PlotDataSource {
  if (opts.url) return new HttpPlotDataSource(opts.url, opts.token);
  const store = openDataDir(opts.data);
  const source = storePlotDataSource(store, opts.data);
  return { ...source, close: () => store.close() };
}
