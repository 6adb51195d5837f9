/** Checking the options of curve analysis and filling in their defaults. */
import { RunlensError } from '../../errors.js';
import { checkSmoothing } from '../../pipeline/debiased-ema.js';
import type { AnalyzeCurveOptions, AnalyzeOverfittingOptions, CurveGoal } from './types.js';

/** The options of `analyzeCurve` with defaults filled in, except the window, which depends on the data. */
export interface CheckedCurveOptions {
  readonly goal: CurveGoal;
  readonly smoothing: number;
  readonly plateauTolerance: number;
  readonly convergenceTolerance: number;
  readonly explosionFactor: number;
}

/** Throws a VALIDATION {@link RunlensError} naming the first bad option. */
export function checkCurveOptions(options: AnalyzeCurveOptions): CheckedCurveOptions {
  const checked = {
    goal: checkGoal(options.goal ?? 'minimize'),
    smoothing: options.smoothing ?? 0.6,
    plateauTolerance: checkShare(options.plateauTolerance ?? 0.02, 'plateauTolerance'),
    convergenceTolerance: checkShare(options.convergenceTolerance ?? 0.05, 'convergenceTolerance'),
    explosionFactor: checkExplosionFactor(options.explosionFactor ?? 10),
  };
  checkSmoothing(checked.smoothing);
  if (options.plateauWindow !== undefined) checkWindow(options.plateauWindow, 'plateauWindow');
  return checked;
}

/** The options of `analyzeOverfitting` with defaults filled in, except the window. */
export interface CheckedOverfittingOptions {
  readonly goal: CurveGoal;
  readonly smoothing: number;
  readonly tolerance: number;
  readonly explosionFactor: number;
}

/** Throws a VALIDATION {@link RunlensError} naming the first bad option. */
export function checkOverfittingOptions(options: AnalyzeOverfittingOptions): CheckedOverfittingOptions {
  const checked = {
    goal: checkGoal(options.goal ?? 'minimize'),
    smoothing: options.smoothing ?? 0.6,
    tolerance: checkShare(options.tolerance ?? 0.1, 'tolerance'),
    explosionFactor: checkExplosionFactor(options.explosionFactor ?? 10),
  };
  checkSmoothing(checked.smoothing);
  if (options.window !== undefined) checkWindow(options.window, 'window');
  return checked;
}

function checkGoal(goal: string): CurveGoal {
  if (goal !== 'minimize' && goal !== 'maximize') {
    throw new RunlensError('VALIDATION', `invalid goal: ${goal} (expected minimize or maximize)`, { field: 'goal' });
  }
  return goal;
}

function checkShare(value: number, field: string): number {
  if (!(value > 0 && value < 1)) {
    throw new RunlensError('VALIDATION', `invalid ${field}: ${value} (expected a number in (0, 1))`, { field });
  }
  return value;
}

function checkExplosionFactor(value: number): number {
  if (!(value > 0 && Number.isFinite(value))) {
    throw new RunlensError('VALIDATION', `invalid explosionFactor: ${value} (expected a positive number)`, {
      field: 'explosionFactor',
    });
  }
  return value;
}

function checkWindow(value: number, field: string): void {
  if (!Number.isInteger(value) || value < 2) {
    throw new RunlensError('VALIDATION', `invalid ${field}: ${value} (expected an integer >= 2)`, { field });
  }
}
