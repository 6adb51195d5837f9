/**
 * The home view: every run in a table with a filter, server-side sort, user-picked columns, grouping with
 * aggregate rows, and selection — all but the selection kept in the URL. New runs and changes arrive live.
 */
import { useCallback, useMemo, useRef, useState, type RefObject } from 'react';
import { parseFieldRef, type FieldRef, type Run } from '@runlens/core';
import { Link } from 'wouter';
import { ErrorBox, Spinner } from '../ui/feedback.js';
import { useLiveSubscription } from '../live/live-context.js';
import { ColumnPicker } from './column-picker.js';
import { collectKeys, columnLabel, defaultColumns, fieldId, isRightAligned, parseColumnId } from './columns.js';
import { EmptyState } from './empty-state.js';
import { FilterInput, filterErrorOf } from './filter-input.js';
import { RunsTable, parseSortParam } from './runs-table.js';
import { SelectedRunsChart } from './selected-chart.js';
import { useSelection } from './selection.js';
import { MAX_COMPARE, MIN_COMPARE } from '../compare/compare-limits.js';
import { buildTableRows, type TableColumn } from './table-rows.js';
import { useProjects, useRunList } from './use-runs.js';
import { useRunsViewState } from './url-state.js';

export function RunsPage({ filterRef }: { filterRef: RefObject<HTMLInputElement | null> }) {
  const [view, setView] = useRunsViewState();
  const { query, runs: loaded, total: loadedTotal } = useRunList({ project: view.project, filter: view.filter, sort: view.sort }, view.group !== '');
  const projects = useProjects();
  const selection = useSelection();
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [chartOpen, setChartOpen] = useState(false);
  useLiveSubscription([view.project || '*']);

  const filterError = filterErrorOf(query.error);
  // a bad filter keeps the last good rows on screen while the error points at the token
  const lastGood = useRef<{ runs: Run[]; total: number }>({ runs: [], total: 0 });
  if (query.isSuccess) lastGood.current = { runs: loaded, total: loadedTotal };
  const { runs, total } = query.isSuccess || !query.isError ? { runs: loaded, total: loadedTotal } : lastGood.current;

  const keys = useMemo(() => collectKeys(runs), [runs]);
  const defaults = useMemo(() => defaultColumns(runs.slice(0, 1000)), [runs]);
  const columnIds = view.columns ?? defaults;
  const columns = useMemo<TableColumn[]>(() => columnIds.flatMap((id) => {
    const field = parseColumnId(id);
    return field ? [{ id, field, numeric: isRightAligned(field, runs) }] : [];
  }), [columnIds, runs]);
  const groupBy = useMemo<FieldRef | null>(() => {
    if (!view.group) return null;
    try {
      return parseFieldRef(view.group);
    } catch {
      return null;
    }
  }, [view.group]);
  // durations of running runs in group aggregates are as of the last change of the rows
  const rows = useMemo(() => buildTableRows(runs, groupBy, columns, collapsed, Date.now()), [runs, groupBy, columns, collapsed]);
  const rowCount = groupBy ? rows.length : Math.max(rows.length, total);

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  const onNeedMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const onSort = (id: string) => {
    const cur = parseSortParam(view.sort);
    const next = cur?.id !== id ? id : cur.desc ? '' : `-${id}`;
    setView({ sort: next }, { replace: true });
  };

  const onToggleGroup = (key: string) => {
    const next = new Set(collapsed);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    setCollapsed(next);
  };

  // the selected runs among those loaded (a selection may hold runs another filter showed)
  const selectedRuns = useMemo(() => runs.filter((r) => selection.selected.has(r.id)), [runs, selection.selected]);
  const nothingAtAll = query.isSuccess && total === 0 && !view.filter && !view.project;
  const selectedCount = selection.selected.size;

  return (
    <div className="runs-page">
      <div className="toolbar">
        <select className="select" aria-label="Project" value={view.project} onChange={(e) => setView({ project: e.target.value })} data-testid="project-select">
          <option value="">All projects</option>
          {(projects.data ?? []).map((p) => (
            <option key={p.name} value={p.name}>
              {p.name} ({p.runCount ?? 0})
            </option>
          ))}
        </select>
        <FilterInput applied={view.filter} onApply={(filter) => setView({ filter })} keys={keys} serverError={filterError} inputRef={filterRef} />
        <label className="group-by">
          <span>Group by</span>
          <select className="select" value={view.group} onChange={(e) => { setCollapsed(new Set()); setView({ group: e.target.value }, { replace: true }); }} data-testid="group-select">
            <option value="">nothing</option>
            <option value="group">run group</option>
            {keys.params.map((k) => {
              const f: FieldRef = { kind: 'param', key: k };
              const id = fieldId(f);
              return id ? (
                <option key={k} value={id}>
                  {columnLabel(f)}
                </option>
              ) : null;
            })}
          </select>
        </label>
        <ColumnPicker columns={columnIds} keys={keys} onChange={(c) => setView({ columns: c }, { replace: true })} onReset={() => setView({ columns: [] }, { replace: true })} />
      </div>
      <div className="status-line">
        <span data-testid="run-count">
          {query.isSuccess || runs.length ? `${total.toLocaleString()} ${total === 1 ? 'run' : 'runs'}${view.filter ? ' match' : ''}` : ''}
          {groupBy && runs.length < total ? ` · loading ${runs.length.toLocaleString()} for grouping…` : ''}
        </span>
        {query.isFetching && !query.isFetchingNextPage && <span className="muted"> · updating…</span>}
        {selectedCount > 0 && (
          <span className="selection-info" data-testid="selection-info">
            {selectedCount} selected ·
            <button type="button" className="link-button" onClick={() => setChartOpen(true)} data-testid="chart-selected">
              chart
            </button>
            ·
            {selectedCount >= MIN_COMPARE && selectedCount <= MAX_COMPARE && (
              <>
                <Link href={`/compare?runs=${[...selection.selected].join(',')}`} className="link-button" data-testid="compare-selected">
                  compare
                </Link>
                ·
              </>
            )}
            <button type="button" className="link-button" onClick={selection.clear}>
              clear
            </button>
          </span>
        )}
      </div>
      {chartOpen && selectedRuns.length > 0 && <SelectedRunsChart runs={selectedRuns} onClose={() => setChartOpen(false)} />}
      {query.isError && !filterError && <ErrorBox title="Could not load runs" error={query.error} onRetry={() => void query.refetch()} />}
      {query.isPending && <Spinner label="Loading runs…" />}
      {nothingAtAll ? (
        <EmptyState />
      ) : query.isSuccess && total === 0 ? (
        <div className="no-match">
          No runs match{view.filter ? ' this filter' : ''}{view.project ? ` in ${view.project}` : ''}.{' '}
          <button type="button" className="link-button" onClick={() => setView({ filter: '', project: '' })}>
            Show all runs
          </button>
        </div>
      ) : runs.length > 0 ? (
        <RunsTable rows={rows} columns={columns} rowCount={rowCount} sort={parseSortParam(view.sort)} onSort={onSort} onNeedMore={onNeedMore} onToggleGroup={onToggleGroup} resetKey={`${view.project}|${view.filter}|${view.sort}|${view.group}`} />
      ) : null}
    </div>
  );
}
