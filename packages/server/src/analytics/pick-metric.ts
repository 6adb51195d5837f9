import { guessMetricDirection, pickSummaryColumns, RunlensError, type Run } from '@runlens/core';

/**
 * The metric an analysis studies when none is named: the first validation loss logged (`val/loss`, `val_loss`...),
 * else a loss, else the most common summary column. Undefined when the runs have no metric at all.
 */
export function pickMetric(runs: readonly Run[]): string | undefined {
  const keys = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].sort();
  return keys.find((k) => /val/i.test(k) && /loss/i.test(k)) ?? keys.find((k) => /loss/i.test(k)) ?? pickSummaryColumns(runs, 1)[0] ?? keys[0];
}

/** The distinct metric keys named in `metric` (a comma-separated list); empty when it names none. */
export function namedMetrics(metric: string): string[] {
  return [...new Set(metric.split(',').map((k) => k.trim()).filter(Boolean))];
}

/**
 * The metric keys a request for one of the metric kinds reads from runs: those it names, or undefined when it names
 * none (the kind picks one from every run's metrics, so all of them are loaded).
 */
export function requestMetricKeys(request: { readonly metric?: string | undefined }): string[] | undefined {
  if (request.metric === undefined) return undefined;
  const keys = namedMetrics(request.metric);
  return keys.length > 0 ? keys : undefined;
}

/**
 * The metrics an analysis studies: those named in `metric` (a comma-separated list, e.g. `val/loss,val/acc`), else
 * the one `pickMetric` picks; empty when no run matched. A clear error when the runs have no metric to pick.
 */
export function requireMetrics(metric: string | undefined, runs: readonly Run[]): string[] {
  if (metric !== undefined) {
    const keys = namedMetrics(metric);
    if (keys.length === 0) throw new RunlensError('VALIDATION', `no metric named in "${metric}"`, { field: 'metric' });
    return keys;
  }
  if (runs.length === 0) return [];
  const picked = pickMetric(runs);
  if (picked === undefined) throw new RunlensError('VALIDATION', 'these runs have no metrics: nothing to analyse');
  return [picked];
}

/** `requireMetrics` for an analysis of one metric (`kind` names it): more than one named is an error. */
export function requireMetric(metric: string | undefined, runs: readonly Run[], kind: string): string | undefined {
  const keys = requireMetrics(metric, runs);
  if (keys.length > 1) {
    throw new RunlensError('VALIDATION', `${kind} studies one metric, got ${keys.length}: ${keys.join(', ')} (stats and report take several)`, {
      field: 'metric',
    });
  }
  return keys[0];
}

/** Which way `metric` improves: the `direction` given, else a guess from the name, else an error asking for it. */
export function metricDirection(metric: string, direction: 'lower' | 'higher' | undefined): 'lower' | 'higher' {
  if (direction !== undefined) return direction;
  const guess = guessMetricDirection(metric);
  if (guess !== undefined) return guess === 'minimize' ? 'lower' : 'higher';
  throw new RunlensError('VALIDATION', `cannot tell whether a higher or lower ${metric} is better: pass direction (--direction lower|higher)`, {
    field: 'direction',
  });
}
