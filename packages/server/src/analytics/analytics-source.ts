/** What the analytics engine reads: runs by a filter (pushed down to the store) and, rarely, one series' points. */
import { parseFilter, type Run, type SeriesColumns } from '@runlens/core';
import type { Store } from '../store/store.js';

export interface RunsQuery {
  filter?: string | undefined;
  limit?: number | undefined;
  /**
   * Only these metrics' series summaries in the runs' `metrics` (ListRunsOptions.metricKeys); undefined: every
   * metric. A source may return more than asked for (the HTTP one returns every metric).
   */
  metricKeys?: readonly string[] | undefined;
}

export interface AnalyticsSource {
  /** Where the runs come from, for reports (a data dir or a URL). */
  readonly describe?: string;
  listRuns(q: RunsQuery): Promise<Run[]>;
  readSeries(runId: string, key: string): Promise<SeriesColumns | undefined>;
  /**
   * Points of a series at or before `step`, of which `reduce: 'at-step'` takes the last: a store answers from its
   * block index and at most one block of points. A source without it is read whole with `readSeries`.
   */
  readUpToStep?(runId: string, key: string, step: number): Promise<SeriesColumns | undefined>;
}

/**
 * The last point of a series at or before `step` from `store`'s block aggregates: the last block that starts at or
 * before `step` gives the point itself when it ends at or before `step`, otherwise that block's points up to `step`
 * are read (at most one block). Empty columns when no point is at or before `step`; undefined without the series.
 */
export async function readUpToStep(store: Pick<Store, 'readBlocks' | 'readSeries'>, runId: string, key: string, step: number): Promise<SeriesColumns | undefined> {
  const blocks = await store.readBlocks(runId, key, Number.MIN_SAFE_INTEGER, step, 'coarse');
  if (blocks === undefined) return undefined;
  let b = blocks.stepFirst.length - 1;
  while (b >= 0 && blocks.stepFirst[b]! > step) b--;
  if (b < 0) return { steps: new Float64Array(0), values: new Float64Array(0), times: new Float64Array(0) };
  if (blocks.stepLast[b]! <= step) {
    return { steps: Float64Array.of(blocks.stepLast[b]!), values: Float64Array.of(blocks.lastValue[b]!), times: Float64Array.of(blocks.timeLast[b]!) };
  }
  return store.readSeries(runId, key, blocks.stepFirst[b]!, step);
}

/**
 * Runs per store query. Large: the runs are all kept anyway, and each query pays a count and a sort of the whole
 * selection (OFFSET paging), so ten pages of 1,000 cost about 15 % more than one of 10,000 (docs/performance.md).
 */
export const LOAD_PAGE = 20_000;

/** A source over a store, for the HTTP routes (the CLI uses its RunSource, which has the same two methods). */
export function storeAnalyticsSource(store: Store): AnalyticsSource {
  return {
    describe: 'runlens server store',
    async listRuns(q) {
      const filter = q.filter ? parseFilter(q.filter) : undefined;
      const want = q.limit ?? Number.POSITIVE_INFINITY;
      const out: Run[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listRuns({
          filter,
          limit: Math.min(LOAD_PAGE, want - out.length),
          cursor,
          ...(q.metricKeys !== undefined ? { metricKeys: q.metricKeys } : {}),
        });
        for (const run of page.runs) out.push(run);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && out.length < want);
      return out;
    },
    readSeries: (runId, key) => store.readSeries(runId, key),
    readUpToStep: (runId, key, step) => readUpToStep(store, runId, key, step),
  };
}

/**
 * The runs of an analysis, with only the series summaries of `metricKeys` when given (loading all of them is most of
 * the cost over many runs). Filters and sorts on other metrics are unaffected: the store evaluates them over every
 * series. When one of the keys is a series of none of the first `analysed` runs, they are loaded again whole, so
 * the engine's "unknown metric" error lists the metrics the runs do have, as without the narrowing.
 */
export async function loadAnalysedRuns(source: AnalyticsSource, q: RunsQuery, analysed: number): Promise<Run[]> {
  const { metricKeys, ...all } = q;
  if (metricKeys === undefined) return source.listRuns(all);
  const runs = await source.listRuns(q);
  const head = runs.length > analysed ? runs.slice(0, analysed) : runs;
  const known = (key: string) => head.some((run) => Object.hasOwn(run.metrics, key));
  if (head.length === 0 || metricKeys.every(known)) return runs;
  // a source that returned other metrics too (HTTP) loaded them all already
  const wanted = new Set(metricKeys);
  const narrowed = head.every((run) => Object.keys(run.metrics).every((key) => wanted.has(key)));
  return narrowed ? source.listRuns(all) : runs;
}
