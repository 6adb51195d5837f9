/**
 * A RecordSink that never loses a run to an unreachable server: once the server fails (down, restarting, wrong
 * token), this record and every later one are appended to an offline file in the clients' format
 * (packages/client/src/offline-format.ts), which `runlens sync FILE` uploads later. Replaying is idempotent, so
 * records that did reach the server before the failure do no harm when synced again.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { IngestRecord, RunRecord } from '@runlens/core';
import type { RecordSink, SinkReport } from '../ingest/record-sink.js';

export class SpillingSink implements RecordSink {
  private run: RunRecord | undefined;
  /** Metrics records the primary sink took but may still hold (sinks merge them until flush). */
  private unflushed: IngestRecord[] = [];
  private spilling = false;
  /** Records written to the file. */
  spilled = 0;

  constructor(
    private readonly primary: RecordSink,
    /** The offline file, created on the first failure. */
    readonly file: string,
    private readonly onSpill: (message: string) => void = () => {},
  ) {}

  get report(): SinkReport {
    return this.primary.report;
  }

  async apply(record: IngestRecord): Promise<void> {
    if (record.type === 'run') this.run = record;
    if (this.spilling) return this.spill([record]);
    try {
      await this.primary.apply(record);
      // anything but metrics goes out at once, and first sends what was merged before it
      if (record.type === 'metrics') this.unflushed.push(record);
      else this.unflushed = [];
    } catch (e) {
      this.startSpilling(e, [...this.unflushed, record]);
    }
  }

  async flush(): Promise<void> {
    if (this.spilling) return;
    try {
      await this.primary.flush();
      this.unflushed = [];
    } catch (e) {
      this.startSpilling(e, this.unflushed);
    }
  }

  close(): Promise<void> {
    return this.primary.close();
  }

  private startSpilling(e: unknown, pending: IngestRecord[]): void {
    this.spilling = true;
    this.unflushed = [];
    // the file must start with the run so that syncing it alone recreates everything
    const first = this.run && pending[0] !== this.run ? [this.run] : [];
    this.spill([...first, ...pending]);
    this.onSpill(`${e instanceof Error ? e.message : String(e)}; recording to ${this.file} instead (upload it later with \`runlens sync ${this.file}\`)`);
  }

  private spill(records: IngestRecord[]): void {
    if (records.length === 0) return;
    mkdirSync(dirname(this.file), { recursive: true });
    appendFileSync(this.file, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    this.spilled += records.length;
  }
}
