/** Why runs fail: failure rates, the params associated with failure, and when and how runs die. */
import { RUN_STATUSES, type Run, type RunStatus } from '../../domain/types.js';
import { RunlensError } from '../../errors.js';
import { holmAdjust } from '../hypothesis/multiple-comparisons.js';
import { compareText } from './compare-text.js';
import { failureFindings } from './failure-findings.js';
import { type ClassifiedRun, failureRatesByGroup, failureRatesByProject } from './failure-rates.js';
import { heartbeatLoss } from './heartbeat-loss.js';
import { collectParamColumns } from './param-columns.js';
import { type SkipReason, testParamAssociation, type UnadjustedAssociation } from './param-association.js';
import { timeToFailure } from './time-to-failure.js';
import type { AnalyzeFailuresOptions, FailureAnalysis, ParamFailureAssociation } from './types.js';

const DEFAULT_FAILED: readonly RunStatus[] = ['failed', 'crashed'];
const DEFAULT_EXCLUDED: readonly RunStatus[] = ['running'];

/**
 * Analyses which runs fail and why.
 *
 * Runs whose status is in `excludedStatuses` (default `['running']`) are left out; of the rest, those in
 * `failedStatuses` (default `['failed', 'crashed']`) count as failed and all others as not failed.
 *
 * - Failure rates overall, per project and per group.
 * - Per param (every flattened key of `run.params`), a test of association with failure — Fisher exact (two
 *   values) or chi-square (more) with Cramér's V for categorical params, Mann–Whitney U with the point-biserial r
 *   for numeric ones, which also get the best separating threshold and, with at most 6 distinct values, the failure
 *   rate of each value — with p-values Holm-adjusted across the tested params. Params present in fewer than
 *   `minRuns` runs (default 4), constant ones, and ones whose runs all failed or all did not are skipped with a
 *   warning; no param is tested with fewer than `minRuns` runs in all, or when no run (or every run) failed.
 * - Time to failure (median, quartiles, per status) and lost heartbeats (crashes per host).
 * - Findings in plain language, strongest first (see `failureFindings`), e.g.
 *   "lr ≥ 10: 3 of 3 runs failed, against 0 of 9 otherwise (p = 0.0045, Fisher exact)".
 *
 * Deterministic: the same runs in any order give the same result. Throws a VALIDATION {@link RunlensError} for bad
 * options (unknown status, a status both failed and excluded, alpha outside (0, 1), minRuns not an integer ≥ 2).
 *
 * @example
 * const report = analyzeFailures(await store.listRuns({ project: 'demo' }));
 * console.log(report.findings[0]);
 */
export function analyzeFailures(runs: readonly Run[], options: AnalyzeFailuresOptions = {}): FailureAnalysis {
  const failedStatuses = checkStatuses(options.failedStatuses ?? DEFAULT_FAILED, 'failedStatuses');
  const excludedStatuses = checkStatuses(options.excludedStatuses ?? DEFAULT_EXCLUDED, 'excludedStatuses');
  const alpha = options.alpha ?? 0.05;
  const minRuns = options.minRuns ?? 4;
  checkOptions(failedStatuses, excludedStatuses, alpha, minRuns);

  // Sorting by id makes the result independent of the order the store returned the runs in.
  const analysed: ClassifiedRun[] = runs
    .filter((run) => !excludedStatuses.has(run.status))
    .sort((a, b) => compareText(a.id, b.id))
    .map((run) => ({ run, failed: failedStatuses.has(run.status) }));
  const total = analysed.length;
  const failed = analysed.filter((r) => r.failed).length;
  const warnings: string[] = [];
  if (total === 0) warnings.push(runs.length === 0 ? 'no runs to analyse' : 'every run was excluded by its status');

  const byParam = associations(analysed, total, failed, minRuns, alpha, warnings);
  const byGroup = failureRatesByGroup(analysed);
  const timing = timeToFailure(analysed, warnings);
  const heartbeat = heartbeatLoss(analysed);
  const findings = failureFindings({
    total,
    failed,
    alpha,
    byParam,
    byGroup,
    timeToFailure: timing,
    heartbeatLoss: heartbeat,
  });
  return {
    total,
    failed,
    rate: total === 0 ? Number.NaN : failed / total,
    excluded: runs.length - total,
    byProject: failureRatesByProject(analysed),
    byGroup,
    byParam,
    timeToFailure: timing,
    heartbeatLoss: heartbeat,
    findings,
    warnings,
  };
}

function associations(
  analysed: readonly ClassifiedRun[],
  total: number,
  failed: number,
  minRuns: number,
  alpha: number,
  warnings: string[],
): ParamFailureAssociation[] {
  if (total === 0) return [];
  if (total < minRuns) {
    warnings.push(
      `only ${total} runs: testing params for association with failure needs at least ${minRuns} (minRuns)`,
    );
    return [];
  }
  if (failed === 0 || failed === total) {
    warnings.push(`${failed === 0 ? 'no' : 'every'} run failed: no param can be associated with failure`);
    return [];
  }
  const tested: UnadjustedAssociation[] = [];
  const skipped: Record<SkipReason, string[]> = { 'too-few-runs': [], constant: [], 'one-outcome': [] };
  for (const column of collectParamColumns(analysed)) {
    const outcome = testParamAssociation(column, minRuns);
    if (outcome.tested) {
      tested.push(outcome.association);
      warnings.push(...outcome.warnings);
    } else {
      skipped[outcome.reason].push(`${column.param} (${outcome.detail})`);
    }
  }
  const skipMessages: Record<SkipReason, string> = {
    'too-few-runs': `skipped params present in fewer than ${minRuns} runs (minRuns)`,
    constant: 'skipped constant params',
    'one-outcome': 'skipped params whose runs all failed or all did not',
  };
  for (const reason of ['constant', 'too-few-runs', 'one-outcome'] as const) {
    if (skipped[reason].length > 0) warnings.push(`${skipMessages[reason]}: ${skipped[reason].join(', ')}`);
  }

  const adjusted = holmAdjust(tested.map((a) => a.pValue));
  return tested
    .map((a, i) => ({ ...a, adjustedPValue: adjusted[i]!, significant: adjusted[i]! < alpha }))
    .sort(
      (a, b) =>
        nanLast(a.adjustedPValue, b.adjustedPValue) || nanLast(a.pValue, b.pValue) || compareText(a.param, b.param),
    );
}

/** Ascending, NaN after every number. */
function nanLast(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return a - b;
}

function checkStatuses(statuses: readonly RunStatus[], field: string): ReadonlySet<RunStatus> {
  const known: readonly string[] = RUN_STATUSES;
  for (const status of statuses) {
    if (!known.includes(status)) {
      const message = `invalid ${field}: unknown status ${String(status)} (${known.join(' | ')})`;
      throw new RunlensError('VALIDATION', message, { field });
    }
  }
  return new Set(statuses);
}

function checkOptions(
  failed: ReadonlySet<RunStatus>,
  excluded: ReadonlySet<RunStatus>,
  alpha: number,
  minRuns: number,
): void {
  if (failed.size === 0) throw new RunlensError('VALIDATION', 'failedStatuses must name at least one status');
  const both = [...failed].filter((s) => excluded.has(s));
  if (both.length > 0) {
    throw new RunlensError('VALIDATION', `status ${both.join(', ')} is both failed and excluded`, {
      field: 'failedStatuses',
    });
  }
  if (!(alpha > 0 && alpha < 1)) {
    throw new RunlensError('VALIDATION', `invalid alpha: ${alpha} (expected a number in (0, 1))`, { field: 'alpha' });
  }
  if (!Number.isInteger(minRuns) || minRuns < 2) {
    throw new RunlensError('VALIDATION', `invalid minRuns: ${minRuns} (expected an integer >= 2)`, {
      field: 'minRuns',
    });
  }
}
