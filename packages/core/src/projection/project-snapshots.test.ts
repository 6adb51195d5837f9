import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../random/seeded-random.js';
import { GOLDEN_CASES, driftingSeries, toGolden, type GoldenResult } from './project-snapshots.fixture.js';
import { loaderOf, projectSnapshots, type ProjectionOptions, type SnapshotInput } from './project-snapshots.js';

/** Projection of snapshots already in memory. */
function project(snapshots: readonly SnapshotInput[], options?: ProjectionOptions) {
  const { steps, load } = loaderOf(snapshots);
  return projectSnapshots(steps, load, options);
}

/** A 3-D cloud with distinct spreads per axis, so PCA's axes are well defined. */
function cloud(rows: number, seed: number): Float64Array {
  const rng = createSeededRandom(seed);
  const out = new Float64Array(rows * 3);
  for (let i = 0; i < rows; i++) {
    out[i * 3] = rng.normal() * 3;
    out[i * 3 + 1] = rng.normal() * 2;
    out[i * 3 + 2] = rng.normal();
  }
  // centred exactly, so a rotation about the origin is a rotation about the cloud's centre
  for (let d = 0; d < 3; d++) {
    let mean = 0;
    for (let i = 0; i < rows; i++) mean += out[i * 3 + d]! / rows;
    for (let i = 0; i < rows; i++) out[i * 3 + d]! -= mean;
  }
  return out;
}

function rotateZ(points: Float64Array, angle: number): Float64Array {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const out = new Float64Array(points.length);
  for (let i = 0; i < points.length; i += 3) {
    out[i] = c * points[i]! - s * points[i + 1]!;
    out[i + 1] = s * points[i]! + c * points[i + 1]!;
    out[i + 2] = points[i + 2]!;
  }
  return out;
}

function snapshot(step: number, values: Float64Array): SnapshotInput {
  return { step, rows: values.length / 3, cols: 3, values };
}

describe('projectSnapshots', () => {
  it('keeps a rigidly rotating point cloud still after Procrustes alignment', async () => {
    const base = cloud(200, 1);
    const snaps = [0, 1, 2, 3, 4].map((t) => snapshot(t * 100, rotateZ(base, t * 0.4)));
    const result = await project(snaps, { method: 'pca', neighbours: 0 });
    expect(result.referenceStep).toBe(400);
    for (const s of result.snapshots) {
      expect(s.distanceToReference).toBeLessThan(1e-4);
    }
    // without alignment the rotation shows up as motion
    const raw = await project(snaps, { method: 'pca', neighbours: 0, align: 'none' });
    expect(raw.snapshots[0]!.distanceToReference).toBeGreaterThan(1);
    const chained = await project(snaps, { method: 'pca', neighbours: 0, align: 'neighbour' });
    for (const s of chained.snapshots) expect(s.distanceToReference).toBeLessThan(1e-4);
  });

  it('moves a translated cluster by exactly the translation', async () => {
    const base = cloud(150, 2);
    const shift = [2, -1, 0.5];
    const moved = base.map((v, i) => v + shift[i % 3]!);
    const result = await project([snapshot(0, moved), snapshot(10, base)], { neighbours: 0 });
    const [first, last] = result.snapshots;
    const expected = Math.hypot(...shift);
    for (let i = 0; i < result.rows; i++) {
      const d = Math.hypot(first!.coords[i * 3]! - last!.coords[i * 3]!, first!.coords[i * 3 + 1]! - last!.coords[i * 3 + 1]!, first!.coords[i * 3 + 2]! - last!.coords[i * 3 + 2]!);
      expect(d).toBeCloseTo(expected, 4);
    }
    expect(first!.distanceToReference).toBeCloseTo(expected, 4);
  });

  it('projects high-dimensional rows onto the reference basis, reporting variance, norms and neighbours', async () => {
    const rng = createSeededRandom(3);
    const rows = 40;
    const cols = 16;
    const values = new Float64Array(rows * cols);
    // two clusters far apart along the first axis
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) values[i * cols + j] = rng.normal() * 0.1 + (j === 0 ? (i < 20 ? 5 : -5) : 0);
    const result = await project([{ step: 7, rows, cols, values }], { neighbours: 3 });
    expect(result.explainedVariance[0]).toBeGreaterThan(0.9);
    const s = result.snapshots[0]!;
    expect(s.coords.length).toBe(rows * 3);
    expect(s.norms[0]).toBeCloseTo(Math.hypot(...values.subarray(0, cols)), 4);
    // neighbours of a row in the first cluster are in the first cluster
    for (let n = 0; n < 3; n++) expect(s.neighbours![n]).toBeLessThan(20);
    expect(Math.sign(s.coords[0]!)).not.toBe(Math.sign(s.coords[30 * 3]!));
  });

  it('skips snapshots of another shape, honours a chosen reference and the neighbour budget', async () => {
    const a = cloud(30, 4);
    const result = await project([snapshot(0, a), snapshot(5, a), { step: 9, rows: 2, cols: 3, values: [1, 2, 3, 4, 5, 6] }], { reference: 5, neighbourBudget: 30 * 30 * 3 });
    expect(result.referenceStep).toBe(5);
    expect(result.skippedSteps).toEqual([9]);
    expect(result.snapshots.map((s) => s.neighbours === null)).toEqual([true, false]);
    await expect(project([snapshot(0, a)], { reference: 3 })).rejects.toThrow(/reference step 3/);
    await expect(project([])).rejects.toThrow(/no snapshots/);
  });

  it('runs seeded UMAP repeatably', async () => {
    const a = cloud(40, 5);
    const one = await project([snapshot(0, a), snapshot(1, a)], { method: 'umap', neighbours: 0 });
    const two = await project([snapshot(0, a), snapshot(1, a)], { method: 'umap', neighbours: 0 });
    expect(Array.from(one.snapshots[1]!.coords)).toEqual(Array.from(two.snapshots[1]!.coords));
    expect(one.snapshots[1]!.coords.every(Number.isFinite)).toBe(true);
  });
});

describe('projectSnapshots streaming from a loader', () => {
  const golden = JSON.parse(readFileSync(new URL('./project-snapshots.golden.json', import.meta.url), 'utf8')) as Record<string, GoldenResult>;

  it.each(GOLDEN_CASES.map((c) => [c.name, c] as const))('equals what the array-taking projection returned: %s', async (name, c) => {
    expect(golden[name], `golden for ${name}`).toBeDefined();
    // the loader hands the steps out of order and asynchronously; the result must not depend on it
    const { steps, load } = loaderOf(c.snapshots);
    const result = toGolden(await projectSnapshots([...steps].reverse(), async (step) => load(step), c.options));
    expect(result).toEqual(golden[name]);
  });

  it('loads the reference first and every step exactly once, holding at most the reference and one other', async () => {
    const snapshots = [...driftingSeries(21, [0, 10, 20, 30, 40, 50, 60], 16, 5), { step: 35, rows: 3, cols: 5, values: new Float32Array(15) }];
    const { steps, load } = loaderOf(snapshots);
    const calls: number[] = [];
    // each snapshot handed out is a fresh copy, watched through a WeakRef: after a full collection, the ones still
    // reachable are the ones the projection holds
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const handedOut: WeakRef<SnapshotInput>[] = [];
    const reachable: number[] = [];
    const result = await projectSnapshots(steps, async (step) => {
      calls.push(step);
      // a macrotask boundary, so WeakRef targets are no longer kept alive for the current job
      await new Promise((resolve) => setImmediate(resolve));
      gc();
      reachable.push(handedOut.filter((r) => r.deref() !== undefined).length);
      const s = load(step)!;
      const copy = { ...s, values: Float32Array.from(s.values) };
      handedOut.push(new WeakRef(copy));
      return copy;
    }, { reference: 30, align: 'neighbour', neighbours: 2 });
    expect(calls[0]).toBe(30);
    expect([...calls].sort((a, b) => a - b)).toEqual([0, 10, 20, 30, 35, 40, 50, 60]);
    expect(result.skippedSteps).toEqual([35]);
    expect(result.snapshots.map((s) => s.step)).toEqual([0, 10, 20, 30, 40, 50, 60]);
    // when the next snapshot is asked for, only the reference is still held
    expect(reachable).toEqual([0, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('spends the neighbour budget by position in the steps for UMAP, whose transforms go in step order', async () => {
    const snapshots = [...driftingSeries(23, [0, 20, 30], 12, 4), { step: 10, rows: 12, cols: 3, values: new Float32Array(36) }];
    const { steps, load } = loaderOf(snapshots);
    const calls: number[] = [];
    const result = await projectSnapshots(steps, (step) => (calls.push(step), load(step)), { method: 'umap', reference: 20, neighbours: 2, neighbourBudget: 12 * 12 * 4 * 2 });
    // the reference, then the rest in step order
    expect(calls).toEqual([20, 0, 10, 30]);
    expect(result.skippedSteps).toEqual([10]);
    // positions outwards from 20: 10 (skipped, but it holds the one slot left), 30, 0
    expect(result.snapshots.map((s) => [s.step, s.neighbours !== null])).toEqual([
      [0, false],
      [20, true],
      [30, false],
    ]);
  });

  it('leaves out snapshots the loader no longer has, and fails clearly when the reference is gone', async () => {
    const snapshots = driftingSeries(22, [0, 1, 2, 3], 8, 3);
    const { steps, load } = loaderOf(snapshots);
    const result = await projectSnapshots(steps, (step) => (step === 1 ? undefined : load(step)), { neighbours: 0 });
    expect(result.skippedSteps).toEqual([1]);
    expect(result.snapshots.map((s) => s.step)).toEqual([0, 2, 3]);
    await expect(projectSnapshots(steps, (step) => (step === 3 ? undefined : load(step)))).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/reference snapshot at step 3/) });
    await expect(projectSnapshots(steps, (step) => ({ ...load(step)!, step: step + 1 }))).rejects.toThrow(/loaded for step 3 has step 4/);
    await expect(projectSnapshots(steps, (step) => ({ ...load(step)!, rows: 9 }))).rejects.toThrow(/24 values for shape \[9, 3\]/);
  });
});

describe('topComponents (wide matrices)', () => {
  it('agrees with ml-pca on the leading directions', async () => {
    const { PCA } = await import('ml-pca');
    const { Matrix } = await import('ml-matrix');
    const { topComponents } = await import('./top-components.js');
    const rng = createSeededRandom(9);
    const rows = 300;
    const cols = 80;
    const values = new Float64Array(rows * cols);
    // three strong latent directions plus noise
    for (let i = 0; i < rows; i++) {
      const z = [rng.normal() * 5, rng.normal() * 3, rng.normal() * 2];
      for (let j = 0; j < cols; j++) values[i * cols + j] = z[0]! * Math.sin(j) + z[1]! * Math.cos(j * 0.3) + z[2]! * ((j % 7) - 3) / 3 + rng.normal() * 0.1;
    }
    const m = new Matrix(rows, cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) m.set(i, j, values[i * cols + j]!);
    const exact = new PCA(m, { method: 'covarianceMatrix' }).getEigenvectors();
    const fast = topComponents(values, rows, cols, 3).eigenvectors;
    for (let d = 0; d < 3; d++) {
      let dot = 0;
      for (let j = 0; j < cols; j++) dot += exact.get(j, d) * fast.get(j, d);
      expect(Math.abs(dot)).toBeGreaterThan(0.999);
    }
  });
});
