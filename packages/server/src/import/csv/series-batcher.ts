/**
 * Collects the points of one run and emits them as `metrics` records of at most `maxPoints` points, so a long
 * import neither holds a whole file in memory nor sends one oversized batch.
 */
import { encodeValue, type IngestRecord, type WireValue } from '@runlens/core';

interface Segment {
  key: string;
  /** A series either has a time for every point or none, so a change starts a new segment. */
  timed: boolean;
  steps: number[];
  values: WireValue[];
  times: number[];
}

/** Default points per metrics record. */
export const POINTS_PER_RECORD = 50_000;

export class SeriesBatcher {
  private open = new Map<string, Segment>();
  private closed: Segment[] = [];
  private pending = 0;
  private emitted = 0;

  constructor(
    private readonly run: string,
    private readonly emit: (record: IngestRecord) => Promise<void>,
    private readonly maxPoints = POINTS_PER_RECORD,
  ) {}

  /** Adds one point; the caller has checked the key and step. Emits a record when the batch is full. */
  async add(key: string, step: number, value: number, time?: number): Promise<void> {
    const timed = time !== undefined;
    let seg = this.open.get(key);
    if (seg && seg.timed !== timed) {
      this.closed.push(seg);
      seg = undefined;
    }
    if (!seg) {
      seg = { key, timed, steps: [], values: [], times: [] };
      this.open.set(key, seg);
    }
    seg.steps.push(step);
    seg.values.push(encodeValue(value));
    if (time !== undefined) seg.times.push(time);
    if (++this.pending >= this.maxPoints) await this.flush();
  }

  /** Emits whatever is pending. */
  async flush(): Promise<void> {
    if (this.pending === 0) return;
    const segments = [...this.closed, ...this.open.values()];
    this.closed = [];
    this.open = new Map();
    this.emitted += this.pending;
    this.pending = 0;
    await this.emit({
      type: 'metrics',
      run: this.run,
      body: {
        series: segments.map((s) => ({ key: s.key, steps: s.steps, values: s.values, ...(s.timed ? { times: s.times } : {}) })),
      },
    });
  }

  /** Points added so far (emitted or pending). */
  get points(): number {
    return this.emitted + this.pending;
  }
}
