/**
 * Runs an importer into a sink and sums up what happened: the one place `runlens import` and POST /api/v1/import
 * share, so both report the same numbers.
 */
import { RunlensError } from '@runlens/core';
import type { RecordSink, SinkReport } from '../ingest/record-sink.js';
import type { ImporterPlugin } from './importer.js';

export interface ImportSummary extends SinkReport {
  importer: string;
  path: string;
  warnings: string[];
  durationMs: number;
}

/** Most warnings kept in a summary; the count beyond is reported in the last one. */
const MAX_WARNINGS = 200;

export async function runImport(
  importer: ImporterPlugin,
  path: string,
  sink: RecordSink,
  options: { project?: string | undefined; includeDeleted?: boolean | undefined; onWarning?: (m: string) => void; onProgress?: (done: number, total: number) => void },
): Promise<ImportSummary> {
  const started = performance.now();
  const warnings: string[] = [];
  let dropped = 0;
  try {
    await importer.import(path, {
      project: options.project,
      includeDeleted: options.includeDeleted,
      emit: (record) => sink.apply(record),
      warn: (m) => {
        options.onWarning?.(m);
        if (warnings.length < MAX_WARNINGS) warnings.push(m);
        else dropped++;
      },
      progress: (done, total) => options.onProgress?.(done, total),
    });
    await sink.flush();
  } catch (e) {
    if (e instanceof RunlensError) throw e;
    throw new RunlensError('INTERNAL', `${importer.name} import of ${path} failed: ${(e as Error).message}`);
  }
  if (dropped > 0) warnings.push(`… and ${dropped} more warnings`);
  return { importer: importer.name, path, ...structuredClone(sink.report), warnings, durationMs: performance.now() - started };
}
