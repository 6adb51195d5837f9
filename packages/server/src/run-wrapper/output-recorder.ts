/**
 * Records a command's output: raw chunks are queued as they arrive and split, parsed and batched later, in short
 * slices of the event loop, so reading the command's pipes (and passing the bytes on) never waits for parsing.
 * When parsing cannot keep up with a flood of output, whole chunks are left unrecorded (counted) instead of
 * being queued without bound.
 */
import type { LineParser, LogStream } from '@runlens/core';
import { LineSplitter, MAX_SPLIT_LINE_BYTES } from './line-splitter.js';
import type { LiveRecordQueue } from './live-record-queue.js';

/** Makes the parser for one stream; undefined means lines are stored but not parsed (`--parser none`). */
export type ParserFactory = () => LineParser | undefined;

export interface OutputRecorderOptions {
  /** One parser per stream: stateful formats (Keras) must not see the other stream's lines interleaved. */
  parser?: ParserFactory | undefined;
  /** Raw output waiting to be split and parsed before chunks are dropped, bytes. Default 16 MiB. */
  maxQueuedBytes?: number;
  /** Longest stretch of parsing between two turns of the event loop, ms. Default 4. */
  sliceMs?: number;
  /** Longest line split out, bytes (MAX_SPLIT_LINE_BYTES). */
  maxLineBytes?: number;
  /** Told once when a parser throws; that stream is then only logged. */
  onWarning?: (message: string) => void;
  /** Told after each slice of work how many queued bytes it processed (flow control across threads). */
  onConsumed?: (bytes: number) => void;
}

/** What a chunk left unrecorded held: its line ends, and whether it stopped in the middle of a line. */
export interface DroppedChunk {
  lines: number;
  bytes: number;
  midLine: boolean;
}

export interface OutputStats {
  /** Bytes read from the command, per stream. */
  bytes: Record<LogStream, number>;
  /** Bytes left unrecorded because parsing fell behind, and the line ends they held. */
  droppedBytes: number;
  droppedLines: number;
  /** The most raw output queued at once, bytes; shows the bound held. */
  peakQueuedBytes: number;
}

/** Lines longer than this are stored but not offered to the parser: no metric line is this long. */
const MAX_PARSE_LINE_CHARS = 65_536;
/** stderr lines kept for the error message of a failed run. */
const STDERR_TAIL_LINES = 20;
const STDERR_TAIL_LINE_CHARS = 1000;

interface QueuedChunk {
  stream: LogStream;
  /** undefined marks bytes that were dropped here. */
  chunk: Buffer | undefined;
  time: number;
  /** For a drop marker: the last dropped byte was not a line end. */
  midLine?: boolean;
}

interface StreamState {
  splitter: LineSplitter;
  parser: LineParser | undefined;
  /** Arrival time of the chunk being split: the time of its lines and points. */
  time: number;
  /** The drop marker at the end of the queue, while chunks of this stream keep being dropped. */
  gap: QueuedChunk | undefined;
}

export class OutputRecorder {
  private readonly maxQueuedBytes: number;
  private readonly sliceMs: number;
  private readonly onWarning: (message: string) => void;
  private readonly onConsumed: ((bytes: number) => void) | undefined;
  private readonly streams: Record<LogStream, StreamState>;
  private queue: (QueuedChunk | undefined)[] = [];
  private head = 0;
  private queuedBytes = 0;
  private scheduled = false;
  private drained: (() => void)[] = [];
  private readonly tail: string[] = [];
  private ended = false;

  readonly stats: OutputStats = { bytes: { stdout: 0, stderr: 0 }, droppedBytes: 0, droppedLines: 0, peakQueuedBytes: 0 };

  constructor(private readonly batcher: LiveRecordQueue, options: OutputRecorderOptions = {}) {
    this.maxQueuedBytes = options.maxQueuedBytes ?? 16 * 1024 * 1024;
    this.sliceMs = options.sliceMs ?? 4;
    this.onWarning = options.onWarning ?? (() => {});
    this.onConsumed = options.onConsumed;
    const maxLineBytes = options.maxLineBytes ?? MAX_SPLIT_LINE_BYTES;
    const make = (stream: LogStream): StreamState => {
      const state: StreamState = {
        splitter: new LineSplitter(
          {
            parse: (line) => this.parse(state, stream, line),
            log: (line) => this.log(state, stream, line),
            lost: () => this.stats.droppedLines++,
          },
          maxLineBytes,
        ),
        parser: options.parser?.(),
        time: 0,
        gap: undefined,
      };
      return state;
    };
    this.streams = { stdout: make('stdout'), stderr: make('stderr') };
  }

  /** Takes a chunk as read from the command; `time` is when it arrived (ms since epoch). Never blocks. */
  write(stream: LogStream, chunk: Buffer, time: number): void {
    if (this.ended || chunk.length === 0) return;
    if (this.queuedBytes + chunk.length > this.maxQueuedBytes) {
      this.markDropped(stream, describeDrop(chunk), time);
      return;
    }
    this.stats.bytes[stream] += chunk.length;
    this.streams[stream].gap = undefined;
    this.queue.push({ stream, chunk, time });
    this.queuedBytes += chunk.length;
    if (this.queuedBytes > this.stats.peakQueuedBytes) this.stats.peakQueuedBytes = this.queuedBytes;
    this.schedule();
  }

  /** Output of `stream` that was read but will not be recorded (dropped here, or before it reached this thread). */
  markDropped(stream: LogStream, drop: DroppedChunk, time: number): void {
    if (this.ended) return;
    this.stats.bytes[stream] += drop.bytes;
    this.stats.droppedBytes += drop.bytes;
    this.stats.droppedLines += drop.lines;
    const state = this.streams[stream];
    if (!state.gap) {
      this.queue.push((state.gap = { stream, chunk: undefined, time }));
      this.schedule();
    }
    state.gap.midLine = drop.midLine;
  }

  /**
   * After the command's output has ended: splits and parses whatever is queued, then the last line without a
   * newline and anything the parsers still hold. Resolves when every line has reached the batcher.
   */
  async end(): Promise<void> {
    if (this.queue.length > this.head) {
      await new Promise<void>((resolve) => {
        this.drained.push(resolve);
        this.schedule();
      });
    }
    if (this.ended) return;
    this.ended = true;
    for (const stream of ['stdout', 'stderr'] as const) {
      const state = this.streams[stream];
      state.splitter.end();
      if (state.parser) this.emitMetrics(state, stream, () => state.parser!.end());
    }
  }

  /** The last lines written to stderr (each cut to 1,000 characters), oldest first. */
  stderrTail(): string[] {
    return [...this.tail];
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.work());
  }

  private work(): void {
    this.scheduled = false;
    const deadline = performance.now() + this.sliceMs;
    const before = this.queuedBytes;
    while (this.head < this.queue.length) {
      const item = this.queue[this.head]!;
      // let the chunk be collected while the rest of the queue waits
      this.queue[this.head++] = undefined;
      const state = this.streams[item.stream];
      if (item.chunk === undefined) {
        state.splitter.gap(item.midLine === true);
      } else {
        this.queuedBytes -= item.chunk.length;
        state.time = item.time;
        state.splitter.push(item.chunk);
      }
      if (performance.now() >= deadline) break;
    }
    if (before !== this.queuedBytes) this.onConsumed?.(before - this.queuedBytes);
    if (this.head >= this.queue.length) {
      this.queue = [];
      this.head = 0;
      const waiters = this.drained;
      this.drained = [];
      for (const w of waiters) w();
    } else {
      if (this.head > 1024) {
        this.queue = this.queue.slice(this.head);
        this.head = 0;
      }
      this.schedule();
    }
  }

  private log(state: StreamState, stream: LogStream, line: string): void {
    this.batcher.addLog(line, stream, state.time);
    if (stream === 'stderr') {
      this.tail.push(line.length > STDERR_TAIL_LINE_CHARS ? `${line.slice(0, STDERR_TAIL_LINE_CHARS)}…` : line);
      if (this.tail.length > STDERR_TAIL_LINES) this.tail.shift();
    }
  }

  private parse(state: StreamState, stream: LogStream, line: string): void {
    const parser = state.parser;
    if (!parser || line.length > MAX_PARSE_LINE_CHARS) return;
    this.emitMetrics(state, stream, () => parser.push(line));
  }

  private emitMetrics(state: StreamState, stream: LogStream, run: () => ReturnType<LineParser['push']>): void {
    let parsed: ReturnType<LineParser['push']>;
    try {
      parsed = run();
    } catch (e) {
      // a broken parser plugin must not take the recording down: keep the logs, stop parsing this stream
      state.parser = undefined;
      this.onWarning(`the parser failed on ${stream} and was switched off for it: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    for (const p of parsed) {
      for (const key in p.metrics) this.batcher.addPoint(key, p.step, p.metrics[key]!, state.time);
    }
  }
}

/** The line ends in a chunk that will not be recorded, and whether a line continues past its end. */
export function describeDrop(chunk: Uint8Array): DroppedChunk {
  let lines = 0;
  for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) lines++;
  const last = chunk[chunk.length - 1];
  return { lines, bytes: chunk.length, midLine: last !== 0x0a && last !== 0x0d };
}
