/**
 * Turns run params (typed values, some missing) into one numeric feature column per param, the input a tree
 * ensemble needs. One column per param, not one per level, so that shuffling a column shuffles the whole param and
 * its importance is reported under its own name.
 */
import type { ParamKind, ParamValue } from '../../domain/types.js';
import { RunlensError } from '../../errors.js';

/** One param as a feature column. */
export interface ParamFeature {
  readonly param: string;
  /** `numeric` keeps the number (booleans as 0/1), `categorical` codes its levels (see {@link encodeParamFeatures}). */
  readonly kind: ParamKind;
  /**
   * Per row: the number for a numeric param (NaN when missing); for a categorical one the level's rank by
   * frequency, 0 for the most common (ties by level name).
   */
  readonly values: Float64Array;
}

/** What {@link encodeParamFeatures} found. */
export interface ParamFeatures {
  /** Params that vary across the rows, by name. */
  readonly params: readonly ParamFeature[];
  /** Params with the same value (or equally missing) in every row, by name: they cannot explain anything. */
  readonly constant: readonly string[];
}

// The data model stores non-finite params as these strings (see flattenParams); in a numeric param they are numbers.
const NON_FINITE: ReadonlyMap<string, number> = new Map([
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
]);

/** Params of runs, as given to {@link encodeParamFeatures}. */
export type ParamRows = readonly Readonly<Record<string, ParamValue | undefined>>[];

/**
 * Encodes every param that appears in any row.
 *
 * - A param is numeric when its present values are all numbers (the strings "NaN", "Infinity" and "-Infinity"
 *   count as numbers) or all booleans (coded 0/1); anything mixed, and any string, is categorical.
 * - Missing (absent, null or NaN): NaN in a numeric column, which trees send to a fixed side, so missingness can
 *   still be learnt; in a categorical column, a level of its own.
 * - Categorical levels are coded by frequency rank, not by the metric: codes that depended on the metric would leak
 *   it into the features and inflate the importance of params with many levels. A depth-8 tree isolates any level
 *   in two splits, so the arbitrary order costs little.
 *
 * Throws a VALIDATION {@link RunlensError} for a value that is not a number, string, boolean or null.
 *
 * @example encodeParamFeatures([{ lr: 0.1, opt: 'adam' }, { lr: 0.3, opt: 'sgd' }, { opt: 'adam' }])
 * // params: [{ param: 'lr', kind: 'numeric', values: [0.1, 0.3, NaN] },
 * //          { param: 'opt', kind: 'categorical', values: [0, 1, 0] }]
 */
export function encodeParamFeatures(rows: ParamRows): ParamFeatures {
  const names = new Set<string>();
  rows.forEach((row, i) => {
    if (row === null || typeof row !== 'object') {
      throw new RunlensError('VALIDATION', `rows[${i}].params must be an object`, { index: i, field: 'params' });
    }
    for (const name of Object.keys(row)) names.add(name);
  });
  const params: ParamFeature[] = [];
  const constant: string[] = [];
  for (const param of [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const encoded = isNumeric(rows, param) ? encodeNumeric(rows, param) : encodeCategorical(rows, param);
    if (isConstant(encoded.values)) constant.push(param);
    else params.push(encoded);
  }
  return { params, constant };
}

/** Also checks every value's type, so the encoders can trust them. */
function isNumeric(rows: ParamRows, param: string): boolean {
  let numbers = 0;
  let booleans = 0;
  let strings = 0;
  let otherStrings = 0;
  for (let i = 0; i < rows.length; i++) {
    const v: unknown = rows[i]![param];
    if (v === undefined || v === null) continue;
    if (typeof v === 'number') numbers++;
    else if (typeof v === 'boolean') booleans++;
    else if (typeof v === 'string') {
      strings++;
      if (!NON_FINITE.has(v)) otherStrings++;
    } else {
      throw new RunlensError(
        'VALIDATION',
        `rows[${i}].params.${param} is a ${typeof v}: expected a number, string, boolean or null`,
        { index: i, field: `params.${param}` },
      );
    }
  }
  if (otherStrings > 0) return false;
  return numbers > 0 ? booleans === 0 : booleans > 0 && strings === 0;
}

function encodeNumeric(rows: ParamRows, param: string): ParamFeature {
  const values = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const v = rows[i]![param];
    values[i] =
      typeof v === 'number'
        ? v
        : typeof v === 'boolean'
          ? Number(v)
          : typeof v === 'string'
            ? (NON_FINITE.get(v) ?? Number.NaN)
            : Number.NaN;
  }
  return { param, kind: 'numeric', values };
}

function encodeCategorical(rows: ParamRows, param: string): ParamFeature {
  // Keys carry the type so that the number 1 and the string "1" stay distinct levels.
  const keys = rows.map((row) => {
    const v = row[param];
    return v === undefined || v === null || Number.isNaN(v) ? 'missing' : `${typeof v}:${String(v)}`;
  });
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const code = new Map(ranked.map(([key], rank) => [key, rank]));
  const values = new Float64Array(keys.length);
  keys.forEach((key, i) => (values[i] = code.get(key)!));
  return { param, kind: 'categorical', values };
}

function isConstant(values: Float64Array): boolean {
  const first = values[0]!;
  for (let i = 1; i < values.length; i++) {
    const v = values[i]!;
    if (v !== first && !(Number.isNaN(v) && Number.isNaN(first))) return false;
  }
  return true;
}
