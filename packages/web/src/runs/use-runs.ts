/**
 * The runs of the table: pages of `GET /api/v1/runs` (filtered and sorted server-side) fetched as the user
 * scrolls, or all of them when grouping needs every run. Live changes reach this cache through live-cache.ts.
 */
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import type { Run } from '@runlens/core';
import { listProjects, listRuns } from '../api/runs.js';
import { ApiError } from '../api/http.js';
import { RUN_LISTS_KEY, type RunListKeyParams } from '../live/live-cache.js';

const PAGE_SIZE = 500;
/** Most runs loaded for grouping (the API's page limit is 10,000 per request). */
export const MAX_GROUPED_RUNS = 20_000;

export function useRunList(params: RunListKeyParams, loadAll: boolean) {
  const query = useInfiniteQuery({
    queryKey: [...RUN_LISTS_KEY, params],
    queryFn: ({ pageParam, signal }) => listRuns({ ...params, limit: PAGE_SIZE, cursor: pageParam ?? undefined }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // a new filter or sort keeps the old rows on screen until the new ones arrive: no flash of an empty table
    placeholderData: keepPreviousData,
    retry: (n, e) => !(e instanceof ApiError && e.status >= 400 && e.status < 500) && n < 2,
  });
  const runs = useMemo<Run[]>(() => query.data?.pages.flatMap((p) => p.runs) ?? [], [query.data]);
  const total = query.data?.pages[0]?.total ?? 0;
  const { hasNextPage, isFetchingNextPage, fetchNextPage, isError } = query;
  useEffect(() => {
    if (loadAll && hasNextPage && !isFetchingNextPage && !isError && runs.length < MAX_GROUPED_RUNS) void fetchNextPage();
  }, [loadAll, hasNextPage, isFetchingNextPage, isError, runs.length, fetchNextPage]);
  return { query, runs, total };
}

export function useProjects() {
  return useQuery({ queryKey: ['projects'], queryFn: ({ signal }) => listProjects(signal), staleTime: 10_000 });
}
