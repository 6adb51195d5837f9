import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../random/seeded-random.js';
import { nearestNeighbours, rowNeighbours, rowNorms } from './row-neighbours.js';

/** Brute force: every other row's cosine similarity (0 against a zero row), sorted descending, ties by index. */
function bruteForce(values: Float32Array, rows: number, cols: number, row: number, k: number): { row: number; similarity: number }[] {
  const all: { row: number; similarity: number }[] = [];
  const a = values.subarray(row * cols, (row + 1) * cols);
  for (let j = 0; j < rows; j++) {
    if (j === row) continue;
    const b = values.subarray(j * cols, (j + 1) * cols);
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (let c = 0; c < cols; c++) {
      dot += a[c]! * b[c]!;
      na += a[c]! ** 2;
      nb += b[c]! ** 2;
    }
    all.push({ row: j, similarity: na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0 });
  }
  return all.sort((x, y) => y.similarity - x.similarity || x.row - y.row).slice(0, k);
}

function randomMatrix(seed: number, rows: number, cols: number): Float32Array {
  const rng = createSeededRandom(seed);
  return Float32Array.from({ length: rows * cols }, () => rng.normal());
}

describe('rowNeighbours', () => {
  it('finds the exact k most cosine-similar other rows, sorted, for every row of a random matrix', () => {
    const rows = 60;
    const cols = 24;
    const values = randomMatrix(1, rows, cols);
    const norms = rowNorms(values, rows, cols);
    for (let row = 0; row < rows; row++) {
      const got = rowNeighbours(values, rows, cols, row, 7, norms);
      const want = bruteForce(values, rows, cols, row, 7);
      expect(got.map((n) => n.row)).toEqual(want.map((n) => n.row));
      got.forEach((n, i) => expect(n.similarity).toBeCloseTo(want[i]!.similarity, 6));
      expect(got.some((n) => n.row === row)).toBe(false);
    }
  });

  it('computes norms itself when not given them, and agrees with the precomputed rows × k table', () => {
    const rows = 30;
    const cols = 5;
    const values = randomMatrix(2, rows, cols);
    const table = nearestNeighbours(values, rows, cols, 4);
    for (let row = 0; row < rows; row++) expect(rowNeighbours(values, rows, cols, row, 4).map((n) => n.row)).toEqual(Array.from(table.subarray(row * 4, row * 4 + 4)));
  });

  it('gives zero rows similarity 0, ranking them between positive and negative neighbours; a zero query gets the first rows', () => {
    // row 0 query; row 1 same direction, row 2 zero, row 3 opposite, row 4 orthogonal
    const values = Float32Array.from([1, 0, 2, 0, 0, 0, -1, 0, 0, 3]);
    expect(rowNeighbours(values, 5, 2, 0, 4)).toEqual([
      { row: 1, similarity: 1 },
      { row: 2, similarity: 0 },
      { row: 4, similarity: 0 },
      { row: 3, similarity: -1 },
    ]);
    expect(rowNeighbours(values, 5, 2, 2, 3)).toEqual([
      { row: 0, similarity: 0 },
      { row: 1, similarity: 0 },
      { row: 3, similarity: 0 },
    ]);
    expect(Array.from(nearestNeighbours(values, 5, 2, 4).subarray(0, 4))).toEqual([1, 2, 4, 3]);
  });

  it('returns fewer than k when there are not k other rows, and names a bad row or k', () => {
    const values = randomMatrix(3, 3, 2);
    expect(rowNeighbours(values, 3, 2, 1, 50).map((n) => n.row).sort()).toEqual([0, 2]);
    expect(Array.from(nearestNeighbours(values, 3, 2, 3).subarray(0, 3))).toContain(-1);
    expect(() => rowNeighbours(values, 3, 2, 3, 1)).toThrow(/row 3 is out of range: the matrix has 3 rows/);
    expect(() => rowNeighbours(values, 3, 2, -1, 1)).toThrow(/row -1/);
    expect(() => rowNeighbours(values, 3, 2, 0.5, 1)).toThrow(/row 0.5/);
    expect(() => rowNeighbours(values, 3, 2, 0, 0)).toThrow(/k must be a positive integer, got 0/);
  });
});
