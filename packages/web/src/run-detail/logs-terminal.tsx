/**
 * The logs terminal: ANSI colours, search with highlighted matches and next/previous, and follow mode (stays at
 * the bottom while the run is live, until the user scrolls up). Virtualised: a million lines cost the DOM only the
 * rows in view, and pages load as the user scrolls down.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Run } from '@runlens/core';
import { ErrorBox, Spinner } from '../ui/feedback.js';
import { formatAbsolute } from '../ui/format.js';
import { AnsiLine } from './ansi-line.js';
import { TAIL_PAGE_SIZE, useRunLogs } from './use-run-logs.js';

const LINE_HEIGHT = 19;
const LOAD_AHEAD = 200;

export function LogsTerminal({ run }: { run: Run }) {
  // a live run opens at the end of its log (the last lines only); a finished one at the start
  const logs = useRunLogs(run.id, run.status === 'running');
  const { lines, plain, caughtUp, loading, loadMore, version, earlier, loadEarlier } = logs;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [follow, setFollow] = useState(run.status === 'running');
  const [query, setQuery] = useState('');
  const [applied, setApplied] = useState('');
  const [current, setCurrent] = useState(0);
  const programmatic = useRef(false);

  useEffect(() => {
    const t = setTimeout(() => setApplied(query), 150);
    return () => clearTimeout(t);
  }, [query]);

  const matches = useMemo(() => {
    if (!applied) return [];
    const q = applied.toLowerCase();
    const out: number[] = [];
    for (let i = 0; i < plain.length; i++) if (plain[i]!.toLowerCase().includes(q)) out.push(i);
    return out;
  }, [applied, plain, version]); // `version` changes when lines are appended to the same array

  const count = lines.length + (caughtUp ? 0 : 1);
  const lineNoWidth = `${String(lines.length + earlier).length + 2}ch`;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => LINE_HEIGHT,
    overscan: 30,
  });
  const items = virtualizer.getVirtualItems();
  const lastVisible = items.length ? items[items.length - 1]!.index : 0;

  // load on scroll; in follow mode, read on until caught up
  useEffect(() => {
    if (!caughtUp && !loading && !logs.error && (follow || lastVisible >= lines.length - LOAD_AHEAD)) loadMore(follow);
  }, [caughtUp, loading, logs.error, follow, lastVisible, lines.length, loadMore]);

  useEffect(() => {
    if (!follow || lines.length === 0) return;
    programmatic.current = true;
    virtualizer.scrollToIndex(count - 1, { align: 'end' });
  }, [follow, version, count, lines.length, virtualizer]);

  const currentLine = matches.length ? matches[Math.min(current, matches.length - 1)] : undefined;
  const go = (d: number) => {
    if (!matches.length) return;
    const next = (Math.min(current, matches.length - 1) + d + matches.length) % matches.length;
    setCurrent(next);
    setFollow(false);
    programmatic.current = true;
    virtualizer.scrollToIndex(matches[next]!, { align: 'center' });
  };
  useEffect(() => {
    setCurrent(0);
    if (matches.length) {
      setFollow(false);
      programmatic.current = true;
      virtualizer.scrollToIndex(matches[0]!, { align: 'center' });
    }
  }, [applied]); // only a new search jumps to its first match; lines appended later do not

  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      go(e.shiftKey ? -1 : 1);
    } else if (e.key === 'Escape') setQuery('');
  };

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    if (programmatic.current) {
      programmatic.current = false;
      return;
    }
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < LINE_HEIGHT * 2;
    if (follow && !atBottom) setFollow(false);
  };

  return (
    <div className="logs" data-testid="logs-terminal">
      <div className="logs-toolbar">
        <input className="text-input" type="search" placeholder="Search logs (Enter: next, Shift+Enter: previous)" value={query} onChange={(e) => setQuery(e.target.value)} onKeyDown={onSearchKey} aria-label="Search logs" data-testid="logs-search" />
        <span className="muted match-count" data-testid="logs-match-count">
          {applied ? (matches.length ? `${Math.min(current, matches.length - 1) + 1} / ${matches.length}` : 'no matches') : ''}
          {applied && (!caughtUp || earlier > 0) ? ' in loaded lines' : ''}
        </span>
        <button type="button" className="icon-button" aria-label="Previous match" disabled={!matches.length} onClick={() => go(-1)}>
          ↑
        </button>
        <button type="button" className="icon-button" aria-label="Next match" disabled={!matches.length} onClick={() => go(1)}>
          ↓
        </button>
        <label className="follow-toggle">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} data-testid="logs-follow" />
          Follow
        </label>
        <span className="muted">
          {lines.length.toLocaleString()} {lines.length === 1 ? 'line' : 'lines'}
          {!caughtUp ? '+' : ''}
        </span>
      </div>
      {earlier > 0 && (
        <p className="muted logs-earlier" data-testid="logs-earlier">
          {earlier.toLocaleString()} earlier {earlier === 1 ? 'line' : 'lines'} not loaded ·{' '}
          <button
            type="button"
            className="link-button"
            disabled={loading}
            onClick={() => {
              setFollow(false);
              loadEarlier();
            }}
          >
            load {Math.min(earlier, TAIL_PAGE_SIZE).toLocaleString()} more
          </button>
        </p>
      )}
      {logs.error ? <ErrorBox title="Could not load the logs" error={logs.error} onRetry={() => loadMore()} /> : null}
      {lines.length === 0 && loading && <Spinner label="Loading logs…" />}
      {lines.length === 0 && caughtUp && <p className="muted logs-empty">No log lines{run.status === 'running' ? ' yet; they appear here as the run prints them' : ''}.</p>}
      <div className="terminal" ref={scrollRef} onScroll={onScroll} role="log" aria-live="off">
        <div className="terminal-body" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const l = lines[item.index];
            return (
              <div key={item.key} className={`terminal-line${l?.stream === 'stderr' ? ' stderr' : ''}`} style={{ transform: `translateY(${item.start}px)`, height: LINE_HEIGHT }} data-testid="log-line">
                {l ? (
                  <>
                    <span className="line-no" style={{ width: lineNoWidth }} title={formatAbsolute(l.time)}>
                      {l.seq + 1}
                    </span>
                    <span className="line-text">
                      <AnsiLine line={l.line} query={applied} current={item.index === currentLine} />
                    </span>
                  </>
                ) : (
                  <span className="muted">loading more…</span>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
