/**
 * The runs table, virtualised (@tanstack/react-virtual): only the rows in view are in the DOM, so 10,000 runs
 * scroll like 10. Rows not loaded yet are placeholders; reaching them asks for the next page.
 */
import { useEffect, useMemo, useRef, type CSSProperties, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Link } from 'wouter';
import type { FieldRef, Run } from '@runlens/core';
import { formatDuration, formatNumber, formatParam } from '../ui/format.js';
import { Duration, RelativeTime, StatusChip } from '../ui/run-bits.js';
import { useNow } from '../ui/clock.js';
import { cellValue, columnLabel, columnWidth, isAggregatedColumn } from './columns.js';
import type { GroupRow, TableColumn, TableRow } from './table-rows.js';
import { useSelection } from './selection.js';

const ROW_HEIGHT = 34;
const CHECK_WIDTH = 40;
/** Ask for the next page this many rows before the loaded ones run out. */
const PREFETCH_ROWS = 60;

export interface SortState {
  id: string;
  desc: boolean;
}

/** The first field of a `sort=` value: the one the table's header marks. */
export function parseSortParam(sort: string): SortState | null {
  const first = sort.split(',')[0]?.trim() ?? '';
  if (!first) return null;
  return { id: first.replace(/^-/, ''), desc: first.startsWith('-') };
}

interface RunsTableProps {
  rows: readonly TableRow[];
  columns: readonly TableColumn[];
  /** Rows the table has in all (more than `rows` while pages are still to load). */
  rowCount: number;
  sort: SortState | null;
  onSort(id: string): void;
  onNeedMore(): void;
  onToggleGroup(key: string): void;
  /** Changes when the rows' order changes completely (new filter or sort): scrolls back to the top. */
  resetKey: string;
}

export function RunsTable({ rows, columns, rowCount, sort, onSort, onNeedMore, onToggleGroup, resetKey }: RunsTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const selection = useSelection();
  const now = useNow();
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1]!.index : 0;

  useEffect(() => {
    if (rowCount > rows.length && lastIndex >= rows.length - PREFETCH_ROWS) onNeedMore();
  }, [lastIndex, rows.length, rowCount, onNeedMore]);

  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [resetKey]);

  const template = `${CHECK_WIDTH}px ${columns.map((c) => `${columnWidth(c.field)}px`).join(' ')}`;
  const width = CHECK_WIDTH + columns.reduce((a, c) => a + columnWidth(c.field), 0);
  const gridStyle: CSSProperties = { gridTemplateColumns: template, width };
  // O(rows): computed when the rows or the selection change, not on every scrolled frame
  const loadedRuns = useMemo(() => rows.flatMap((r) => (r.kind === 'run' ? [r.run.id] : [])), [rows]);
  const allSelected = useMemo(() => loadedRuns.length > 0 && loadedRuns.every((id) => selection.selected.has(id)), [loadedRuns, selection.selected]);

  return (
    <div className="table-scroll" ref={scrollRef} role="table" aria-rowcount={rowCount} data-testid="runs-table">
      <div className="table-header" role="row" style={gridStyle}>
        <div className="cell check" role="columnheader">
          <input type="checkbox" aria-label="Select all loaded runs" checked={allSelected} onChange={() => selection.toggleMany(loadedRuns)} />
        </div>
        {columns.map((c) => {
          const sortable = !(c.field.kind === 'attr' && c.field.name === 'tags');
          const active = sort?.id === c.id ? sort : null;
          return (
            <div
              key={c.id}
              role="columnheader"
              aria-sort={active ? (active.desc ? 'descending' : 'ascending') : 'none'}
              className={`cell header-cell${c.numeric ? ' num' : ''}${sortable ? ' sortable' : ''}`}
              title={sortable ? `${c.id} — click to sort` : c.id}
              data-column={c.id}
              onClick={sortable ? () => onSort(c.id) : undefined}
            >
              <span className="header-label">
                {c.field.kind === 'param' && <span className="kind-badge">param</span>}
                {columnLabel(c.field)}
              </span>
              {active && <span className="sort-arrow">{active.desc ? '↓' : '↑'}</span>}
            </div>
          );
        })}
      </div>
      <div className="table-body" style={{ height: virtualizer.getTotalSize(), width }}>
        {items.map((item) => {
          const row = rows[item.index];
          const style: CSSProperties = { ...gridStyle, transform: `translateY(${item.start}px)`, height: ROW_HEIGHT };
          if (!row) {
            return (
              <div key={item.key} className="table-row placeholder" role="row" style={style}>
                <div className="cell check" />
                {columns.map((c) => (
                  <div key={c.id} className="cell">
                    <span className="skeleton" />
                  </div>
                ))}
              </div>
            );
          }
          if (row.kind === 'group') return <GroupRowView key={`g:${row.key}`} row={row} columns={columns} style={style} onToggle={() => onToggleGroup(row.key)} />;
          const r = row.run;
          const selected = selection.selected.has(r.id);
          return (
            <div key={r.id} className={`table-row${selected ? ' selected' : ''}${row.grouped ? ' in-group' : ''}`} role="row" style={style} data-run-id={r.id} data-testid="run-row">
              <div className="cell check">
                <input type="checkbox" aria-label={`Select ${r.name}`} checked={selected} onChange={() => selection.toggle(r.id)} />
              </div>
              {columns.map((c) => (
                <div key={c.id} className={`cell${c.numeric ? ' num' : ''}`} role="cell">
                  <Cell run={r} field={c.field} now={now} />
                </div>
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}

function Cell({ run, field, now }: { run: Run; field: FieldRef; now: number }): ReactNode {
  if (field.kind === 'attr') {
    switch (field.name) {
      case 'name':
        return (
          <Link href={`/runs/${run.id}`} className="run-link" title={run.name}>
            {run.name}
          </Link>
        );
      case 'status':
        return <StatusChip status={run.status} />;
      case 'start_time':
        return <RelativeTime time={run.startTime} />;
      case 'end_time':
        return run.endTime === null ? null : <RelativeTime time={run.endTime} />;
      case 'duration':
        return <Duration run={run} />;
      default:
        break;
    }
  }
  const v = cellValue(run, field, now);
  if (v === undefined || v === null) return <span className="missing">{v === null ? 'null' : ''}</span>;
  if (typeof v === 'number') {
    const text = field.kind === 'param' ? formatParam(v) : formatNumber(v);
    return <span className={Number.isFinite(v) ? undefined : 'nonfinite'}>{text}</span>;
  }
  const text = formatParam(v);
  return <span title={text}>{text}</span>;
}

function GroupRowView({ row, columns, style, onToggle }: { row: GroupRow; columns: readonly TableColumn[]; style: CSSProperties; onToggle(): void }) {
  const selection = useSelection();
  const ids = row.runs.map((r) => r.id);
  const all = ids.every((id) => selection.selected.has(id));
  // the label spans the leading text columns; numeric columns show mean ± std
  let span = 0;
  while (span < columns.length && !isAggregatedColumn(columns[span]!.field)) span++;
  span = Math.max(1, span);
  return (
    <div className="table-row group-row" role="row" style={style} data-testid="group-row" data-group={row.label}>
      <div className="cell check">
        <input type="checkbox" aria-label={`Select the ${row.runs.length} runs of ${row.label}`} checked={all} onChange={() => selection.toggleMany(ids)} />
      </div>
      <div className="cell group-label" style={{ gridColumn: `span ${span}` }}>
        <button type="button" className="expander" aria-expanded={!row.collapsed} onClick={onToggle}>
          {row.collapsed ? '▸' : '▾'}
        </button>
        <span className="group-value">{row.label}</span>
        <span className="group-count" data-testid="group-count">
          {row.runs.length} {row.runs.length === 1 ? 'run' : 'runs'}
        </span>
      </div>
      {columns.slice(span).map((c) => {
        const a = row.aggregates.get(c.id);
        const isDuration = c.field.kind === 'attr' && c.field.name === 'duration';
        const mean = (v: number) => (isDuration ? formatDuration(v * 1000) : formatNumber(Number(v.toPrecision(4))));
        const std = (v: number) => (isDuration ? formatDuration(v * 1000) : formatNumber(Number(v.toPrecision(2))));
        return (
          <div key={c.id} className="cell num aggregate" role="cell" title={a && a.n ? `mean ± std over ${a.n} runs` : undefined}>
            {a && a.n > 0 ? (
              <>
                {mean(a.mean)}
                {a.n > 1 && <span className="std"> ±{std(a.std)}</span>}
              </>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}
