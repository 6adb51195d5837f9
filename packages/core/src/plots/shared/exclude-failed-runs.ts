/** Leaving failed and crashed runs out of per-run statistics, as the analytics engine does. */
import type { Run, RunStatus } from '../../domain/types.js';

const FAILED: ReadonlySet<RunStatus> = new Set(['failed', 'crashed']);

/**
 * The runs whose last values can count as results: failed and crashed runs are left out unless `includeFailed`,
 * with a warning (pushed onto `warnings`) that counts them.
 */
export function excludeFailedRuns(runs: readonly Run[], includeFailed: boolean, warnings: string[]): Run[] {
  if (includeFailed) return [...runs];
  const kept = runs.filter((run) => !FAILED.has(run.status));
  const n = runs.length - kept.length;
  if (n > 0) {
    warnings.push(`${n} failed or crashed run${n === 1 ? '' : 's'} left out (includeFailed to keep them)`);
  }
  return kept;
}
