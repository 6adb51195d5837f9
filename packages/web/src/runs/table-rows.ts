/**
 * The rows of the runs table: runs as they come, or grouped by a param or the run group, each group headed by an
 * aggregate row (count, and mean ± std of the metric, summary and duration columns over the group's runs).
 */
import { compareGroupValues, sampleMoments, type FieldRef, type ParamValue, type Run } from '@runlens/core';
import { cellValue, isAggregatedColumn } from './columns.js';

export interface ColumnAggregate {
  mean: number;
  std: number;
  /** Finite values the statistics were computed over. */
  n: number;
}

export interface GroupRow {
  kind: 'group';
  /** Stable identity of the group (JSON of its value). */
  key: string;
  label: string;
  runs: Run[];
  /** Keyed by column id. */
  aggregates: Map<string, ColumnAggregate>;
  collapsed: boolean;
}

export interface RunRow {
  kind: 'run';
  run: Run;
  grouped: boolean;
}

export type TableRow = GroupRow | RunRow;

export interface TableColumn {
  id: string;
  field: FieldRef;
  /** Right-aligned (numbers). */
  numeric?: boolean;
}

/** The value runs are grouped by: a param (missing → undefined) or the run's group. */
export function groupValue(run: Run, by: FieldRef): string | number | boolean | null | undefined {
  if (by.kind === 'param') return run.params[by.key];
  if (by.kind === 'attr' && by.name === 'group') return run.group;
  const v = cellValue(run, by, 0);
  return v;
}

export function aggregate(runs: readonly Run[], field: FieldRef, now: number): ColumnAggregate {
  const xs: number[] = [];
  for (const r of runs) {
    const v = cellValue(r, field, now);
    if (typeof v === 'number' && Number.isFinite(v)) xs.push(v);
  }
  const m = sampleMoments(Float64Array.from(xs));
  return { mean: m.mean, std: m.std, n: xs.length };
}

/**
 * Flattens runs into table rows. Without `groupBy`, one row per run in the given order. With it, groups in the
 * order of their values (numbers ascending, missing last), each followed by its runs unless collapsed.
 */
export function buildTableRows(runs: readonly Run[], groupBy: FieldRef | null, columns: readonly TableColumn[], collapsed: ReadonlySet<string>, now: number): TableRow[] {
  if (!groupBy) return runs.map((run) => ({ kind: 'run', run, grouped: false }));
  const groups = new Map<string, { value: ParamValue | undefined; runs: Run[] }>();
  for (const run of runs) {
    const value = groupValue(run, groupBy);
    const key = value === undefined ? 'undefined' : JSON.stringify(value);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { value, runs: [] }));
    g.runs.push(run);
  }
  const numeric = columns.filter((c) => isAggregatedColumn(c.field));
  const out: TableRow[] = [];
  for (const [key, g] of [...groups.entries()].sort(([, a], [, b]) => compareGroupValues(a.value, b.value))) {
    const aggregates = new Map<string, ColumnAggregate>();
    for (const c of numeric) aggregates.set(c.id, aggregate(g.runs, c.field, now));
    const isCollapsed = collapsed.has(key);
    out.push({ kind: 'group', key, label: g.value === undefined ? '(not set)' : String(g.value), runs: g.runs, aggregates, collapsed: isCollapsed });
    if (!isCollapsed) for (const run of g.runs) out.push({ kind: 'run', run, grouped: true });
  }
  return out;
}
