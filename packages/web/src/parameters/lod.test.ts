import { describe, expect, it } from 'vitest';
import { DETAIL_LEVELS, FrameBudget, MIN_REDUCED_POINTS, pointsAt, sampleOrder, type DetailLevel } from './lod.js';

/** A budget and the levels it announced. */
function budget(forced: number | null = null) {
  const seen: number[] = [];
  const b = new FrameBudget((_: DetailLevel, index: number) => seen.push(index), DETAIL_LEVELS, forced);
  let now = 1000;
  /** `n` frames, each `ms` after the one before. */
  const frames = (n: number, ms: number | ((level: number) => number)) => {
    for (let i = 0; i < n; i++) {
      now += typeof ms === 'number' ? ms : ms(b.index);
      b.frame(now);
    }
  };
  return { b, seen, frames };
}

describe('sampleOrder', () => {
  it('is a permutation, the same for the same seed, and its prefixes spread over the rows', () => {
    const a = sampleOrder(2048);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 2048 }, (_, i) => i));
    expect(sampleOrder(2048)).toEqual(a);
    expect(sampleOrder(2048, 1)).not.toEqual(a);
    // a quarter of the rows, drawn from every quarter of the index range (not the first 512 rows)
    const quarter = [...a.subarray(0, 512)];
    for (let q = 0; q < 4; q++) expect(quarter.filter((i) => i >= q * 512 && i < (q + 1) * 512).length).toBeGreaterThan(90);
  });
});

describe('pointsAt', () => {
  it('draws every row at full detail, a share of them when reduced, never fewer than the floor', () => {
    expect(pointsAt({ share: 1, scale: 1 }, 2048)).toBe(2048);
    expect(pointsAt({ share: 0.25, scale: 1 }, 2048)).toBe(512);
    expect(pointsAt({ share: 0.125, scale: 0.5 }, 1000)).toBe(MIN_REDUCED_POINTS);
    expect(pointsAt({ share: 0.125, scale: 0.5 }, 100)).toBe(100);
  });
});

describe('FrameBudget', () => {
  it('keeps full detail while frames are fast, and whenever nothing moves', () => {
    const { b, seen, frames } = budget();
    frames(30, 40); // slow frames, but still: they do not count
    expect(seen).toEqual([]);
    b.start();
    frames(60, 16.7);
    expect(b.index).toBe(0);
    expect(seen).toEqual([]);
  });

  it('reduces detail while frames are slow and each reduction helps, and restores it when motion stops', () => {
    const { b, seen, frames } = budget();
    b.start();
    // frame time proportional to the share drawn: 60 ms at full detail, 7.5 ms at an eighth
    frames(60, (level) => 60 * DETAIL_LEVELS[level]!.share * (DETAIL_LEVELS[level]!.scale < 1 ? 0.7 : 1));
    expect(b.index).toBeGreaterThan(0);
    expect(b.level.share).toBeLessThan(1);
    b.stop();
    expect(b.index).toBe(0);
    expect(seen.at(-1)).toBe(0);
  });

  it('starts the next motion at the level the last one ended at', () => {
    const { b, frames } = budget();
    b.start();
    frames(60, (level) => 80 * DETAIL_LEVELS[level]!.share);
    const reached = b.index;
    expect(reached).toBeGreaterThan(0);
    b.stop();
    b.start();
    expect(b.index).toBe(reached);
  });

  it('undoes a reduction that does not make frames faster', () => {
    const { b, seen, frames } = budget();
    b.start();
    frames(40, 45); // slow whatever is drawn: the time goes elsewhere
    expect(seen.slice(0, 2)).toEqual([1, 0]);
    expect(b.index).toBe(0);
  });

  it('gives detail back once frames are fast again at a reduced level', () => {
    const { b, frames } = budget();
    b.start();
    frames(6, 60);
    frames(6, 20); // the reduction paid
    expect(b.index).toBe(1);
    frames(24, 10);
    expect(b.index).toBe(0);
  });

  it('uses a forced level whenever the cloud moves (?detail=N)', () => {
    const { b, seen, frames } = budget(3);
    expect(b.index).toBe(0);
    b.start();
    expect(b.index).toBe(3);
    frames(30, 5);
    expect(b.index).toBe(3);
    b.stop();
    expect(seen).toEqual([3, 0]);
  });
});
