/** Options and results of curve analysis: `analyzeCurve` and `analyzeOverfitting`. */

/** One metric series, columnar. NaN and ±Infinity values are allowed (a diverged loss); steps must be finite. */
export interface CurveSeries {
  readonly steps: ArrayLike<number>;
  readonly values: ArrayLike<number>;
}

/** Which way the metric improves: `'minimize'` for a loss, `'maximize'` for an accuracy or a reward. */
export type CurveGoal = 'minimize' | 'maximize';

/** Options of `analyzeCurve`. */
export interface AnalyzeCurveOptions {
  /** Default `'minimize'`. */
  readonly goal?: CurveGoal;
  /**
   * Weight of TensorBoard's debiased exponential moving average, applied before the trend detectors (convergence,
   * plateaus, phases; never to `best` or `divergence`), in [0, 1): 0 leaves the curve as it is. Default `0.6`.
   */
  readonly smoothing?: number;
  /** Minimum length of a plateau and of a converged tail, in points. Default: a tenth of the points, at least 3. */
  readonly plateauWindow?: number;
  /**
   * A stretch is a plateau when, in each window of it, the means of the window's four blocks of smoothed values
   * span less than this share of the curve's total improvement (or than their noise, whichever is larger).
   * Default `0.02`.
   */
  readonly plateauTolerance?: number;
  /**
   * The curve has converged from the first point after which its smoothed values stay within this share of the
   * total improvement (or 3 noise standard deviations, whichever is larger) of the final level. Default `0.05`.
   */
  readonly convergenceTolerance?: number;
  /**
   * A finite value explodes when it lies more than this many times the curve's scale above (for `'maximize'`:
   * below) its initial level. Default `10`.
   */
  readonly explosionFactor?: number;
}

/** A point of the curve. */
export interface CurvePoint {
  readonly step: number;
  readonly value: number;
}

/** Where the curve broke for good. */
export interface CurveDivergence {
  readonly step: number;
  /** `'nan'` for a NaN value; `'explosion'` for ±Infinity or a finite value past the explosion threshold. */
  readonly kind: 'nan' | 'explosion';
  readonly value: number;
}

/** An inclusive range of steps. */
export interface StepRange {
  readonly from: number;
  readonly to: number;
}

/** The phases of training, in order. */
export type TrainingPhaseName = 'initialisation' | 'rapid-learning' | 'convergence';

/**
 * A phase over steps `from ≤ step < to`; the last phase also includes `to`, the last analysed step. Phases are
 * contiguous: each one's `to` is the next one's `from`.
 */
export interface TrainingPhase {
  readonly name: TrainingPhaseName;
  readonly from: number;
  readonly to: number;
}

/** What `analyzeCurve` reports. Steps are the series' own steps. */
export interface CurveAnalysis {
  /** The best raw value before the divergence (the first on ties); null when there is none. */
  readonly best: CurvePoint | null;
  readonly convergence: { readonly step: number } | null;
  readonly plateaus: readonly StepRange[];
  readonly divergence: CurveDivergence | null;
  readonly phases: readonly TrainingPhase[];
  /** Bad values (NaN, ±Infinity, explosions) the curve recovered from; left out of every detector. */
  readonly transients: readonly CurvePoint[];
  /** Points the trend detectors worked on: those before the divergence, transients left out. */
  readonly analysedPoints: number;
  readonly warnings: readonly string[];
}

/** Options of `analyzeOverfitting`. */
export interface AnalyzeOverfittingOptions {
  /** Default `'minimize'`. */
  readonly goal?: CurveGoal;
  /** Weight of the debiased EMA applied to both curves, in [0, 1). Default `0.6`. */
  readonly smoothing?: number;
  /**
   * How long validation must stay worse than its best for overfitting to count, in validation points after the
   * best. Default: a tenth of the validation points, at least 3.
   */
  readonly window?: number;
  /**
   * Validation must end worse than its best by more than this share of what it gained before its best (or 3 noise
   * standard deviations, whichever is larger; for `'maximize'`: below its best). Default `0.1`.
   */
  readonly tolerance?: number;
  /** A finite value explodes past this many times the curve's scale; see `AnalyzeCurveOptions`. Default `10`. */
  readonly explosionFactor?: number;
}

/** The generalisation gap: validation minus training (training minus validation when maximizing). */
export interface GeneralisationGap {
  /** At the validation curve's smoothed best. */
  readonly atValidationBest: number;
  /** At the last validation point with a training value. */
  readonly final: number;
}

/** What `analyzeOverfitting` reports. */
export interface OverfittingAnalysis {
  /** The step where the smoothed validation curve was best, when it then stays worse while training improves. */
  readonly onset: { readonly step: number } | null;
  /** The best raw validation value (the first on ties). */
  readonly validationBest: CurvePoint | null;
  /** From the smoothed curves, at validation steps; positive when validation is worse. Null without overlap. */
  readonly gap: GeneralisationGap | null;
  readonly warnings: readonly string[];
}
