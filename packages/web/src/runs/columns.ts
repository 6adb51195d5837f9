/**
 * Columns of the runs table. A column is a field of the filter language (core's `FieldRef`), and its id is that
 * field written as the language writes it (`params.lr`, `metrics.val/loss.min`, `start_time`), so one string serves
 * as the URL state, the server-side `sort=`, and a filter the user can type.
 */
import { parseFieldRef, pickSummaryColumns, type FieldRef, type ParamValue, type Run, type RunAttribute } from '@runlens/core';
import { runDurationMs } from '../ui/run-duration.js';

/** Aggregates the table offers for a metric column. */
export const TABLE_AGGREGATES = ['last', 'min', 'max'] as const;

/** Attributes offered as columns, in the picker's order. */
export const ATTRIBUTE_COLUMNS: readonly RunAttribute[] = ['name', 'project', 'status', 'group', 'start_time', 'duration', 'end_time', 'tags', 'host', 'git_commit', 'exit_code', 'command', 'notes', 'id'];

const ATTRIBUTE_LABELS: Partial<Record<RunAttribute, string>> = {
  name: 'Name',
  project: 'Project',
  status: 'Status',
  group: 'Group',
  start_time: 'Started',
  end_time: 'Ended',
  duration: 'Duration',
  tags: 'Tags',
  host: 'Host',
  git_commit: 'Git commit',
  exit_code: 'Exit code',
  command: 'Command',
  notes: 'Notes',
  id: 'Id',
  heartbeat: 'Heartbeat',
};

const PLAIN_KEY = /^[A-Za-z0-9_\-/]+(?:\.[A-Za-z0-9_\-/]+)*$/;

/** A key as the filter language writes it: as is when plain, else in backticks (a key with a backtick cannot be written). */
export function quoteKey(key: string): string | undefined {
  if (PLAIN_KEY.test(key)) return key;
  return key.includes('`') || key === '' ? undefined : `\`${key}\``;
}

/** The filter-language text of a field, e.g. `metrics.val/loss.min`; undefined when the key cannot be written. */
export function fieldId(f: FieldRef): string | undefined {
  if (f.kind === 'attr') return f.name;
  const q = quoteKey(f.key);
  if (q === undefined) return undefined;
  if (f.kind === 'param') return `params.${q}`;
  if (f.kind === 'summary') return `summary.${q}`;
  return `metrics.${q}.${f.agg}`;
}

/** Parses a column id back into a field; undefined for text that is not one. */
export function parseColumnId(id: string): FieldRef | undefined {
  try {
    return parseFieldRef(id);
  } catch {
    return undefined;
  }
}

export function columnLabel(f: FieldRef): string {
  if (f.kind === 'attr') return ATTRIBUTE_LABELS[f.name] ?? f.name;
  if (f.kind === 'metric') return f.agg === 'last' ? f.key : `${f.key} (${f.agg})`;
  return f.key;
}

/** What a cell holds: numbers right-aligned and aggregated in group rows, the rest as text. */
export type CellValue = number | string | boolean | null | undefined;

export function cellValue(run: Run, f: FieldRef, now: number): CellValue {
  switch (f.kind) {
    case 'param':
      return run.params[f.key] as ParamValue | undefined;
    case 'summary':
      return run.summary[f.key];
    case 'metric': {
      const m = run.metrics[f.key];
      if (!m) return undefined;
      const byAgg: Record<typeof f.agg, number> = { last: m.last, first: m.first, min: m.min, max: m.max, count: m.count, nan_count: m.nanCount, first_step: m.firstStep, last_step: m.lastStep };
      return byAgg[f.agg];
    }
    case 'attr':
      return attributeValue(run, f.name, now);
  }
}

function attributeValue(run: Run, name: RunAttribute, now: number): CellValue {
  const values: Record<RunAttribute, () => CellValue> = {
    id: () => run.id,
    name: () => run.name,
    project: () => run.project,
    group: () => run.group,
    status: () => run.status,
    notes: () => run.notes,
    host: () => run.host,
    command: () => run.command,
    git_commit: () => run.gitCommit,
    start_time: () => run.startTime,
    end_time: () => run.endTime,
    heartbeat: () => run.heartbeat,
    exit_code: () => run.exitCode,
    duration: () => runDurationMs(run, now) / 1000,
    tags: () => run.tags.join(', '),
  };
  return values[name]();
}

/** Columns whose mean ± std a group row shows: metrics, summaries and durations. */
export function isAggregatedColumn(f: FieldRef): boolean {
  return f.kind === 'metric' || f.kind === 'summary' || (f.kind === 'attr' && f.name === 'duration');
}

/** Right-aligned columns: the aggregated ones, exit codes, and params whose values are all numbers. */
export function isRightAligned(f: FieldRef, runs: readonly Run[]): boolean {
  if (isAggregatedColumn(f)) return true;
  if (f.kind === 'attr') return f.name === 'exit_code';
  if (f.kind !== 'param') return false;
  let any = false;
  for (const r of runs) {
    const v = r.params[f.key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'number') return false;
    any = true;
  }
  return any;
}

export interface RunKeys {
  params: string[];
  metrics: string[];
  tags: string[];
  projects: string[];
}

/** Every param key, metric key, tag and project of the runs, sorted; for the column picker and autocompletion. */
export function collectKeys(runs: readonly Run[]): RunKeys {
  const params = new Set<string>();
  const metrics = new Set<string>();
  const tags = new Set<string>();
  const projects = new Set<string>();
  for (const r of runs) {
    for (const k in r.params) params.add(k);
    for (const k in r.metrics) metrics.add(k);
    for (const t of r.tags) tags.add(t);
    projects.add(r.project);
  }
  const sorted = (s: Set<string>) => [...s].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { params: sorted(params), metrics: sorted(metrics), tags: sorted(tags), projects: sorted(projects) };
}

/**
 * Columns shown before the user picks any: the run's identity and times (the project when there are several), the
 * params that differ between runs (at most 4) and a seed, and the metrics people look for first (losses,
 * accuracies; at most 3).
 */
export function defaultColumns(runs: readonly Run[]): string[] {
  const keys = collectKeys(runs);
  const attrs: RunAttribute[] = ['name', ...(keys.projects.length > 1 ? (['project'] as const) : []), 'status', 'group', 'start_time', 'duration'];
  const varying: string[] = [];
  for (const k of keys.params) {
    // differs among the runs that set it (runs of another project without it do not count)
    const seen = new Set<string>();
    for (const r of runs) if (k in r.params) seen.add(JSON.stringify(r.params[k]));
    if (seen.size > 1 && !/(^|\.)(seed|random_seed)$/.test(k)) varying.push(k);
  }
  const seedKeys = keys.params.filter((k) => /(^|\.)(seed|random_seed)$/.test(k));
  const params = [...varying.slice(0, 4), ...seedKeys.slice(0, 1)];
  const metrics = pickSummaryColumns(runs, 3);
  return [
    ...attrs,
    ...params.flatMap((key) => fieldId({ kind: 'param', key }) ?? []),
    ...metrics.flatMap((key) => fieldId({ kind: 'metric', key, agg: 'last' }) ?? []),
  ];
}

/** Pixel width of a column. */
export function columnWidth(f: FieldRef): number {
  if (f.kind === 'attr') {
    const w: Partial<Record<RunAttribute, number>> = { name: 190, project: 130, status: 115, group: 120, start_time: 105, duration: 100, tags: 160, command: 240, notes: 200, id: 240, git_commit: 110 };
    return w[f.name] ?? 110;
  }
  const badge = f.kind === 'param' ? 44 : 0;
  // metric columns hold "mean ± std" in group rows
  const min = f.kind === 'param' ? 90 : 120;
  return Math.min(220, Math.max(min, 28 + badge + columnLabel(f).length * 7.5));
}
