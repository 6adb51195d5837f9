export { paramImportance, MIN_RUNS_FOR_IMPORTANCE, ROUGH_IMPORTANCE_BELOW, WEAK_FIT_R2 } from './param-importance.js';
export type {
  ImportanceRow,
  ParamImportanceEntry,
  ParamImportanceOptions,
  ParamImportanceResult,
} from './param-importance.js';
export { encodeParamFeatures } from './encode-param-features.js';
export type { ParamFeature, ParamFeatures } from './encode-param-features.js';
export { fitRandomForest, oobPrediction, predictRandomForest, DEFAULT_MAX_SAMPLES } from './random-forest.js';
export type { RandomForest, RandomForestOptions } from './random-forest.js';
export { permutationImportance } from './permutation-importance.js';
export type { PermutationImportance, PermutationImportanceOptions } from './permutation-importance.js';
export type { RegressionTree } from './regression-tree.js';
export { rSquared } from './r-squared.js';
