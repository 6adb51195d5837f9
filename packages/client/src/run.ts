import { checkName } from './check-name.js';
import { trackForExit } from './exit-hooks.js';
import { sendJson, unrefTimer, type SendOutcome, type TransportOptions } from './http-transport.js';
import { messages, shorten } from './messages.js';
import { MetricBuffer } from './metric-buffer.js';
import type { NodeRuntime } from './node-runtime.js';
import type { OfflineRecord } from './offline-format.js';
import { OfflineWriter } from './offline-writer.js';
import type { ResolvedOptions, RunMode } from './options.js';
import { sanitizeParams } from './sanitize-params.js';
import { encodeValue, type WireValue } from './wire-value.js';
import type { CreateRunBody, FinishStatus, HistogramsBody, LogLineBody, LogsBody, MetricsBody, PatchRunBody } from './wire-types.js';
import { encodeTensorBody, histogramOf, sampleRows, takeRows, type TensorDtype, type TensorInput } from './tensor-body.js';

/** Counters of a run's data, from {@link Run.stats}. */
export interface RunStats {
  /** Metric points the server has acknowledged. */
  sent: number;
  /** Metric points written to the offline file. */
  written: number;
  /** Metric points held in memory: logged, not yet acknowledged or written. */
  buffered: number;
  /** Metric points given up: rejected by the server, or dropped for memory with nowhere to spill them. */
  dropped: number;
  /** Requests that failed and were tried again. */
  retries: number;
  /** The offline file, once the run writes one. */
  offlineFile?: string;
}

/** Options of {@link Run.finish}. */
export interface FinishOptions {
  /** The process exit code to record. */
  exitCode?: number;
  /** What went wrong; an `Error` is recorded with its stack. */
  error?: string | Error;
}

/** One log line for {@link Run.logLines}. */
export interface LogLineInput {
  line: string;
  /** Default `"stdout"`. */
  stream?: 'stdout' | 'stderr';
  /** ms since the epoch; default now. */
  time?: number;
}

/** Everything a run needs from `init`. */
export interface RunSetup {
  id: string;
  options: ResolvedOptions;
  createBody: CreateRunBody;
  /** Node built-ins for the offline file; undefined in browsers. */
  node: NodeRuntime | undefined;
}

type Op =
  | { kind: 'create'; body: CreateRunBody; seq: number; points: 0; lines: 0; json?: string }
  | { kind: 'metrics'; body: MetricsBody; seq: number; points: number; lines: 0; json?: string }
  | { kind: 'update'; body: PatchRunBody; seq: number; points: 0; lines: 0; json?: string; heartbeat: boolean }
  | { kind: 'logs'; body: LogsBody; seq: number; points: 0; lines: number; json?: string }
  | { kind: 'histograms'; body: HistogramsBody; seq: number; points: 0; lines: 0; json?: string }
  | { kind: 'tensor'; body: Uint8Array; seq: number; points: 0; lines: 0 };

interface Waiter {
  seq: number;
  resolve: () => void;
}

const FINISH_STATUSES: readonly FinishStatus[] = ['completed', 'failed', 'killed'];
/** Log lines per request, and their total characters: keeps a batch well under the server's 8 MiB body limit. */
const MAX_BATCH_LINES = 5_000;
const MAX_BATCH_LINE_CHARS = 2_000_000;
const MAX_NOTES = 100_000;
/** Cap on remembered warnings and validated keys, so a script inventing keys cannot grow them without end. */
const MAX_REMEMBERED = 10_000;
/** Parameter snapshots copied but not yet encoded; more are skipped rather than piling up memory. */
const MAX_PENDING_SNAPSHOTS = 4;

/**
 * A run being logged. Created by {@link init}; all methods are safe to call from a training loop: `log`, `logParams`,
 * `summary` and `logLines` only buffer (they never throw, block or wait on the network), and a background sender
 * batches, retries and, when the server stays away, writes to an offline file.
 *
 * @example
 * const run = await init({ project: 'demo', config: { lr: 0.1 } });
 * for (let step = 0; step < 1000; step++) run.log({ 'train/loss': loss(step) });
 * run.summary({ best_val: 1.2 });
 * await run.finish();
 */
export class Run {
  /** The run's id, a ULID chosen by the client. */
  readonly id: string;
  /** Link to the run in the dashboard. */
  readonly url: string;
  /** The project the run belongs to. */
  readonly project: string;

  private mode: RunMode;
  private readonly o: ResolvedOptions;
  private readonly createBody: CreateRunBody;
  private readonly node: NodeRuntime | undefined;
  private readonly transport: TransportOptions;

  private readonly buffer = new MetricBuffer();
  private lines: LogLineBody[] = [];
  private queue: Op[] = [];
  private queuedPoints = 0;
  private queuedLines = 0;
  private seq = 0;
  private ackedSeq = 0;
  private waiters: Waiter[] = [];

  private lastStep = -1;
  private closed = false;
  private finishing: Promise<void> | undefined;
  private pumping = false;
  private kickScheduled = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  private sleepTimer: ReturnType<typeof setTimeout> | undefined;
  /** While positive, someone awaits delivery (init, flush, finish), so retry timers must keep Node alive. */
  private keepAlive = 0;
  private attempt = 0;
  private failingSince: number | undefined;
  /** Why the last request failed, for warnings. */
  private lastFailure: string | undefined;
  private lastContactAt = Date.now();
  private writer: OfflineWriter | undefined;
  /** Set once opening or writing the offline file failed; from then on there is nowhere to spill. */
  private fileFailed = false;
  private untrack: (() => void) | undefined;

  private readonly validKeys = new Set<string>();
  private readonly warned = new Set<string>();
  private readonly counters = { sent: 0, written: 0, dropped: 0, retries: 0 };
  private readonly paramState: { every: number | undefined; calls: number; lastCall: number | undefined; stepMs: number | undefined; costMs: number | undefined; encodeMs: number; pending: number; sent: number; skipped: number } = {
    every: undefined,
    calls: 0,
    lastCall: undefined,
    stepMs: undefined,
    costMs: undefined,
    encodeMs: 0,
    pending: 0,
    sent: 0,
    skipped: 0,
  };


  /** @internal Use {@link init}. */
  constructor(setup: RunSetup) {
    this.id = setup.id;
    this.o = setup.options;
    this.mode = setup.options.mode;
    this.project = setup.options.project;
    this.createBody = setup.createBody;
    this.node = setup.node;
    this.url = `${setup.options.baseUrl}/runs/${setup.id}`;
    this.transport = { baseUrl: setup.options.baseUrl, fetch: setup.options.fetch, ...(setup.options.token ? { token: setup.options.token } : {}) };
  }

  /** @internal Called once by {@link init}: creates the run (or its offline file) and starts the timers. */
  async start(): Promise<void> {
    for (const w of this.o.warnings) console.warn(w);
    if (this.mode === 'disabled') return;
    this.untrack = trackForExit({
      beforeExit: (code) => void this.finish(code ? 'failed' : 'completed', code ? { exitCode: code } : {}),
      exit: () => this.saveOnExit(),
    });
    this.timer = setInterval(() => this.tick(), this.o.flushIntervalMs);
    unrefTimer(this.timer);
    if (this.mode === 'offline') {
      if (this.openWriter()) console.warn(messages.offlineMode(this.id, this.writer?.file ?? ''));
      return;
    }
    const create = this.push({ kind: 'create', body: this.createBody, seq: 0, points: 0, lines: 0 });
    this.keepAlive++;
    let timeout: ReturnType<typeof setTimeout> | undefined;
    try {
      const created = this.waitFor(create.seq);
      void this.pump();
      await Promise.race([
        created,
        new Promise<void>((resolve) => {
          timeout = setTimeout(resolve, this.o.initTimeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timeout);
      this.releaseKeepAlive();
    }
    if (this.mode === 'online' && this.ackedSeq < create.seq) {
      console.warn(messages.serverNotReachableYet(this.o.baseUrl, this.lastFailure ?? 'no answer yet'));
    }
  }

  /**
   * Logs metric values at a step. Never throws and never waits: values are buffered and sent in the background.
   * Booleans are logged as 0/1; NaN and ±Infinity are kept. Other values, and keys the server would reject (empty,
   * over 256 characters, control characters, surrounding spaces), are skipped with one warning per key.
   *
   * @param metrics - `{key: value}`, e.g. `{ 'train/loss': 0.5, acc: 0.9 }`.
   * @param step - a non-negative integer. Default: one more than the step of the previous call (0 for the first).
   * @example
   * run.log({ 'train/loss': loss, lr: sched.lr }); // step 0, 1, 2, ... per call
   * run.log({ val_loss: v }, 1000);                // explicit step
   */
  log(metrics: Readonly<Record<string, number | boolean>>, step?: number): void {
    if (this.mode === 'disabled') return;
    try {
      this.logValues(metrics, step);
    } catch (e) {
      this.warnOnce('internal', messages.internal(this.id, e));
    }
  }

  /**
   * Adds or changes hyperparameters (merged into the run's params; nested objects are flattened by the server).
   * Never throws.
   *
   * @example
   * run.logParams({ optimizer: { name: 'adam', beta1: 0.9 } });
   */
  logParams(params: Readonly<Record<string, unknown>>): void {
    if (this.mode === 'disabled') return;
    try {
      if (!this.isObject(params, 'logParams()')) return;
      const clean = sanitizeParams(params);
      if (Object.keys(clean).length > 0) this.enqueueUpdate({ params: clean });
    } catch (e) {
      this.warnOnce('internal', messages.internal(this.id, e));
    }
  }

  /**
   * Records final metrics (the run's results), overriding each series' last value for those keys. Never throws.
   *
   * @example
   * run.summary({ best_val: 1.2, test_acc: 0.91 });
   */
  summary(values: Readonly<Record<string, number | boolean>>): void {
    if (this.mode === 'disabled') return;
    try {
      if (!this.isObject(values, 'summary()')) return;
      const summary: Record<string, WireValue> = {};
      let any = false;
      for (const key of Object.keys(values)) {
        const v = this.toNumber(key, readValue(values, key), 'summary key');
        if (v === undefined) continue;
        summary[key] = encodeValue(v);
        any = true;
      }
      if (any) this.enqueueUpdate({ summary });
    } catch (e) {
      this.warnOnce('internal', messages.internal(this.id, e));
    }
  }

  /**
   * Records output lines (for the dashboard's terminal view and log search). Batched like metrics. Never throws.
   *
   * @example
   * run.logLines([{ line: 'epoch 1 done', stream: 'stdout' }]);
   */
  logLines(lines: readonly LogLineInput[]): void {
    if (this.mode === 'disabled') return;
    try {
      if (this.closed) {
        this.warnOnce('closed', messages.afterFinish(this.id));
        return;
      }
      if (!Array.isArray(lines)) {
        this.warnOnce('lines', messages.notAnObject('logLines()'));
        return;
      }
      const now = Date.now();
      for (const l of lines as readonly unknown[]) {
        if (l === null || typeof l !== 'object' || !('line' in l)) continue;
        const line = typeof l.line === 'string' ? l.line : String(l.line);
        const stream = 'stream' in l && l.stream === 'stderr' ? 'stderr' : 'stdout';
        const time = 'time' in l && typeof l.time === 'number' && Number.isFinite(l.time) && l.time >= 0 ? l.time : now;
        this.lines.push({ line, stream, time });
      }
      this.afterAppend();
    } catch (e) {
      this.warnOnce('internal', messages.internal(this.id, e));
    }
  }

  /**
   * Logs one histogram at a step: from raw `values` binned into `bins` equal buckets (default 64), or given as
   * `edges` and `counts` (one more edge than counts). `step` defaults to the last metric step. Never throws.
   *
   * @example
   * run.logHistogram('weights/fc1', { values: weights });
   */
  logHistogram(key: string, input: { values: ArrayLike<number>; bins?: number } | { edges: readonly number[]; counts: readonly number[] }, step?: number): void {
    if (this.mode === 'disabled') return;
    try {
      const why = checkName(key, 'histogram key');
      if (why !== undefined) {
        this.warnOnce(`hist-key:${shorten(key)}`, messages.badKey(why));
        return;
      }
      const h = 'values' in input ? histogramOf(input.values, Math.max(1, Math.floor(input.bins ?? 64))) : { edges: [...input.edges], counts: [...input.counts] };
      if (h.counts.length === 0 || h.edges.length !== h.counts.length + 1) {
        this.warnOnce(`hist-shape:${shorten(key)}`, messages.badHistogram(key, h.edges.length, h.counts.length));
        return;
      }
      const body: HistogramsBody = { histograms: [{ key, step: Math.max(0, step ?? this.lastStep), time: Date.now(), edges: h.edges.map(encodeValue), counts: h.counts }] };
      this.enqueueExtra({ kind: 'histograms', body, seq: 0, points: 0, lines: 0 });
    } catch (e) {
      this.warnOnce('internal', messages.internal(this.id, e));
    }
  }

  /**
   * Logs one 2-D tensor snapshot (e.g. an embedding matrix) for the Parameters view, sent as float16 by default.
   * Never throws.
   *
   * @example
   * run.logTensor('char_emb', { data: emb, rows: vocab, cols: dim }, { labels: chars });
   */
  logTensor(name: string, tensor: TensorInput, options: { step?: number; labels?: readonly string[]; dtype?: TensorDtype } = {}): void {
    if (this.mode === 'disabled') return;
    try {
      if (tensor.data.length !== tensor.rows * tensor.cols) {
        this.warnOnce(`tensor-shape:${shorten(name)}`, messages.badTensor(name, tensor.data.length, tensor.rows, tensor.cols));
        return;
      }
      const labels = options.labels && options.labels.length === tensor.rows ? options.labels.map((l) => String(l).slice(0, 256)) : undefined;
      const header = { name, step: Math.max(0, options.step ?? this.lastStep), dtype: options.dtype ?? 'float16', shape: [tensor.rows, tensor.cols] as [number, number], ...(labels ? { labels } : {}) };
      const copy = Float32Array.from(tensor.data);
      this.deferEncode(() => encodeTensorBody(header, copy));
    } catch (e) {
      this.warnOnce('internal', messages.internal(this.id, e));
    }
  }

  /**
   * Snapshots named parameters for the Parameters view; call it every training step. Every `every` calls (raised
   * automatically so the time spent stays under `maxOverhead` of the step time, default 5 %), each parameter named in
   * `names` (all without it) has up to `sample` rows (default 2048) chosen — the same rows every time — copied now,
   * and encoded and sent later, off the training step; at most 4 snapshots wait, further ones are skipped. Never
   * throws.
   *
   * @example
   * run.logParameters({ char_emb: { data: model.emb, rows: vocab, cols: dim } }, { every: 20, labels: { char_emb: chars } });
   */
  logParameters(
    params: Readonly<Record<string, TensorInput>>,
    options: { every?: number; names?: readonly string[]; sample?: number; step?: number; labels?: Readonly<Record<string, readonly string[]>>; dtype?: TensorDtype; maxOverhead?: number } = {},
  ): void {
    if (this.mode === 'disabled') return;
    try {
      const ps = this.paramState;
      const now = performance.now();
      if (ps.lastCall !== undefined) {
        const dt = now - ps.lastCall;
        ps.stepMs = ps.stepMs === undefined ? dt : 0.9 * ps.stepMs + 0.1 * dt;
      }
      ps.lastCall = now;
      ps.every ??= Math.max(1, Math.floor(options.every ?? 100));
      ps.calls++;
      if ((ps.calls - 1) % ps.every !== 0) return;
      const step = options.step ?? (this.lastStep >= 0 ? this.lastStep : ps.calls - 1);
      for (const [name, t] of Object.entries(params)) {
        if (options.names && !options.names.some((n) => name === n || name.startsWith(`${n}.`))) continue;
        const idx = sampleRows(name, t.rows, options.sample ?? 2048);
        const all = options.labels?.[name];
        const labels = all && all.length === t.rows ? (idx ? idx.map((i) => all[i]!) : [...all]) : idx ? idx.map((i) => `#${i}`) : undefined;
        this.logTensor(name, takeRows(t, idx), { step, ...(labels ? { labels } : {}), dtype: options.dtype ?? 'float16' });
      }
      const cost = performance.now() - now + ps.encodeMs;
      ps.encodeMs = 0;
      ps.costMs = ps.costMs === undefined ? cost : 0.7 * ps.costMs + 0.3 * cost;
      if (ps.stepMs !== undefined && ps.stepMs > 0) {
        const need = Math.ceil(ps.costMs / (Math.max(1e-6, options.maxOverhead ?? 0.05) * ps.stepMs));
        if (need > ps.every) ps.every = need;
      }
    } catch (e) {
      this.warnOnce('internal', messages.internal(this.id, e));
    }
  }

  /** The current parameter snapshot interval and what a snapshot costs. */
  parameterStats(): { every: number; snapshotMs: number; stepMs: number; sent: number; skipped: number } {
    const ps = this.paramState;
    return { every: ps.every ?? 0, snapshotMs: ps.costMs ?? 0, stepMs: ps.stepMs ?? 0, sent: ps.sent, skipped: ps.skipped };
  }

  /**
   * Resolves once everything logged before the call is acknowledged by the server or written to the offline file
   * (or, where no file is possible and the server has been unreachable for `offlineAfterMs`, once that has been
   * established; the data stays buffered and is retried). Never rejects.
   *
   * @example
   * await run.flush();
   */
  async flush(): Promise<void> {
    if (this.mode === 'disabled') return;
    try {
      await this.encodesSettled();
      this.cutAll();
      const target = this.seq;
      if (this.ackedSeq >= target) return;
      this.keepAlive++;
      try {
        const done = this.waitFor(target);
        void this.pump();
        await done;
      } finally {
        this.releaseKeepAlive();
      }
    } catch (e) {
      this.warnOnce('internal', messages.internal(this.id, e));
    }
  }

  /**
   * Ends the run: sends everything still buffered, then its status and end time, and stops the timers. Calling it
   * again returns the first call's promise. Never rejects. Under Node, runs still open when the process runs out of
   * work are finished automatically (status `completed`, or `failed` with the exit code when one is set).
   *
   * @param status - Default `"completed"`.
   * @example
   * try { await train(run); await run.finish(); }
   * catch (e) { await run.finish('failed', { error: e as Error, exitCode: 1 }); throw e; }
   */
  finish(status: FinishStatus = 'completed', options: FinishOptions = {}): Promise<void> {
    this.finishing ??= this.finishOnce(status, options);
    return this.finishing;
  }

  /** Counters of the run's metric points. */
  stats(): RunStats {
    return {
      sent: this.counters.sent,
      written: this.counters.written,
      buffered: this.buffer.size + this.queuedPoints,
      dropped: this.counters.dropped,
      retries: this.counters.retries,
      ...(this.writer ? { offlineFile: this.writer.file } : {}),
    };
  }

  // ---- logging ----

  private logValues(metrics: Readonly<Record<string, number | boolean>>, step: number | undefined): void {
    if (this.closed) {
      this.warnOnce('closed', messages.afterFinish(this.id));
      return;
    }
    if (!this.isObject(metrics, 'log()')) return;
    let s: number;
    if (step === undefined) s = this.lastStep + 1;
    else if (typeof step === 'number' && Number.isSafeInteger(step) && step >= 0) s = step;
    else {
      this.warnOnce('step', messages.badStep(step));
      return;
    }
    this.lastStep = s;
    const time = Date.now();
    const record = metrics as Readonly<Record<string, unknown>>;
    for (const key of Object.keys(record)) {
      const v = this.toNumber(key, readValue(record, key), 'metric key');
      if (v !== undefined) this.buffer.push(key, s, v, time);
    }
    this.afterAppend();
  }

  /** A loggable number from a user value, or undefined (after a one-time warning) when key or value is unusable. */
  private toNumber(key: string, raw: unknown, what: string): number | undefined {
    if (!this.validKeys.has(key)) {
      const why = checkName(key, `${what} ${JSON.stringify(shorten(key))}`);
      if (why !== undefined) {
        this.warnOnce(`key:${shorten(key, 200)}`, messages.badKey(why));
        return undefined;
      }
      if (this.validKeys.size < MAX_REMEMBERED) this.validKeys.add(key);
    }
    if (typeof raw === 'number') return raw;
    if (typeof raw === 'boolean') return raw ? 1 : 0;
    this.warnOnce(`value:${key}`, raw === THREW ? messages.getterThrew(key) : messages.badValue(key, raw));
    return undefined;
  }

  private isObject(v: unknown, what: string): boolean {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return true;
    this.warnOnce(`arg:${what}`, messages.notAnObject(what));
    return false;
  }

  /** After new data: send early when a batch is full, and keep memory bounded. */
  private afterAppend(): void {
    const pending = this.buffer.size + this.lines.length;
    if (pending + this.queuedPoints + this.queuedLines > this.o.maxBufferedPoints) this.enforceBound();
    else if (pending >= this.o.flushAtPoints) this.scheduleKick();
  }

  private scheduleKick(): void {
    if (this.kickScheduled) return;
    this.kickScheduled = true;
    queueMicrotask(() => {
      this.kickScheduled = false;
      this.tick();
    });
  }

  /** Over `maxBufferedPoints`: spill to the offline file if one is possible, else drop the oldest. */
  private enforceBound(): void {
    if (this.mode === 'offline') {
      this.writeBuffered();
      return;
    }
    if (this.mode !== 'online') return;
    const why =
      this.failingSince !== undefined
        ? `server unreachable: ${this.lastFailure ?? 'failing'}`
        : `more than ${this.o.maxBufferedPoints} points waiting; logging is faster than the server accepts them`;
    if (this.goOffline(why)) return;
    this.dropOldest();
  }

  private dropOldest(): void {
    const target = Math.floor(this.o.maxBufferedPoints * 0.9);
    let excess = this.buffer.size + this.lines.length + this.queuedPoints + this.queuedLines - target;
    // The request in flight (the queue's head while pumping) cannot be taken back; run creation and updates are
    // tiny and must keep their order, so only queued data batches go.
    const keep: Op[] = [];
    for (let i = 0; i < this.queue.length; i++) {
      const op = this.queue[i]!;
      if (excess > 0 && (i > 0 || !this.pumping) && (op.kind === 'metrics' || op.kind === 'logs')) {
        excess -= op.points + op.lines;
        this.queuedPoints -= op.points;
        this.queuedLines -= op.lines;
        this.counters.dropped += op.points;
        continue;
      }
      keep.push(op);
    }
    this.queue = keep;
    this.ackSettled();
    if (excess > 0) {
      const fromLines = Math.min(this.lines.length, Math.ceil((excess * this.lines.length) / (this.lines.length + this.buffer.size)));
      this.lines.splice(0, fromLines);
      excess -= fromLines;
    }
    if (excess > 0) this.counters.dropped += this.buffer.dropOldest(excess);
    this.warnOnce('dropping', messages.droppingOldest(this.id, this.o.maxBufferedPoints));
  }

  // ---- sending ----

  /** Periodic work: cut buffered data into a request (or the offline file), heartbeat when idle. */
  private tick(): void {
    try {
      if (this.mode === 'offline') this.writeBuffered();
      else if (this.mode === 'online' && this.queue.length === 0) {
        this.cutAll();
        if (this.queue.length === 0 && !this.closed && Date.now() - this.lastContactAt >= this.o.heartbeatIntervalMs) {
          this.push({ kind: 'update', body: { heartbeat: true }, seq: 0, points: 0, lines: 0, heartbeat: true });
        }
        if (this.queue.length > 0) void this.pump();
      }
    } catch (e) {
      this.warnOnce('internal', messages.internal(this.id, e));
    }
  }

  /** Moves buffered points and lines into queued requests (online) or the offline file (offline). */
  private cutAll(): void {
    if (this.mode === 'offline') {
      this.writeBuffered();
      return;
    }
    for (const b of this.buffer.cut(this.o.maxBatchPoints)) {
      this.push({ kind: 'metrics', body: b.body, seq: 0, points: b.points, lines: 0 });
    }
    for (const body of this.cutLines()) this.push({ kind: 'logs', body, seq: 0, points: 0, lines: body.lines.length });
  }

  private cutLines(): LogsBody[] {
    const out: LogsBody[] = [];
    let batch: LogLineBody[] = [];
    let chars = 0;
    for (const l of this.lines) {
      if (batch.length >= MAX_BATCH_LINES || (batch.length > 0 && chars + l.line.length > MAX_BATCH_LINE_CHARS)) {
        out.push({ lines: batch });
        batch = [];
        chars = 0;
      }
      batch.push(l);
      chars += l.line.length;
    }
    if (batch.length > 0) out.push({ lines: batch });
    this.lines = [];
    return out;
  }

  private push<T extends Op>(op: T): T {
    op.seq = ++this.seq;
    this.queue.push(op);
    this.queuedPoints += op.points;
    this.queuedLines += op.lines;
    return op;
  }

  private enqueueUpdate(body: PatchRunBody): void {
    if (this.mode === 'offline') {
      this.writeBuffered();
      this.writeRecords([{ type: 'update', run: this.id, body }], 0);
      return;
    }
    // Cutting first keeps the order: points logged before an update reach the server before it.
    this.cutAll();
    this.push({ kind: 'update', body, seq: 0, points: 0, lines: 0, heartbeat: false });
    void this.pump();
  }

  // ---- tensors and histograms ----

  /** Encodes a snapshot on a later turn of the event loop, so the training step only pays for the copy. */
  private deferEncode(encode: () => Uint8Array): void {
    if (this.closed) {
      this.warnOnce('closed', messages.afterFinish(this.id));
      return;
    }
    const ps = this.paramState;
    if (ps.pending >= MAX_PENDING_SNAPSHOTS) {
      ps.skipped++;
      this.warnOnce('snapshots-full', messages.snapshotsSkipped(this.id));
      return;
    }
    ps.pending++;
    this.keepAlive++;
    setTimeout(() => {
      ps.pending--;
      this.releaseKeepAlive();
      try {
        const t0 = performance.now();
        const body = encode();
        ps.encodeMs += performance.now() - t0;
        ps.sent++;
        this.enqueueExtra({ kind: 'tensor', body, seq: 0, points: 0, lines: 0 });
      } catch (e) {
        this.warnOnce('internal', messages.internal(this.id, e));
      }
    }, 0);
  }

  /** Resolves once the snapshots deferred so far are encoded and queued (they were scheduled before this). */
  private async encodesSettled(): Promise<void> {
    for (let i = 0; i < 100 && this.paramState.pending > 0; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  }

  private enqueueExtra(op: Extract<Op, { kind: 'histograms' | 'tensor' }>): void {
    if (this.mode === 'offline') {
      this.warnOnce(`offline-${op.kind}`, messages.notOffline(this.id, op.kind === 'tensor' ? 'tensor snapshots' : 'histograms'));
      return;
    }
    this.cutAll();
    this.push(op);
    void this.pump();
  }

  /**
   * Sends queued requests one at a time, in order, until the queue is empty. Retryable failures are retried with
   * exponential backoff and jitter; after `offlineAfterMs` of failing the run moves to its offline file.
   */
  private async pump(): Promise<void> {
    if (this.pumping || this.mode !== 'online') return;
    this.pumping = true;
    try {
      for (;;) {
        if (this.mode !== 'online') return;
        let op = this.queue[0];
        if (op === undefined) {
          // More than a batch piled up while the last request was out: send it now rather than at the next tick.
          if (this.buffer.size + this.lines.length < this.o.flushAtPoints) return;
          this.cutAll();
          op = this.queue[0];
          if (op === undefined) return;
        }
        const payload = op.kind === 'tensor' ? op.body : (op.json ??= JSON.stringify(op.body));
        const startedAt = Date.now();
        const res = await sendJson(this.transport, ...this.route(op), payload, this.o.requestTimeoutMs);
        // A switch to offline while the request was out already wrote it to the file.
        if (this.mode !== 'online') return;
        if (res.ok) this.succeeded(op);
        else if (!res.retryable) this.rejected(op, res);
        else await this.failed(op, res, startedAt);
      }
    } catch (e) {
      this.warnOnce('internal', messages.internal(this.id, e));
    } finally {
      this.pumping = false;
    }
  }

  private route(op: Op): ['POST' | 'PATCH', string] {
    const base = `/api/v1/runs/${this.id}`;
    switch (op.kind) {
      case 'create':
        return ['POST', '/api/v1/runs'];
      case 'metrics':
        return ['POST', `${base}/metrics`];
      case 'logs':
        return ['POST', `${base}/logs`];
      case 'histograms':
        return ['POST', `${base}/histograms`];
      case 'tensor':
        return ['POST', `${base}/tensors`];
      case 'update':
        return ['PATCH', base];
    }
  }

  private dequeue(op: Op): void {
    this.queue.shift();
    this.queuedPoints -= op.points;
    this.queuedLines -= op.lines;
    this.ackSettled();
  }

  private succeeded(op: Op): void {
    this.counters.sent += op.points;
    this.lastContactAt = Date.now();
    this.failingSince = undefined;
    this.lastFailure = undefined;
    this.attempt = 0;
    this.dequeue(op);
  }

  private rejected(op: Op, res: Extract<SendOutcome, { ok: false }>): void {
    // Even a rejection proves the server is up, and it counts as a heartbeat there.
    this.lastContactAt = Date.now();
    this.failingSince = undefined;
    this.attempt = 0;
    if (op.kind === 'create') {
      console.warn(messages.createRejected(this.id, res.status, res.message));
      if (!this.goOffline(`the server refused to create the run: ${res.message}`)) {
        // Nothing sent later could be stored without the run: stop sending and count it all as dropped.
        this.mode = 'offline';
        this.fileFailed = true;
        this.dropEverything();
      }
      return;
    }
    this.warnOnce(`rejected:${op.kind}:${res.status ?? ''}:${res.code ?? ''}`, messages.rejected(this.id, describeOp(op), res.status, res.code, res.message));
    this.counters.dropped += op.points;
    this.dequeue(op);
  }

  private async failed(op: Op, res: Extract<SendOutcome, { ok: false }>, startedAt: number): Promise<void> {
    this.counters.retries++;
    this.attempt++;
    this.lastFailure = res.status !== undefined ? `HTTP ${res.status}: ${res.message}` : res.message;
    const now = Date.now();
    // Counted from when the failed request went out, so a server that hangs until the timeout goes offline as
    // promptly as one that refuses connections.
    this.failingSince ??= startedAt;
    if (op.kind === 'update' && op.heartbeat && this.queue.length > 1) {
      // Whatever is queued behind it will serve as the heartbeat.
      this.dequeue(op);
    }
    if (now - this.failingSince >= this.o.offlineAfterMs) {
      const seconds = Math.round((now - this.failingSince) / 1000);
      if (this.goOffline(`server unreachable for ${seconds}s: ${this.lastFailure}`)) return;
      // No file possible: keep retrying, but stop making init/flush/finish wait on a server that is away.
      this.warnOnce('unreachable', messages.unreachableNoFile(this.id, seconds, this.o.maxBufferedPoints));
      this.releaseWaiters();
    }
    const backoff = Math.min(this.o.retryMaxMs, this.o.retryBaseMs * 2 ** Math.min(this.attempt - 1, 30));
    const delay = Math.min(60_000, Math.max(backoff * (0.5 + Math.random() * 0.5), res.retryAfterMs ?? 0));
    await this.sleep(delay);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        if (this.sleepTimer === t) this.sleepTimer = undefined;
        resolve();
      }, ms);
      if (this.keepAlive === 0) unrefTimer(t);
      this.sleepTimer = t;
    });
  }

  private releaseKeepAlive(): void {
    this.keepAlive--;
    if (this.keepAlive === 0) unrefTimer(this.sleepTimer);
  }

  // ---- acknowledgement ----

  private waitFor(seq: number): Promise<void> {
    if (this.ackedSeq >= seq) return Promise.resolve();
    // A retry sleep already scheduled unref'd must now hold Node open until the data is delivered.
    const t: unknown = this.sleepTimer;
    if (typeof t === 'object' && t !== null && 'ref' in t && typeof t.ref === 'function') t.ref();
    return new Promise((resolve) => this.waiters.push({ seq, resolve }));
  }

  /** Everything before the queue's head is settled: sent, rejected, dropped or written to the file. */
  private ackSettled(): void {
    this.ack((this.queue[0]?.seq ?? this.seq + 1) - 1);
  }

  private ack(seq: number): void {
    if (seq > this.ackedSeq) this.ackedSeq = seq;
    if (this.waiters.length === 0) return;
    const still: Waiter[] = [];
    for (const w of this.waiters) {
      if (w.seq <= this.ackedSeq) w.resolve();
      else still.push(w);
    }
    this.waiters = still;
  }

  private releaseWaiters(): void {
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w.resolve();
  }

  // ---- offline ----

  /** Opens the offline file (its first record describes the run). False when no file is possible here. */
  private openWriter(): boolean {
    if (this.writer) return true;
    if (this.fileFailed || this.node === undefined) return false;
    try {
      this.writer = OfflineWriter.create(this.node, this.o.offlineDir, this.id, { type: 'run', run: this.createBody });
      return true;
    } catch (e) {
      this.fileFailed = true;
      console.warn(messages.offlineFileFailed(this.id, e instanceof Error ? e.message : String(e)));
      return false;
    }
  }

  /**
   * Switches an online run to its offline file for good, writing everything not yet acknowledged (queued requests,
   * the one in flight, buffers) so nothing the user logged is lost. Replaying is idempotent, so data that did reach
   * the server may safely appear in the file too. False when no file is possible.
   */
  private goOffline(why: string): boolean {
    if (this.mode === 'offline') return this.writer !== undefined;
    if (this.mode !== 'online' || !this.openWriter()) return false;
    this.mode = 'offline';
    const records: OfflineRecord[] = [];
    let points = 0;
    for (const op of this.queue) {
      const r = this.toRecord(op);
      if (r) records.push(r);
      points += op.points;
    }
    this.queue = [];
    this.queuedPoints = 0;
    this.queuedLines = 0;
    this.writeRecords(records, points);
    this.writeBuffered();
    this.ack(this.seq);
    console.warn(messages.offline(this.id, why, this.writer?.file ?? ''));
    return true;
  }

  private toRecord(op: Op): OfflineRecord | undefined {
    switch (op.kind) {
      case 'create':
        return undefined; // the file's first record already describes the run
      case 'metrics':
        return { type: 'metrics', run: this.id, body: op.body };
      case 'logs':
        return { type: 'logs', run: this.id, body: op.body };
      case 'histograms':
      case 'tensor':
        return undefined; // the offline format carries runs, metrics, updates and logs

      case 'update':
        return op.heartbeat ? undefined : { type: 'update', run: this.id, body: op.body };
    }
  }

  /** Writes the buffers to the offline file (offline mode). */
  private writeBuffered(): void {
    const records: OfflineRecord[] = [];
    let points = 0;
    for (const b of this.buffer.cut(this.o.maxBatchPoints)) {
      records.push({ type: 'metrics', run: this.id, body: b.body });
      points += b.points;
    }
    for (const body of this.cutLines()) records.push({ type: 'logs', run: this.id, body });
    this.writeRecords(records, points);
  }

  private writeRecords(records: OfflineRecord[], points: number): void {
    if (records.length === 0) return;
    if (this.writer === undefined) {
      this.counters.dropped += points;
      return;
    }
    try {
      this.writer.append(records);
      this.counters.written += points;
    } catch (e) {
      this.counters.dropped += points;
      this.fileFailed = true;
      this.writer = undefined;
      console.warn(messages.offlineFileFailed(this.id, e instanceof Error ? e.message : String(e)));
    }
  }

  private dropEverything(): void {
    for (const op of this.queue) this.counters.dropped += op.points;
    this.queue = [];
    this.queuedPoints = 0;
    this.queuedLines = 0;
    this.counters.dropped += this.buffer.dropOldest(this.buffer.size);
    this.lines = [];
    this.ack(this.seq);
  }

  // ---- the end ----

  private async finishOnce(status: FinishStatus, options: FinishOptions): Promise<void> {
    if (this.mode === 'disabled') {
      this.closed = true;
      return;
    }
    try {
      let s = status;
      if (!FINISH_STATUSES.includes(s)) {
        console.warn(messages.badStatus(s));
        s = 'completed';
      }
      const body: PatchRunBody = { status: s, endTime: Date.now() };
      const opts: FinishOptions = options !== null && typeof options === 'object' ? options : {};
      if (typeof opts.exitCode === 'number' && Number.isSafeInteger(opts.exitCode)) body.exitCode = opts.exitCode;
      if (opts.error !== undefined && opts.error !== null) {
        const text = opts.error instanceof Error ? (opts.error.stack ?? `${opts.error.name}: ${opts.error.message}`) : String(opts.error);
        body.error = text.slice(0, MAX_NOTES);
      }
      await this.encodesSettled();
      this.enqueueUpdate(body);
      this.closed = true;
      await this.flush();
    } catch (e) {
      this.warnOnce('internal', messages.internal(this.id, e));
    } finally {
      this.closed = true;
      clearInterval(this.timer);
      this.untrack?.();
    }
  }

  /** In the `exit` handler: only synchronous work is possible, so whatever was not sent goes to the offline file. */
  private saveOnExit(): void {
    try {
      if (this.mode === 'offline') {
        this.writeBuffered();
        return;
      }
      const unsent = this.buffer.size > 0 || this.lines.length > 0 || this.queue.some((op) => !(op.kind === 'update' && op.heartbeat));
      if (this.mode === 'online' && unsent) this.goOffline('the process exited before this data was sent');
    } catch {
      // Nothing can be reported usefully while the process exits.
    }
  }

  private warnOnce(tag: string, message: string): void {
    if (this.warned.has(tag)) return;
    if (this.warned.size >= MAX_REMEMBERED) {
      if (!this.warned.has('\0suppressed')) {
        this.warned.add('\0suppressed');
        console.warn(messages.tooManyWarnings());
      }
      return;
    }
    this.warned.add(tag);
    console.warn(message);
  }
}

/** A throwing getter costs its own key, not the other values of the call. */
function readValue(record: Readonly<Record<string, unknown>>, key: string): unknown {
  try {
    return record[key];
  } catch {
    return THREW;
  }
}

const THREW: unique symbol = Symbol('getter threw');

function describeOp(op: Op): string {
  switch (op.kind) {
    case 'create':
      return 'the run';
    case 'metrics':
      return `a batch of ${op.points} points`;
    case 'logs':
      return `a batch of ${op.lines} log lines`;
    case 'histograms':
      return `a histogram of ${op.body.histograms[0]?.key ?? '?'}`;
    case 'tensor':
      return 'a tensor snapshot';
    case 'update':
      return op.heartbeat ? 'a heartbeat' : `an update of ${Object.keys(op.body).join(', ')}`;
  }
}
