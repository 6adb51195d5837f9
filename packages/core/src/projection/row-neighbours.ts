/**
 * Per-row facts for tooltips: L2 norms, and each row's k nearest neighbours by cosine similarity in the original
 * space (what "close" means for embeddings), not in the 3-D projection where distances are distorted.
 */

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

/**
 * Indices of the `k` most cosine-similar other rows of each row (rows × k, row-major; -1 pads when rows ≤ k).
 * Cost rows² × cols: callers budget it.
 */
export function nearestNeighbours(values: ArrayLike<number>, rows: number, cols: number, k: number): Int32Array {
  const norms = rowNorms(values, rows, cols);
  const out = new Int32Array(rows * k).fill(-1);
  const bestSim = new Float64Array(k);
  for (let i = 0; i < rows; i++) {
    bestSim.fill(-Infinity);
    const base = i * k;
    for (let j = 0; j < rows; j++) {
      if (j === i) continue;
      let dot = 0;
      for (let c = 0; c < cols; c++) dot += values[i * cols + c]! * values[j * cols + c]!;
      const denom = norms[i]! * norms[j]!;
      const sim = denom > 0 ? dot / denom : -1;
      if (sim <= bestSim[k - 1]!) continue;
      // insertion into the sorted top-k
      let p = k - 1;
      while (p > 0 && bestSim[p - 1]! < sim) {
        bestSim[p] = bestSim[p - 1]!;
        out[base + p] = out[base + p - 1]!;
        p--;
      }
      bestSim[p] = sim;
      out[base + p] = j;
    }
  }
  return out;
}
