/**
 * Importers read what researchers already have (TensorBoard event files, MLflow stores, trainer_state.json, CSV)
 * and emit ingest records (`IngestRecord`, @runlens/core). They are `importer` plugins; `runlens import <kind>` and
 * `POST /api/v1/import` look them up in the registry by name.
 *
 * Importing twice must create nothing new: run ids come from `importRunId` (a hash of the source), and a repeated
 * (run, key, step) replaces itself in the store.
 */
import { createHash } from 'node:crypto';
import type { IngestRecord, PluginBase } from '@runlens/core';

export interface ImportContext {
  /** Put every imported run in this project instead of the one the source names. */
  project?: string | undefined;
  /** Import runs the source marks deleted (MLflow lifecycle_stage). Default false. */
  includeDeleted?: boolean | undefined;
  /** Hands one record to the store or server; await it (backpressure). Runs must be emitted before their data. */
  emit(record: IngestRecord): Promise<void>;
  /** Something was skipped or suspicious; name the file and the line or byte offset. */
  warn(message: string): void;
  /** Bytes of input read so far, out of the total (for the progress bar). */
  progress(done: number, total: number): void;
}

export interface ImporterPlugin extends PluginBase {
  kind: 'importer';
  /** `runlens import <name> <path>` help text: what the path may be. */
  pathHelp: string;
  /** Imports everything under `path`; throws RunlensError for a path that cannot be imported at all. */
  import(path: string, ctx: ImportContext): Promise<void>;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A ULID-shaped run id that is the same every time the same source is imported: the time part is the run's start
 * time (so ids still sort by start), the rest is a hash of `parts` (e.g. importer name, absolute path, run name).
 */
export function importRunId(startTimeMs: number, ...parts: string[]): string {
  let t = Math.max(0, Math.min(2 ** 48 - 1, Math.floor(Number.isFinite(startTimeMs) ? startTimeMs : 0)));
  let time = '';
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  const hash = createHash('sha256').update(parts.join('\u0000')).digest();
  let rand = '';
  for (let i = 0; i < 16; i++) rand += CROCKFORD[hash[i]! % 32]!;
  return time + rand;
}
