/**
 * One CART regression tree (squared error), grown on binned features from a sample of row indices. The tree is
 * stored as parallel typed arrays so that predicting touches no objects; it routes a row by its raw feature values.
 */
import type { SeededRandom } from '../../random/seeded-random.js';
import { type FeatureBins, MISSING_BIN } from './feature-bins.js';

/**
 * A fitted tree: node 0 is the root. An inner node sends a row left when `x[feature] <= threshold` and right
 * otherwise, so a missing (NaN) value always goes right.
 */
export interface RegressionTree {
  /** Feature index the node splits on; −1 for a leaf. */
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Mean target of the training rows that reached the node (the prediction at a leaf). */
  readonly value: Float64Array;
}

/** How a tree grows. */
export interface TreeGrowthSettings {
  /** Depth of the deepest leaf allowed (the root has depth 0). */
  readonly maxDepth: number;
  /** Fewest sample rows (bootstrap draws, duplicates counted) a leaf may hold. */
  readonly minLeafSize: number;
  /** Features drawn at random as split candidates at each node. */
  readonly mtry: number;
}

/**
 * Features binned for growing trees: bin codes stored row-major (`codes[row * featureCount + feature]`), so that
 * the candidate features of a node are read from one cache line per row instead of one per feature.
 */
export interface BinnedFeatures {
  readonly featureCount: number;
  readonly codes: Uint8Array;
  /** Per feature, the thresholds of its bins (see `FeatureBins.thresholds`). */
  readonly thresholds: readonly Float64Array[];
}

/** Interleaves per-feature bins into the row-major layout trees grow on. */
export function interleaveBins(features: readonly FeatureBins[], rowCount: number): BinnedFeatures {
  const p = features.length;
  const codes = new Uint8Array(rowCount * p);
  features.forEach((bins, f) => {
    for (let row = 0; row < rowCount; row++) codes[row * p + f] = bins.codes[row]!;
  });
  return { featureCount: p, codes, thresholds: features.map((bins) => bins.thresholds) };
}

const BIN_SLOTS = MISSING_BIN + 1;

/**
 * Grows a tree on `rows` (indices into `binned` and `target`, duplicates allowed; reordered in place).
 * `target` should be centred: node sums of squares then keep their precision; `offset` is added back to every node
 * value. Each node draws `mtry` candidate features; as in scikit-learn, it keeps drawing past `mtry` until one
 * gives a valid split or all were tried, so a node is not made a leaf just because the draw was unlucky.
 */
export function growRegressionTree(
  binned: BinnedFeatures,
  target: Float64Array,
  offset: number,
  rows: Uint32Array,
  settings: TreeGrowthSettings,
  random: SeededRandom,
): RegressionTree {
  const { maxDepth, minLeafSize } = settings;
  const p = binned.featureCount;
  const mtry = Math.min(settings.mtry, p);
  const maxLeaves = Math.max(1, Math.min(2 ** maxDepth, Math.floor(rows.length / minLeafSize)));
  const capacity = 2 * maxLeaves - 1;
  const feature = new Int32Array(capacity).fill(-1);
  const threshold = new Float64Array(capacity);
  const left = new Int32Array(capacity);
  const right = new Int32Array(capacity);
  const value = new Float64Array(capacity);
  let nodeCount = 1;

  const order = Int32Array.from({ length: p }, (_, i) => i);
  const binCount = new Float64Array(Math.max(1, mtry) * BIN_SLOTS);
  const binSum = new Float64Array(Math.max(1, mtry) * BIN_SLOTS);
  const split = { score: 0, feature: -1, bin: 0 };
  const stack: number[] = [0, 0, rows.length, 0];

  while (stack.length > 0) {
    const depth = stack.pop()!;
    const end = stack.pop()!;
    const start = stack.pop()!;
    const node = stack.pop()!;
    const n = end - start;
    let sum = 0;
    let sumSq = 0;
    for (let k = start; k < end; k++) {
      const y = target[rows[k]!]!;
      sum += y;
      sumSq += y * y;
    }
    value[node] = sum / n + offset;
    const parentScore = (sum * sum) / n;
    // A pure node (error at rounding level) has nothing left to split.
    if (depth >= maxDepth || n < 2 * minLeafSize || sumSq - parentScore <= 1e-12 * sumSq || p === 0) continue;

    split.score = parentScore + 1e-12 * sumSq;
    split.feature = -1;
    const range = { start, end, n, sum };
    let tried = 0;
    while (tried < p && (tried < mtry || split.feature < 0)) {
      // The first batch is the mtry candidates; later batches (rare) hold one feature each.
      const batch = tried < mtry ? mtry : 1;
      for (let k = tried; k < tried + batch; k++) {
        const pick = k + random.int(p - k);
        const f = order[pick]!;
        order[pick] = order[k]!;
        order[k] = f;
      }
      const candidates = order.subarray(tried, tried + batch);
      findBestSplit(binned, target, rows, range, candidates, minLeafSize, binCount, binSum, split);
      tried += batch;
    }
    if (split.feature < 0) continue;

    const codes = binned.codes;
    const bestFeature = split.feature;
    const bestBin = split.bin;
    let i = start;
    let j = end - 1;
    while (i <= j) {
      const row = rows[i]!;
      if (codes[row * p + bestFeature]! <= bestBin) i++;
      else {
        rows[i] = rows[j]!;
        rows[j] = row;
        j--;
      }
    }
    const thresholds = binned.thresholds[bestFeature]!;
    feature[node] = bestFeature;
    // After the last value bin only the missing remain: every number, ±Infinity included, goes left.
    threshold[node] = bestBin < thresholds.length ? thresholds[bestBin]! : Number.POSITIVE_INFINITY;
    const l = nodeCount++;
    const r = nodeCount++;
    left[node] = l;
    right[node] = r;
    stack.push(r, i, end, depth + 1, l, start, i, depth + 1);
  }

  return {
    feature: feature.slice(0, nodeCount),
    threshold: threshold.slice(0, nodeCount),
    left: left.slice(0, nodeCount),
    right: right.slice(0, nodeCount),
    value: value.slice(0, nodeCount),
  };
}

interface NodeRange {
  readonly start: number;
  readonly end: number;
  readonly n: number;
  readonly sum: number;
}

interface SplitChoice {
  score: number;
  feature: number;
  bin: number;
}

/**
 * Histograms the node's rows over the `candidates` in one pass, then scans each for the split with the highest
 * Σ sum² / count over the two children (the least squared error); updates `best` when one beats its score.
 */
function findBestSplit(
  binned: BinnedFeatures,
  target: Float64Array,
  rows: Uint32Array,
  node: NodeRange,
  candidates: Int32Array,
  minLeafSize: number,
  binCount: Float64Array,
  binSum: Float64Array,
  best: SplitChoice,
): void {
  const p = binned.featureCount;
  const codes = binned.codes;
  const m = candidates.length;
  for (let k = 0; k < m; k++) {
    const from = k * BIN_SLOTS;
    const to = from + binned.thresholds[candidates[k]!]!.length + 1;
    binCount.fill(0, from, to);
    binSum.fill(0, from, to);
    binCount[from + MISSING_BIN] = 0;
    binSum[from + MISSING_BIN] = 0;
  }
  for (let r = node.start; r < node.end; r++) {
    const row = rows[r]!;
    const base = row * p;
    const y = target[row]!;
    for (let k = 0; k < m; k++) {
      const slot = k * BIN_SLOTS + codes[base + candidates[k]!]!;
      binCount[slot]! += 1;
      binSum[slot]! += y;
    }
  }
  const { n, sum } = node;
  for (let k = 0; k < m; k++) {
    const f = candidates[k]!;
    const lastBin = binned.thresholds[f]!.length;
    // Split after bin b: bins 0..b left, the rest and the missing right. b = lastBin separates the missing alone.
    let countLeft = 0;
    let sumLeft = 0;
    for (let b = 0; b <= lastBin; b++) {
      const c = binCount[k * BIN_SLOTS + b]!;
      if (c === 0) continue;
      countLeft += c;
      sumLeft += binSum[k * BIN_SLOTS + b]!;
      const countRight = n - countLeft;
      if (countLeft < minLeafSize) continue;
      if (countRight < minLeafSize) break;
      const sumRight = sum - sumLeft;
      const score = (sumLeft * sumLeft) / countLeft + (sumRight * sumRight) / countRight;
      if (score > best.score) {
        best.score = score;
        best.feature = f;
        best.bin = b;
      }
    }
  }
}

/**
 * The leaf value `tree` predicts for row `row` of `columns` (one Float64Array per feature).
 *
 * @example predictTreeRow(forest.trees[0], columns, 12)
 */
export function predictTreeRow(tree: RegressionTree, columns: readonly Float64Array[], row: number): number {
  const { feature, threshold, left, right, value } = tree;
  let node = 0;
  let f = feature[0]!;
  while (f >= 0) {
    node = columns[f]![row]! <= threshold[node]! ? left[node]! : right[node]!;
    f = feature[node]!;
  }
  return value[node]!;
}
