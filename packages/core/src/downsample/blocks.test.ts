/**
 * The block downsamplers: equal to the raw path on block-aligned buckets, exact points of the data otherwise.
 */
import { describe, expect, it } from 'vitest';
import { RunlensError } from '../errors.js';
import { downsampleBlocksM4 } from './blocks-m4.js';
import { downsampleBlocksMinMax } from './blocks-minmax.js';
import { bucketBoundary, makeBucketGrid } from './bucket-grid.js';
import { downsampleM4 } from './m4.js';
import { downsampleMinMax } from './minmax.js';
import type { PointBlocks, XYColumns } from './types.js';
import { createSeededRandom } from '../random/seeded-random.js';

interface Series {
  steps: Float64Array;
  values: Float64Array;
  times: Float64Array;
}

/** Block aggregates as the store keeps them: `size` consecutive points, first occurrence on min/max ties. */
function buildBlocks(s: Series, size = 128): PointBlocks {
  const n = s.steps.length;
  const nb = Math.ceil(n / size);
  const col = (): Float64Array => new Float64Array(nb);
  const b: PointBlocks = {
    stepFirst: col(), stepLast: col(), timeFirst: col(), timeLast: col(), count: col(), nanCount: col(),
    min: col(), max: col(), stepOfMin: col(), stepOfMax: col(), timeOfMin: col(), timeOfMax: col(),
    firstValue: col(), lastValue: col(),
  };
  for (let k = 0; k < nb; k++) {
    const start = k * size;
    const end = Math.min(n, start + size);
    let iMin = -1;
    let iMax = -1;
    let nan = 0;
    for (let i = start; i < end; i++) {
      const v = s.values[i]!;
      if (Number.isNaN(v)) nan++;
      else {
        if (iMin < 0 || v < s.values[iMin]!) iMin = i;
        if (iMax < 0 || v > s.values[iMax]!) iMax = i;
      }
    }
    b.stepFirst[k] = s.steps[start]!;
    b.stepLast[k] = s.steps[end - 1]!;
    b.timeFirst[k] = s.times[start]!;
    b.timeLast[k] = s.times[end - 1]!;
    b.count[k] = end - start;
    b.nanCount[k] = nan;
    b.min[k] = iMin < 0 ? Number.NaN : s.values[iMin]!;
    b.max[k] = iMax < 0 ? Number.NaN : s.values[iMax]!;
    b.stepOfMin[k] = s.steps[iMin < 0 ? start : iMin]!;
    b.stepOfMax[k] = s.steps[iMax < 0 ? start : iMax]!;
    b.timeOfMin[k] = s.times[iMin < 0 ? start : iMin]!;
    b.timeOfMax[k] = s.times[iMax < 0 ? start : iMax]!;
    b.firstValue[k] = s.values[start]!;
    b.lastValue[k] = s.values[end - 1]!;
  }
  return b;
}

/** A series with strictly increasing steps (with gaps) and times, spikes, ±Infinity and optional NaN runs. */
function randomSeries(rnd: () => number, n: number, withNaN: boolean): Series {
  const steps = new Float64Array(n);
  const values = new Float64Array(n);
  const times = new Float64Array(n);
  let step = Math.floor(rnd() * 1000);
  let time = 1.7e12;
  let nanLeft = 0;
  for (let i = 0; i < n; i++) {
    steps[i] = step;
    times[i] = time;
    step += 1 + Math.floor(rnd() * 3);
    time += 1 + rnd() * 100;
    if (withNaN && nanLeft === 0 && rnd() < 0.002) nanLeft = 1 + Math.floor(rnd() * 300);
    const r = rnd();
    if (nanLeft > 0) {
      values[i] = Number.NaN;
      nanLeft--;
    } else if (r < 0.003) values[i] = (rnd() - 0.5) * 1e6;
    else if (r < 0.004) values[i] = rnd() < 0.5 ? Infinity : -Infinity;
    else values[i] = Math.round(rnd() * 1000) / 100;
  }
  return { steps, values, times };
}

/** Step = 0..n-1 and time = t0 + dt × step, for block-aligned buckets. */
function regularSeries(values: Float64Array, t0 = 5000, dt = 10): Series {
  return {
    steps: Float64Array.from(values, (_, i) => i),
    values,
    times: Float64Array.from(values, (_, i) => t0 + dt * i),
  };
}

const onAxis = (s: Series, x: 'step' | 'time'): XYColumns => ({ xs: x === 'step' ? s.steps : s.times, ...s });

describe('block downsampling equals the raw path on block-aligned buckets', () => {
  // 25 buckets of 3 blocks (384 steps) each; the range is exactly the 9,600 points.
  const buckets = 25;
  const n = buckets * 384;
  const rnd = createSeededRandom(3).next;
  const series = [
    Float64Array.from({ length: n }, () => Math.round(rnd() * 100) / 10),
    Float64Array.from({ length: n }, (_, i) => (i % 997 === 5 ? 1e6 : i % 1301 === 7 ? -Infinity : Math.sin(i / 50))),
    new Float64Array(n).fill(2),
  ];

  it('min/max on x = step and x = time', () => {
    for (const values of series) {
      const s = regularSeries(values);
      const blocks = buildBlocks(s);
      const byStep = { points: 2 * buckets, from: 0, to: n };
      const raw = downsampleMinMax(onAxis(s, 'step'), byStep);
      expect(downsampleBlocksMinMax(blocks, { ...byStep, x: 'step' })).toEqual(raw);
      const byTime = { points: 2 * buckets, from: 5000, to: 5000 + 10 * n };
      const rawByTime = downsampleMinMax(onAxis(s, 'time'), byTime);
      expect(downsampleBlocksMinMax(blocks, { ...byTime, x: 'time' })).toEqual(rawByTime);
    }
  });

  it('M4 on x = step', () => {
    for (const values of series) {
      const s = regularSeries(values);
      const opts = { points: 4 * buckets, from: 0, to: n };
      expect(downsampleBlocksM4(buildBlocks(s), { ...opts, x: 'step' })).toEqual(downsampleM4(onAxis(s, 'step'), opts));
    }
  });
});

describe('block downsampling on any buckets', () => {
  /** Blocks meeting [from, to], found one by one: the reference. */
  function blocksInRange(xFirst: Float64Array, xLast: Float64Array, from?: number, to?: number): number[] {
    const out: number[] = [];
    if (from !== undefined && to !== undefined && from > to) return out;
    for (let k = 0; k < xFirst.length; k++) {
      if ((from === undefined || xLast[k]! >= from) && (to === undefined || xFirst[k]! <= to)) out.push(k);
    }
    return out;
  }

  /** Problems with points of `out` that are not points of `s` (NaN markers at a NaN block's first step aside). */
  function unrealPoints(s: Series, blocks: PointBlocks, xCol: Float64Array, out: XYColumns): string[] {
    const rowOfStep = new Map<number, number>();
    s.steps.forEach((st, i) => rowOfStep.set(st, i));
    const nanBlockAt = new Set<number>();
    blocks.stepFirst.forEach((st, k) => {
      if (blocks.nanCount[k]! > 0) nanBlockAt.add(st);
    });
    const problems: string[] = [];
    for (let j = 0; j < out.xs.length; j++) {
      const step = out.steps[j]!;
      const v = out.values[j]!;
      const r = rowOfStep.get(step);
      if (j > 0 && out.xs[j]! < out.xs[j - 1]!) problems.push(`output ${j} out of x order`);
      if (r === undefined) problems.push(`output ${j} has no data point at step ${step}`);
      else if (out.xs[j] !== xCol[r] || out.times[j] !== s.times[r]) problems.push(`output ${j}: not row ${r}`);
      else if (!Object.is(v, s.values[r]) && !(Number.isNaN(v) && nanBlockAt.has(step))) {
        problems.push(`output ${j}: value ${v} is not row ${r}'s`);
      }
    }
    return problems;
  }

  /** The points (as "step:value") bucket `members` must emit: its min, max, NaN marker and, for M4, first and last. */
  function requiredPoints(blocks: PointBlocks, members: number[], perBucket: 2 | 4): string[] {
    let bMin = -1;
    let bMax = -1;
    for (const b of members) {
      if (!Number.isNaN(blocks.min[b]) && (bMin < 0 || blocks.min[b]! < blocks.min[bMin]!)) bMin = b;
      if (!Number.isNaN(blocks.max[b]) && (bMax < 0 || blocks.max[b]! > blocks.max[bMax]!)) bMax = b;
    }
    const want: string[] = [];
    if (bMin >= 0) want.push(`${blocks.stepOfMin[bMin]}:${blocks.min[bMin]}`);
    if (bMax >= 0) want.push(`${blocks.stepOfMax[bMax]}:${blocks.max[bMax]}`);
    const nanBlock = members.find((b) => blocks.nanCount[b]! > 0);
    if (nanBlock !== undefined) want.push(`${blocks.stepFirst[nanBlock]}:NaN`);
    if (perBucket === 4) {
      const first = members[0]!;
      const last = members[members.length - 1]!;
      want.push(`${blocks.stepFirst[first]}:${blocks.firstValue[first]}`);
      want.push(`${blocks.stepLast[last]}:${blocks.lastValue[last]}`);
    }
    return want;
  }

  for (const [method, fn, perBucket] of [
    ['minmax', downsampleBlocksMinMax, 2],
    ['m4', downsampleBlocksM4, 4],
  ] as const) {
    it(`${method}: every point is real, and each bucket’s min, max and NaN marker are emitted`, () => {
      const rnd = createSeededRandom(perBucket * 1000 + 1).next;
      for (let c = 0; c < 60; c++) {
        const s = randomSeries(rnd, Math.floor(rnd() * 20_000), c % 2 === 0);
        const blocks = buildBlocks(s);
        const x = rnd() < 0.5 ? 'step' : 'time';
        const { xCol, xFirst, xLast } =
          x === 'step'
            ? { xCol: s.steps, xFirst: blocks.stepFirst, xLast: blocks.stepLast }
            : { xCol: s.times, xFirst: blocks.timeFirst, xLast: blocks.timeLast };
        const x0 = xCol[0] ?? 0;
        const span = xCol.length > 0 ? xCol[xCol.length - 1]! - x0 : 1;
        const opts = {
          x,
          points: 2 + Math.floor(rnd() * 300),
          from: rnd() < 0.4 ? x0 + (rnd() - 0.1) * span : undefined,
          to: rnd() < 0.4 ? x0 + (rnd() + 0.2) * span : undefined,
        } as const;
        const out = fn(blocks, opts);
        const problems = unrealPoints(s, blocks, xCol, out);
        const emitted = new Set(Array.from(out.steps, (st, j) => `${st}:${out.values[j]}`));

        const inRange = blocksInRange(xFirst, xLast, opts.from, opts.to);
        if (inRange.length === 0) expect(out.xs.length).toBe(0);
        else {
          const start = inRange[0]!;
          const end = inRange[inRange.length - 1]! + 1;
          const count = Math.floor(opts.points / perBucket);
          const grid = makeBucketGrid(xFirst, xLast, start, end, opts.from, opts.to, count);
          // Whole blocks go to the bucket holding their first x; walk them and check each bucket as it closes.
          let members: number[] = [];
          let k = 0;
          for (let b = start; b <= end; b++) {
            if (b === end || (k < grid.count - 1 && bucketBoundary(grid, k + 1) <= xFirst[b]!)) {
              for (const w of members.length > 0 ? requiredPoints(blocks, members, perBucket) : []) {
                if (!emitted.has(w)) problems.push(`bucket ${k}: ${w} missing`);
              }
              members = [];
              while (b < end && k < grid.count - 1 && bucketBoundary(grid, k + 1) <= xFirst[b]!) k++;
            }
            if (b < end) members.push(b);
          }
          if (perBucket === 2) {
            const first = `${blocks.stepFirst[start]}:${blocks.firstValue[start]}`;
            const last = `${blocks.stepLast[end - 1]}:${blocks.lastValue[end - 1]}`;
            for (const w of [first, last]) if (!emitted.has(w)) problems.push(`first or last point ${w} missing`);
          }
        }
        expect(problems).toEqual([]);
      }
    });
  }
});

describe('block downsampling edge cases', () => {
  const small = regularSeries(Float64Array.from({ length: 1000 }, (_, i) => (i === 700 ? 50 : i % 10)));
  const blocks = buildBlocks(small);

  it('returns nothing for no blocks, a range outside them or from > to', () => {
    const none = buildBlocks(regularSeries(new Float64Array(0)));
    expect(downsampleBlocksMinMax(none, { points: 10, x: 'step' }).xs.length).toBe(0);
    expect(downsampleBlocksM4(none, { points: 10, x: 'time' }).xs.length).toBe(0);
    expect(downsampleBlocksMinMax(blocks, { points: 10, x: 'step', from: 2000, to: 3000 }).xs.length).toBe(0);
    expect(downsampleBlocksMinMax(blocks, { points: 10, x: 'step', from: -50, to: -1 }).xs.length).toBe(0);
    expect(downsampleBlocksM4(blocks, { points: 10, x: 'step', from: 600, to: 300 }).xs.length).toBe(0);
  });

  it('keeps edge blocks whole: their points can lie just outside [from, to]', () => {
    // Blocks are 128 steps: [640, 767] holds the spike at 700 and meets [690, 705].
    const out = downsampleBlocksMinMax(blocks, { points: 4, x: 'step', from: 690, to: 705 });
    expect(Array.from(out.steps)).toEqual([640, 700, 767]);
    expect(Array.from(out.values)).toEqual([0, 50, 7]);
  });

  it('with one block and points = 2: first, min, max, last', () => {
    const one = buildBlocks(regularSeries(Float64Array.of(3, 1, 4, 1, 5, 9, 2, 6)));
    expect(Array.from(downsampleBlocksMinMax(one, { points: 2, x: 'step' }).steps)).toEqual([0, 1, 5, 7]);
    expect(Array.from(downsampleBlocksM4(one, { points: 2, x: 'step' }).steps)).toEqual([0, 1, 5, 7]);
  });

  it('marks a NaN block at its first x; an all-NaN block adds no min or max', () => {
    const values = Float64Array.from({ length: 512 }, (_, i) => i % 7);
    values.fill(Number.NaN, 128, 256);
    values[300] = Number.NaN;
    const out = downsampleBlocksMinMax(buildBlocks(regularSeries(values)), { points: 8, x: 'step', from: 0, to: 512 });
    // Buckets are the four blocks: 0-127, 128-255 (all NaN), 256-383 (NaN at 300), 384-511. Block 2's NaN
    // marker sits at its first step, 256, though the NaN is at 300; its max is 6 at 258, its min 0 at 259.
    expect(Array.from(out.steps)).toEqual([0, 6, 128, 256, 258, 259, 384, 385, 511]);
    const shown = Array.from(out.values).map((v) => (Number.isNaN(v) ? 'NaN' : v));
    expect(shown).toEqual([0, 6, 'NaN', 'NaN', 6, 0, 6, 0, 0]);
  });

  it('on x = time carries the steps of the min and max points', () => {
    // One bucket: the min (0 at step 0) is also the first point; the max is the spike at step 700.
    const out = downsampleBlocksMinMax(blocks, { points: 2, x: 'time' });
    expect(Array.from(out.xs)).toEqual([5000, 5000 + 10 * 700, 5000 + 10 * 999]);
    expect(Array.from(out.steps)).toEqual([0, 700, 999]);
    expect(Array.from(out.times)).toEqual(Array.from(out.xs));
    expect(Array.from(out.values)).toEqual([0, 50, 9]);
  });

  it('keeps a spike in 1M points reduced to 1,000', () => {
    const rnd = createSeededRandom(11).next;
    const values = Float64Array.from({ length: 1_000_000 }, () => 1 + (rnd() - 0.5) * 0.2);
    values[424_242] = 1e6;
    const b = buildBlocks(regularSeries(values));
    for (const fn of [downsampleBlocksMinMax, downsampleBlocksM4]) {
      const out = fn(b, { points: 1000, x: 'step' });
      expect(out.xs.length).toBeLessThanOrEqual(1002);
      expect(out.values[Array.from(out.steps).indexOf(424_242)]).toBe(1e6);
    }
  });

  it('rejects columns of different lengths and an unknown axis', () => {
    const short = { ...blocks, max: new Float64Array(1) };
    expect(() => downsampleBlocksMinMax(short, { points: 4, x: 'step' })).toThrow(RunlensError);
    expect(() => downsampleBlocksM4(blocks, { points: 4, x: 'epoch' as 'step' })).toThrow(/invalid block axis/);
  });
});
