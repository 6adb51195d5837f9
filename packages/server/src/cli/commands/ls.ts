import type { Command } from 'commander';

import { pickSummaryColumns } from '@runlens/core';
import { openRunSource } from '../run-source.js';
import { addRunSourceOptions, parsePositiveInt } from '../options.js';
import { formatDuration, formatNumber, renderTable } from '../format.js';
import { toWireRun } from '../../server/wire.js';

interface LsOptions {
  data: string;
  url?: string;
  token?: string;
  project?: string;
  filter?: string;
  sort?: string;
  limit: number;
  metrics?: string;
  json: boolean;
}

export function registerLs(program: Command): void {
  addRunSourceOptions(program.command('ls')
    .description('List runs as a table (or JSON), with the filter language'))
    .option('-p, --project <name>', 'only runs of this project')
    .option('-f, --filter <expr>', 'filter, e.g. \'params.lr > 1e-3 and status == "completed"\'')
    .option('-s, --sort <fields>', 'sort fields, "-" for descending, e.g. -metrics.val_loss.min', '-start_time')
    .option('-n, --limit <n>', 'most runs to show', parsePositiveInt('limit'), 100)
    .option('-m, --metrics <keys>', 'comma-separated summary metrics to show as columns (default: up to 4 common ones)')
    .option('--json', 'print runs as JSON', false)
    .action(async (o: LsOptions) => {
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
    });
}

