/**
 * Per-row facts for tooltips: L2 norms, and each row's k nearest neighbours by cosine similarity in the original
 * space (what "close" means for embeddings), not in the 3-D projection where distances are distorted.
 *
 * Cosine similarity with a zero row is undefined; it counts as 0 here (as in scikit-learn's cosine_similarity), so
 * a zero row ranks below every positively similar row and above every negatively similar one, and a zero query
 * row's neighbours are simply the lowest-numbered other rows.
 */
import { RunlensError } from '../errors.js';

/** L2 norm of each row of a rows × cols row-major matrix. */
export function rowNorms(values: ArrayLike<number>, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += values[i * cols + j]! ** 2;
    out[i] = Math.sqrt(s);
  }
  return out;
}

/** One neighbour of a row: its index and cosine similarity. */
export interface RowNeighbour {
  row: number;
  similarity: number;
}

/**
 * The `k` rows most cosine-similar to `row` (itself excluded), by similarity descending, ties by lower index;
 * fewer when there are not `k` other rows. Cost rows × cols. Pass `norms` (from `rowNorms`) when asking about many
 * rows of one matrix.
 *
 * @example
 * rowNeighbours(embedding, 2048, 768, 17, 5); // [{ row: 412, similarity: 0.83 }, …]
 */
export function rowNeighbours(values: ArrayLike<number>, rows: number, cols: number, row: number, k: number, norms: ArrayLike<number> = rowNorms(values, rows, cols)): RowNeighbour[] {
  if (!Number.isInteger(row) || row < 0 || row >= rows) throw new RunlensError('VALIDATION', `row ${row} is out of range: the matrix has ${rows} rows`, { field: 'row' });
  if (!Number.isInteger(k) || k < 1) throw new RunlensError('VALIDATION', `k must be a positive integer, got ${k}`, { field: 'k' });
  const n = Math.min(k, rows - 1);
  const index = new Int32Array(n);
  const similarity = new Float64Array(n);
  topSimilar(values, cols, rows, norms, row, n, index, similarity, 0);
  return Array.from(index, (r, i) => ({ row: r, similarity: similarity[i]! }));
}

/**
 * Indices of the `k` most cosine-similar other rows of each row (rows × k, row-major; -1 pads when rows ≤ k).
 * Cost rows² × cols: callers budget it.
 */
export function nearestNeighbours(values: ArrayLike<number>, rows: number, cols: number, k: number): Int32Array {
  const norms = rowNorms(values, rows, cols);
  const out = new Int32Array(rows * k).fill(-1);
  const n = Math.min(k, rows - 1);
  const similarity = new Float64Array(k);
  for (let i = 0; i < rows; i++) topSimilar(values, cols, rows, norms, i, n, out, similarity, i * k);
  return out;
}

/** Writes the top `n` (n ≤ rows − 1) neighbours of row `i` into index/similarity from `base`, sorted. */
function topSimilar(values: ArrayLike<number>, cols: number, rows: number, norms: ArrayLike<number>, i: number, n: number, index: Int32Array, similarity: Float64Array, base: number): void {
  if (n <= 0) return;
  let filled = 0;
  const offset = i * cols;
  for (let j = 0; j < rows; j++) {
    if (j === i) continue;
    let dot = 0;
    const other = j * cols;
    for (let c = 0; c < cols; c++) dot += values[offset + c]! * values[other + c]!;
    const denom = norms[i]! * norms[j]!;
    const sim = denom > 0 ? dot / denom : 0;
    if (filled === n && sim <= similarity[n - 1]!) continue;
    // insertion into the sorted top n; an equal similarity goes after, so ties keep the lower index
    let p = filled < n ? filled++ : n - 1;
    while (p > 0 && similarity[p - 1]! < sim) {
      similarity[p] = similarity[p - 1]!;
      index[base + p] = index[base + p - 1]!;
      p--;
    }
    similarity[p] = sim;
    index[base + p] = j;
  }
}
