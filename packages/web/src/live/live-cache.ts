/**
 * Applies live messages to the TanStack Query cache: changed runs replace their copies in every cached run list
 * and run query; new points refresh the runs' metric summaries (the table's columns); a new or deleted run, or a
 * change under a filter or sort that may move it, refetches the affected lists (throttled).
 */
import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import { decodeValue, type Run, type SeriesSummary } from '@runlens/core';
import { decodeRun, type RunsPage } from '../api/runs.js';
import type { LiveMessage } from './live-connection.js';

export const RUN_LISTS_KEY = ['runs', 'list'] as const;
export const runKey = (id: string) => ['run', id] as const;

/** The parameters of a cached run list, the third part of its query key. */
export interface RunListKeyParams {
  project: string;
  filter: string;
  sort: string;
}

type RunPages = InfiniteData<RunsPage, string | null>;

const LIST_REFETCH_MS = 1500;
const SUMMARY_FLUSH_MS = 250;

interface PendingSeries {
  steps: number[];
  values: number[];
  times: number[];
}

/**
 * A series summary after appending points. Points at or before the summary's last step are not counted: either the
 * summary was read after they were stored (a run fetched between their arrival and this flush), or they replace a
 * step, which adds no point. Their values still widen min and max (a replaced value the table cannot take back).
 */
export function extendSummary(prev: SeriesSummary | undefined, key: string, p: PendingSeries): SeriesSummary {
  let s: SeriesSummary = prev ?? { key, count: 0, first: Number.NaN, last: Number.NaN, min: Number.NaN, max: Number.NaN, firstStep: Number.POSITIVE_INFINITY, lastStep: -1, nanCount: 0, lastTime: 0 };
  s = { ...s };
  const known = s.count > 0 ? s.lastStep : -1;
  for (let i = 0; i < p.steps.length; i++) {
    const step = p.steps[i]!;
    const v = p.values[i]!;
    if (step <= known) {
      if (step === s.lastStep) s.last = v;
      if (!Number.isNaN(v)) {
        if (!(v >= s.min)) s.min = v;
        if (!(v <= s.max)) s.max = v;
      }
      continue;
    }
    if (s.count === 0 || step < s.firstStep) {
      s.firstStep = step;
      s.first = v;
    }
    if (step >= s.lastStep) {
      s.lastStep = step;
      s.last = v;
      s.lastTime = p.times[i] ?? s.lastTime;
    }
    s.count++;
    if (Number.isNaN(v)) s.nanCount++;
    else {
      if (!(v >= s.min)) s.min = v;
      if (!(v <= s.max)) s.max = v;
    }
  }
  return s;
}

function mapRunsInLists(qc: QueryClient, update: (r: Run) => Run | null): void {
  qc.setQueriesData<RunPages>({ queryKey: RUN_LISTS_KEY }, (data) => {
    if (!data) return data;
    let changed = false;
    const pages = data.pages.map((page) => {
      let pageChanged = false;
      const runs: Run[] = [];
      for (const r of page.runs) {
        const next = update(r);
        if (next !== r) pageChanged = true;
        if (next) runs.push(next);
      }
      if (!pageChanged) return page;
      changed = true;
      return { ...page, runs, total: page.total - (page.runs.length - runs.length) };
    });
    return changed ? { ...data, pages } : data;
  });
}

export class LiveCacheUpdater {
  private refetchTimer: ReturnType<typeof setTimeout> | undefined;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private pendingPoints = new Map<string, Map<string, PendingSeries>>();

  constructor(private readonly qc: QueryClient) {}

  handle(msg: LiveMessage): void {
    if (msg.type === 'runs') this.onRuns(msg.runs.map(decodeRun));
    else if (msg.type === 'deleted') this.onDeleted(new Set(msg.runs));
    else if (msg.type === 'points') this.onPoints(msg);
    else if (msg.type === 'resync') void this.qc.invalidateQueries();
  }

  dispose(): void {
    clearTimeout(this.refetchTimer);
    clearTimeout(this.flushTimer);
  }

  private listed(): Set<string> {
    const ids = new Set<string>();
    for (const [, data] of this.qc.getQueriesData<RunPages>({ queryKey: RUN_LISTS_KEY })) {
      for (const p of data?.pages ?? []) for (const r of p.runs) ids.add(r.id);
    }
    return ids;
  }

  private onRuns(runs: Run[]): void {
    const byId = new Map(runs.map((r) => [r.id, r]));
    for (const r of runs) if (this.qc.getQueryData(runKey(r.id))) this.qc.setQueryData(runKey(r.id), r);
    const known = this.listed();
    mapRunsInLists(this.qc, (r) => byId.get(r.id) ?? r);
    const anyNew = runs.some((r) => !known.has(r.id));
    // a changed run may now match a filter it did not, or move under a sort
    const moved = this.qc
      .getQueriesData<RunPages>({ queryKey: RUN_LISTS_KEY })
      .some(([key]) => {
        const params = key[2] as RunListKeyParams | undefined;
        return params !== undefined && (params.filter !== '' || params.sort !== '');
      });
    if (anyNew || moved) this.scheduleListRefetch();
  }

  private onDeleted(ids: Set<string>): void {
    mapRunsInLists(this.qc, (r) => (ids.has(r.id) ? null : r));
    for (const id of ids) this.qc.removeQueries({ queryKey: runKey(id) });
  }

  private onPoints(msg: Extract<LiveMessage, { type: 'points' }>): void {
    for (const s of msg.series) {
      let perRun = this.pendingPoints.get(s.run);
      if (!perRun) this.pendingPoints.set(s.run, (perRun = new Map()));
      let p = perRun.get(s.key);
      if (!p) perRun.set(s.key, (p = { steps: [], values: [], times: [] }));
      for (let i = 0; i < s.steps.length; i++) {
        p.steps.push(s.steps[i]!);
        p.values.push(decodeValue(s.values[i]) ?? Number.NaN);
        p.times.push(s.times[i] ?? 0);
      }
    }
    this.flushTimer ??= setTimeout(() => this.flushPoints(), SUMMARY_FLUSH_MS);
  }

  private flushPoints(): void {
    this.flushTimer = undefined;
    const pending = this.pendingPoints;
    this.pendingPoints = new Map();
    const apply = (r: Run): Run => {
      const perRun = pending.get(r.id);
      if (!perRun) return r;
      const metrics = { ...r.metrics };
      const summary = { ...r.summary };
      for (const [key, p] of perRun) {
        const before = metrics[key];
        const next = extendSummary(before, key, p);
        metrics[key] = next;
        // an explicitly logged summary value wins over the series' last value; keep it
        const explicit = key in summary && !(before && Object.is(summary[key], before.last));
        if (!explicit) summary[key] = next.last;
      }
      return { ...r, metrics, summary };
    };
    mapRunsInLists(this.qc, apply);
    for (const id of pending.keys()) {
      const r = this.qc.getQueryData<Run>(runKey(id));
      if (r) this.qc.setQueryData(runKey(id), apply(r));
    }
  }

  private scheduleListRefetch(): void {
    this.refetchTimer ??= setTimeout(() => {
      this.refetchTimer = undefined;
      void this.qc.invalidateQueries({ queryKey: RUN_LISTS_KEY });
    }, LIST_REFETCH_MS);
  }
}
