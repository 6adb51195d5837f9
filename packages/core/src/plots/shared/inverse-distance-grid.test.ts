import { describe, expect, it } from 'vitest';
import { inverseDistanceGrid } from './inverse-distance-grid.js';

describe('inverseDistanceGrid', () => {
  it('weights points by inverse squared distance and gives a point its own value', () => {
    expect(inverseDistanceGrid({ u: [0, 1], v: [0, 0], z: [0, 10] }, [0, 0.5, 1], [0])).toEqual([[0, 5, 10]]);
    // at 0.25: weights 16 and 16/9 → (0·16 + 10·16/9) / (16 + 16/9) = 1
    expect(inverseDistanceGrid({ u: [0, 1], v: [0, 0], z: [0, 10] }, [0.25], [0])[0]![0]).toBeCloseTo(1, 12);
  });

  it('averages coincident points, stays in the range of the data, and is row-major by v', () => {
    const grid = inverseDistanceGrid({ u: [0.5, 0.5, 0], v: [0.5, 0.5, 1], z: [1, 3, 100] }, [0, 0.5, 1], [0, 0.5, 1]);
    expect(grid).toHaveLength(3);
    expect(grid[1]![1]).toBe(2);
    expect(grid[2]![0]).toBe(100);
    expect(grid.flat().every((z) => Number.isFinite(z) && z >= 1 && z <= 100)).toBe(true);
  });

  it('is NaN with no points', () => {
    expect(inverseDistanceGrid({ u: [], v: [], z: [] }, [0], [0])).toEqual([[Number.NaN]]);
  });
});
