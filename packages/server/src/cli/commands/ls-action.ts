/** What `runlens ls` does; loaded when it runs (ls.ts registers the command). */
import { pickSummaryColumns } from '@runlens/core';
import { openRunSource } from '../run-source.js';
import { formatDuration, formatNumber, renderTable } from '../format.js';
import { toWireRun } from '../../server/wire.js';
import type { RunSourceFlags } from '../options.js';

export interface LsOptions extends RunSourceFlags {
  project?: string;
  filter?: string;
  sort?: string;
  limit: number;
  metrics?: string;
  json: boolean;
}

export async function listRunsAction(o: LsOptions): Promise<void> {
  const source = openRunSource(o);
  try {
    const runs = await source.listRuns(o);
    if (o.json) {
      console.log(JSON.stringify(runs.map(toWireRun), null, 2));
      return;
    }
    if (runs.length === 0) {
      console.log(o.filter || o.project ? 'No runs match.' : `No runs in ${source.describe} yet.`);
      return;
    }
    const keys = o.metrics
      ? o.metrics.split(',').map((k) => k.trim()).filter(Boolean)
      : pickSummaryColumns(runs, 4);
    const now = Date.now();
    const rows = runs.map((r) => [
      r.id.slice(-8).toLowerCase(),
      r.project,
      r.name,
      r.status,
      new Date(r.startTime).toISOString().replace('T', ' ').slice(0, 16),
      formatDuration((r.endTime ?? (r.status === 'running' ? now : r.heartbeat)) - r.startTime),
      ...keys.map((k) => formatNumber(r.summary[k])),
    ]);
    console.log(renderTable(['id', 'project', 'name', 'status', 'started (UTC)', 'duration', ...keys], rows));
    console.log(`\n${runs.length} run${runs.length === 1 ? '' : 's'}${runs.length === o.limit ? ` (first ${o.limit}; --limit for more)` : ''}`);
  } finally {
    await source.close();
  }
}
