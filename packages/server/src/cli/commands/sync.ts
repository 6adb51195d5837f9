/**
 * `runlens sync FILE...`: uploads offline JSONL files written by the clients (see packages/client/src/offline-format.ts)
 * to a server. Safe to repeat: runs carry client-made ids and a repeated (run, key, step) replaces itself.
 */
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { RunlensError } from '@runlens/core';
import { env } from '../options.js';

interface SyncOptions {
  url: string;
  token?: string;
  json: boolean;
}

interface SyncReport {
  file: string;
  runsCreated: number;
  runsExisting: number;
  points: number;
  updates: number;
  logLines: number;
  skipped: { line: number; reason: string }[];
}

interface SeriesBody {
  key: string;
  steps: unknown[];
  values: unknown[];
  times?: unknown[];
}

/** Points merged into one request at most; below the server's per-batch limit. */
const MERGE_POINTS = 100_000;

class Uploader {
  constructor(private readonly url: string, private readonly token: string | undefined) {}

  async send(method: string, path: string, body: unknown): Promise<{ status: number; body: { error?: { message?: string } } & Record<string, unknown> }> {
    let res: Response;
    try {
      res = await fetch(`${this.url.replace(/\/$/, '')}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
        body: JSON.stringify(body),
      });
    } catch (e) {
      throw new RunlensError('UNAVAILABLE', `cannot reach the runlens server at ${this.url} (${(e as Error).message}): start one with \`runlens serve\` or pass --url`);
    }
    const parsed = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
    if (res.status === 401 || res.status === 403) throw new RunlensError('UNAUTHORIZED', `${this.url} refused the upload: ${parsed.error?.message ?? res.status} (pass --token or set RUNLENS_TOKEN)`);
    if (res.status >= 500) throw new RunlensError('UNAVAILABLE', `${this.url} failed with HTTP ${res.status}: ${parsed.error?.message ?? ''}; nothing after this record was sent, run sync again`);
    return { status: res.status, body: parsed };
  }
}

export async function syncFile(file: string, uploader: Uploader, onProgress?: (bytes: number) => void): Promise<SyncReport> {
  const report: SyncReport = { file, runsCreated: 0, runsExisting: 0, points: 0, updates: 0, logLines: 0, skipped: [] };
  const stream = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let lineNo = 0;
  let bytes = 0;
  let pending: { run: string; series: SeriesBody[]; points: number; firstLine: number } | undefined;
  const flush = async () => {
    if (!pending) return;
    const p = pending;
    pending = undefined;
    const r = await uploader.send('POST', `/api/v1/runs/${encodeURIComponent(p.run)}/metrics`, { series: p.series });
    if (r.status >= 400) report.skipped.push({ line: p.firstLine, reason: `metrics rejected: ${r.body.error?.message ?? r.status}` });
    else report.points += p.points;
  };
  for await (const text of lines) {
    lineNo++;
    bytes += Buffer.byteLength(text) + 1;
    onProgress?.(bytes);
    if (text.trim() === '') continue;
    let rec: { type?: unknown; run?: unknown; body?: unknown };
    try {
      rec = JSON.parse(text) as typeof rec;
    } catch {
      // the last line of a file whose writer was killed may be cut short
      report.skipped.push({ line: lineNo, reason: 'not valid JSON (a truncated last line if the writer was killed)' });
      continue;
    }
    if (rec.type === 'metrics' && typeof rec.run === 'string') {
      const series = (rec.body as { series?: SeriesBody[] } | undefined)?.series;
      if (!Array.isArray(series)) {
        report.skipped.push({ line: lineNo, reason: 'metrics record without body.series' });
        continue;
      }
      const n = series.reduce((a, s) => a + (Array.isArray(s.steps) ? s.steps.length : 0), 0);
      if (pending && (pending.run !== rec.run || pending.points + n > MERGE_POINTS)) await flush();
      if (!pending) pending = { run: rec.run, series: [], points: 0, firstLine: lineNo };
      pending.series.push(...series);
      pending.points += n;
      continue;
    }
    await flush();
    if (rec.type === 'run' && rec.run && typeof rec.run === 'object') {
      const r = await uploader.send('POST', '/api/v1/runs', rec.run);
      if (r.status === 201) report.runsCreated++;
      else if (r.status === 200) report.runsExisting++;
      else report.skipped.push({ line: lineNo, reason: `run rejected: ${r.body.error?.message ?? r.status}` });
    } else if (rec.type === 'update' && typeof rec.run === 'string') {
      const r = await uploader.send('PATCH', `/api/v1/runs/${encodeURIComponent(rec.run)}`, rec.body);
      if (r.status >= 400) report.skipped.push({ line: lineNo, reason: `update rejected: ${r.body.error?.message ?? r.status}` });
      else report.updates++;
    } else if (rec.type === 'logs' && typeof rec.run === 'string') {
      const r = await uploader.send('POST', `/api/v1/runs/${encodeURIComponent(rec.run)}/logs`, rec.body);
      if (r.status >= 400) report.skipped.push({ line: lineNo, reason: `logs rejected: ${r.body.error?.message ?? r.status}` });
      else report.logLines += (r.body.written as number | undefined) ?? 0;
    } else {
      report.skipped.push({ line: lineNo, reason: `unknown record type ${JSON.stringify(rec.type)}` });
    }
  }
  await flush();
  return report;
}

export function registerSync(program: Command): void {
  program
    .command('sync')
    .description('Upload offline JSONL files written by the clients to a server (safe to repeat)')
    .argument('<files...>', 'offline files, e.g. .runlens/offline/*.jsonl')
    .option('--url <url>', 'server to upload to (RUNLENS_URL)', env.RUNLENS_URL ?? 'http://127.0.0.1:7878')
    .option('--token <token>', 'bearer token (RUNLENS_TOKEN)', env.RUNLENS_TOKEN)
    .option('--json', 'print the report as JSON', false)
    .action(async (files: string[], o: SyncOptions) => {
      const uploader = new Uploader(o.url, o.token);
      const reports: SyncReport[] = [];
      for (const file of files) {
        let size: number;
        try {
          size = statSync(file).size;
        } catch {
          throw new RunlensError('NOT_FOUND', `offline file ${file} does not exist`);
        }
        const bar = process.stderr.isTTY && !o.json ? new cliProgress.SingleBar({ format: `${file} [{bar}] {percentage}%`, stream: process.stderr }, cliProgress.Presets.shades_classic) : undefined;
        bar?.start(size, 0);
        try {
          reports.push(await syncFile(file, uploader, (b) => bar?.update(Math.min(b, size))));
        } finally {
          bar?.stop();
        }
      }
      if (o.json) console.log(JSON.stringify(reports, null, 2));
      else {
        for (const r of reports) {
          console.log(`${r.file}: ${r.runsCreated} run(s) created, ${r.runsExisting} already there, ${r.points} points, ${r.updates} updates, ${r.logLines} log lines${r.skipped.length ? `, ${r.skipped.length} record(s) skipped` : ''}`);
          for (const s of r.skipped.slice(0, 20)) console.log(`  ${r.file}:${s.line}: ${s.reason}`);
        }
      }
      if (reports.some((r) => r.skipped.length > 0)) process.exitCode = 1;
    });
}

export { Uploader };
