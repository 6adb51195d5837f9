/**
 * Values on a regular grid interpolated from scattered points (trials of a hyperparameter search) by inverse
 * distance weighting (Shepard): each grid value is the mean of the points' values weighted by 1 / distance^power.
 * Unlike a triangulation it fills the whole grid, needs no more than one point, never overshoots the range of the
 * data, and every output is finite when the inputs are.
 */

/** Scattered points in normalised coordinates (each axis scaled to about [0, 1], so neither axis dominates). */
export interface ScatteredPoints {
  readonly u: readonly number[];
  readonly v: readonly number[];
  readonly z: readonly number[];
}

/** Closer than this a grid centre counts as sitting on a point, which then gives its value (the mean of several). */
const SAME_PLACE = 1e-9;

/**
 * `z` interpolated at every (uCentres[i], vCentres[j]); the result is row-major by v: `grid[j][i]`. NaN everywhere
 * when there are no points. The points must be finite.
 *
 * @example inverseDistanceGrid({ u: [0, 1], v: [0, 0], z: [0, 10] }, [0, 0.5, 1], [0]) // [[0, 5, 10]]
 */
export function inverseDistanceGrid(points: ScatteredPoints, uCentres: readonly number[], vCentres: readonly number[], power = 2): number[][] {
  const n = points.z.length;
  return vCentres.map((cv) =>
    uCentres.map((cu) => {
      if (n === 0) return Number.NaN;
      let weighted = 0;
      let total = 0;
      let exactSum = 0;
      let exactCount = 0;
      for (let k = 0; k < n; k++) {
        const d = Math.hypot(points.u[k]! - cu, points.v[k]! - cv);
        if (d < SAME_PLACE) {
          exactSum += points.z[k]!;
          exactCount++;
          continue;
        }
        const w = d ** -power;
        weighted += w * points.z[k]!;
        total += w;
      }
      return exactCount > 0 ? exactSum / exactCount : weighted / total;
    }),
  );
}
