import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../random/seeded-random.js';
import { projectSnapshots, type SnapshotInput } from './project-snapshots.js';

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
  it('keeps a rigidly rotating point cloud still after Procrustes alignment', () => {
    const base = cloud(200, 1);
    const snaps = [0, 1, 2, 3, 4].map((t) => snapshot(t * 100, rotateZ(base, t * 0.4)));
    const result = projectSnapshots(snaps, { method: 'pca', neighbours: 0 });
    expect(result.referenceStep).toBe(400);
    for (const s of result.snapshots) {
      expect(s.distanceToReference).toBeLessThan(1e-4);
    }
    // without alignment the rotation shows up as motion
    const raw = projectSnapshots(snaps, { method: 'pca', neighbours: 0, align: 'none' });
    expect(raw.snapshots[0]!.distanceToReference).toBeGreaterThan(1);
    const chained = projectSnapshots(snaps, { method: 'pca', neighbours: 0, align: 'neighbour' });
    for (const s of chained.snapshots) expect(s.distanceToReference).toBeLessThan(1e-4);
  });

  it('moves a translated cluster by exactly the translation', () => {
    const base = cloud(150, 2);
    const shift = [2, -1, 0.5];
    const moved = base.map((v, i) => v + shift[i % 3]!);
    const result = projectSnapshots([snapshot(0, moved), snapshot(10, base)], { neighbours: 0 });
    const [first, last] = result.snapshots;
    const expected = Math.hypot(...shift);
    for (let i = 0; i < result.rows; i++) {
      const d = Math.hypot(first!.coords[i * 3]! - last!.coords[i * 3]!, first!.coords[i * 3 + 1]! - last!.coords[i * 3 + 1]!, first!.coords[i * 3 + 2]! - last!.coords[i * 3 + 2]!);
      expect(d).toBeCloseTo(expected, 4);
    }
    expect(first!.distanceToReference).toBeCloseTo(expected, 4);
  });

  it('projects high-dimensional rows onto the reference basis, reporting variance, norms and neighbours', () => {
    const rng = createSeededRandom(3);
    const rows = 40;
    const cols = 16;
    const values = new Float64Array(rows * cols);
    // two clusters far apart along the first axis
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) values[i * cols + j] = rng.normal() * 0.1 + (j === 0 ? (i < 20 ? 5 : -5) : 0);
    const result = projectSnapshots([{ step: 7, rows, cols, values }], { neighbours: 3 });
    expect(result.explainedVariance[0]).toBeGreaterThan(0.9);
    const s = result.snapshots[0]!;
    expect(s.coords.length).toBe(rows * 3);
    expect(s.norms[0]).toBeCloseTo(Math.hypot(...values.subarray(0, cols)), 4);
    // neighbours of a row in the first cluster are in the first cluster
    for (let n = 0; n < 3; n++) expect(s.neighbours![n]).toBeLessThan(20);
    expect(Math.sign(s.coords[0]!)).not.toBe(Math.sign(s.coords[30 * 3]!));
  });

  it('skips snapshots of another shape, honours a chosen reference and the neighbour budget', () => {
    const a = cloud(30, 4);
    const result = projectSnapshots([snapshot(0, a), snapshot(5, a), { step: 9, rows: 2, cols: 3, values: [1, 2, 3, 4, 5, 6] }], { reference: 5, neighbourBudget: 30 * 30 * 3 });
    expect(result.referenceStep).toBe(5);
    expect(result.skippedSteps).toEqual([9]);
    expect(result.snapshots.map((s) => s.neighbours === null)).toEqual([true, false]);
    expect(() => projectSnapshots([snapshot(0, a)], { reference: 3 })).toThrow(/reference step 3/);
    expect(() => projectSnapshots([])).toThrow(/no snapshots/);
  });

  it('runs seeded UMAP repeatably', () => {
    const a = cloud(40, 5);
    const one = projectSnapshots([snapshot(0, a), snapshot(1, a)], { method: 'umap', neighbours: 0 });
    const two = projectSnapshots([snapshot(0, a), snapshot(1, a)], { method: 'umap', neighbours: 0 });
    expect(Array.from(one.snapshots[1]!.coords)).toEqual(Array.from(two.snapshots[1]!.coords));
    expect(one.snapshots[1]!.coords.every(Number.isFinite)).toBe(true);
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
