/** Counting failures per project and per group. */
import type { Run } from '../../domain/types.js';
import { compareText } from './compare-text.js';
import type { FailureRate, GroupFailureRate, ProjectFailureRate } from './types.js';

/** A run already classified as failed or not. */
export interface ClassifiedRun {
  readonly run: Run;
  readonly failed: boolean;
}

/** Runs, failures and rate of a list of runs; rate NaN for none. */
export function failureRate(runs: number, failed: number): FailureRate {
  return { runs, failed, rate: runs === 0 ? Number.NaN : failed / runs };
}

/** Failure rate per project, highest rate first (then most runs, then name). */
export function failureRatesByProject(classified: readonly ClassifiedRun[]): ProjectFailureRate[] {
  const counts = countBy(classified, (r) => [r.project]);
  const rows = [...counts.values()].map(({ key, runs, failed }) => ({
    project: key[0]!,
    ...failureRate(runs, failed),
  }));
  return sortRates(rows);
}

/** Failure rate per (project, group), highest rate first (then most runs, then project and group name). */
export function failureRatesByGroup(classified: readonly ClassifiedRun[]): GroupFailureRate[] {
  const counts = countBy(classified, (r) => [r.project, r.group]);
  const rows = [...counts.values()].map(({ key, runs, failed }) => ({
    project: key[0]!,
    group: key[1]!,
    ...failureRate(runs, failed),
  }));
  return sortRates(rows);
}

interface Count {
  readonly key: readonly string[];
  runs: number;
  failed: number;
}

function countBy(runs: readonly ClassifiedRun[], keyOf: (run: Run) => readonly string[]): Map<string, Count> {
  const counts = new Map<string, Count>();
  for (const { run, failed } of runs) {
    const key = keyOf(run);
    // JSON keeps ("a b", "c") and ("a", "b c") apart, which joining with a separator would not.
    const id = JSON.stringify(key);
    let count = counts.get(id);
    if (count === undefined) {
      count = { key, runs: 0, failed: 0 };
      counts.set(id, count);
    }
    count.runs++;
    if (failed) count.failed++;
  }
  return counts;
}

function sortRates<T extends FailureRate & { readonly project: string; readonly group?: string }>(rows: T[]): T[] {
  return rows.sort(
    (a, b) =>
      b.rate - a.rate ||
      b.runs - a.runs ||
      compareText(a.project, b.project) ||
      compareText(a.group ?? '', b.group ?? ''),
  );
}
