import { describe, expect, it } from 'vitest';
import { RunlensError } from '../../errors.js';
import { createSeededRandom } from '../../random/seeded-random.js';
import { detectOutliers, OUTLIER_DETECTORS } from './detect-outliers.js';
import type { OutlierItem, OutlierMethod } from './types.js';

const items = (values: readonly number[]): OutlierItem[] => values.map((value, i) => ({ id: `r${i}`, value }));

function validationMessage(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return e instanceof RunlensError ? `${e.code}: ${e.message}` : 'not a RunlensError';
  }
  return 'no error';
}

describe('detectOutliers: iqr', () => {
  // np.percentile([1..9, 100], [25, 75]) = [3.25, 7.75]: IQR 4.5, fences -3.5 and 14.5.
  const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 100];

  it('excludes values beyond Tukey fences, with the fences in the reason', () => {
    const r = detectOutliers(items(values), { kind: 'iqr' });
    expect(r.kept).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8']);
    expect(r.excluded).toEqual([
      { id: 'r9', value: 100, reason: 'value 100 is above the IQR upper fence 14.5 (Q3 7.75 + 1.5 × IQR 4.5)' },
    ]);
    expect(r.fences).toEqual({ lower: -3.5, upper: 14.5 });
    expect(r.warnings).toEqual([]);
  });

  it('takes k, and flags low values too', () => {
    const fifteen = items([1, 2, 3, 4, 5, 6, 7, 8, 9, 15]);
    expect(detectOutliers(fifteen, { kind: 'iqr' }).excluded.map((e) => e.id)).toEqual(['r9']);
    expect(detectOutliers(fifteen, { kind: 'iqr', k: 3 }).excluded).toEqual([]);
    const low = detectOutliers(items([-50, 1, 2, 3, 4, 5, 6, 7, 8, 9]), { kind: 'iqr' });
    expect(low.excluded).toEqual([
      { id: 'r0', value: -50, reason: 'value -50 is below the IQR lower fence -4.5 (Q1 2.25 - 1.5 × IQR 4.5)' },
    ]);
  });

  it('keeps a value exactly on a fence', () => {
    expect(detectOutliers(items([1, 2, 3, 4, 5, 6, 7, 8, 9, 14.5]), { kind: 'iqr' }).excluded).toEqual([]);
  });

  it('warns when the IQR is 0', () => {
    const r = detectOutliers(items([3, 3, 3, 3, 3, 4]), { kind: 'iqr' });
    expect(r.excluded.map((e) => e.reason)).toEqual(['value 4 is above the IQR upper fence 3 (Q3 3 + 1.5 × IQR 0)']);
    expect(r.warnings).toEqual(['the IQR is 0 (at least half the values equal 3): every other value is outside the fences']);
  });
});

describe('detectOutliers: zscore', () => {
  // 19 × 10 and one 30: mean 11, std √20 (ddof = 1), z(30) = 19 / √20 = 4.2485.
  const values = [...Array.from({ length: 19 }, () => 10), 30];

  it('excludes |z| above the threshold, with the z-score, mean and std in the reason', () => {
    const r = detectOutliers(items(values), { kind: 'zscore' });
    expect(r.excluded).toEqual([
      { id: 'r19', value: 30, reason: 'value 30 has z-score 4.24853, beyond ±3 (mean 11, std 4.47214)' },
    ]);
    expect(r.kept).toHaveLength(19);
    expect(r.fences.lower).toBeCloseTo(11 - 3 * Math.sqrt(20), 12);
    expect(r.fences.upper).toBeCloseTo(11 + 3 * Math.sqrt(20), 12);
    expect(detectOutliers(items(values), { kind: 'zscore', threshold: 4.5 }).excluded).toEqual([]);
  });

  it('warns when n is too small for the threshold to be reachable', () => {
    const r = detectOutliers(items([1, 1, 1, 1, 1000]), { kind: 'zscore' });
    expect(r.excluded).toEqual([]);
    expect(r.warnings).toEqual(['with n = 5 no z-score can exceed 1.79, so threshold 3 flags nothing; use modified-zscore or iqr']);
  });

  it('excludes nothing, with a warning, when all values are equal', () => {
    const r = detectOutliers(items([2, 2, 2, 2]), { kind: 'zscore' });
    expect(r.excluded).toEqual([]);
    expect(r.warnings).toEqual(['all values equal 2: z-scores are undefined, nothing excluded']);
  });
});

describe('detectOutliers: modified-zscore', () => {
  it('scores by median and MAD (Iglewicz–Hoaglin)', () => {
    // median 2.25, |x - median| = 0.15, 0.05, 0.05, 6.85: MAD 0.1; M(9.1) = 0.6745 · 6.85 / 0.1 = 46.2033
    const r = detectOutliers(items([2.1, 2.3, 2.2, 9.1]), { kind: 'modified-zscore' });
    expect(r.kept).toEqual(['r0', 'r1', 'r2']);
    expect(r.excluded).toEqual([
      { id: 'r3', value: 9.1, reason: 'value 9.1 has modified z-score 46.2033, beyond ±3.5 (median 2.25, MAD 0.1)' },
    ]);
    expect(r.warnings).toEqual([]);
  });

  it('is not masked by the outlier the way the z-score is', () => {
    const values = [5.1, 4.9, 5, 5.2, 4.8, 5, 5.1, 4.9, 5, 50, 52];
    expect(detectOutliers(items(values), { kind: 'zscore' }).excluded).toEqual([]);
    expect(detectOutliers(items(values), { kind: 'modified-zscore' }).excluded.map((e) => e.value)).toEqual([50, 52]);
  });

  it('falls back to 1.253314 × mean absolute deviation when the MAD is 0, and warns', () => {
    // median 1, MAD 0, mean absolute deviation 8/7: M(9) = 8 / (1.253314 · 8/7) = 5.58519
    const r = detectOutliers(items([1, 1, 1, 1, 1, 1, 9]), { kind: 'modified-zscore' });
    expect(r.excluded).toEqual([
      {
        id: 'r6',
        value: 9,
        reason: 'value 9 has modified z-score 5.58519, beyond ±3.5 (median 1, MAD 0, so 1.253314 × mean absolute deviation 1.14286)',
      },
    ]);
    expect(r.warnings).toEqual([
      'the MAD is 0 (at least half the values equal 1): scaled by 1.253314 × the mean absolute deviation instead',
    ]);
  });

  it('excludes nothing when all values are equal', () => {
    const r = detectOutliers(items([0.5, 0.5, 0.5]), { kind: 'modified-zscore' });
    expect([r.kept.length, r.excluded.length]).toEqual([3, 0]);
    expect(r.warnings).toEqual(['all values equal 0.5: nothing excluded']);
  });
});

describe('detectOutliers: bounds', () => {
  it('excludes values outside [min, max], keeping the bounds themselves, for any n', () => {
    const r = detectOutliers(items([0.5, 1, 1.2, -0.1, 0]), { kind: 'bounds', min: 0, max: 1 });
    expect(r.kept).toEqual(['r0', 'r1', 'r4']);
    expect(r.excluded).toEqual([
      { id: 'r2', value: 1.2, reason: 'value 1.2 is above the maximum 1' },
      { id: 'r3', value: -0.1, reason: 'value -0.1 is below the minimum 0' },
    ]);
    expect(r.fences).toEqual({ lower: 0, upper: 1 });
    expect(detectOutliers(items([7]), { kind: 'bounds', max: 5 }).excluded.map((e) => e.id)).toEqual(['r0']);
    expect(detectOutliers(items([-7, 7]), { kind: 'bounds', min: 0 }).fences).toEqual({ lower: 0, upper: Infinity });
  });

  it('prints enough digits to tell a value from its bound', () => {
    const r = detectOutliers(items([4.2000001]), { kind: 'bounds', max: 4.2 });
    expect(r.excluded[0]!.reason).toBe('value 4.2000001 is above the maximum 4.2');
  });

  it('warns when given no bound', () => {
    expect(detectOutliers(items([1, 2]), { kind: 'bounds' }).warnings).toEqual(['no min or max given: nothing excluded']);
  });
});

describe('detectOutliers: bad input', () => {
  const methods: OutlierMethod[] = [{ kind: 'iqr' }, { kind: 'zscore' }, { kind: 'modified-zscore' }, { kind: 'bounds', max: 1 }];

  it('excludes NaN and ±Infinity as outliers and judges the rest without them', () => {
    const input = items([1, Number.NaN, Infinity, 2, 3, 2.5, -Infinity, 100]);
    const r = detectOutliers(input, { kind: 'iqr' });
    expect(r.excluded.slice(0, 3)).toEqual([
      { id: 'r1', value: Number.NaN, reason: 'value is NaN' },
      { id: 'r2', value: Infinity, reason: 'value is Infinity' },
      { id: 'r6', value: -Infinity, reason: 'value is -Infinity' },
    ]);
    // quartiles of [1, 2, 2.5, 3, 100]: 2 and 3, so 100 is beyond 3 + 1.5
    expect(r.excluded[3]).toMatchObject({ id: 'r7', value: 100 });
    expect(r.kept).toEqual(['r0', 'r3', 'r4', 'r5']);
    expect(r.warnings).toEqual(['3 NaN or infinite values excluded before judging the rest']);
  });

  it('excludes nothing statistical below 3 finite values, and says so', () => {
    const r = detectOutliers(items([1, 100, Number.NaN]), { kind: 'iqr' });
    expect(r.kept).toEqual(['r0', 'r1']);
    expect(r.excluded.map((e) => e.reason)).toEqual(['value is NaN']);
    expect(r.fences).toEqual({ lower: -Infinity, upper: Infinity });
    expect(r.warnings).toEqual([
      'only 2 finite values: iqr needs at least 3 to judge outliers, so it excludes nothing',
      '1 NaN or infinite value excluded before judging the rest',
    ]);
    expect(detectOutliers(items([Number.NaN, Number.NaN]), { kind: 'modified-zscore' }).warnings[0]).toBe(
      'only 0 finite values: modified-zscore needs at least 3 to judge outliers, so it excludes nothing',
    );
  });

  it('answers an empty list with a warning, for every method', () => {
    for (const method of methods) {
      expect(detectOutliers([], method)).toEqual({
        kept: [],
        excluded: [],
        fences: expect.any(Object) as unknown,
        warnings: ['no values: nothing to judge'],
      });
    }
  });

  it('rejects unknown methods, bad settings and duplicate ids', () => {
    expect(validationMessage(() => detectOutliers([], { kind: 'grubbs' } as unknown as OutlierMethod))).toBe(
      'VALIDATION: unknown outlier method: grubbs (iqr | zscore | modified-zscore | bounds)',
    );
    expect(validationMessage(() => detectOutliers([], { kind: 'toString' } as unknown as OutlierMethod))).toMatch(
      /^VALIDATION: unknown outlier method: toString/,
    );
    expect(validationMessage(() => detectOutliers([], { kind: 'iqr', k: -1 }))).toBe(
      'VALIDATION: k must be a finite number of at least 0; got -1',
    );
    expect(validationMessage(() => detectOutliers([], { kind: 'zscore', threshold: 0 }))).toBe(
      'VALIDATION: threshold must be a finite number above 0; got 0',
    );
    expect(validationMessage(() => detectOutliers([], { kind: 'modified-zscore', threshold: Number.NaN }))).toBe(
      'VALIDATION: threshold must be a finite number above 0; got NaN',
    );
    expect(validationMessage(() => detectOutliers([], { kind: 'bounds', min: 2, max: 1 }))).toBe(
      'VALIDATION: min 2 is above max 1',
    );
    expect(validationMessage(() => detectOutliers([{ id: 'a', value: 1 }, { id: 'b', value: 2 }, { id: 'a', value: 3 }], { kind: 'iqr' }))).toBe(
      'VALIDATION: duplicate id "a" (items 0 and 2)',
    );
  });
});

describe('detectOutliers: every method', () => {
  it('has a detector for each kind in one table', () => {
    expect(Object.keys(OUTLIER_DETECTORS).sort()).toEqual(['bounds', 'iqr', 'modified-zscore', 'zscore']);
  });

  it('partitions the ids, in input order, and excludes exactly the values outside its fences', () => {
    const rng = createSeededRandom(7);
    const methods: OutlierMethod[] = [
      { kind: 'iqr' },
      { kind: 'iqr', k: 0.5 },
      { kind: 'zscore', threshold: 2 },
      { kind: 'modified-zscore', threshold: 2 },
      { kind: 'bounds', min: -1, max: 1.5 },
    ];
    for (let trial = 0; trial < 50; trial++) {
      const values = Array.from({ length: 3 + rng.int(40) }, () => (rng.next() < 0.1 ? rng.normal() * 20 : rng.normal()));
      for (const method of methods) {
        const input = items(values);
        const r = detectOutliers(input, method);
        const excludedIds = new Set(r.excluded.map((e) => e.id));
        expect(input.filter((x) => !excludedIds.has(x.id)).map((x) => x.id)).toEqual(r.kept);
        expect(r.kept.length + r.excluded.length).toBe(input.length);
        for (const e of r.excluded) expect(e.value < r.fences.lower || e.value > r.fences.upper).toBe(true);
      }
    }
  });
});
