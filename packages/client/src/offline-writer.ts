import type { NodeRuntime } from './node-runtime.js';
import type { OfflineRecord } from './offline-format.js';

/**
 * Appends offline records to `<dir>/<run-id>.jsonl` (format in `offline-format.ts`). Writes are synchronous on
 * purpose: they happen on the flush timer, not in `log()`, they are small and batched, and a synchronous write is the
 * only kind that still completes inside a process `exit` handler, which is when the last data gets saved.
 */
export class OfflineWriter {
  private constructor(
    private readonly runtime: NodeRuntime,
    /** Absolute path of the file. */
    readonly file: string,
  ) {}

  /** Creates the directory and the file, writing `first` as its first record. Throws when that is impossible. */
  static create(runtime: NodeRuntime, dir: string, runId: string, first: OfflineRecord): OfflineWriter {
    const absDir = runtime.path.resolve(dir);
    runtime.fs.mkdirSync(absDir, { recursive: true });
    const writer = new OfflineWriter(runtime, runtime.path.join(absDir, `${runId}.jsonl`));
    writer.append([first]);
    return writer;
  }

  /** Appends records, one JSON line each. Throws on I/O errors (disk full, permissions). */
  append(records: readonly OfflineRecord[]): void {
    if (records.length === 0) return;
    let text = '';
    for (const r of records) text += JSON.stringify(r) + '\n';
    this.runtime.fs.appendFileSync(this.file, text, 'utf8');
  }
}
