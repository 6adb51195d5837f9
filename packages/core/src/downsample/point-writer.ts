import type { XYColumns } from './types.js';

/**
 * Appends output points to preallocated columns, dropping a point identical to the one just written (the block
 * downsamplers can reach the same point as, say, a bucket's first point and its minimum).
 */
export class PointWriter {
  private readonly xs: Float64Array;
  private readonly values: Float64Array;
  private readonly steps: Float64Array;
  private readonly times: Float64Array;
  private n = 0;

  constructor(capacity: number) {
    this.xs = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
    this.steps = new Float64Array(capacity);
    this.times = new Float64Array(capacity);
  }

  push(x: number, value: number, step: number, time: number): void {
    const last = this.n - 1;
    if (
      last >= 0 &&
      this.xs[last] === x &&
      this.steps[last] === step &&
      this.times[last] === time &&
      (this.values[last] === value || (Number.isNaN(this.values[last]) && Number.isNaN(value)))
    ) {
      return;
    }
    this.xs[this.n] = x;
    this.values[this.n] = value;
    this.steps[this.n] = step;
    this.times[this.n] = time;
    this.n++;
  }

  /** The written points as compact columns. */
  finish(): XYColumns {
    const n = this.n;
    return {
      xs: this.xs.slice(0, n),
      values: this.values.slice(0, n),
      steps: this.steps.slice(0, n),
      times: this.times.slice(0, n),
    };
  }
}
