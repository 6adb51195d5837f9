/**
 * A run's metric series for its charts: one `/series` read of every key, min/max-downsampled to the panels' pixel
 * width, extended in place by live points (coalesced to one re-render per animation frame). When the live tail
 * outgrows the downsampled part, the series are read again so memory and drawing stay bounded.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { decodeValue } from '@runlens/core';
import { fetchSeries, type SeriesData } from '../api/series.js';
import { useLiveMessages } from '../live/live-context.js';

interface Tail {
  steps: number[];
  values: number[];
  times: number[];
}

/** Lines need ascending x; live points of a client that logs steps out of order are put in place. */
function sortedByStep(s: SeriesData): SeriesData {
  let sorted = true;
  for (let i = 1; i < s.steps.length && sorted; i++) sorted = s.steps[i]! >= s.steps[i - 1]!;
  if (sorted) return s;
  const order = s.steps.map((_, i) => i).sort((a, b) => s.steps[a]! - s.steps[b]!);
  const pick = (a: number[]) => order.map((i) => a[i]!);
  return { ...s, xs: pick(s.xs), steps: pick(s.steps), values: pick(s.values), times: pick(s.times) };
}

export function useRunSeries(runId: string, keys: readonly string[], points: number) {
  const query = useQuery({
    queryKey: ['series', runId, keys, points],
    queryFn: ({ signal }) => fetchSeries([runId], keys, points, signal),
    enabled: keys.length > 0 && points > 0,
    placeholderData: keepPreviousData,
  });
  const tails = useRef(new Map<string, Tail>());
  const [version, setVersion] = useState(0);
  const frame = useRef<number | null>(null);

  // a fresh read holds everything up to now: keep only the live points after it
  const data = query.data;
  useEffect(() => {
    if (!data) return;
    const lastStep = new Map<string, number>(data.map((s) => [s.key, s.steps.length ? s.steps[s.steps.length - 1]! : -1]));
    for (const [key, t] of tails.current) {
      const after = lastStep.get(key) ?? -1;
      const keep = t.steps.findIndex((s) => s > after);
      if (keep < 0) tails.current.delete(key);
      else tails.current.set(key, { steps: t.steps.slice(keep), values: t.values.slice(keep), times: t.times.slice(keep) });
    }
    setVersion((v) => v + 1);
  }, [data]);

  useEffect(() => () => {
    if (frame.current !== null) cancelAnimationFrame(frame.current);
  }, []);

  const { refetch, isFetching } = query;
  useLiveMessages((m) => {
    if (m.type !== 'points') return;
    let touched = false;
    for (const s of m.series) {
      if (s.run !== runId) continue;
      let t = tails.current.get(s.key);
      if (!t) tails.current.set(s.key, (t = { steps: [], values: [], times: [] }));
      for (let i = 0; i < s.steps.length; i++) {
        t.steps.push(s.steps[i]!);
        t.values.push(decodeValue(s.values[i]) ?? Number.NaN);
        t.times.push(s.times[i] ?? Date.now());
      }
      touched = true;
      // one re-read at a time: cancelling an in-flight read on every 50 ms tick would never let one finish
      if (t.steps.length > Math.max(2_000, points * 2) && !isFetching) void refetch({ cancelRefetch: false });
    }
    if (touched && frame.current === null) {
      frame.current = requestAnimationFrame(() => {
        frame.current = null;
        setVersion((v) => v + 1);
      });
    }
  });

  const series = useMemo(() => {
    const out = new Map<string, SeriesData>();
    const byKey = new Map<string, SeriesData>((data ?? []).map((s) => [s.key, s]));
    for (const key of keys) {
      const base = byKey.get(key);
      const tail = tails.current.get(key);
      if (!base && !tail) continue;
      const lastBase = base && base.steps.length ? base.steps[base.steps.length - 1]! : -1;
      const steps = base ? [...base.steps] : [];
      const values = base ? [...base.values] : [];
      const times = base ? [...base.times] : [];
      let total = base?.total ?? 0;
      if (tail) {
        for (let i = 0; i < tail.steps.length; i++) {
          // a replaced step (same step logged again) may come back live: draw the newest value in order
          if (tail.steps[i]! <= lastBase) continue;
          steps.push(tail.steps[i]!);
          values.push(tail.values[i]!);
          times.push(tail.times[i]!);
          total++;
        }
      }
      out.set(key, sortedByStep({ run: runId, key, xs: steps, steps, values, times, total }));
    }
    return out;
  }, [data, keys, version, runId]); // `version` bumps when the live tails (a ref) change

  return { query, series };
}
