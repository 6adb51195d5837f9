/** What the analytics engine reads: runs by a filter (pushed down to the store) and, rarely, one series' points. */
import { parseFilter, type Run, type SeriesColumns } from '@runlens/core';
import type { Store } from '../store/store.js';

export interface AnalyticsSource {
  /** Where the runs come from, for reports (a data dir or a URL). */
  readonly describe?: string;
  listRuns(q: { filter?: string | undefined; limit?: number | undefined }): Promise<Run[]>;
  readSeries(runId: string, key: string): Promise<SeriesColumns | undefined>;
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
        const page = await store.listRuns({ filter, limit: Math.min(LOAD_PAGE, want - out.length), cursor });
        for (const run of page.runs) out.push(run);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && out.length < want);
      return out;
    },
    readSeries: (runId, key) => store.readSeries(runId, key),
  };
}
