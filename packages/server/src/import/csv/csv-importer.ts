/**
 * `runlens import csv <file>`: metrics from a CSV (or TSV) file in one of three layouts, told apart by the header
 * (see table-layout.ts): long (`run,key,step,value[,time]`, what `runlens export --what series` writes), wide (one
 * column per metric) or an Optuna trials table. Runs go to `--project`, a `project` column, or a project named after
 * the file; a wide file without a run column is one run named after the file. Rows whose field count differs from
 * the header's (a cut-off last line, an unquoted comma) are reported and skipped; the rest is kept.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse, CsvError } from 'csv-parse';
import { PLUGIN_API_VERSION, RunlensError } from '@runlens/core';
import type { ImportContext, ImporterPlugin } from '../importer.js';
import { FileWarnings } from '../file-warnings.js';
import { fileStem, toName } from '../import-names.js';
import { requireInputFile, requireTextFile } from '../input-file.js';
import { OptunaTrials } from './optuna-trials.js';
import { detectLayout } from './table-layout.js';
import { LongRows, WideRows, type RowHandler } from './table-rows.js';
import { TableRuns } from './table-runs.js';

const WHAT = 'a CSV file';
/** Longest record read (a quoted field can span lines); random bytes with one stray quote must not buffer the file. */
const MAX_RECORD_BYTES = 16 * 1024 * 1024;

export const csvImporter: ImporterPlugin = {
  kind: 'importer',
  name: 'csv',
  apiVersion: PLUGIN_API_VERSION,
  description: 'CSV files: long (run,key,step,value[,time]), wide (one column per metric) or Optuna trials_dataframe()',
  pathHelp: 'a .csv or .tsv file with a header row',
  import: importCsv,
};

interface CsvRow {
  record: string[];
  info: { lines: number };
}

async function importCsv(path: string, ctx: ImportContext): Promise<void> {
  const size = await requireInputFile(path, WHAT);
  await requireTextFile(path, WHAT);
  const file = resolve(path);
  const stem = toName(fileStem(file), 'imported');
  const warnings = new FileWarnings(ctx.warn, path);

  const parser = parse({
    delimiter: await sniffDelimiter(path),
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: MAX_RECORD_BYTES,
    on_skip: (err) => {
      if (err) warnings.line(lineOf(err), `${err.message.replace(/ at line \d+/, '')}; skipped`);
      return undefined;
    },
  });
  const input = createReadStream(path);
  let read = 0;
  input.on('data', (chunk) => {
    read += chunk.length;
    ctx.progress(read, size);
  });
  input.on('error', (e) => parser.destroy(e));
  input.pipe(parser);

  const runs = new TableRuns({ ctx, importer: 'csv', file, defaultProject: stem, defaultRun: stem, warnings });
  let header: string[] | undefined;
  let handler: RowHandler | undefined;
  let trials: OptunaTrials | undefined;
  let wide: WideRows | undefined;
  let rows = 0;
  try {
    for await (const item of parser as AsyncIterable<CsvRow>) {
      const { record, info } = item;
      if (!header) {
        header = record;
        const layout = detectLayout(record, (why) => warnings.line(info.lines, why));
        if (layout.kind === 'long') handler = new LongRows(layout, runs, warnings);
        else if (layout.kind === 'optuna') handler = trials = new OptunaTrials({ ctx, importer: 'csv', file, defaultProject: stem, warnings, columns: layout.columns });
        else handler = wide = new WideRows(layout, runs, warnings, stem);
        continue;
      }
      rows++;
      if (record.length !== header.length) {
        warnings.line(info.lines, `${record.length} field${record.length === 1 ? '' : 's'} where the header has ${header.length}; skipped`);
        continue;
      }
      await handler!.row(info.lines, record);
    }
  } catch (e) {
    if (!(e instanceof CsvError)) throw new RunlensError('VALIDATION', `${path}: cannot read it (${(e as Error).message})`);
    warnings.line(lineOf(e), `${e.message.replace(/ at line \d+/, '')}; stopped reading here`);
  }
  wide?.finish();
  const runCount = trials ? trials.count : await runs.finish();
  warnings.finish();
  ctx.progress(size, size);
  if (!header) throw new RunlensError('VALIDATION', `${path}: no header row; expected ${WHAT}`);
  if (runCount === 0) {
    const columns = header.map((h) => JSON.stringify(h.slice(0, 30))).slice(0, 8).join(', ');
    throw new RunlensError(
      'VALIDATION',
      `${path}: no data found (${rows} row${rows === 1 ? '' : 's'} under the header ${columns}${header.length > 8 ? ', ...' : ''}); expected long (run,key,step,value), wide (step plus one column per metric) or Optuna trials columns`,
    );
  }
}

function lineOf(err: CsvError): number {
  return typeof err.lines === 'number' ? err.lines : 0;
}

/** Comma, unless the first line has more tabs or semicolons (TSV, or CSV from a spreadsheet in a comma-decimal locale). */
async function sniffDelimiter(path: string): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const text = buf.subarray(0, bytesRead).toString('utf8');
    const first = text.slice(0, text.indexOf('\n') >= 0 ? text.indexOf('\n') : text.length);
    const count = (c: string) => first.split(c).length - 1;
    const [commas, tabs, semicolons] = [count(','), count('\t'), count(';')];
    if (tabs > commas && tabs >= semicolons) return '\t';
    if (semicolons > commas && semicolons > tabs) return ';';
    return ',';
  } finally {
    await fh.close();
  }
}
