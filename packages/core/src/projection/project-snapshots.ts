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

/**
 * Loads the snapshot at `step`, synchronously or not; undefined when it is gone (e.g. thinned by retention since
 * the steps were listed). The projection calls it once per step and keeps only the reference and one other
 * snapshot alive at a time, so a series far larger than memory can be projected from a store.
 */
export type SnapshotLoader = (step: number) => SnapshotInput | undefined | Promise<SnapshotInput | undefined>;

/** A loader over snapshots already in memory (tests, small series). */
export function loaderOf(snapshots: readonly SnapshotInput[]): { steps: number[]; load: (step: number) => SnapshotInput | undefined } {
  const byStep = new Map(snapshots.map((s) => [s.step, s]));
  return { steps: [...byStep.keys()], load: (step) => byStep.get(step) };
}

/**
 * The step the basis is fitted on: `last` (default), `first`, or a given step, which must be one of `steps`.
 * `steps` ascending.
 */
export function referenceStepOf(steps: readonly number[], reference: ProjectionOptions['reference']): number {
  if (steps.length === 0) throw new RunlensError('VALIDATION', 'no snapshots to project');
  if (reference === undefined || reference === 'last') return steps[steps.length - 1]!;
  if (reference === 'first') return steps[0]!;
  if (!steps.includes(reference)) throw new RunlensError('VALIDATION', `reference step ${reference} is not a snapshot; steps are ${steps.join(', ')}`, { field: 'reference' });
  return reference;
}

/** Validated: a loader must hand back the step asked for, with rows × cols values. */
async function loadChecked(load: SnapshotLoader, step: number): Promise<SnapshotInput | undefined> {
  const s = await load(step);
  if (s === undefined) return undefined;
  if (s.step !== step) throw new RunlensError('VALIDATION', `the snapshot loaded for step ${step} has step ${s.step}`, { field: 'step' });
  if (s.values.length !== s.rows * s.cols) throw new RunlensError('VALIDATION', `snapshot at step ${step}: ${s.values.length} values for shape [${s.rows}, ${s.cols}]`, { field: 'values' });
  return s;
}

/** Maps one snapshot of the reference's shape to rows × 3 in the reference frame (before alignment). */
type Projector = (s: SnapshotInput) => Float64Array;

/**
 * Projects the snapshots at `steps` to 3-D in the reference snapshot's frame, loading them one at a time: the basis
 * is fitted on the reference alone, and every other snapshot is loaded, projected, aligned, measured and dropped,
 * so memory holds the reference, one snapshot and the small 3-D results. The reference is loaded first; each step
 * is loaded once. Snapshots of another shape than the reference's (and any the loader no longer has) are left out
 * and listed in `skippedSteps`.
 *
 * Which snapshots get neighbours when the budget runs short: the reference, then outwards from it (the nearer
 * earlier one before the nearer later one), counting only snapshots of the reference's shape. UMAP transforms
 * snapshots in step order (its seeded generator advances with each), so there the count is by position in `steps`,
 * including snapshots of another shape; the two agree whenever all snapshots have one shape.
 *
 * @example
 * const result = await projectSnapshots([0, 100, 200], (step) => store.readTensor(run, 'tok_emb', step), { reference: 'last' });
 * result.snapshots[0].coords; // Float32Array rows × 3
 * // snapshots already in memory
 * const { steps, load } = loaderOf(snapshots);
 * await projectSnapshots(steps, load);
 */
export async function projectSnapshots(steps: readonly number[], load: SnapshotLoader, options: ProjectionOptions = {}): Promise<ProjectionResult> {
  const sorted = [...new Set(steps)].sort((a, b) => a - b);
  const method = options.method ?? 'pca';
  const referenceStep = referenceStepOf(sorted, options.reference);
  const ref = await loadChecked(load, referenceStep);
  if (!ref) throw new RunlensError('NOT_FOUND', `the reference snapshot at step ${referenceStep} is gone`, { field: 'reference' });
  const { rows, cols } = ref;
  if (rows < 2) throw new RunlensError('VALIDATION', `a projection needs at least 2 rows; the reference snapshot at step ${referenceStep} has ${rows}`, { field: 'rows' });

  let project: Projector;
  let refCoords: Float64Array;
  let explainedVariance: number[] = [];
  let order: LoadOrder;
  if (method === 'pca') {
    const nComponents = Math.min(DIMS, cols, rows);
    // ml-pca decomposes exactly, but its cost grows with cols³: beyond 64 columns, subspace iteration
    let basis: Basis;
    if (cols > 64) {
      const top = topComponents(ref.values, rows, cols, nComponents);
      basis = basisOf(top.eigenvectors, Array.from(top.means), cols, nComponents);
    } else {
      const pca = new PCA(toMatrix(ref), { method: rows >= cols ? 'covarianceMatrix' : 'SVD', center: true });
      basis = basisOf(pca.getEigenvectors(), pca.toJSON().means, cols, nComponents);
    }
    project = (s) => projectOnto(s.values, rows, cols, basis);
    refCoords = project(ref);
    explainedVariance = varianceShares(refCoords, ref.values, rows, cols, nComponents);
    order = outwardsByShape(sorted, referenceStep);
  } else {
    if (rows < 4) throw new RunlensError('VALIDATION', `UMAP needs at least 4 rows; the reference snapshot has ${rows}`, { field: 'rows' });
    const rng = createSeededRandom(options.seed ?? 42);
    const umap = new UMAP({ nComponents: DIMS, nNeighbors: Math.min(15, rows - 1), random: () => rng.next() });
    refCoords = flatten3(umap.fit(toRows(ref)), rows);
    project = (s) => flatten3(umap.transform(toRows(s)), rows);
    const rest = sorted.filter((s) => s !== referenceStep);
    let i = 0;
    order = { next: () => rest[i++], accept: () => {} };
  }

  const k = Math.max(0, Math.min(options.neighbours ?? 5, rows - 1));
  const cost = rows * rows * cols;
  // how many snapshots get neighbours: the budget is spent on the reference first, then outwards
  const slots = k > 0 ? Math.floor((options.neighbourBudget ?? 4e8) / cost) : 0;
  const positionalRank = new Map(outwards(sorted, sorted.indexOf(referenceStep)).map((step, i) => [step, i + 1]));
  const align = method === 'pca' ? (options.align ?? 'reference') : 'none';

  const out: ProjectedSnapshot[] = [finish(ref, refCoords, slots > 0, refCoords, k)];
  const skippedSteps: number[] = [];
  // for align=neighbour: the last aligned snapshot on each side of the reference
  let earlierNeighbour = refCoords;
  let laterNeighbour = refCoords;
  let accepted = 1;
  // one snapshot per call: when it returns, nothing but the small outputs refers to the snapshot any more
  const projectOne = async (step: number): Promise<ProjectedSnapshot | undefined> => {
    const s = await loadChecked(load, step);
    if (!s || s.rows !== rows || s.cols !== cols) return undefined;
    const earlier = step < referenceStep;
    let coords = project(s);
    if (align === 'reference') coords = rotateAboutCentroid(coords, procrustesRotation(coords, refCoords, DIMS), DIMS);
    else if (align === 'neighbour') {
      coords = rotateAboutCentroid(coords, procrustesRotation(coords, earlier ? earlierNeighbour : laterNeighbour, DIMS), DIMS);
      if (earlier) earlierNeighbour = coords;
      else laterNeighbour = coords;
    }
    const rank = method === 'pca' ? accepted : positionalRank.get(step)!;
    return finish(s, coords, rank < slots, refCoords, k);
  };
  for (let step = order.next(); step !== undefined; step = order.next()) {
    const projected = await projectOne(step);
    if (!projected) {
      skippedSteps.push(step);
      continue;
    }
    out.push(projected);
    order.accept(step);
    accepted++;
  }
  return {
    method,
    referenceStep,
    rows,
    cols,
    k,
    explainedVariance,
    skippedSteps: skippedSteps.sort((a, b) => a - b),
    snapshots: out.sort((a, b) => a.step - b.step),
  };
}

/** The order snapshots are loaded in: `next` gives the step to load (undefined at the end), `accept` says it was of the reference's shape. */
interface LoadOrder {
  next(): number | undefined;
  accept(step: number): void;
}

/**
 * PCA's order: outwards from the reference by distance counted in snapshots of the reference's shape, the earlier one
 * first at equal distance, which is the order the neighbour budget is spent in, and lets align=neighbour chain each
 * side. A shape is only known once loaded, so each side moves on by how many of its snapshots were accepted.
 */
function outwardsByShape(steps: readonly number[], referenceStep: number): LoadOrder {
  let before = steps.indexOf(referenceStep) - 1;
  let after = before + 2;
  let acceptedBefore = 0;
  let acceptedAfter = 0;
  return {
    next() {
      if (before < 0 && after >= steps.length) return undefined;
      const earlier = after >= steps.length || (before >= 0 && acceptedBefore <= acceptedAfter);
      return earlier ? steps[before--] : steps[after++];
    },
    accept(step) {
      if (step < referenceStep) acceptedBefore++;
      else acceptedAfter++;
    },
  };
}

/** The steps other than `steps[from]`, outwards from it: nearer first, at equal distance the earlier one first. */
function outwards(steps: readonly number[], from: number): number[] {
  const out: number[] = [];
  for (let d = 1; d < steps.length; d++) {
    if (from - d >= 0) out.push(steps[from - d]!);
    if (from + d < steps.length) out.push(steps[from + d]!);
  }
  return out;
}

/** The small per-snapshot outputs; after this the snapshot's values can go. */
function finish(s: SnapshotInput, coords: Float64Array, withNeighbours: boolean, refCoords: Float64Array, k: number): ProjectedSnapshot {
  return {
    step: s.step,
    coords: Float32Array.from(coords),
    norms: rowNorms(s.values, s.rows, s.cols),
    neighbours: withNeighbours ? nearestNeighbours(s.values, s.rows, s.cols, k) : null,
    distanceToReference: rmsDistance(coords, refCoords, DIMS),
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
