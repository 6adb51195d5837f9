/** What `runlens import` does (see import.ts, which registers the command); loaded when it runs. */
import cliProgress from 'cli-progress';
import { importerNamed } from '../../plugins/builtin-registry.js';
import { openRecordSink } from '../../ingest/open-sink.js';
import { runImport, type ImportSummary } from '../../import/run-import.js';

export interface ImportOptions {
  data: string;
  url?: string;
  token?: string;
  project?: string;
  includeDeleted: boolean;
  json: boolean;
}

export function formatImportSummary(s: ImportSummary): string {
  const lines = [
    `${s.importer} import of ${s.path}: ${s.runsCreated} run(s) created, ${s.runsExisting} already there, ${s.series} series, ${s.points.toLocaleString('en-US')} points` +
      `${s.histograms ? `, ${s.histograms} histograms` : ''}${s.texts ? `, ${s.texts} texts` : ''}${s.logLines ? `, ${s.logLines} log lines` : ''} in ${(s.durationMs / 1000).toFixed(1)} s`,
  ];
  if (s.rejected.length) lines.push(`${s.rejected.length} record(s) skipped:`, ...s.rejected.slice(0, 20).map((r) => `  ${r.record} of run ${r.run}: ${r.reason}`));
  if (s.warnings.length) lines.push(`${s.warnings.length} warning(s):`, ...s.warnings.slice(0, 20).map((w) => `  ${w}`));
  return lines.join('\n');
}

export async function importAction(kind: string, path: string, o: ImportOptions): Promise<void> {
  const importer = importerNamed(kind);
  const { sink, describe } = await openRecordSink(o);
  const bar = process.stderr.isTTY && !o.json ? new cliProgress.SingleBar({ format: `${kind} [{bar}] {percentage}% | {value}/{total} bytes`, stream: process.stderr }, cliProgress.Presets.shades_classic) : undefined;
  let started = false;
  let summary: ImportSummary;
  try {
    summary = await runImport(importer, path, sink, {
      project: o.project,
      includeDeleted: o.includeDeleted,
      onProgress: (done, total) => {
        if (!bar) return;
        if (!started) {
          bar.start(total, 0);
          started = true;
        }
        bar.setTotal(total);
        bar.update(done);
      },
    });
  } finally {
    if (started) bar?.stop();
    await sink.close();
  }
  if (o.json) console.log(JSON.stringify(summary, null, 2));
  else console.log(`${formatImportSummary(summary)}\ninto ${describe}`);
  if (summary.rejected.length) process.exitCode = 1;
}
