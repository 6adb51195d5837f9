/**
 * One-number summaries of logged classifier curves: the area under a ROC curve and the average precision of a PR
 * curve, computed from the points as logged (no scores or labels needed).
 */

/** Points of a curve sorted by x ascending, ties by y ascending: the order a ROC curve is drawn and integrated in. */
export function sortCurvePoints(x: readonly number[], y: readonly number[]): { x: number[]; y: number[] } {
  const order = x.map((_, i) => i).sort((a, b) => x[a]! - x[b]! || y[a]! - y[b]!);
  return { x: order.map((i) => x[i]!), y: order.map((i) => y[i]!) };
}

/**
 * The trapezoid-rule area under a ROC curve given as (false positive rate, true positive rate) points in any order,
 * as `sklearn.metrics.auc` of `roc_curve`'s output. Every ROC curve passes through (0, 0) and (1, 1) (thresholds
 * above and below every score), so those ends are added when the log lacks them. NaN for no points.
 *
 * @example rocAuc([0, 0, 1], [0, 1, 1]) // 1 (a perfect classifier); rocAuc([0, 1], [0, 1]) // 0.5 (chance)
 */
export function rocAuc(fpr: readonly number[], tpr: readonly number[]): number {
  if (fpr.length === 0) return Number.NaN;
  const curve = withRocEnds(fpr, tpr);
  let area = 0;
  for (let i = 1; i < curve.x.length; i++) area += ((curve.x[i]! - curve.x[i - 1]!) * (curve.y[i]! + curve.y[i - 1]!)) / 2;
  return area;
}

/** The curve sorted for drawing, with (0, 0) and (1, 1) added when missing. */
export function withRocEnds(fpr: readonly number[], tpr: readonly number[]): { x: number[]; y: number[] } {
  const sorted = sortCurvePoints(fpr, tpr);
  if (!(sorted.x[0] === 0 && sorted.y[0] === 0)) {
    sorted.x.unshift(0);
    sorted.y.unshift(0);
  }
  const last = sorted.x.length - 1;
  if (!(sorted.x[last] === 1 && sorted.y[last] === 1)) {
    sorted.x.push(1);
    sorted.y.push(1);
  }
  return sorted;
}

/**
 * Average precision of a PR curve given as (recall, precision) points in any order: AP = Σ (Rₙ − Rₙ₋₁)·Pₙ over the
 * points by ascending recall with R₀ = 0, the step-wise sum of `sklearn.metrics.average_precision_score` (no
 * interpolation). Where several points share a recall, the highest precision counts (the point with the highest
 * threshold, as in scikit-learn's curves). NaN for no points.
 *
 * @example averagePrecision([0.5, 1], [1, 1]) // 1 (a perfect classifier)
 */
export function averagePrecision(recall: readonly number[], precision: readonly number[]): number {
  if (recall.length === 0) return Number.NaN;
  const best = new Map<number, number>();
  recall.forEach((r, i) => best.set(r, Math.max(best.get(r) ?? Number.NEGATIVE_INFINITY, precision[i]!)));
  let ap = 0;
  let previous = 0;
  for (const r of [...best.keys()].sort((a, b) => a - b)) {
    ap += (r - previous) * best.get(r)!;
    previous = r;
  }
  return ap;
}
