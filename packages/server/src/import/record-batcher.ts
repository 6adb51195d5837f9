/**
 * Collects one run's imported points, histograms and texts and cuts them into ingest records of bounded size, so
 * that a long run streams into the store instead of being held in memory, and every record stays well under the
 * server's body limit if it is replayed over HTTP.
 */
import { encodeValue, type HistogramInput, type IngestRecord, type TextInput, type WireValue } from '@runlens/core';

/** Metric points per `metrics` record. */
export const POINTS_PER_RECORD = 50_000;
/** Histogram buckets (and at most 1,000 histograms) per `histograms` record. */
export const BUCKETS_PER_RECORD = 50_000;
const HISTOGRAMS_PER_RECORD = 1_000;
/** Text characters (and at most 1,000 texts) per `texts` record. */
export const TEXT_CHARS_PER_RECORD = 500_000;
const TEXTS_PER_RECORD = 1_000;

/** The pending points of one key; a handle that stays valid across `take()`s. */
export interface SeriesColumns {
  readonly key: string;
  steps: number[];
  values: WireValue[];
  times: number[];
}

export class RecordBatcher {
  private readonly series = new Map<string, SeriesColumns>();
  /**
   * Points without a time (the store stamps them on arrival) go in their own columns, since a series in a record
   * has a time for every point or for none; a key switching between the two closes its untimed columns here.
   */
  private readonly untimed = new Map<string, SeriesColumns>();
  private points = 0;
  private histograms: HistogramInput[] = [];
  private buckets = 0;
  private texts: TextInput[] = [];
  private textChars = 0;

  /** The columns of `key`; keep the handle to skip the lookup on every point. */
  seriesFor(key: string): SeriesColumns {
    let s = this.series.get(key);
    if (!s) {
      s = { key, steps: [], values: [], times: [] };
      this.series.set(key, s);
    }
    return s;
  }

  /** Adds one scalar point; `time` in ms since the epoch. */
  addPoint(s: SeriesColumns, step: number, value: number, time: number): void {
    s.steps.push(step);
    s.values.push(encodeValue(value));
    s.times.push(time);
    this.points++;
  }

  /** Adds one point, with or without a time (ms since the epoch). */
  add(key: string, step: number, value: number, time?: number): void {
    if (time !== undefined) return this.addPoint(this.seriesFor(key), step, value, time);
    let s = this.untimed.get(key);
    if (!s) {
      s = { key, steps: [], values: [], times: [] };
      this.untimed.set(key, s);
    }
    s.steps.push(step);
    s.values.push(encodeValue(value));
    this.points++;
  }

  /** Points added and not yet taken. */
  get pendingPoints(): number {
    return this.points;
  }

  addHistogram(histogram: HistogramInput): void {
    this.histograms.push(histogram);
    this.buckets += histogram.counts.length;
  }

  addText(text: TextInput): void {
    this.texts.push(text);
    this.textChars += text.text.length;
  }

  /** True when some kind of data has reached its record size and should be taken now. */
  get full(): boolean {
    return (
      this.points >= POINTS_PER_RECORD ||
      this.buckets >= BUCKETS_PER_RECORD ||
      this.histograms.length >= HISTOGRAMS_PER_RECORD ||
      this.textChars >= TEXT_CHARS_PER_RECORD ||
      this.texts.length >= TEXTS_PER_RECORD
    );
  }

  get empty(): boolean {
    return this.points === 0 && this.histograms.length === 0 && this.texts.length === 0;
  }

  /** Takes everything collected so far as records for run `runId` (points in file order, per key). */
  take(runId: string): IngestRecord[] {
    const records: IngestRecord[] = [];
    if (this.points > 0) {
      const series = [];
      for (const s of this.series.values()) {
        if (s.steps.length === 0) continue;
        series.push({ key: s.key, steps: s.steps, values: s.values, times: s.times });
        s.steps = [];
        s.values = [];
        s.times = [];
      }
      for (const s of this.untimed.values()) if (s.steps.length > 0) series.push({ key: s.key, steps: s.steps, values: s.values });
      this.untimed.clear();
      records.push({ type: 'metrics', run: runId, body: { series } });
      this.points = 0;
    }
    if (this.histograms.length > 0) {
      records.push({ type: 'histograms', run: runId, body: { histograms: this.histograms } });
      this.histograms = [];
      this.buckets = 0;
    }
    if (this.texts.length > 0) {
      records.push({ type: 'texts', run: runId, body: { texts: this.texts } });
      this.texts = [];
      this.textChars = 0;
    }
    return records;
  }
}

/**
 * A RecordBatcher for one run that emits its records as they fill up: what importers reading row by row use.
 */
export class SeriesBatcher {
  private readonly batcher = new RecordBatcher();
  private emitted = 0;

  constructor(
    private readonly run: string,
    private readonly emit: (record: IngestRecord) => Promise<void>,
  ) {}

  /** Adds one point; the caller has checked the key and step. Emits a record when the batch is full. */
  async add(key: string, step: number, value: number, time?: number): Promise<void> {
    this.batcher.add(key, step, value, time);
    if (this.batcher.full) await this.flush();
  }

  /** Emits whatever is pending. */
  async flush(): Promise<void> {
    this.emitted += this.batcher.pendingPoints;
    for (const record of this.batcher.take(this.run)) await this.emit(record);
  }

  /** Points added so far (emitted or pending). */
  get points(): number {
    return this.emitted + this.batcher.pendingPoints;
  }
}
