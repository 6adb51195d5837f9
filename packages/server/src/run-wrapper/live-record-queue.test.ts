import { describe, expect, it, vi } from 'vitest';
import { LIMITS, type IngestRecord, type LogsRecord, type MetricsRecord } from '@runlens/core';
import { emptyReport, type RecordSink } from '../ingest/record-sink.js';
import { LiveRecordQueue, capLogLine } from './live-record-queue.js';

const RUN = '01J0000000000000000000TEST';

/** A sink that keeps what it gets; `hold()` makes apply wait until `release()`. */
class MemorySink implements RecordSink {
  readonly records: IngestRecord[] = [];
  readonly report = emptyReport();
  flushes = 0;
  failNext = 0;
  private gate: Promise<void> | undefined;
  private open: (() => void) | undefined;

  hold(): void {
    this.gate = new Promise((r) => (this.open = r));
  }
  release(): void {
    this.open?.();
    this.gate = undefined;
  }
  async apply(record: IngestRecord): Promise<void> {
    if (this.gate) await this.gate;
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('server went away');
    }
    this.records.push(record);
  }
  async flush(): Promise<void> {
    this.flushes++;
  }
  async close(): Promise<void> {}

  logLines(): string[] {
    return this.records.filter((r): r is LogsRecord => r.type === 'logs').flatMap((r) => r.body.lines.map((l) => l.line));
  }
  metrics(): MetricsRecord[] {
    return this.records.filter((r): r is MetricsRecord => r.type === 'metrics');
  }
}

const RUN_BODY = { id: RUN, project: 'p', status: 'running' as const, startTime: 1 };

describe('LiveRecordQueue', () => {
  it('sends the run first, then batched metrics and logs, then the final update, and flushes the sink', async () => {
    const sink = new MemorySink();
    const b = new LiveRecordQueue(sink, RUN, { flushMs: 10 });
    b.addLog('before start', 'stdout', 5);
    b.start(RUN_BODY);
    b.addPoint('train/loss', 0, 4.1, 10);
    b.addPoint('train/loss', 1, Number.NaN, 11);
    b.addPoint('lr', 1, Number.POSITIVE_INFINITY, 11);
    b.addLog('iter 1', 'stderr', 11);
    const stats = await b.finish({ status: 'completed', endTime: 20, exitCode: 0 });
    expect(sink.records[0]).toEqual({ type: 'run', run: RUN_BODY });
    expect(sink.records.at(-1)).toEqual({ type: 'update', run: RUN, body: { status: 'completed', endTime: 20, exitCode: 0 } });
    const series = sink.metrics().flatMap((m) => m.body.series ?? []);
    expect(series).toContainEqual({ key: 'train/loss', steps: [0, 1], values: [4.1, 'NaN'], times: [10, 11] });
    expect(series).toContainEqual({ key: 'lr', steps: [1], values: ['Infinity'], times: [11] });
    const logs = sink.records.filter((r): r is LogsRecord => r.type === 'logs').flatMap((r) => r.body.lines);
    expect(logs).toEqual([{ line: 'before start', stream: 'stdout', time: 5 }, { line: 'iter 1', stream: 'stderr', time: 11 }]);
    expect(sink.flushes).toBeGreaterThan(0);
    expect(stats).toMatchObject({ logLines: 2, points: 3, droppedLogLines: 0, failedRecords: 0 });
  });

  it('splits big batches below the API limits', async () => {
    const sink = new MemorySink();
    const b = new LiveRecordQueue(sink, RUN, { flushMs: 10 });
    b.start(RUN_BODY);
    for (let i = 0; i < 25_000; i++) b.addLog(`line ${i}`, 'stdout', i);
    for (let i = 0; i < 120_000; i++) b.addPoint('x', i, i, i);
    await b.finish({ status: 'completed' });
    const logRecords = sink.records.filter((r): r is LogsRecord => r.type === 'logs');
    expect(logRecords.length).toBeGreaterThanOrEqual(3);
    for (const r of logRecords) expect(r.body.lines.length).toBeLessThanOrEqual(LIMITS.maxLogLinesPerBatch);
    expect(sink.logLines()).toEqual(Array.from({ length: 25_000 }, (_, i) => `line ${i}`));
    const steps = sink.metrics().flatMap((m) => m.body.series!.flatMap((s) => s.steps));
    expect(steps).toEqual(Array.from({ length: 120_000 }, (_, i) => i));
    for (const m of sink.metrics()) expect(m.body.series!.reduce((a, s) => a + s.steps.length, 0)).toBeLessThanOrEqual(50_000);
  });

  it('drops and counts lines while a slow sink holds a record, keeping memory under the bound', async () => {
    const sink = new MemorySink();
    const b = new LiveRecordQueue(sink, RUN, { flushMs: 5, maxPendingLogChars: 100_000 });
    sink.hold();
    b.start(RUN_BODY);
    const line = 'z'.repeat(936); // 1,000 with the per-line overhead
    for (let i = 0; i < 1000; i++) b.addLog(line, 'stdout', i);
    expect(b.stats.logLines).toBe(100);
    expect(b.stats.droppedLogLines).toBe(900);
    expect(b.stats.peakPendingLogChars).toBeLessThanOrEqual(100_000);
    sink.release();
    const stats = await b.finish({ status: 'completed' });
    expect(sink.logLines()).toHaveLength(100);
    expect(stats.logLines + stats.droppedLogLines).toBe(1000);
  });

  it('sends a heartbeat when nothing else went out for a while', async () => {
    const sink = new MemorySink();
    const b = new LiveRecordQueue(sink, RUN, { flushMs: 5, heartbeatMs: 30 });
    b.start(RUN_BODY);
    await vi.waitFor(() => expect(sink.records.filter((r) => r.type === 'update' && r.body.heartbeat === true).length).toBeGreaterThanOrEqual(2), { timeout: 10_000, interval: 10 });
    await b.finish({ status: 'completed' });
  });

  it('counts records the sink throws on, warns once, and goes on with the rest', async () => {
    const sink = new MemorySink();
    const warnings: string[] = [];
    const b = new LiveRecordQueue(sink, RUN, { flushMs: 5, onWarning: (m) => warnings.push(m) });
    sink.failNext = 2;
    b.start(RUN_BODY);
    b.addLog('a', 'stdout', 1);
    await vi.waitFor(() => expect(b.stats.failedRecords).toBe(2), { timeout: 10_000, interval: 5 });
    b.addLog('b', 'stdout', 2);
    const stats = await b.finish({ status: 'completed' });
    expect(stats.failedRecords).toBe(2);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/could not record run: server went away/);
    expect(sink.logLines()).toEqual(['b']);
    expect(sink.records.at(-1)?.type).toBe('update');
  });

  it('leaves out points no store would take and caps log lines as the server does', async () => {
    const sink = new MemorySink();
    const b = new LiveRecordQueue(sink, RUN, { flushMs: 5 });
    b.start(RUN_BODY);
    b.addPoint('ok', 1, 1, 1);
    b.addPoint('bad\u0001key', 1, 1, 1);
    b.addPoint(' padded', 1, 1, 1);
    b.addPoint('ok', -1, 1, 1);
    b.addPoint('ok', 1.5, 1, 1);
    b.addLog('q'.repeat(200_000), 'stdout', 1);
    b.addLog('nul\u0000byte', 'stdout', 1);
    const stats = await b.finish({ status: 'completed' });
    expect(stats.invalidPoints).toBe(4);
    expect(sink.metrics().flatMap((m) => m.body.series!.map((s) => s.key))).toEqual(['ok']);
    const [long, nul] = sink.logLines();
    expect(long!.length).toBe(LIMITS.maxLogLineLength);
    expect(long!.endsWith('…[truncated]')).toBe(true);
    expect(nul).toBe('nul\uFFFDbyte');
    expect(capLogLine('short')).toBe('short');
  });
});
