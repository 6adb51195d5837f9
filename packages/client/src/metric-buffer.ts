import { encodeColumn } from './wire-value.js';
import type { MetricsBody, SeriesBody } from './wire-types.js';

interface Column {
  steps: number[];
  values: number[];
  times: number[];
}

/** A metrics batch cut from the buffer, with its point count (for stats and memory accounting). */
export interface MetricsBatch {
  body: MetricsBody;
  points: number;
}

/**
 * Points logged but not yet handed to the sender, held column-wise per key so a batch goes out in the compact
 * columnar wire form without reshaping. Plain number arrays: V8 stores them unboxed as doubles, and they grow
 * without the copy-on-resize bookkeeping a typed array would need.
 */
export class MetricBuffer {
  private columns = new Map<string, Column>();
  private count = 0;

  /** Points held. */
  get size(): number {
    return this.count;
  }

  push(key: string, step: number, value: number, time: number): void {
    let col = this.columns.get(key);
    if (col === undefined) {
      col = { steps: [], values: [], times: [] };
      this.columns.set(key, col);
    }
    col.steps.push(step);
    col.values.push(value);
    col.times.push(time);
    this.count++;
  }

  /**
   * Empties the buffer into batches of at most `maxPoints` points each. A key's points keep their logged order
   * across batches, so sending the batches in order preserves it on the server.
   */
  cut(maxPoints: number): MetricsBatch[] {
    if (this.count === 0) return [];
    const batches: MetricsBatch[] = [];
    let series: SeriesBody[] = [];
    let points = 0;
    for (const [key, col] of this.columns) {
      let from = 0;
      while (from < col.steps.length) {
        const take = Math.min(col.steps.length - from, maxPoints - points);
        const whole = from === 0 && take === col.steps.length;
        series.push({
          key,
          steps: whole ? col.steps : col.steps.slice(from, from + take),
          values: encodeColumn(whole ? col.values : col.values.slice(from, from + take)),
          times: whole ? col.times : col.times.slice(from, from + take),
        });
        from += take;
        points += take;
        if (points >= maxPoints) {
          batches.push({ body: { series }, points });
          series = [];
          points = 0;
        }
      }
    }
    if (points > 0) batches.push({ body: { series }, points });
    this.columns = new Map();
    this.count = 0;
    return batches;
  }

  /**
   * Drops about `n` of the oldest points, spread over the keys in proportion to how many each holds (keys are
   * usually logged together, so this approximates dropping the oldest steps). Returns how many were dropped.
   */
  dropOldest(n: number): number {
    if (n <= 0 || this.count === 0) return 0;
    if (n >= this.count) {
      const all = this.count;
      this.columns = new Map();
      this.count = 0;
      return all;
    }
    let dropped = 0;
    const total = this.count;
    for (const [key, col] of this.columns) {
      const k = Math.min(col.steps.length, Math.ceil((n * col.steps.length) / total), n - dropped);
      if (k <= 0) continue;
      col.steps.splice(0, k);
      col.values.splice(0, k);
      col.times.splice(0, k);
      dropped += k;
      if (col.steps.length === 0) this.columns.delete(key);
    }
    this.count -= dropped;
    return dropped;
  }
}
