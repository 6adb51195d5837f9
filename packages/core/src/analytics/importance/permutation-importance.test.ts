import { describe, expect, it } from 'vitest';
import { RunlensError } from '../../errors.js';
import { createSeededRandom } from '../../random/seeded-random.js';
import { permutationImportance, type PermutationImportanceOptions } from './permutation-importance.js';
import { fitRandomForest, type RandomForest } from './random-forest.js';
import { rSquared } from './r-squared.js';
import { predictTreeRow } from './regression-tree.js';

const rng = createSeededRandom(21);
const N = 300;
const A = Float64Array.from({ length: N }, () => rng.next());
const B = Float64Array.from({ length: N }, () => rng.next());
const CONSTANT = new Float64Array(N).fill(1);
const Y = Float64Array.from(A, (a) => 3 * a + 0.2 * rng.normal());
const COLUMNS = [A, B, CONSTANT];
const FOREST = fitRandomForest(COLUMNS, Y, { seed: 1, trees: 50 });

/**
 * Permutation importance the slow, obvious way: every out-of-bag (tree, row) pair walked from the root with the
 * shuffled column. It draws its shuffles from the same seeded stream in the same order as the implementation
 * (evaluation sample first when n > maxEvalRows, then per feature per repeat), so the two must agree to rounding.
 */
function naiveImportance(
  forest: RandomForest,
  columns: Float64Array[],
  y: Float64Array,
  { repeats = 5, seed = 0, maxEvalRows = 2000, maxTreesPerRow = 30 }: PermutationImportanceOptions,
): number[] {
  const random = createSeededRandom((seed ^ 0x5bd1e995) >>> 0);
  const n = y.length;
  let evalRows = Array.from({ length: n }, (_, i) => i);
  if (n > maxEvalRows) {
    for (let k = 0; k < maxEvalRows; k++) {
      const pick = k + random.int(n - k);
      [evalRows[k], evalRows[pick]] = [evalRows[pick]!, evalRows[k]!];
    }
    evalRows = evalRows.slice(0, maxEvalRows).sort((a, b) => a - b);
  }
  const position = new Map(evalRows.map((row, e) => [row, e]));
  const pairs: [number, number][] = [];
  const used = new Array<number>(evalRows.length).fill(0);
  forest.outOfBag.forEach((oob, t) => {
    for (const row of oob) {
      const e = position.get(row);
      if (e !== undefined && used[e]! < maxTreesPerRow) {
        used[e]! += 1;
        pairs.push([t, e]);
      }
    }
  });
  const observed = evalRows.map((row) => y[row]!);
  const score = (cols: Float64Array[]) => {
    const sum = new Float64Array(evalRows.length);
    const count = new Float64Array(evalRows.length);
    for (const [t, e] of pairs) {
      sum[e]! += predictTreeRow(forest.trees[t]!, cols, e);
      count[e]! += 1;
    }
    return rSquared(observed, Float64Array.from(sum, (s, e) => (count[e]! > 0 ? s / count[e]! : Number.NaN)));
  };
  const evalColumns = columns.map((c) => Float64Array.from(evalRows, (row) => c[row]!));
  const baseline = score(evalColumns);
  return columns.map((_, f) => {
    let total = 0;
    for (let r = 0; r < repeats; r++) {
      const shuffled = evalColumns[f]!.slice();
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = random.int(i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
      }
      total += baseline - score(evalColumns.map((c, g) => (g === f ? shuffled : c)));
    }
    return total / repeats;
  });
}

describe('permutationImportance', () => {
  it('ranks the driving feature far above an irrelevant one', () => {
    const result = permutationImportance(FOREST, COLUMNS, Y, { seed: 1 });
    expect(result.importance[0]).toBeGreaterThan(1);
    expect(Math.abs(result.importance[1]!)).toBeLessThan(0.02);
    expect(result.baselineR2).toBeGreaterThan(0.85);
    expect(result.scoredRows).toBe(N);
  });

  it('gives exactly 0 to a feature no tree splits on', () => {
    const result = permutationImportance(FOREST, COLUMNS, Y);
    expect(result.importance[2]).toBe(0);
    expect(result.importanceStd[2]).toBe(0);
  });

  it('agrees with a naive re-implementation (skipping untouched paths changes nothing)', () => {
    for (const options of [{ seed: 3 }, { seed: 4, repeats: 2, maxEvalRows: 120, maxTreesPerRow: 7 }]) {
      const fast = permutationImportance(FOREST, COLUMNS, Y, options);
      const naive = naiveImportance(FOREST, COLUMNS, Y, options);
      naive.forEach((value, f) => expect(fast.importance[f]).toBeCloseTo(value, 12));
    }
  });

  it('scores at most maxEvalRows rows', () => {
    expect(permutationImportance(FOREST, COLUMNS, Y, { maxEvalRows: 50 }).scoredRows).toBeLessThanOrEqual(50);
  });

  it('repeats exactly for a seed', () => {
    const a = permutationImportance(FOREST, COLUMNS, Y, { seed: 9 });
    expect(permutationImportance(FOREST, COLUMNS, Y, { seed: 9 })).toEqual(a);
    expect(permutationImportance(FOREST, COLUMNS, Y, { seed: 10 }).importance).not.toEqual(a.importance);
  });

  it('reports the spread of the drop over the shuffles', () => {
    const result = permutationImportance(FOREST, COLUMNS, Y, { repeats: 10 });
    expect(result.importanceStd[0]).toBeGreaterThan(0);
    expect(result.importanceStd[0]).toBeLessThan(0.2 * result.importance[0]!);
  });

  it('is NaN everywhere when the target is constant', () => {
    const y = new Float64Array(N).fill(2);
    const forest = fitRandomForest(COLUMNS, y, { trees: 5 });
    const result = permutationImportance(forest, COLUMNS, y);
    expect(result.baselineR2).toBeNaN();
    expect(Array.from(result.importance).every(Number.isNaN)).toBe(true);
  });

  it('rejects columns other than those the forest was fitted on, and bad options', () => {
    expect(() => permutationImportance(FOREST, [A, B], Y)).toThrow(RunlensError);
    expect(() => permutationImportance(FOREST, COLUMNS, Y, { repeats: 0 })).toThrow(/repeats/);
  });
});
