/** Runs that went silent (`crashed`): how long they lived, and on which hosts. */
import { medianOfSorted } from '../descriptive/sorted-quantiles.js';
import { compareText } from './compare-text.js';
import type { ClassifiedRun } from './failure-rates.js';
import { runDurationMs } from './run-duration.js';
import type { HeartbeatLoss, HostCrashes } from './types.js';

/**
 * Counts `crashed` runs, the median time from start to their last heartbeat, and the crashes per host (hosts with
 * at least one crash; most crashes first, then the higher share of that host's runs, then name). A crash pattern
 * concentrated on one host points at the machine rather than the config.
 */
export function heartbeatLoss(runs: readonly ClassifiedRun[]): HeartbeatLoss {
  const lifetimes: number[] = [];
  const hosts = new Map<string, { runs: number; crashed: number }>();
  for (const { run } of runs) {
    const crashed = run.status === 'crashed';
    if (crashed) {
      const duration = runDurationMs(run);
      if (duration !== undefined) lifetimes.push(duration);
    }
    if (run.host === null) continue;
    const host = hosts.get(run.host) ?? { runs: 0, crashed: 0 };
    host.runs++;
    if (crashed) host.crashed++;
    hosts.set(run.host, host);
  }
  const byHost: HostCrashes[] = [...hosts.entries()]
    .filter(([, h]) => h.crashed > 0)
    .map(([host, h]) => ({ host, ...h }))
    .sort((a, b) => b.crashed - a.crashed || b.crashed / b.runs - a.crashed / a.runs || compareText(a.host, b.host));
  return {
    crashed: runs.filter(({ run }) => run.status === 'crashed').length,
    medianMsBeforeCrash: medianOfSorted(Float64Array.from(lifetimes).sort()),
    byHost,
  };
}
