export { analyzeCurve } from './analyze-curve.js';
export { analyzeOverfitting } from './analyze-overfitting.js';
export type {
  AnalyzeCurveOptions,
  AnalyzeOverfittingOptions,
  CurveAnalysis,
  CurveDivergence,
  CurveGoal,
  CurvePoint,
  CurveSeries,
  GeneralisationGap,
  OverfittingAnalysis,
  StepRange,
  TrainingPhase,
  TrainingPhaseName,
} from './types.js';
