import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../random/seeded-random.js';
import { binFeature } from './feature-bins.js';
import { growRegressionTree, interleaveBins, predictTreeRow, type RegressionTree } from './regression-tree.js';

function grow(
  columns: Float64Array[],
  y: number[],
  settings = { maxDepth: 8, minLeafSize: 1, mtry: columns.length },
  seed = 0,
): RegressionTree {
  const n = y.length;
  const binned = interleaveBins(
    columns.map((c) => binFeature(c, 64)),
    n,
  );
  const rows = Uint32Array.from({ length: n }, (_, i) => i);
  return growRegressionTree(binned, Float64Array.from(y), 0, rows, settings, createSeededRandom(seed));
}

function depthOf(tree: RegressionTree, node = 0): number {
  return tree.feature[node]! < 0 ? 0 : 1 + Math.max(depthOf(tree, tree.left[node]!), depthOf(tree, tree.right[node]!));
}

describe('growRegressionTree', () => {
  it('splits between the two groups and predicts their means', () => {
    const x = Float64Array.of(1, 2, 3, 10, 11, 12);
    const tree = grow([x], [0, 0.2, 0.1, 5, 5.3, 5.2], { maxDepth: 1, minLeafSize: 1, mtry: 1 });
    expect(tree.feature[0]).toBe(0);
    expect(tree.threshold[0]).toBe(6.5);
    expect(predictTreeRow(tree, [x], 0)).toBeCloseTo(0.1, 12);
    expect(predictTreeRow(tree, [x], 5)).toBeCloseTo((5 + 5.3 + 5.2) / 3, 12);
  });

  it('fits any function of few distinct values exactly when allowed to grow', () => {
    const x = Float64Array.from({ length: 40 }, (_, i) => i % 8);
    const y = Array.from(x, (v) => Math.sin(v));
    const tree = grow([x], y);
    for (let i = 0; i < 40; i++) expect(predictTreeRow(tree, [x], i)).toBeCloseTo(y[i]!, 12);
  });

  it('respects maxDepth and minLeafSize', () => {
    const rng = createSeededRandom(1);
    const x = Float64Array.from({ length: 300 }, () => rng.next());
    const y = Array.from(x, (v) => v * v + rng.normal() * 0.1);
    const tree = grow([x], y, { maxDepth: 4, minLeafSize: 7, mtry: 1 });
    expect(depthOf(tree)).toBe(4);
    const leafRows = new Map<number, number>();
    for (let row = 0; row < 300; row++) {
      let node = 0;
      while (tree.feature[node]! >= 0) node = x[row]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
      leafRows.set(node, (leafRows.get(node) ?? 0) + 1);
    }
    expect(Math.min(...leafRows.values())).toBeGreaterThanOrEqual(7);
  });

  it('keeps drawing candidates past mtry when the drawn ones cannot split', () => {
    const constant = new Float64Array(20).fill(3);
    const x = Float64Array.from({ length: 20 }, (_, i) => i);
    const y = Array.from(x, (v) => (v < 10 ? 0 : 1));
    for (let seed = 0; seed < 10; seed++) {
      expect(grow([constant, x], y, { maxDepth: 1, minLeafSize: 1, mtry: 1 }, seed).feature[0]).toBe(1);
    }
  });

  it('sends missing values right and can split the missing off alone', () => {
    const x = Float64Array.of(1, 2, 3, 4, Number.NaN, Number.NaN, Number.NaN, Number.NaN);
    const tree = grow([x], [0, 0, 0, 0, 9, 9, 9, 9], { maxDepth: 1, minLeafSize: 1, mtry: 1 });
    expect(tree.threshold[0]).toBe(Infinity);
    expect(predictTreeRow(tree, [x], 4)).toBe(9);
    expect(predictTreeRow(tree, [Float64Array.of(Infinity)], 0)).toBe(0);
  });

  it('makes a leaf of a pure node', () => {
    const tree = grow([Float64Array.of(1, 2, 3, 4)], [2, 2, 2, 2]);
    expect(tree.feature.length).toBe(1);
    expect(tree.value[0]).toBe(2);
  });
});
