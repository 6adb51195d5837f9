/**
 * The top principal directions of a wide matrix (e.g. 2,048 × 768 embedding rows) by randomized subspace
 * iteration: only products with the data (rows × cols × p per step) and small decompositions (ml-matrix QR and
 * eigen-decomposition of p × p). ml-pca's full covariance eigen-decomposition takes ~18 s and its NIPALS ~70 s at
 * 2,048 × 768 in JavaScript; this takes well under a second and agrees to display precision.
 */
import { EigenvalueDecomposition, Matrix, QrDecomposition } from 'ml-matrix';
import { createSeededRandom } from '../random/seeded-random.js';

/** `cols × n` principal directions (column d is component d, largest variance first) of row-major `values`. */
export function topComponents(values: ArrayLike<number>, rows: number, cols: number, n: number, seed = 7, iterations = 16): { means: Float64Array; eigenvectors: Matrix } {
  const means = new Float64Array(cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) means[j]! += values[i * cols + j]! / rows;
  const x = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) x[i * cols + j] = values[i * cols + j]! - means[j]!;
  const p = Math.min(cols, rows, n + 5);
  const rng = createSeededRandom(seed);
  let v = new Matrix(cols, p);
  for (let j = 0; j < cols; j++) for (let c = 0; c < p; c++) v.set(j, c, rng.normal());
  for (let it = 0; it < iterations; it++) v = new QrDecomposition(multiplyXtX(x, rows, cols, v, p)).orthogonalMatrix.subMatrix(0, cols - 1, 0, p - 1);
  // Rayleigh–Ritz: the p × p problem in the found subspace gives the directions and their order
  const b = multiplyX(x, rows, cols, v, p);
  const small = new Matrix(p, p);
  for (let a = 0; a < p; a++) {
    for (let c = a; c < p; c++) {
      let s = 0;
      for (let i = 0; i < rows; i++) s += b[i * p + a]! * b[i * p + c]!;
      small.set(a, c, s);
      small.set(c, a, s);
    }
  }
  const evd = new EigenvalueDecomposition(small, { assumeSymmetric: true });
  const order = evd.realEigenvalues.map((val, i) => [val, i] as const).sort((a, c) => c[0] - a[0]).map(([, i]) => i);
  const eigenvectors = v.mmul(evd.eigenvectorMatrix).subMatrix(0, cols - 1, 0, p - 1);
  const out = new Matrix(cols, n);
  for (let d = 0; d < n; d++) for (let j = 0; j < cols; j++) out.set(j, d, eigenvectors.get(j, order[d]!));
  return { means, eigenvectors: out };
}

/** X · V as rows × p row-major. */
function multiplyX(x: Float64Array, rows: number, cols: number, v: Matrix, p: number): Float64Array {
  const vv = new Float64Array(cols * p);
  for (let j = 0; j < cols; j++) for (let c = 0; c < p; c++) vv[j * p + c] = v.get(j, c);
  const w = new Float64Array(rows * p);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const xij = x[i * cols + j]!;
      if (xij === 0) continue;
      for (let c = 0; c < p; c++) w[i * p + c]! += xij * vv[j * p + c]!;
    }
  }
  return w;
}

/** Xᵀ X V as a cols × p Matrix. */
function multiplyXtX(x: Float64Array, rows: number, cols: number, v: Matrix, p: number): Matrix {
  const w = multiplyX(x, rows, cols, v, p);
  const out = new Float64Array(cols * p);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const xij = x[i * cols + j]!;
      if (xij === 0) continue;
      for (let c = 0; c < p; c++) out[j * p + c]! += xij * w[i * p + c]!;
    }
  }
  const m = new Matrix(cols, p);
  for (let j = 0; j < cols; j++) for (let c = 0; c < p; c++) m.set(j, c, out[j * p + c]!);
  return m;
}
