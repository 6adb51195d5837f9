/**
 * Projection of a series of tensor snapshots (e.g. a token embedding over training) to 3-D in one stable frame:
 * PCA is fitted once, on the reference snapshot (the last by default), every snapshot is projected onto that basis
 * with the reference's mean, and each is then rotated onto the reference (or onto its already aligned neighbour)
 * by orthogonal Procrustes. Motion on screen is then motion of the rows, not a spinning basis. UMAP is the
 * non-linear option: fitted on the reference with a seeded generator, the others placed by `transform`.
 */
import { Matrix } from 'ml-matrix';
import { PCA } from 'ml-pca';
import { UMAP } from 'umap-js';
import { RunlensError } from '../errors.js';
import { createSeededRandom } from '../random/seeded-random.js';
import { procrustesRotation, rmsDistance, rotateAboutCentroid } from './procrustes.js';
import { nearestNeighbours, rowNorms } from './row-neighbours.js';
import { topComponents } from './top-components.js';

export const PROJECTION_METHODS = ['pca', 'umap'] as const;
export type ProjectionMethod = (typeof PROJECTION_METHODS)[number];
export const ALIGNMENTS = ['reference', 'neighbour', 'none'] as const;
export type Alignment = (typeof ALIGNMENTS)[number];

export interface SnapshotInput {
  step: number;
  rows: number;
  cols: number;
  /** rows × cols, row-major. */
  values: ArrayLike<number>;
}

export interface ProjectionOptions {
  /** Default `pca`. */
  method?: ProjectionMethod;
  /** Step of the snapshot the basis is fitted on, or `last` (default) / `first`. */
  reference?: number | 'last' | 'first';
  /** How snapshots are rotated into the reference frame (PCA only). Default `reference`. */
  align?: Alignment;
  /** Nearest neighbours per row for tooltips. Default 5; 0 for none. */
  neighbours?: number;
  /**
   * Most multiply-adds spent on nearest neighbours (rows² × cols per snapshot). Snapshots beyond the budget get
   * none, the reference first. Default 4e8.
   */
  neighbourBudget?: number;
  /** Seed of UMAP's generator. Default 42. */
  seed?: number;
}

export interface ProjectedSnapshot {
  step: number;
  /** rows × 3, row-major. */
  coords: Float32Array;
  norms: Float32Array;
  /** rows × k, row-major, or null when over the budget. */
  neighbours: Int32Array | null;
  /** RMS distance to the reference after alignment: how much the rows really moved. */
  distanceToReference: number;
}

export interface ProjectionResult {
  method: ProjectionMethod;
  referenceStep: number;
  rows: number;
  cols: number;
  k: number;
  /** Share of the reference's variance on each of the 3 axes (PCA; empty for UMAP). */
  explainedVariance: number[];
  /** Steps left out because their shape differs from the reference's. */
  skippedSteps: number[];
  snapshots: ProjectedSnapshot[];
}

const DIMS = 3;

function toMatrix(s: SnapshotInput): Matrix {
  const m = new Matrix(s.rows, s.cols);
  for (let i = 0; i < s.rows; i++) for (let j = 0; j < s.cols; j++) m.set(i, j, s.values[i * s.cols + j]!);
  return m;
}

function toRows(s: SnapshotInput): number[][] {
  return Array.from({ length: s.rows }, (_, i) => Array.from({ length: s.cols }, (_, j) => s.values[i * s.cols + j]!));
}

/** rows × n matrix → rows × 3 flat, zero-padded when n < 3. */
function flatten3(m: number[][], rows: number): Float64Array {
  const out = new Float64Array(rows * DIMS);
  for (let i = 0; i < rows; i++) for (let d = 0; d < DIMS; d++) out[i * DIMS + d] = m[i]![d] ?? 0;
  return out;
}

function pickReference(snapshots: readonly SnapshotInput[], reference: ProjectionOptions['reference']): number {
  if (reference === undefined || reference === 'last') return snapshots.length - 1;
  if (reference === 'first') return 0;
  const i = snapshots.findIndex((s) => s.step === reference);
  if (i < 0) throw new RunlensError('VALIDATION', `reference step ${reference} is not a snapshot; steps are ${snapshots.map((s) => s.step).join(', ')}`, { field: 'reference' });
  return i;
}

/**
 * Projects snapshots (sorted by step) to 3-D in the reference snapshot's frame.
 *
 * @example
 * const result = projectSnapshots(snapshots, { method: 'pca', reference: 'last' });
 * result.snapshots[0].coords; // Float32Array rows × 3
 */
export function projectSnapshots(input: readonly SnapshotInput[], options: ProjectionOptions = {}): ProjectionResult {
  if (input.length === 0) throw new RunlensError('VALIDATION', 'no snapshots to project');
  const snapshotsAll = [...input].sort((a, b) => a.step - b.step);
  const method = options.method ?? 'pca';
  const refAll = snapshotsAll[pickReference(snapshotsAll, options.reference)]!;
  const { rows, cols } = refAll;
  const snapshots = snapshotsAll.filter((s) => s.rows === rows && s.cols === cols);
  const skippedSteps = snapshotsAll.filter((s) => s.rows !== rows || s.cols !== cols).map((s) => s.step);
  const refIndex = snapshots.indexOf(refAll);
  if (rows < 2) throw new RunlensError('VALIDATION', `a projection needs at least 2 rows; the reference snapshot at step ${refAll.step} has ${rows}`, { field: 'rows' });

  let projected: Float64Array[];
  let explainedVariance: number[] = [];
  if (method === 'pca') {
    const nComponents = Math.min(DIMS, cols, rows);
    // ml-pca decomposes exactly, but its cost grows with cols³: beyond 64 columns, subspace iteration
    let basis: Basis;
    if (cols > 64) {
      const top = topComponents(refAll.values, rows, cols, nComponents);
      basis = basisOf(top.eigenvectors, Array.from(top.means), cols, nComponents);
    } else {
      const pca = new PCA(toMatrix(refAll), { method: rows >= cols ? 'covarianceMatrix' : 'SVD', center: true });
      basis = basisOf(pca.getEigenvectors(), pca.toJSON().means, cols, nComponents);
    }
    projected = snapshots.map((s) => projectOnto(s.values, rows, cols, basis));
    explainedVariance = varianceShares(projected[refIndex]!, refAll.values, rows, cols, nComponents);
    projected = alignAll(projected, refIndex, options.align ?? 'reference');
  } else {
    if (rows < 4) throw new RunlensError('VALIDATION', `UMAP needs at least 4 rows; the reference snapshot has ${rows}`, { field: 'rows' });
    const rng = createSeededRandom(options.seed ?? 42);
    const umap = new UMAP({ nComponents: DIMS, nNeighbors: Math.min(15, rows - 1), random: () => rng.next() });
    const refCoords = flatten3(umap.fit(toRows(refAll)), rows);
    projected = snapshots.map((s) => (s === refAll ? refCoords : flatten3(umap.transform(toRows(s)), rows)));
  }

  const k = Math.max(0, Math.min(options.neighbours ?? 5, rows - 1));
  let budget = options.neighbourBudget ?? 4e8;
  const cost = rows * rows * cols;
  // the reference first, then outwards: the snapshots nearest it are the ones most likely looked at
  const order = snapshots.map((_, i) => i).sort((a, b) => Math.abs(a - refIndex) - Math.abs(b - refIndex));
  const neighbours: (Int32Array | null)[] = snapshots.map(() => null);
  if (k > 0) {
    for (const i of order) {
      if (budget < cost) break;
      budget -= cost;
      const s = snapshots[i]!;
      neighbours[i] = nearestNeighbours(s.values, rows, cols, k);
    }
  }
  const ref = projected[refIndex]!;
  return {
    method,
    referenceStep: refAll.step,
    rows,
    cols,
    k,
    explainedVariance,
    skippedSteps,
    snapshots: snapshots.map((s, i) => ({
      step: s.step,
      coords: Float32Array.from(projected[i]!),
      norms: rowNorms(s.values, rows, cols),
      neighbours: neighbours[i]!,
      distanceToReference: rmsDistance(projected[i]!, ref, DIMS),
    })),
  };
}

interface Basis {
  means: Float64Array;
  /** cols × n, column-major by component: vectors[d * cols + j] */
  vectors: Float64Array;
  n: number;
}

/** The first `n` principal directions, each signed so its largest loading is positive (repeatable pictures). */
function basisOf(eigenvectors: Matrix, means: readonly number[], cols: number, n: number): Basis {
  const vectors = new Float64Array(n * cols);
  for (let d = 0; d < n; d++) {
    let best = 0;
    for (let j = 0; j < cols; j++) if (Math.abs(eigenvectors.get(j, d)) > Math.abs(best)) best = eigenvectors.get(j, d);
    const sign = best < 0 ? -1 : 1;
    for (let j = 0; j < cols; j++) vectors[d * cols + j] = sign * eigenvectors.get(j, d);
  }
  return { means: Float64Array.from(means), vectors, n };
}

/** (X − mean) · basis, as rows × 3 (zero-padded past `n` components). */
function projectOnto(values: ArrayLike<number>, rows: number, cols: number, basis: Basis): Float64Array {
  const out = new Float64Array(rows * DIMS);
  const centred = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) centred[j] = values[i * cols + j]! - basis.means[j]!;
    for (let d = 0; d < basis.n; d++) {
      let v = 0;
      for (let j = 0; j < cols; j++) v += centred[j]! * basis.vectors[d * cols + j]!;
      out[i * DIMS + d] = v;
    }
  }
  return out;
}

/** Share of the reference's total variance along each projected axis. */
function varianceShares(projected: Float64Array, values: ArrayLike<number>, rows: number, cols: number, n: number): number[] {
  let total = 0;
  for (let j = 0; j < cols; j++) {
    let mean = 0;
    for (let i = 0; i < rows; i++) mean += values[i * cols + j]! / rows;
    for (let i = 0; i < rows; i++) total += (values[i * cols + j]! - mean) ** 2;
  }
  const shares: number[] = [];
  for (let d = 0; d < n; d++) {
    let v = 0;
    for (let i = 0; i < rows; i++) v += projected[i * DIMS + d]! ** 2;
    shares.push(total > 0 ? v / total : 0);
  }
  return shares;
}

function alignAll(projected: Float64Array[], refIndex: number, align: Alignment): Float64Array[] {
  if (align === 'none') return projected;
  const out = projected.slice();
  if (align === 'reference') {
    const ref = projected[refIndex]!;
    return projected.map((p, i) => (i === refIndex ? p : rotateAboutCentroid(p, procrustesRotation(p, ref, DIMS), DIMS)));
  }
  // neighbour: outwards from the reference, each onto its already aligned neighbour, so slow drift accumulates
  for (let i = refIndex + 1; i < out.length; i++) out[i] = rotateAboutCentroid(out[i]!, procrustesRotation(out[i]!, out[i - 1]!, DIMS), DIMS);
  for (let i = refIndex - 1; i >= 0; i--) out[i] = rotateAboutCentroid(out[i]!, procrustesRotation(out[i]!, out[i + 1]!, DIMS), DIMS);
  return out;
}
