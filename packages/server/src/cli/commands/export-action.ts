/** What `runlens export` does (see export.ts, which registers the command); loaded when it runs. */
import { createWriteStream, type WriteStream } from 'node:fs';
import { RunlensError, encodeColumn, hasControlChar, type Run } from '@runlens/core';
import { join } from 'node:path';
import { openRunSource, type RunSource } from '../run-source.js';
import { writeTensorboardRun } from '../../export/tensorboard-writer.js';
import { csvRow } from '../format.js';
import { toWireRun } from '../../server/wire.js';
import { FORMATS, WHATS } from './export.js';
import type { RunSourceFlags } from '../options.js';

export interface ExportOptions extends RunSourceFlags {
  project?: string;
  filter?: string;
  what: 'runs' | 'series' | 'all';
  format: 'csv' | 'json' | 'tensorboard';
  keys?: string;
  out?: string;
}

/** A run's folder name inside a TensorBoard export: readable, unique, and never a path outside the export. */
function runFolder(r: Run): string {
  const safe = (s: string) =>
    [...s]
      .map((ch) => (ch === '/' || ch === '\\' || hasControlChar(ch) ? '_' : ch))
      .join('')
      .replace(/^\.+/, '_')
      .slice(0, 100);
  return join(safe(r.project), `${safe(r.name)}-${r.id.slice(-8).toLowerCase()}`);
}

/** Writes one event file per run (scalars and histograms) in a folder TensorBoard can open: `tensorboard --logdir OUT`. */
async function exportTensorboard(source: RunSource, runs: Run[], out: string, keys: (r: Run) => string[]): Promise<number> {
  for (const r of runs) {
    const series = [];
    for (const key of keys(r)) {
      const s = await source.readSeries(r.id, key);
      if (s) series.push({ key, ...s });
    }
    await writeTensorboardRun(join(out, runFolder(r)), { name: r.name, params: r.params, startTime: r.startTime }, series, await source.readHistograms(r.id));
  }
  return runs.length;
}

/** Writes with backpressure so exporting millions of points never buffers them all. */
class Sink {
  private readonly stream: WriteStream | NodeJS.WriteStream;

  constructor(path: string | undefined) {
    this.stream = path ? createWriteStream(path) : process.stdout;
  }

  async write(s: string): Promise<void> {
    if (!this.stream.write(s)) await new Promise<void>((r) => this.stream.once('drain', () => r()));
  }

  async end(): Promise<void> {
    if (this.stream === process.stdout) return;
    await new Promise<void>((resolve, reject) => {
      this.stream.once('error', reject);
      (this.stream as WriteStream).end(() => resolve());
    });
  }
}

function runsCsvHeader(runs: Run[]): { header: string[]; row(r: Run): (string | number | boolean | null | undefined)[] } {
  const paramKeys = [...new Set(runs.flatMap((r) => Object.keys(r.params)))].sort();
  const summaryKeys = [...new Set(runs.flatMap((r) => Object.keys(r.summary)))].sort();
  return {
    header: ['id', 'project', 'name', 'group', 'status', 'start_time', 'end_time', 'tags', ...paramKeys.map((k) => `params.${k}`), ...summaryKeys.map((k) => `summary.${k}`)],
    row: (r) => [
      r.id,
      r.project,
      r.name,
      r.group,
      r.status,
      new Date(r.startTime).toISOString(),
      r.endTime === null ? '' : new Date(r.endTime).toISOString(),
      r.tags.join(';'),
      ...paramKeys.map((k) => r.params[k]),
      ...summaryKeys.map((k) => r.summary[k]),
    ],
  };
}

export async function exportAction(o: ExportOptions): Promise<void> {
  if (!WHATS.includes(o.what)) throw new RunlensError('VALIDATION', `--what must be one of ${WHATS.join(', ')}, got "${o.what}"`);
  if (!FORMATS.includes(o.format)) throw new RunlensError('VALIDATION', `--format must be one of ${FORMATS.join(', ')}, got "${o.format}"`);
  if (o.what === 'all' && o.format === 'csv') throw new RunlensError('VALIDATION', 'CSV holds one table: export --what runs and --what series separately, or use --format json');
  if (o.format === 'tensorboard') {
    if (!o.out) throw new RunlensError('VALIDATION', '--format tensorboard writes a folder of event files: give it with --out DIR');
    const source = openRunSource(o);
    try {
      const runs = await source.listRuns({ project: o.project, filter: o.filter, sort: 'start_time' });
      const wanted = o.keys ? new Set(o.keys.split(',').map((k) => k.trim())) : undefined;
      const n = await exportTensorboard(source, runs, o.out, (r) => Object.keys(r.metrics).filter((k) => !wanted || wanted.has(k)).sort());
      console.error(`wrote ${n} run(s) to ${o.out}; view with: tensorboard --logdir ${o.out}`);
    } finally {
      await source.close();
    }
    return;
  }
  const source = openRunSource(o);
  const sink = new Sink(o.out);
  try {
    const runs = await source.listRuns({ project: o.project, filter: o.filter, sort: 'start_time' });
    const wanted = o.keys ? new Set(o.keys.split(',').map((k) => k.trim())) : undefined;
    const seriesOf = (r: Run) => Object.keys(r.metrics).filter((k) => !wanted || wanted.has(k)).sort();
    if (o.format === 'csv' && o.what === 'runs') {
      const t = runsCsvHeader(runs);
      await sink.write(csvRow(t.header) + '\n');
      for (const r of runs) await sink.write(csvRow(t.row(r)) + '\n');
    } else if (o.format === 'csv') {
      await sink.write('run,key,step,value,time\n');
      for (const r of runs) {
        for (const key of seriesOf(r)) {
          const s = await source.readSeries(r.id, key);
          if (!s) continue;
          let chunk = '';
          for (let i = 0; i < s.steps.length; i++) {
            chunk += csvRow([r.id, key, s.steps[i]!, s.values[i]!, s.times[i]!]) + '\n';
            if (chunk.length > 1 << 16) {
              await sink.write(chunk);
              chunk = '';
            }
          }
          await sink.write(chunk);
        }
      }
    } else {
      await sink.write('{');
      if (o.what !== 'series') await sink.write(`"runs":${JSON.stringify(runs.map(toWireRun))}`);
      if (o.what !== 'runs') {
        await sink.write(`${o.what === 'all' ? ',' : ''}"series":[`);
        let first = true;
        for (const r of runs) {
          for (const key of seriesOf(r)) {
            const s = await source.readSeries(r.id, key);
            if (!s) continue;
            await sink.write((first ? '' : ',') + JSON.stringify({ run: r.id, key, steps: Array.from(s.steps), values: encodeColumn(s.values), times: Array.from(s.times) }));
            first = false;
          }
        }
        await sink.write(']');
      }
      await sink.write('}\n');
    }
  } finally {
    await sink.end();
    await source.close();
  }
  if (o.out) console.error(`wrote ${o.out}`);
}
