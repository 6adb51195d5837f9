/**
 * Orthogonal Procrustes in the projection space: the rotation (or reflection) R minimising ‖(A − ā)R − (B − b̄)‖,
 * applied about A's own centroid so that a snapshot keeps its translation: only the spurious rotation between
 * snapshots goes, real drift stays visible.
 */
import { Matrix, SingularValueDecomposition } from 'ml-matrix';

/** Column means of a rows × dims row-major array. */
export function centroid(points: Float64Array, dims: number): Float64Array {
  const c = new Float64Array(dims);
  const rows = points.length / dims;
  for (let i = 0; i < rows; i++) for (let d = 0; d < dims; d++) c[d]! += points[i * dims + d]!;
  for (let d = 0; d < dims; d++) c[d]! /= Math.max(1, rows);
  return c;
}

/** The dims × dims orthogonal matrix that best rotates `source` onto `target` (both rows × dims, row-major). */
export function procrustesRotation(source: Float64Array, target: Float64Array, dims: number): Matrix {
  const rows = source.length / dims;
  const cs = centroid(source, dims);
  const ct = centroid(target, dims);
  const m = Matrix.zeros(dims, dims);
  for (let i = 0; i < rows; i++) {
    for (let a = 0; a < dims; a++) {
      const s = source[i * dims + a]! - cs[a]!;
      if (s === 0) continue;
      for (let b = 0; b < dims; b++) m.set(a, b, m.get(a, b) + s * (target[i * dims + b]! - ct[b]!));
    }
  }
  const svd = new SingularValueDecomposition(m, { autoTranspose: false });
  return svd.leftSingularVectors.mmul(svd.rightSingularVectors.transpose());
}

/** `points` rotated by `r` about their own centroid. */
export function rotateAboutCentroid(points: Float64Array, r: Matrix, dims: number): Float64Array {
  const rows = points.length / dims;
  const c = centroid(points, dims);
  const out = new Float64Array(points.length);
  for (let i = 0; i < rows; i++) {
    for (let b = 0; b < dims; b++) {
      let v = c[b]!;
      for (let a = 0; a < dims; a++) v += (points[i * dims + a]! - c[a]!) * r.get(a, b);
      out[i * dims + b] = v;
    }
  }
  return out;
}

/** Root-mean-square distance between corresponding rows. */
export function rmsDistance(a: Float64Array, b: Float64Array, dims: number): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(sum / Math.max(1, a.length / dims));
}
