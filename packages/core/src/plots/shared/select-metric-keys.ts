/** The metric keys a plot's `metrics` option picks out of the runs' summaries. */
import type { Run } from '../../domain/types.js';
import { RunlensError } from '../../errors.js';
import { matchMetricKeys } from './metric-pattern.js';
import { runMetricKeys } from './run-metric-value.js';

/**
 * The keys `selectors` (exact keys or `/regex/`) pick among the metrics the runs have (series or summary values),
 * in selector order. An exact key no run has is an error naming the keys they do have (a typo should not draw an
 * empty chart); a regex matching nothing only adds a warning. With no runs, nothing can be checked: [] is returned.
 *
 * @example selectMetricKeys(['val/loss', '/acc$/'], runs, warnings) // ['val/loss', 'train/acc', 'val/acc']
 */
export function selectMetricKeys(selectors: readonly string[], runs: readonly Run[], warnings: string[]): string[] {
  if (runs.length === 0) return [];
  const available = runMetricKeys(runs);
  const { keys, unmatched } = matchMetricKeys(selectors, available);
  const regexes = unmatched.filter((s) => /^\/.+\/[a-z]*$/s.test(s));
  const exact = unmatched.filter((s) => !regexes.includes(s));
  if (exact.length > 0) {
    const known = [...available].sort();
    const shown = known.slice(0, 30).join(', ') + (known.length > 30 ? ', …' : '');
    throw new RunlensError('VALIDATION', `unknown metric${exact.length === 1 ? '' : 's'}: ${exact.join(', ')} (metrics of these runs: ${shown || 'none'})`, {
      field: 'metrics',
    });
  }
  for (const r of regexes) warnings.push(`metric pattern ${r} matches no metric of these runs`);
  return keys;
}
