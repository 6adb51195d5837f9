import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { builtinRegistry, importerNamed } from '../../plugins/builtin-registry.js';
import { openRecordSink } from '../../ingest/open-sink.js';
import { runImport, type ImportSummary } from '../../import/run-import.js';
import type { ImporterPlugin } from '../../import/importer.js';
import { defaultDataDir, env } from '../options.js';

interface ImportOptions {
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

export function registerImport(program: Command): void {
  const importers = builtinRegistry().list('importer') as ImporterPlugin[];
  program
    .command('import')
    .description('Import runs from TensorBoard, MLflow, Hugging Face Trainer, CSV or JSONL (importing twice adds nothing)')
    .argument('<kind>', importers.map((i) => i.name).join(' | '))
    .argument('<path>', 'what to import (see below)')
    .option('-p, --project <name>', 'put every imported run in this project')
    .option('--include-deleted', 'also import runs the source marks deleted (MLflow)', false)
    .option('--data <dir>', 'data directory to write when no server runs on it (RUNLENS_DATA)', defaultDataDir())
    .option('--url <url>', 'send to this server instead (RUNLENS_URL)', env.RUNLENS_URL)
    .option('--token <token>', 'bearer token for the server (RUNLENS_TOKEN)', env.RUNLENS_TOKEN)
    .option('--json', 'print the summary as JSON', false)
    .addHelpText('after', `\nPaths by kind:\n${importers.map((i) => `  ${i.name.padEnd(12)} ${i.pathHelp}`).join('\n')}`)
    .action(async (kind: string, path: string, o: ImportOptions) => {
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
    });
}
