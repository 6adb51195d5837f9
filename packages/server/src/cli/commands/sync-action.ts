/** What `runlens sync FILE...` does (see sync.ts, which registers the command); loaded when it runs. */
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import cliProgress from 'cli-progress';
import { RunlensError, type IngestRecord } from '@runlens/core';
import { HttpRecordSink } from '../../ingest/http-sink.js';
import { StoreRecordSink } from '../../ingest/store-sink.js';
import { SqliteStore } from '../../store/sqlite-store.js';
import type { RecordSink, SinkReport } from '../../ingest/record-sink.js';

export interface SyncOptions {
  url: string;
  data?: string;
  token?: string;
  json: boolean;
}

interface FileReport extends SinkReport {
  file: string;
  /** Lines that were not records at all. */
  skipped: { line: number; reason: string }[];
}

const RECORD_TYPES = new Set(['run', 'metrics', 'update', 'logs', 'histograms', 'texts']);

/**
 * Replays one file into a sink; returns what this file added to the sink's report (records the store or server
 * refused are in `rejected`, by run) and the lines that were not records at all (`skipped`, by line number).
 */
export async function syncFile(file: string, sink: RecordSink, onProgress?: (bytes: number) => void): Promise<FileReport> {
  const before = structuredClone(sink.report);
  const skipped: FileReport['skipped'] = [];
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let lineNo = 0;
  let bytes = 0;
  for await (const text of lines) {
    lineNo++;
    bytes += Buffer.byteLength(text) + 1;
    onProgress?.(bytes);
    if (text.trim() === '') continue;
    let rec: { type?: unknown; run?: unknown };
    try {
      rec = JSON.parse(text) as typeof rec;
    } catch {
      // the last line of a file whose writer was killed may be cut short
      skipped.push({ line: lineNo, reason: 'not valid JSON (a truncated last line if the writer was killed)' });
      continue;
    }
    if (typeof rec !== 'object' || rec === null || !RECORD_TYPES.has(rec.type as string) || (rec.type === 'run' ? typeof rec.run !== 'object' : typeof rec.run !== 'string')) {
      skipped.push({ line: lineNo, reason: `not a runlens record (type ${JSON.stringify((rec as { type?: unknown } | null)?.type)})` });
      continue;
    }
    await sink.apply(rec as IngestRecord);
  }
  await sink.flush();
  const after = sink.report;
  return {
    file,
    runsCreated: after.runsCreated - before.runsCreated,
    runsExisting: after.runsExisting - before.runsExisting,
    series: after.series - before.series,
    points: after.points - before.points,
    updates: after.updates - before.updates,
    logLines: after.logLines - before.logLines,
    histograms: after.histograms - before.histograms,
    texts: after.texts - before.texts,
    rejected: after.rejected.slice(before.rejected.length),
    skipped,
  };
}

export async function syncAction(files: string[], o: SyncOptions): Promise<void> {
  for (const file of files) {
    try {
      statSync(file);
    } catch {
      throw new RunlensError('NOT_FOUND', `offline file ${file} does not exist`);
    }
  }
  const sink: RecordSink = o.data ? new StoreRecordSink(new SqliteStore({ dataDir: o.data }), true) : new HttpRecordSink(o.url, o.token);
  const reports: FileReport[] = [];
  try {
    for (const file of files) {
      const size = statSync(file).size;
      const bar = process.stderr.isTTY && !o.json ? new cliProgress.SingleBar({ format: `${file} [{bar}] {percentage}%`, stream: process.stderr }, cliProgress.Presets.shades_classic) : undefined;
      bar?.start(size, 0);
      try {
        reports.push(await syncFile(file, sink, (b) => bar?.update(Math.min(b, size))));
      } finally {
        bar?.stop();
      }
    }
  } finally {
    await sink.close();
  }
  if (o.json) console.log(JSON.stringify(reports, null, 2));
  else {
    for (const r of reports) {
      console.log(`${r.file}: ${r.runsCreated} run(s) created, ${r.runsExisting} already there, ${r.points} points, ${r.updates} updates, ${r.logLines} log lines${r.skipped.length ? `, ${r.skipped.length} record(s) skipped` : ''}${r.rejected.length ? `, ${r.rejected.length} refused` : ''}`);
      for (const s of r.skipped.slice(0, 20)) console.log(`  ${r.file}:${s.line}: ${s.reason}`);
      for (const x of r.rejected.slice(0, 20)) console.log(`  ${x.record} of run ${x.run} refused: ${x.reason}`);
    }
  }
  if (reports.some((r) => r.skipped.length > 0 || r.rejected.length > 0)) process.exitCode = 1;
}
