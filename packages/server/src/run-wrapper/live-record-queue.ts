/**
 * Turns a wrapped command's log lines and metric points into batched ingest records and hands them to a
 * RecordSink one at a time, in order. The sink may be slow (a remote server, a busy disk): while a record is in
 * flight new lines wait in a bounded buffer, and when that is full they are dropped and counted — the command is
 * never held up and memory never grows without bound.
 */
import { LIMITS, checkName, encodeValue, type IngestRecord, type LogStream, type PatchRunBody, type RunRecord } from '@runlens/core';
import type { RecordSink } from '../ingest/record-sink.js';

export interface LiveRecordQueueOptions {
  /** How often pending lines and points are sent, in ms. Default 250. */
  flushMs?: number;
  /** An `update {heartbeat: true}` goes out when nothing else was sent for this long, in ms. Default 15,000. */
  heartbeatMs?: number;
  /** Pending log text (characters, plus ~64 per line) held while the sink is busy before lines are dropped. Default 16 Mi. */
  maxPendingLogChars?: number;
  /** Pending metric points held while the sink is busy before points are dropped. Default 1,000,000. */
  maxPendingPoints?: number;
  /** Told once about the first record the sink refused or failed on. */
  onWarning?: (message: string) => void;
}

/** What the batcher took in, sent and dropped. */
export interface RecordingStats {
  logLines: number;
  droppedLogLines: number;
  points: number;
  droppedPoints: number;
  /** Points a parser produced that no store would take (bad key or step). */
  invalidPoints: number;
  /** Records the sink threw on. */
  failedRecords: number;
  /** The most log text held at once (same unit as maxPendingLogChars); shows the bound held. */
  peakPendingLogChars: number;
}

interface PendingLine {
  line: string;
  stream: LogStream;
  time: number;
}

interface PendingSeries {
  steps: number[];
  values: number[];
  times: number[];
}

/** Rough per-line overhead of a pending line object, counted against maxPendingLogChars. */
const LINE_OVERHEAD = 64;
/** Log lines per record: well under the API's 50,000. */
const LOG_LINES_PER_RECORD = 10_000;
/** Characters of log text per record: even all-control-character lines (6 bytes each in JSON) stay under 8 MiB. */
const LOG_CHARS_PER_RECORD = 1_000_000;
/** Points per metrics record: well under the API's 250,000 and a small JSON body. */
const POINTS_PER_RECORD = 50_000;
const TRUNCATED = '…[truncated]';

/** Caps a log line to what the server stores, marked the way the server marks it; NUL becomes U+FFFD. */
export function capLogLine(line: string): string {
  let s = line.length > LIMITS.maxLogLineLength ? `${line.slice(0, LIMITS.maxLogLineLength - TRUNCATED.length)}${TRUNCATED}` : line;
  // NUL is legal JSON but not text in every database (PostgreSQL refuses it)
  if (s.includes('\u0000')) s = s.replaceAll('\u0000', '\uFFFD');
  return s;
}

export class LiveRecordQueue {
  private readonly flushMs: number;
  private readonly heartbeatMs: number;
  private readonly maxPendingLogChars: number;
  private readonly maxPendingPoints: number;
  private readonly onWarning: (message: string) => void;

  private lines: PendingLine[] = [];
  private lineChars = 0;
  private series = new Map<string, PendingSeries>();
  private pendingPoints = 0;
  /** Records ready to go (run, updates), sent before pending lines and points. */
  private readonly queue: IngestRecord[] = [];
  private started = false;
  private sending = false;
  private flushRequested = false;
  private finished = false;
  private lastSentAt = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private idle: (() => void)[] = [];
  private warned = false;
  /** Records were applied since the sink was last flushed (sinks may hold metrics back to merge them). */
  private unflushed = false;

  readonly stats: RecordingStats = {
    logLines: 0,
    droppedLogLines: 0,
    points: 0,
    droppedPoints: 0,
    invalidPoints: 0,
    failedRecords: 0,
    peakPendingLogChars: 0,
  };

  constructor(private readonly sink: RecordSink, readonly runId: string, options: LiveRecordQueueOptions = {}) {
    this.flushMs = options.flushMs ?? 250;
    this.heartbeatMs = options.heartbeatMs ?? 15_000;
    this.maxPendingLogChars = options.maxPendingLogChars ?? 16 * 1024 * 1024;
    this.maxPendingPoints = options.maxPendingPoints ?? 1_000_000;
    this.onWarning = options.onWarning ?? (() => {});
  }

  /** Sends the run record, then everything gathered so far; lines and points may be added before this. */
  start(run: RunRecord['run']): void {
    if (this.started) return;
    this.started = true;
    this.queue.push({ type: 'run', run });
    this.timer = setInterval(() => this.tick(), this.flushMs);
    this.timer.unref();
    this.pump();
  }

  /** Queues a log line; `force` keeps it even over the bound (the wrapper's own closing note). */
  addLog(line: string, stream: LogStream, time: number, force = false): void {
    if (this.finished) return;
    const capped = capLogLine(line);
    const cost = capped.length + LINE_OVERHEAD;
    if (!force && this.lineChars + cost > this.maxPendingLogChars) {
      this.stats.droppedLogLines++;
      return;
    }
    this.lines.push({ line: capped, stream, time });
    this.lineChars += cost;
    this.stats.logLines++;
    if (!force && this.lineChars > this.stats.peakPendingLogChars) this.stats.peakPendingLogChars = this.lineChars;
    if (this.lines.length >= LOG_LINES_PER_RECORD || this.lineChars >= LOG_CHARS_PER_RECORD) this.requestFlush();
  }

  addPoint(key: string, step: number, value: number, time: number): void {
    if (this.finished) return;
    if (!Number.isSafeInteger(step) || step < 0 || typeof value !== 'number' || checkName(key, 'key') !== undefined) {
      this.stats.invalidPoints++;
      return;
    }
    if (this.pendingPoints >= this.maxPendingPoints) {
      this.stats.droppedPoints++;
      return;
    }
    let s = this.series.get(key);
    if (!s) this.series.set(key, (s = { steps: [], values: [], times: [] }));
    s.steps.push(step);
    s.values.push(value);
    s.times.push(time);
    this.pendingPoints++;
    this.stats.points++;
    if (this.pendingPoints >= POINTS_PER_RECORD) this.requestFlush();
  }

  /**
   * Sends everything pending, then `update` (the final status), and waits for the sink to take it all and flush.
   * Requires start() first. Lines and points added afterwards are ignored.
   */
  async finish(update: PatchRunBody): Promise<RecordingStats> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.flushRequested = true;
    await this.whenIdle();
    this.finished = true;
    // pending lines and points were cut into records ahead of this while draining
    this.queue.push({ type: 'update', run: this.runId, body: update });
    await this.whenIdle();
    try {
      await this.sink.flush();
    } catch (e) {
      this.failed('flush', e);
    }
    return this.stats;
  }

  private requestFlush(): void {
    this.flushRequested = true;
    this.pump();
  }

  private tick(): void {
    this.flushRequested = true;
    if (!this.sending && this.queue.length === 0 && this.lines.length === 0 && this.pendingPoints === 0 && Date.now() - this.lastSentAt >= this.heartbeatMs) {
      this.queue.push({ type: 'update', run: this.runId, body: { heartbeat: true } });
    }
    this.pump();
  }

  private whenIdle(): Promise<void> {
    this.pump();
    if (!this.sending) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private pump(): void {
    if (this.sending || !this.started) return;
    this.sending = true;
    void this.drain();
  }

  private async drain(): Promise<void> {
    try {
      for (let rec = this.next(); rec; rec = this.next()) {
        try {
          if (rec === 'flush') {
            this.unflushed = false;
            await this.sink.flush();
          } else {
            this.unflushed = true;
            await this.sink.apply(rec);
          }
          this.lastSentAt = Date.now();
        } catch (e) {
          this.failed(rec === 'flush' ? 'metrics' : rec.type, e);
        }
      }
    } finally {
      this.sending = false;
      const waiters = this.idle;
      this.idle = [];
      for (const w of waiters) w();
    }
  }

  /**
   * The next record to send: queued ones first, then metrics (live curves matter most), then logs, then a flush
   * of the sink so that what it merges still shows up live.
   */
  private next(): IngestRecord | 'flush' | undefined {
    const queued = this.queue.shift();
    if (queued) return queued;
    if (!this.flushRequested) return undefined;
    if (this.pendingPoints > 0) return this.cutMetrics();
    if (this.lines.length > 0) return this.cutLogs();
    this.flushRequested = false;
    return this.unflushed ? 'flush' : undefined;
  }

  private cutMetrics(): IngestRecord {
    const series: { key: string; steps: number[]; values: ReturnType<typeof encodeValue>[]; times: number[] }[] = [];
    let n = 0;
    for (const [key, s] of this.series) {
      const take = Math.min(s.steps.length, POINTS_PER_RECORD - n);
      const values = new Array<ReturnType<typeof encodeValue>>(take);
      for (let i = 0; i < take; i++) values[i] = encodeValue(s.values[i]!);
      series.push({ key, steps: s.steps.slice(0, take), values, times: s.times.slice(0, take) });
      n += take;
      if (take === s.steps.length) this.series.delete(key);
      else {
        s.steps = s.steps.slice(take);
        s.values = s.values.slice(take);
        s.times = s.times.slice(take);
      }
      if (n >= POINTS_PER_RECORD) break;
    }
    this.pendingPoints -= n;
    return { type: 'metrics', run: this.runId, body: { series } };
  }

  private cutLogs(): IngestRecord {
    let chars = 0;
    let cost = 0;
    let i = 0;
    while (i < this.lines.length && i < LOG_LINES_PER_RECORD) {
      const len = this.lines[i]!.line.length;
      if (i > 0 && chars + len > LOG_CHARS_PER_RECORD) break;
      chars += len;
      cost += len + LINE_OVERHEAD;
      i++;
    }
    const batch = this.lines.slice(0, i);
    this.lines = i === this.lines.length ? [] : this.lines.slice(i);
    this.lineChars -= cost;
    return { type: 'logs', run: this.runId, body: { lines: batch } };
  }

  private failed(what: string, e: unknown): void {
    this.stats.failedRecords++;
    if (this.warned) return;
    this.warned = true;
    this.onWarning(`could not record ${what}: ${e instanceof Error ? e.message : String(e)} (the command keeps running; further failures are counted)`);
  }
}
