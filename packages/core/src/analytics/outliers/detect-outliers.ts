import { RunlensError } from '../../errors.js';
import { boundsRule } from './bounds-rule.js';
import { flagNothing } from './flag-nothing.js';
import { iqrRule } from './iqr-rule.js';
import { modifiedZscoreRule } from './modified-zscore-rule.js';
import type {
  ExcludedItem,
  OutlierItem,
  OutlierMethod,
  OutlierMethodKind,
  OutlierReport,
  OutlierRule,
} from './types.js';
import { zscoreRule } from './zscore-rule.js';

/** How a method judges a sample of finite values (ascending), and what it needs to be valid. */
export interface OutlierDetector<K extends OutlierMethodKind> {
  /** Below this many finite values the method flags nothing and says so (statistics of 2 values are noise). */
  readonly minimumCount: number;
  readonly check: (method: OutlierMethod<K>) => void;
  readonly rule: (sorted: Float64Array, method: OutlierMethod<K>) => OutlierRule;
}

/** The detector of each method, by kind; the type proves every kind has one. */
export const OUTLIER_DETECTORS: { readonly [K in OutlierMethodKind]: OutlierDetector<K> } = {
  iqr: { minimumCount: 3, check: (m) => checkSetting(m.k, 'k', 0), rule: iqrRule },
  zscore: { minimumCount: 3, check: (m) => checkSetting(m.threshold, 'threshold'), rule: zscoreRule },
  'modified-zscore': { minimumCount: 3, check: (m) => checkSetting(m.threshold, 'threshold'), rule: modifiedZscoreRule },
  bounds: { minimumCount: 0, check: checkBounds, rule: boundsRule },
};

/**
 * Splits `items` into kept and excluded by `method`, listing every excluded item with its value and the reason.
 *
 * - NaN and ±Infinity are always excluded ("value is NaN", "value is Infinity"): a diverged run is an outlier of
 *   its metric, and keeping it would poison every mean computed downstream. The statistics of the methods (quartiles,
 *   mean and std, median and MAD) are computed from the finite values only.
 * - With fewer than 3 finite values, `iqr`, `zscore` and `modified-zscore` exclude nothing (beyond non-finite
 *   values) and warn; `bounds` needs no statistics and applies to any number of values.
 * - A value exactly on a fence is kept.
 *
 * Throws a VALIDATION {@link RunlensError} for an unknown method, bad settings (k < 0, threshold ≤ 0, min > max)
 * or duplicate ids; never for awkward data.
 *
 * @example
 * detectOutliers(
 *   [{ id: 'a', value: 2.1 }, { id: 'b', value: 2.3 }, { id: 'c', value: 2.2 }, { id: 'd', value: 9.1 }],
 *   { kind: 'modified-zscore' },
 * ) // kept ['a', 'b', 'c'], excluded [{ id: 'd', value: 9.1, reason: 'value 9.1 has modified z-score 46.2033, ...' }]
 */
export function detectOutliers(items: readonly OutlierItem[], method: OutlierMethod): OutlierReport {
  return detectWith(items, method);
}

function detectWith<K extends OutlierMethodKind>(items: readonly OutlierItem[], method: OutlierMethod<K>): OutlierReport {
  const kind: K = method.kind;
  if (!Object.hasOwn(OUTLIER_DETECTORS, kind)) {
    throw new RunlensError(
      'VALIDATION',
      `unknown outlier method: ${String(kind)} (${Object.keys(OUTLIER_DETECTORS).join(' | ')})`,
      { field: 'kind' },
    );
  }
  const detector: OutlierDetector<K> = OUTLIER_DETECTORS[kind];
  detector.check(method);
  checkUniqueIds(items);

  const finite = Float64Array.from(
    items.filter((item) => Number.isFinite(item.value)),
    (item) => item.value,
  ).sort();
  const warnings: string[] = [];
  if (items.length === 0) warnings.push('no values: nothing to judge');
  const rule =
    finite.length < detector.minimumCount
      ? flagNothing(
          `only ${finite.length} finite ${finite.length === 1 ? 'value' : 'values'}: ${kind} needs at least ` +
            `${detector.minimumCount} to judge outliers, so it excludes nothing`,
        )
      : detector.rule(finite, method);
  if (items.length > 0) warnings.push(...rule.warnings);

  const kept: string[] = [];
  const excluded: ExcludedItem[] = [];
  for (const { id, value } of items) {
    const reason = Number.isFinite(value) ? rule.reasonFor(value) : `value is ${String(value)}`;
    if (reason === undefined) kept.push(id);
    else excluded.push({ id, value, reason });
  }
  const nonFinite = items.length - finite.length;
  if (nonFinite > 0) {
    warnings.push(`${nonFinite} NaN or infinite ${nonFinite === 1 ? 'value' : 'values'} excluded before judging the rest`);
  }
  return { kept, excluded, fences: { lower: rule.lower, upper: rule.upper }, warnings };
}

/** Throws unless an optional setting is a finite number: above 0, or at least `atLeast` where given (k may be 0). */
function checkSetting(value: number | undefined, name: string, atLeast?: number): void {
  if (value === undefined) return;
  const ok = typeof value === 'number' && Number.isFinite(value) && (atLeast === undefined ? value > 0 : value >= atLeast);
  if (!ok) {
    const wanted = atLeast === undefined ? 'a finite number above 0' : `a finite number of at least ${atLeast}`;
    throw new RunlensError('VALIDATION', `${name} must be ${wanted}; got ${String(value)}`, { field: name });
  }
}

function checkBounds(method: OutlierMethod<'bounds'>): void {
  for (const name of ['min', 'max'] as const) {
    const v = method[name];
    if (v !== undefined && !(typeof v === 'number' && !Number.isNaN(v))) {
      throw new RunlensError('VALIDATION', `${name} must be a number; got ${String(v)}`, { field: name });
    }
  }
  if (method.min !== undefined && method.max !== undefined && method.min > method.max) {
    throw new RunlensError('VALIDATION', `min ${method.min} is above max ${method.max}`, { field: 'min' });
  }
}

function checkUniqueIds(items: readonly OutlierItem[]): void {
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const first = seen.get(item.id);
    if (first !== undefined) {
      throw new RunlensError('VALIDATION', `duplicate id ${JSON.stringify(item.id)} (items ${first} and ${index})`, {
        index,
        field: 'id',
      });
    }
    seen.set(item.id, index);
  });
}
