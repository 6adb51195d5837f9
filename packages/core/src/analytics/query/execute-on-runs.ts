/**
 * Runs a query over runs already loaded (the store has applied the selection): one value per run and metric
 * column, outlier exclusion, then the aggregated table per group.
 */
import { formatNumber } from '../outliers/format-number.js';
import type { Run } from '../../domain/types.js';
import { RunlensError } from '../../errors.js';
import { detectOutliers } from '../outliers/detect-outliers.js';
import type { OutlierMethod } from '../outliers/types.js';
import { aggregateGroups } from './aggregate-groups.js';
import type { AnalyticsResult, AnalyticsRow, ExcludedRun } from './analytics-result.js';
import { compareGroupValues, groupKeyReader, normalizeGroupBy } from './group-key.js';
import { metricColumn } from './metric-column.js';
import { ANALYTICS_QUERY_VERSION, type AnalyticsQuery, type MetricSelection, type OutlierExclusion } from './query-schema.js';
import { needsPoints, reduceFromSummary, reducePoints, type ReadSeries, type ReadUpToStep, type ReducedValue } from './reduce-metric.js';

/** Options of {@link executeOnRuns}. */
export interface ExecuteOptions {
  /** Needed by `reduce: 'mean' | 'at-step'`; last/min/max/first never read points. */
  readonly readSeries?: ReadSeries;
  /**
   * Used by `reduce: 'at-step'` instead of `readSeries` when given: points of a series at or before a step, of
   * which only the last counts, so a store answers from its block index and one block instead of every point.
   */
  readonly readUpToStep?: ReadUpToStep;
  /** Version string put in the metadata. Default `'unknown'`. */
  readonly runlensVersion?: string;
  /** Clock for the metadata. Default `Date.now`. */
  readonly now?: () => number;
  /** Runs the selection matched before any cap (for the metadata and the "too many runs" warning). */
  readonly runsMatched?: number;
}

const READ_CONCURRENCY = 16;
const MAX_LISTED_KEYS = 30;

/**
 * Executes `query` over `runs`.
 *
 * - Unknown metric (no run has it) or groupBy param: VALIDATION RunlensError naming it and what exists.
 * - No runs: an empty result with a warning. A run whose value is NaN, infinite or missing is kept in `rows` but
 *   left out of that column's statistics, listed in `excluded` with the reason, and counted in a warning.
 * - Outlier rules drop whole runs (listed in `excluded` with the detector's reason).
 *
 * @example
 * const result = await executeOnRuns(analytics().metric('val/loss').groupBy('params.lr').toJSON(), runs);
 * result.aggregated[0] // { group: 'lr=0.1', metric: 'val/loss', stats: { count: 3, mean: 1.9, std: 0.02 }, ci: {...} }
 */
export async function executeOnRuns(query: AnalyticsQuery, loaded: readonly Run[], options: ExecuteOptions = {}): Promise<AnalyticsResult> {
  const now = options.now ?? Date.now;
  const started = now();
  const warnings: string[] = [];
  const runsMatched = options.runsMatched ?? loaded.length;
  if (runsMatched > query.maxRuns) {
    warnings.push(`more than ${query.maxRuns} runs match: analysed the first ${query.maxRuns} (raise maxRuns or narrow the filter)`);
  }
  const runs = loaded.length > query.maxRuns ? loaded.slice(0, query.maxRuns) : loaded;
  if (runs.length === 0) warnings.push('no runs match the selection: check the project, groups, status and filter');
  const groupKey = groupKeyReader(normalizeGroupBy(query.groupBy), runs);
  checkMetricsExist(query.metrics, runs);
  const columns = query.metrics.map(metricColumn);

  const values = await reduceAll(query.metrics, runs, options);
  const excluded: ExcludedRun[] = [];
  const dropped = new Set<number>();
  if (!query.includeFailed) excludeFailed(runs, dropped, excluded, warnings);
  for (const rule of query.excludeOutliers) excludeOutliers(rule, query.metrics, columns, runs, values, dropped, excluded);

  const order = runs.map((_, i) => i).filter((i) => !dropped.has(i));
  const rows: AnalyticsRow[] = order.map((i) => {
    const run = runs[i]!;
    return {
      runId: run.id,
      name: run.name,
      project: run.project,
      group: run.group,
      status: run.status,
      groupKey: groupKey.label(run),
      params: run.params,
      values: Object.fromEntries(columns.map((c, m) => [c, valueOf(values[m]![i]!)])),
    };
  });

  const groupOrder = orderedGroups(order.map((i) => runs[i]!), groupKey);
  const aggregated = columns.flatMap((column, m) => {
    const groups = new Map<string, number[]>(groupOrder.map((g) => [g, []]));
    let nonFinite = 0;
    const missing = new Map<string, number>();
    for (const i of order) {
      const reduced = values[m]![i]!;
      const run = runs[i]!;
      const v = valueOf(reduced);
      if (Number.isFinite(v)) {
        groups.get(groupKey.label(run))!.push(v);
        continue;
      }
      if ('missing' in reduced) missing.set(reduced.missing, (missing.get(reduced.missing) ?? 0) + 1);
      else nonFinite++;
      const reason = 'missing' in reduced ? reduced.missing : `${column} is ${formatNumber(v)}`;
      excluded.push({ runId: run.id, name: run.name, metric: column, reason });
    }
    const unusable = nonFinite + [...missing.values()].reduce((a, b) => a + b, 0);
    if (unusable > 0) {
      const why = [
        ...(nonFinite > 0 ? [`${nonFinite} NaN or infinite (a diverged run)`] : []),
        ...[...missing].map(([reason, count]) => `${count} with ${reason}`),
      ];
      warnings.push(`${unusable} of ${order.length} runs left out of ${column}: ${why.join('; ')}`);
    }
    const selection = query.metrics[m]!;
    if (selection.reduce === 'at-step' && selection.context === 'series' && selection.step !== undefined) {
      warnEndedBefore(selection.key, selection.step, column, order.filter((i) => Number.isFinite(valueOf(values[m]![i]!))).map((i) => runs[i]!), warnings);
    }
    for (const [g, xs] of groups) if (xs.length === 0) warnings.push(`${column}, ${g}: no usable value in this group`);
    return aggregateGroups(column, groups, query.aggregate, query.confidence, warnings);
  });

  return {
    rows,
    aggregated,
    excluded,
    warnings,
    metadata: {
      query,
      versions: { query: ANALYTICS_QUERY_VERSION, runlens: options.runlensVersion ?? 'unknown' },
      executedAt: new Date(started).toISOString(),
      durationMs: now() - started,
      runsMatched,
      columns,
    },
  };
}

/**
 * at-step takes the last point at or before the step (sparse logging: an eval every 50 steps), so a run whose series
 * stopped earlier (it ended, failed or is still running) gets its last value: said in a warning, never silently.
 */
function warnEndedBefore(key: string, step: number, column: string, valued: readonly Run[], warnings: string[]): void {
  const ends = valued.map((run) => run.metrics[key]?.lastStep ?? Number.NaN).filter((last) => last < step);
  if (ends.length === 0) return;
  // a loop, not Math.min(...ends): spreading 100,000 arguments overflows the stack
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const last of ends) {
    lo = Math.min(lo, last);
    hi = Math.max(hi, last);
  }
  const range = lo === hi ? `step ${lo}` : `steps ${lo} to ${hi}`;
  warnings.push(
    `${column}: ${ends.length} run${ends.length === 1 ? "'s" : "s'"} ${key} series end${ends.length === 1 ? 's' : ''} before step ${step} (at ${range}): ` +
      'the value used is the last point logged',
  );
}

function valueOf(reduced: ReducedValue): number {
  return 'value' in reduced ? reduced.value : Number.NaN;
}

function checkMetricsExist(metrics: readonly MetricSelection[], runs: readonly Run[]): void {
  if (runs.length === 0) return;
  for (const m of metrics) {
    const has = (run: Run) => (m.context === 'summary' ? Object.hasOwn(run.summary, m.key) : Object.hasOwn(run.metrics, m.key));
    if (runs.some(has)) continue;
    const known = [...new Set(runs.flatMap((run) => Object.keys(m.context === 'summary' ? run.summary : run.metrics)))].sort();
    const shown = known.slice(0, MAX_LISTED_KEYS).join(', ') + (known.length > MAX_LISTED_KEYS ? ', …' : '');
    throw new RunlensError('VALIDATION', `unknown metric: ${m.key} (metrics of these runs: ${shown || 'none'})`, { field: 'metrics', metric: m.key });
  }
}

/** The reader of a selection that needs points: the at-step one when given, else the whole series. */
function pointReader(m: MetricSelection, options: ExecuteOptions): ReadSeries | undefined {
  const { readUpToStep, readSeries } = options;
  if (m.reduce === 'at-step' && m.step !== undefined && readUpToStep !== undefined) {
    const step = m.step;
    return (runId, key) => readUpToStep(runId, key, step);
  }
  return readSeries;
}

async function reduceAll(metrics: readonly MetricSelection[], runs: readonly Run[], options: ExecuteOptions): Promise<ReducedValue[][]> {
  return Promise.all(
    metrics.map(async (m) => {
      if (!needsPoints(m)) return runs.map((run) => reduceFromSummary(run, m));
      const read = pointReader(m, options);
      if (read === undefined) {
        throw new RunlensError('VALIDATION', `reduce ${m.reduce} of ${m.key} reads series points: no series reader given`);
      }
      const out: ReducedValue[] = new Array<ReducedValue>(runs.length);
      for (let start = 0; start < runs.length; start += READ_CONCURRENCY) {
        const batch = runs.slice(start, start + READ_CONCURRENCY);
        const columnsRead = await Promise.all(batch.map((run) => (run.metrics[m.key] ? read(run.id, m.key) : Promise.resolve(undefined))));
        columnsRead.forEach((columns, j) => (out[start + j] = columns ? reducePoints(columns, m) : { missing: `no ${m.key} series` }));
      }
      return out;
    }),
  );
}

const FAILED_STATUSES: ReadonlySet<string> = new Set(['failed', 'crashed']);

function excludeFailed(runs: readonly Run[], dropped: Set<number>, excluded: ExcludedRun[], warnings: string[]): void {
  runs.forEach((run, i) => {
    if (!FAILED_STATUSES.has(run.status)) return;
    dropped.add(i);
    excluded.push({ runId: run.id, name: run.name, metric: null, reason: `run ${run.status}: its last values are not final results` });
  });
  const n = dropped.size;
  if (n > 0) {
    warnings.push(`${n} failed or crashed run${n === 1 ? '' : 's'} left out of the statistics (includeFailed to keep them; see the failures analysis)`);
  }
}

function outlierMethod(rule: OutlierExclusion): OutlierMethod {
  if (rule.method === 'iqr') return { kind: 'iqr', ...(rule.threshold !== undefined ? { k: rule.threshold } : {}) };
  return { kind: rule.method, ...(rule.threshold !== undefined ? { threshold: rule.threshold } : {}) };
}

function excludeOutliers(
  rule: OutlierExclusion,
  metrics: readonly MetricSelection[],
  columns: readonly string[],
  runs: readonly Run[],
  values: readonly ReducedValue[][],
  dropped: Set<number>,
  excluded: ExcludedRun[],
): void {
  let m = columns.indexOf(rule.metric);
  if (m < 0) m = metrics.findIndex((s) => s.key === rule.metric);
  if (m < 0) {
    throw new RunlensError('VALIDATION', `excludeOutliers: ${rule.metric} is not one of the query's metrics (${columns.join(', ') || 'none'})`, {
      field: 'excludeOutliers',
    });
  }
  const items = runs.flatMap((run, i) => {
    const v = valueOf(values[m]![i]!);
    return dropped.has(i) || !Number.isFinite(v) ? [] : [{ id: String(i), value: v }];
  });
  const report = detectOutliers(items, outlierMethod(rule));
  for (const item of report.excluded) {
    const i = Number(item.id);
    const run = runs[i]!;
    dropped.add(i);
    excluded.push({ runId: run.id, name: run.name, metric: null, reason: `outlier in ${columns[m]} (${rule.method}): ${item.reason}` });
  }
}

function orderedGroups(runs: readonly Run[], reader: ReturnType<typeof groupKeyReader>): string[] {
  const first = new Map<string, Run>();
  for (const run of runs) {
    const label = reader.label(run);
    if (!first.has(label)) first.set(label, run);
  }
  return [...first.entries()].sort(([la, a], [lb, b]) => compareGroupValues(reader.value(a), reader.value(b)) || (la < lb ? -1 : la > lb ? 1 : 0)).map(([label]) => label);
}
