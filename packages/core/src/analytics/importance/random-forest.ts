/**
 * A small regression random forest (Breiman 2001): CART trees on bootstrap samples with random feature subsets,
 * averaged, with out-of-bag predictions.
 *
 * Written here rather than taken from a library: no maintained JavaScript package fits seeded, reproducible forests
 * with out-of-bag bookkeeping on columnar typed arrays and stays browser-safe with no dependencies, and permutation
 * importance needs the per-tree out-of-bag rows that libraries keep private. It is deliberately small: squared-error
 * splits found from per-feature histograms (at most `maxBins` quantile bins), shallow trees, and bootstrap samples
 * capped at `maxSamples` draws, so that 100 trees on 10,000 runs take about a tenth of a second. Categorical inputs
 * must arrive as numeric codes (see `encodeParamFeatures`); a missing value is NaN and always goes to the right
 * child (see {@link RegressionTree}), so a split can also separate "missing" from "present".
 */
import { RunlensError } from '../../errors.js';
import { createSeededRandom } from '../../random/seeded-random.js';
import { checkIntegerOption } from './check-integer-option.js';
import { binFeature, MAX_BINS } from './feature-bins.js';
import { growRegressionTree, interleaveBins, predictTreeRow, type RegressionTree } from './regression-tree.js';

/** Options of {@link fitRandomForest}. */
export interface RandomForestOptions {
  /** Number of trees. Default `100`. */
  readonly trees?: number;
  /** Seed of the bootstrap draws and feature subsets; the same seed and data give the same forest. Default `0`. */
  readonly seed?: number;
  /** Depth of the deepest leaf (root = 0). Default `8`. */
  readonly maxDepth?: number;
  /** Fewest bootstrap draws a leaf may hold. Default `3`. */
  readonly minLeafSize?: number;
  /** Candidate features per split. Default `max(1, floor(p / 3))`, the usual choice for regression. */
  readonly mtry?: number;
  /**
   * Rows drawn (with replacement) for each tree. Default `min(n, 2048)`: beyond that, depth-8 trees gain little
   * from more rows while the cost grows linearly, and the rows left out enlarge the out-of-bag set.
   */
  readonly maxSamples?: number;
  /** Histogram bins per feature, at most 255. Default `64`. */
  readonly maxBins?: number;
}

/** A fitted forest with its out-of-bag bookkeeping. */
export interface RandomForest {
  readonly trees: readonly RegressionTree[];
  readonly featureCount: number;
  readonly rowCount: number;
  /** Per tree, the rows (ascending) its bootstrap sample did not draw. */
  readonly outOfBag: readonly Uint32Array[];
}

/** Default per-tree sample cap, see {@link RandomForestOptions.maxSamples}. */
export const DEFAULT_MAX_SAMPLES = 2048;

/**
 * Fits a regression forest of `target` on `columns` (one Float64Array per feature, NaN = missing). The target must
 * be finite: drop diverged runs first. Throws a VALIDATION {@link RunlensError} for bad options, columns of the
 * wrong length or a non-finite target.
 *
 * @example
 * const forest = fitRandomForest([lr, depth], finalLoss, { seed: 1 });
 * predictRandomForest(forest, [Float64Array.of(3e-4), Float64Array.of(12)]) // [2.41]
 */
export function fitRandomForest(
  columns: readonly Float64Array[],
  target: ArrayLike<number>,
  options: RandomForestOptions = {},
): RandomForest {
  const n = target.length;
  const p = columns.length;
  if (n === 0) throw new RunlensError('VALIDATION', 'a forest needs at least one row');
  columns.forEach((column, f) => {
    if (column.length !== n) {
      throw new RunlensError('VALIDATION', `column ${f} has ${column.length} rows, the target ${n}`);
    }
  });
  const trees = checkIntegerOption('trees', options.trees, 100, 1, 10_000);
  const seed = checkIntegerOption('seed', options.seed, 0, -(2 ** 31), 2 ** 32 - 1);
  const settings = {
    maxDepth: checkIntegerOption('maxDepth', options.maxDepth, 8, 1, 30),
    minLeafSize: checkIntegerOption('minLeafSize', options.minLeafSize, 3, 1, Number.MAX_SAFE_INTEGER),
    mtry: checkIntegerOption('mtry', options.mtry, Math.max(1, Math.floor(p / 3)), 1, Math.max(1, p)),
  };
  const sampleSize = checkIntegerOption(
    'maxSamples',
    options.maxSamples,
    Math.min(n, DEFAULT_MAX_SAMPLES),
    1,
    Number.MAX_SAFE_INTEGER,
  );
  const maxBins = checkIntegerOption('maxBins', options.maxBins, 64, 2, MAX_BINS);

  let mean = 0;
  for (let i = 0; i < n; i++) {
    const y = target[i]!;
    if (!Number.isFinite(y)) throw new RunlensError('VALIDATION', `target at row ${i} is ${y}: it must be finite`);
    mean += y;
  }
  mean /= n;
  const centred = new Float64Array(n);
  for (let i = 0; i < n; i++) centred[i] = target[i]! - mean;
  const binned = interleaveBins(
    columns.map((column) => binFeature(column, maxBins)),
    n,
  );

  const random = createSeededRandom(seed);
  const fitted: RegressionTree[] = [];
  const outOfBag: Uint32Array[] = [];
  const inBag = new Uint8Array(n);
  const sample = new Uint32Array(sampleSize);
  for (let t = 0; t < trees; t++) {
    inBag.fill(0);
    for (let k = 0; k < sampleSize; k++) {
      const row = random.int(n);
      sample[k] = row;
      inBag[row] = 1;
    }
    const tree = growRegressionTree(binned, centred, mean, sample, settings, random);
    const oob = new Uint32Array(n - countOnes(inBag));
    for (let row = 0, k = 0; row < n; row++) if (inBag[row] === 0) oob[k++] = row;
    fitted.push(tree);
    outOfBag.push(oob);
  }
  return { trees: fitted, featureCount: p, rowCount: n, outOfBag };
}

/**
 * Per row of the training data, the mean prediction of the trees that did not train on it (NaN where every tree
 * did): predictions on unseen rows without a held-out split. `rSquared(target, oobPrediction(forest, columns))` is
 * the forest's out-of-bag R².
 *
 * @example rSquared(finalLoss, oobPrediction(forest, [lr, depth])) // e.g. 0.83
 */
export function oobPrediction(forest: RandomForest, columns: readonly Float64Array[]): Float64Array {
  checkColumns(forest, columns);
  const n = forest.rowCount;
  if (columns.some((column) => column.length !== n)) {
    throw new RunlensError('VALIDATION', `out-of-bag predictions need the ${n} training rows`);
  }
  const sum = new Float64Array(n);
  const count = new Uint32Array(n);
  forest.trees.forEach((tree, t) => {
    for (const row of forest.outOfBag[t]!) {
      sum[row]! += predictTreeRow(tree, columns, row);
      count[row]! += 1;
    }
  });
  for (let row = 0; row < n; row++) sum[row] = count[row]! > 0 ? sum[row]! / count[row]! : Number.NaN;
  return sum;
}

/**
 * The forest's prediction (mean over trees) for every row of `columns`, which must hold the forest's features in
 * the same order and encoding it was fitted on.
 *
 * @example predictRandomForest(forest, [lr, depth])[0]
 */
export function predictRandomForest(forest: RandomForest, columns: readonly Float64Array[]): Float64Array {
  checkColumns(forest, columns);
  const n = columns[0]?.length ?? 0;
  const out = new Float64Array(n);
  for (const tree of forest.trees) for (let row = 0; row < n; row++) out[row]! += predictTreeRow(tree, columns, row);
  for (let row = 0; row < n; row++) out[row]! /= forest.trees.length;
  return out;
}

function checkColumns(forest: RandomForest, columns: readonly Float64Array[]): void {
  if (columns.length !== forest.featureCount) {
    const got = columns.length;
    throw new RunlensError('VALIDATION', `the forest has ${forest.featureCount} features, got ${got} columns`);
  }
  const n = columns[0]?.length ?? 0;
  if (columns.some((column) => column.length !== n)) {
    throw new RunlensError('VALIDATION', 'all columns must have the same length');
  }
}

function countOnes(flags: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < flags.length; i++) count += flags[i]!;
  return count;
}
