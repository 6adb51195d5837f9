export { analyzeFailures } from './analyze-failures.js';
export { formatPValue, P_UNDERFLOW, pValueText } from './format-p-value.js';
export { bestFailureThreshold, MAX_THRESHOLD_CANDIDATES } from './best-threshold.js';
export { MAX_NUMERIC_LEVELS } from './param-association.js';
export type {
  AnalyzeFailuresOptions,
  FailureAnalysis,
  FailureAssociationTest,
  FailureEffect,
  FailureRate,
  FailureThreshold,
  GroupFailureRate,
  HeartbeatLoss,
  HostCrashes,
  ParamFailureAssociation,
  ParamLevelFailureRate,
  ProjectFailureRate,
  StatusDuration,
  TimeToFailure,
} from './types.js';
