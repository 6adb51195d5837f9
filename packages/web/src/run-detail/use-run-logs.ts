/**
 * A run's log lines, read forward in pages with `GET /runs/{id}/logs?after=` as the terminal scrolls, then kept
 * current by the live socket once caught up. Opened at the end (`fromEnd`, follow mode), it reads only the last
 * lines (`tail=true`) and earlier pages on request (`before=`). Lines live in a growing array (no copy per append) with their
 * ANSI-free text beside them for search; `version` tells React they changed.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LogLine } from '@runlens/core';
import { fetchLogs, fetchLogsTail } from '../api/series.js';
import { useLiveMessages, useLiveReconnect } from '../live/live-context.js';
import { stripAnsi } from './ansi-line.js';

/** Lines per read while the user scrolls. */
const PAGE_SIZE = 5_000;
/** Lines per read while catching up to a live run's end (follow mode): fewer round trips to the tail. */
const CATCH_UP_PAGE_SIZE = 50_000;
/** Lines read from the end when the terminal opens there, and per "earlier lines" page. */
export const TAIL_PAGE_SIZE = 5_000;

export interface RunLogs {
  lines: readonly LogLine[];
  /** `lines[i]` without escape sequences. */
  plain: readonly string[];
  /** Everything the server had was read; newer lines come live. */
  caughtUp: boolean;
  loading: boolean;
  error: unknown;
  version: number;
  /** Reads the next page; `catchUp` reads a bigger one (follow mode). */
  loadMore(catchUp?: boolean): void;
  /** Lines before the first one loaded (opened at the end: not read yet). */
  earlier: number;
  /** Reads the page before the first loaded line. */
  loadEarlier(): void;
}

export function useRunLogs(runId: string, fromEnd = false): RunLogs {
  const lines = useRef<LogLine[]>([]);
  const [earlier, setEarlier] = useState(0);
  // where a run's log opens is decided once: toggling follow later does not reload it
  const openAtEnd = useRef(fromEnd);
  const plain = useRef<string[]>([]);
  const lastSeq = useRef(-1);
  const inFlight = useRef<AbortController | null>(null);
  const [caughtUp, setCaughtUp] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);

  const append = useCallback((batch: readonly LogLine[]) => {
    let added = 0;
    for (const l of batch) {
      if (l.seq <= lastSeq.current) continue;
      lines.current.push(l);
      plain.current.push(stripAnsi(l.line));
      lastSeq.current = l.seq;
      added++;
    }
    if (added) setVersion((v) => v + 1);
  }, []);

  const loadMore = useCallback((catchUp = false) => {
    if (inFlight.current) return;
    const limit = catchUp ? CATCH_UP_PAGE_SIZE : PAGE_SIZE;
    const ac = new AbortController();
    inFlight.current = ac;
    setLoading(true);
    setError(null);
    fetchLogs(runId, lastSeq.current, limit, ac.signal)
      .then((batch) => {
        append(batch);
        setCaughtUp(batch.length < limit);
      })
      .catch((e: unknown) => {
        if (!ac.signal.aborted) setError(e);
      })
      .finally(() => {
        if (inFlight.current === ac) inFlight.current = null;
        if (!ac.signal.aborted) setLoading(false);
      });
  }, [runId, append]);

  /** Reads the last lines (before `before`, or the end) and puts them in front of what is loaded. */
  const loadTail = useCallback((before: number | undefined) => {
    if (inFlight.current) return;
    const ac = new AbortController();
    inFlight.current = ac;
    setLoading(true);
    setError(null);
    fetchLogsTail(runId, TAIL_PAGE_SIZE, before, ac.signal)
      .then((batch) => {
        if (before === undefined) {
          append(batch);
          setCaughtUp(true);
        } else {
          const older = batch.filter((l) => l.seq < before);
          lines.current = [...older, ...lines.current];
          plain.current = [...older.map((l) => stripAnsi(l.line)), ...plain.current];
          setVersion((v) => v + 1);
        }
        // sequence numbers start at 0 and have no holes: the first loaded line's seq counts the lines before it
        setEarlier(lines.current[0]?.seq ?? 0);
      })
      .catch((e: unknown) => {
        if (!ac.signal.aborted) setError(e);
      })
      .finally(() => {
        if (inFlight.current === ac) inFlight.current = null;
        if (!ac.signal.aborted) setLoading(false);
      });
  }, [runId, append]);

  const loadEarlier = useCallback(() => loadTail(lines.current[0]?.seq ?? 0), [loadTail]);

  useEffect(() => {
    lines.current = [];
    plain.current = [];
    lastSeq.current = -1;
    setCaughtUp(false);
    setEarlier(0);
    setVersion((v) => v + 1);
    if (openAtEnd.current) loadTail(undefined);
    else loadMore();
    return () => {
      inFlight.current?.abort();
      inFlight.current = null;
    };
  }, [runId, loadMore, loadTail]);

  useLiveMessages((m) => {
    if (m.type !== 'logs' || !caughtUp) return;
    for (const entry of m.logs) {
      if (entry.run !== runId) continue;
      // a gap (lines pushed before this view caught up) is read from the server, which has them all
      if ((entry.lines[0]?.seq ?? 0) > lastSeq.current + 1) loadMore();
      else append(entry.lines);
    }
  });

  // lines logged while the socket was down were not pushed: read on from the last one
  useLiveReconnect(() => {
    setCaughtUp(false);
    loadMore();
  });

  return { lines: lines.current, plain: plain.current, caughtUp, loading, error, version, loadMore, earlier, loadEarlier };
}
