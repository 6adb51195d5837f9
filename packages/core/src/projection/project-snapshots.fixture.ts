/**
 * Seeded snapshot series for the golden projection tests. `project-snapshots.golden.json` holds what the earlier,
 * array-taking `projectSnapshots` (which held every snapshot at once) returned for each case; the streaming one
 * must return the same.
 */
import { createSeededRandom } from '../random/seeded-random.js';
import type { ProjectionOptions, ProjectionResult, SnapshotInput } from './project-snapshots.js';

export interface GoldenCase {
  name: string;
  snapshots: SnapshotInput[];
  options: ProjectionOptions;
}

/** ProjectionResult with typed arrays as plain arrays (what JSON holds). */
export interface GoldenResult extends Omit<ProjectionResult, 'snapshots'> {
  snapshots: { step: number; coords: number[]; norms: number[]; neighbours: number[] | null; distanceToReference: number }[];
}

export function toGolden(r: ProjectionResult): GoldenResult {
  return {
    ...r,
    snapshots: r.snapshots.map((s) => ({ ...s, coords: Array.from(s.coords), norms: Array.from(s.norms), neighbours: s.neighbours ? Array.from(s.neighbours) : null })),
  };
}

/**
 * A drifting, rotating embedding: a base matrix with decreasing column spreads, and per step a rotation in a plane
 * of the original space, a small drift and noise, so PCA axes, Procrustes and neighbours all have work to do.
 */
export function driftingSeries(seed: number, steps: readonly number[], rows: number, cols: number): SnapshotInput[] {
  const rng = createSeededRandom(seed);
  const base = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) base[i * cols + j] = rng.normal() * (3 / (1 + j * 0.5)) + (i % 3 === 0 ? 2 : 0);
  return steps.map((step, t) => {
    const angle = t * 0.3;
    const c = Math.cos(angle);
    const s = Math.sin(angle);
    const values = new Float32Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        let v = base[i * cols + j]!;
        if (j === 0) v = c * base[i * cols]! - s * base[i * cols + 1]!;
        if (j === 1) v = s * base[i * cols]! + c * base[i * cols + 1]!;
        values[i * cols + j] = v + t * 0.1 * (i % 2 === 0 ? 1 : -1) + rng.normal() * 0.05;
      }
    }
    return { step, rows, cols, values };
  });
}

/** A snapshot of another shape, to be skipped. */
function odd(step: number, rows: number, cols: number): SnapshotInput {
  return { step, rows, cols, values: Float32Array.from({ length: rows * cols }, (_, i) => Math.sin(i)) };
}

const narrow = driftingSeries(11, [0, 10, 30, 40, 60, 70], 24, 6);
const narrowCost = 24 * 24 * 6;

export const GOLDEN_CASES: GoldenCase[] = [
  {
    // reference in the middle, chained alignment, other shapes on both sides, a budget that runs out part way
    name: 'narrow, neighbour alignment, middle reference, skipped shapes, partial budget',
    snapshots: [...narrow, odd(20, 5, 6), odd(50, 24, 5)],
    options: { reference: 40, align: 'neighbour', neighbours: 3, neighbourBudget: narrowCost * 4 },
  },
  {
    // the nearest earlier snapshot has another shape: by distance in snapshots of the reference's shape, step 0 is
    // as near as step 30, and earlier, so it gets the one slot left
    name: 'narrow, neighbour alignment, skipped shape next to the reference, budget for two',
    snapshots: [...driftingSeries(15, [0, 20, 30, 40], 24, 6), odd(10, 24, 7)],
    options: { reference: 20, align: 'neighbour', neighbours: 3, neighbourBudget: narrowCost * 2 },
  },
  {
    name: 'narrow, reference alignment, last reference',
    snapshots: [...narrow, odd(20, 5, 6)],
    options: { align: 'reference', neighbours: 4 },
  },
  {
    name: 'narrow, no alignment, first reference, partial budget',
    snapshots: narrow,
    options: { reference: 'first', align: 'none', neighbours: 2, neighbourBudget: narrowCost * 2 },
  },
  {
    name: 'narrow, reference alignment, middle reference, budget for three',
    snapshots: narrow,
    options: { reference: 30, neighbours: 3, neighbourBudget: narrowCost * 3 },
  },
  {
    // fewer rows than columns: ml-pca by SVD
    name: 'short and wide (SVD), neighbour alignment, middle reference',
    snapshots: driftingSeries(12, [1, 2, 3, 4, 5], 10, 12),
    options: { reference: 3, align: 'neighbour', neighbours: 2 },
  },
  {
    // more than 64 columns: randomized subspace iteration
    name: 'wide (subspace iteration), neighbour alignment, middle reference, skipped shape',
    snapshots: [...driftingSeries(13, [0, 100, 200, 300, 400], 30, 70), odd(250, 30, 69)],
    options: { reference: 200, align: 'neighbour', neighbours: 3 },
  },
  {
    name: 'umap, middle reference, partial budget',
    snapshots: driftingSeries(14, [0, 5, 10, 15], 20, 5),
    options: { method: 'umap', reference: 5, neighbours: 2, neighbourBudget: 20 * 20 * 5 * 2, seed: 3 },
  },
];
