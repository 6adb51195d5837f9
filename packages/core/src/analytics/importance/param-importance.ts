/**
 * Which params matter for a metric: random-forest permutation importance (captures interactions and non-monotone
 * effects) beside Spearman's rank correlation (the direction of a monotone effect, with a p-value), with warnings
 * that say when there are too few runs to trust either.
 */
import type { ParamKind, ParamValue } from '../../domain/types.js';
import { RunlensError } from '../../errors.js';
import { spearmanCorrelation } from '../hypothesis/correlation.js';
import { encodeParamFeatures } from './encode-param-features.js';
import { permutationImportance } from './permutation-importance.js';
import { fitRandomForest } from './random-forest.js';

/** One run: its params and its value of the metric studied (e.g. the final validation loss). */
export interface ImportanceRow {
  readonly params: Readonly<Record<string, ParamValue | undefined>>;
  readonly value: number;
}

/** Options of {@link paramImportance}. */
export interface ParamImportanceOptions {
  /** Trees in the forest. Default `100`. */
  readonly trees?: number;
  /** Seed of the forest and of the shuffles: the same seed and rows give the same result. Default `0`. */
  readonly seed?: number;
  /** Shuffles per param. Default `5`. */
  readonly repeats?: number;
  /** Depth of the deepest leaf. Default `8`. */
  readonly maxDepth?: number;
  /** Fewest bootstrap draws per leaf. Default `3`. */
  readonly minLeafSize?: number;
  /** Rows drawn per tree. Default `min(n, 2048)`. */
  readonly maxSamples?: number;
  /** Rows scored for importance, sampled (seeded) when there are more. Default `2000`. */
  readonly maxEvalRows?: number;
}

/** How much one param matters. */
export interface ParamImportanceEntry {
  readonly param: string;
  /**
   * Mean drop in the forest's out-of-bag R² when the param's values are shuffled across runs: 0.3 means the forest
   * explains 30 % less of the metric's variance without it. About 0 (or slightly negative) for a param that does
   * not matter; NaN when there are too few runs or nothing to explain (see `warnings`).
   */
  readonly importance: number;
  /** Standard deviation of the drop over the shuffles. */
  readonly importanceStd: number;
  /**
   * Spearman's rho between the param and the metric with its two-sided p-value (runs missing the param left out);
   * null for a categorical param, which has no order. NaN when undefined (e.g. fewer than 3 runs have the param).
   */
  readonly spearman: { readonly rho: number; readonly pValue: number } | null;
  readonly kind: ParamKind;
}

/** What {@link paramImportance} reports. */
export interface ParamImportanceResult {
  /** Params that vary, most important first (then by |rho|, then by name). */
  readonly params: readonly ParamImportanceEntry[];
  /**
   * Out-of-bag R² of the forest over all params, on the rows scored for importance (every run up to
   * `maxEvalRows`): how much of the metric the params explain at all. Importances are drops from this value.
   */
  readonly oobR2: number;
  /** Runs used: those with a finite metric value. */
  readonly n: number;
  readonly warnings: readonly string[];
}

/** Below this many runs no forest is fitted: importance is NaN, Spearman's rho is still given. */
export const MIN_RUNS_FOR_IMPORTANCE = 8;
/** Below this many runs the importances come with a warning that they are rough. */
export const ROUGH_IMPORTANCE_BELOW = 30;
/** Below this out-of-bag R² the forest explains too little for its importances to mean much. */
export const WEAK_FIT_R2 = 0.1;

/**
 * Ranks the params of `rows` by how much they matter for `value`.
 *
 * - Runs whose value is NaN or ±Infinity are left out and counted in a warning: a diverged run has no meaningful
 *   final metric (study it with failure analysis instead).
 * - Params with the same value in every run are skipped with a warning. Numeric params keep their values
 *   (booleans 0/1); strings and mixed types are categorical. A missing param is NaN for a numeric one (the trees
 *   route it to a fixed side) and a level of its own for a categorical one. See `encodeParamFeatures`.
 * - With fewer than {@link MIN_RUNS_FOR_IMPORTANCE} runs, importance is NaN; with fewer than
 *   {@link ROUGH_IMPORTANCE_BELOW}, a warning says it is rough.
 * - Importance comes from a seeded random forest ({@link fitRandomForest}) and permutation importance on its
 *   out-of-bag predictions ({@link permutationImportance}); the two answer different questions: y = a·b gives `a`
 *   and `b` high importance and rho ≈ 0.
 *
 * Throws a VALIDATION {@link RunlensError} for a row whose value is not a number, a param value of another type,
 * or bad options.
 *
 * @example
 * paramImportance(runs.map((r) => ({ params: r.params, value: r.summary['val/loss'] })), { seed: 1 })
 * // { params: [{ param: 'lr', importance: 0.61, spearman: { rho: 0.74, pValue: 1e-9 }, kind: 'numeric', ... }, ...] }
 */
export function paramImportance(
  rows: readonly ImportanceRow[],
  options: ParamImportanceOptions = {},
): ParamImportanceResult {
  if (!Array.isArray(rows)) throw new RunlensError('VALIDATION', 'rows must be an array');
  const warnings: string[] = [];
  const kept = rows.filter((row, i) => {
    if (row === null || typeof row !== 'object' || typeof row.value !== 'number') {
      throw new RunlensError('VALIDATION', `rows[${i}].value must be a number`, { index: i, field: 'value' });
    }
    return Number.isFinite(row.value);
  });
  const diverged = rows.length - kept.length;
  if (diverged > 0) {
    warnings.push(
      `${plural(diverged, 'run')} with a NaN or infinite value left out: a diverged run has no meaningful final ` +
        'metric (see failure analysis for why runs diverge)',
    );
  }
  const n = kept.length;
  const y = new Float64Array(n);
  kept.forEach((row, i) => (y[i] = row.value));
  const encoded = encodeParamFeatures(kept.map((row) => row.params));
  for (const param of encoded.constant) warnings.push(`param ${param} is constant: skipped`);

  const p = encoded.params.length;
  const metricConstant = n > 0 && y.every((v) => v === y[0]);
  if (n < MIN_RUNS_FOR_IMPORTANCE) {
    warnings.push(
      `only ${plural(n, 'run')} with this metric: too few runs to estimate importance (n < ` +
        `${MIN_RUNS_FOR_IMPORTANCE})` +
        // a rank correlation needs 3 runs and a numeric param that varies
        (n >= 3 && encoded.params.some((param) => param.kind === 'numeric') ? '; Spearman correlations are still given' : ''),
    );
  } else if (n < ROUGH_IMPORTANCE_BELOW) {
    warnings.push(
      `only ${n} runs with this metric: importance estimates are rough (fewer than ${ROUGH_IMPORTANCE_BELOW})`,
    );
  }
  if (metricConstant) warnings.push('the metric has the same value in every run: there is nothing to explain');
  if (n > 0 && p === 0) warnings.push('no param varies across these runs: nothing to rank');

  let importance: Float64Array = new Float64Array(p).fill(Number.NaN);
  let importanceStd: Float64Array = new Float64Array(p).fill(Number.NaN);
  let oobR2 = Number.NaN;
  if (n >= MIN_RUNS_FOR_IMPORTANCE && p > 0 && !metricConstant) {
    const columns = encoded.params.map((param) => param.values);
    const { trees, seed, maxDepth, minLeafSize, maxSamples, repeats, maxEvalRows } = options;
    const forest = fitRandomForest(columns, y, { trees, seed, maxDepth, minLeafSize, maxSamples });
    const permuted = permutationImportance(forest, columns, y, { repeats, seed, maxEvalRows });
    ({ importance, importanceStd } = permuted);
    oobR2 = permuted.baselineR2;
    if (!(oobR2 >= WEAK_FIT_R2)) {
      warnings.push(
        `the params explain little of the metric (out-of-bag R² = ${oobR2.toFixed(2)}): ` +
          'importances are small and mostly noise',
      );
    }
  }

  const entries = encoded.params.map((param, f): ParamImportanceEntry => {
    let spearman: ParamImportanceEntry['spearman'] = null;
    if (param.kind === 'numeric') {
      const r = spearmanCorrelation(param.values, y);
      spearman = { rho: r.coefficient, pValue: r.pValue };
    }
    return {
      param: param.param,
      importance: importance[f]!,
      importanceStd: importanceStd[f]!,
      spearman,
      kind: param.kind,
    };
  });
  entries.sort(
    (a, b) =>
      descendingNaNLast(a.importance, b.importance) ||
      descendingNaNLast(Math.abs(a.spearman?.rho ?? Number.NaN), Math.abs(b.spearman?.rho ?? Number.NaN)) ||
      (a.param < b.param ? -1 : a.param > b.param ? 1 : 0),
  );
  return { params: entries, oobR2, n, warnings };
}

function descendingNaNLast(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number(Number.isNaN(a)) - Number(Number.isNaN(b));
  return b - a;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
