/** The settings of each outlier method, by `kind`. */
export interface OutlierMethodSettings {
  /** Tukey's fences: outside [Q1 − k·IQR, Q3 + k·IQR]. `k` defaults to 1.5 (3 for "far out" values). */
  iqr: { readonly k?: number };
  /** |x − mean| / std (ddof = 1) above `threshold`, default 3. */
  zscore: { readonly threshold?: number };
  /** Iglewicz–Hoaglin: |0.6745 (x − median) / MAD| above `threshold`, default 3.5. */
  'modified-zscore': { readonly threshold?: number };
  /** Fixed limits: below `min` or above `max` (both inclusive, both optional). */
  bounds: { readonly min?: number; readonly max?: number };
}

export type OutlierMethodKind = keyof OutlierMethodSettings;

/**
 * An outlier method: `{ kind: 'iqr', k?: 1.5 }`, `{ kind: 'zscore', threshold?: 3 }`,
 * `{ kind: 'modified-zscore', threshold?: 3.5 }` or `{ kind: 'bounds', min?, max? }`.
 * (Written as a mapped type so that a table of detectors indexed by kind type-checks without casts.)
 */
export type OutlierMethod<K extends OutlierMethodKind = OutlierMethodKind> = {
  [P in K]: { readonly kind: P } & OutlierMethodSettings[P];
}[K];

/** One value to judge, e.g. a run's final `val_loss`. */
export interface OutlierItem {
  readonly id: string;
  readonly value: number;
}

/** A value that was excluded, with why. */
export interface ExcludedItem {
  readonly id: string;
  readonly value: number;
  /** E.g. "value 9.1 is above the IQR upper fence 4.2 (Q3 2.1 + 1.5 × IQR 1.4)" or "value is NaN". */
  readonly reason: string;
}

/** What {@link detectOutliers} reports. */
export interface OutlierReport {
  /** Ids of the values kept, in input order. */
  readonly kept: string[];
  /** Excluded values with reasons, in input order. */
  readonly excluded: ExcludedItem[];
  /**
   * The range of values kept, in the metric's units: the IQR fences, mean ± threshold · std, and so on; for
   * `bounds`, the bounds. ±Infinity where there is no limit, including when the method excluded nothing.
   */
  readonly fences: { readonly lower: number; readonly upper: number };
  readonly warnings: string[];
}

/** A method's verdict over a sample: fences, and a reason for each value it flags. */
export interface OutlierRule {
  readonly lower: number;
  readonly upper: number;
  /** Why a finite `value` is an outlier, or `undefined` if it is not. */
  readonly reasonFor: (value: number) => string | undefined;
  readonly warnings: string[];
}
