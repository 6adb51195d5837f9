/**
 * Metric series for charts that grow live: one `/series` read of every (run, key), min/max-downsampled to the
 * chart's pixel width, extended in place by live points (coalesced to one re-render per animation frame). When a
 * live tail outgrows the downsampled part, the series are read again so memory and drawing stay bounded. Used by a
 * run's charts, the selected-runs chart and the dashboards' curves panels.
 *
 * Live points extend a series only where they can be placed: on the step axis (or wall time), and not while the
 * chart is zoomed to a range (a zoom is a fixed window; a double-click back to the whole series shows them).
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { decodeValue } from '@runlens/core';
import { fetchSeries, type SeriesData, type SeriesRange } from '../api/series.js';
import { useLiveMessages, useLiveSubscription } from './live-context.js';

interface Tail {
  steps: number[];
  values: number[];
  times: number[];
}

/** Lines need ascending x; live points of a client that logs steps out of order are put in place. */
function sortedByX(s: SeriesData): SeriesData {
  let sorted = true;
  for (let i = 1; i < s.xs.length && sorted; i++) sorted = s.xs[i]! >= s.xs[i - 1]!;
  if (sorted) return s;
  const order = s.xs.map((_, i) => i).sort((a, b) => s.xs[a]! - s.xs[b]!);
  const pick = (a: number[]) => order.map((i) => a[i]!);
  return { ...s, xs: pick(s.xs), steps: pick(s.steps), values: pick(s.values), times: pick(s.times) };
}

const NONE: SeriesData[] = [];

const tailKey = (run: string, key: string) => `${run}\u0000${key}`;

export interface LiveSeriesOptions {
  /** Tells apart the caches of different charts over the same series (e.g. 'run', 'selected', a panel id). */
  scope: string;
  runs: readonly string[];
  keys: readonly string[];
  /** About how many points per series (the chart's pixel width); 0 reads nothing yet. */
  points: number;
  /** x axis and zoom; live points are added only on the step or time axis, unzoomed. */
  range?: SeriesRange | null | undefined;
}

export function useLiveSeries({ scope, runs, keys, points, range }: LiveSeriesOptions) {
  const x = range?.x ?? 'step';
  const zoomed = range?.from !== undefined || range?.to !== undefined;
  // live points are collected on an axis that can place them, and drawn when not zoomed: going back from a zoom
  // to the (cached) whole series then still shows the points that came in meanwhile
  const placeable = x === 'step' || x === 'time';
  const live = placeable && !zoomed;
  const query = useQuery({
    queryKey: ['series', scope, runs, keys, points, range ?? null],
    queryFn: ({ signal }) => fetchSeries(runs, keys, points, signal, range ?? {}),
    enabled: runs.length > 0 && keys.length > 0 && points > 0,
    placeholderData: keepPreviousData,
  });
  const tails = useRef(new Map<string, Tail>());
  const [version, setVersion] = useState(0);
  const frame = useRef<number | null>(null);

  // a fresh read holds everything up to now: keep only the live points after it
  const data = query.data;
  useEffect(() => {
    if (!data) return;
    const lastStep = new Map<string, number>(data.map((s) => [tailKey(s.run, s.key), s.steps.length ? s.steps[s.steps.length - 1]! : -1]));
    for (const [k, t] of tails.current) {
      const after = lastStep.get(k) ?? -1;
      const keep = t.steps.findIndex((s) => s > after);
      if (keep < 0) tails.current.delete(k);
      else tails.current.set(k, { steps: t.steps.slice(keep), values: t.values.slice(keep), times: t.times.slice(keep) });
    }
    setVersion((v) => v + 1);
  }, [data]);

  useEffect(() => () => {
    if (frame.current !== null) cancelAnimationFrame(frame.current);
  }, []);

  // the chart subscribes to the runs it draws (the page may subscribe to more, e.g. a whole project)
  useLiveSubscription(null, placeable ? runs : null);
  const wanted = useMemo(() => ({ runs: new Set(runs), keys: new Set(keys) }), [runs, keys]);
  const { refetch, isFetching } = query;
  useLiveMessages((m) => {
    if (m.type !== 'points' || !placeable) return;
    let touched = false;
    let outgrown = false;
    for (const s of m.series) {
      if (!wanted.runs.has(s.run) || !wanted.keys.has(s.key)) continue;
      const k = tailKey(s.run, s.key);
      let t = tails.current.get(k);
      if (!t) tails.current.set(k, (t = { steps: [], values: [], times: [] }));
      for (let i = 0; i < s.steps.length; i++) {
        t.steps.push(s.steps[i]!);
        t.values.push(decodeValue(s.values[i]) ?? Number.NaN);
        t.times.push(s.times[i] ?? Date.now());
      }
      touched = true;
      if (t.steps.length > Math.max(2_000, points * 2)) outgrown = true;
    }
    // one re-read at a time: cancelling an in-flight read on every 50 ms tick would never let one finish
    if (outgrown && live && !isFetching) void refetch({ cancelRefetch: false });
    if (touched && frame.current === null) {
      frame.current = requestAnimationFrame(() => {
        frame.current = null;
        setVersion((v) => v + 1);
      });
    }
  });

  const series = useMemo(() => {
    // nothing to add: the read itself, so that zooming (which stops adding) redraws nothing until new data comes
    if (!live || tails.current.size === 0) return data ?? NONE;
    const out: SeriesData[] = [];
    const seen = new Set<string>();
    const extend = (run: string, key: string, base: SeriesData | undefined): SeriesData | undefined => {
      const tail = tails.current.get(tailKey(run, key));
      if (!tail) return base;
      const lastBase = base && base.steps.length ? base.steps[base.steps.length - 1]! : -1;
      const xs = base ? [...base.xs] : [];
      const steps = base ? [...base.steps] : [];
      const values = base ? [...base.values] : [];
      const times = base ? [...base.times] : [];
      let total = base?.total ?? 0;
      for (let i = 0; i < tail.steps.length; i++) {
        // a replaced step (same step logged again) may come back live: draw the newest value in order
        if (tail.steps[i]! <= lastBase) continue;
        xs.push(x === 'time' ? tail.times[i]! : tail.steps[i]!);
        steps.push(tail.steps[i]!);
        values.push(tail.values[i]!);
        times.push(tail.times[i]!);
        total++;
      }
      return sortedByX({ run, key, xs, steps, values, times, total });
    };
    for (const s of data ?? []) {
      seen.add(tailKey(s.run, s.key));
      out.push(extend(s.run, s.key, s)!);
    }
    // series that did not exist at the last read (a new metric of a running run)
    for (const k of tails.current.keys()) {
      if (seen.has(k)) continue;
      const [run, key] = k.split('\u0000') as [string, string];
      if (wanted.runs.has(run) && wanted.keys.has(key)) out.push(extend(run, key, undefined)!);
    }
    return out;
  }, [data, live, x, wanted, version]); // `version` bumps when the live tails (a ref) change

  return { query, series };
}
