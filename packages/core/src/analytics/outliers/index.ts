export { detectOutliers, OUTLIER_DETECTORS } from './detect-outliers.js';
export type { OutlierDetector } from './detect-outliers.js';
export type {
  ExcludedItem,
  OutlierItem,
  OutlierMethod,
  OutlierMethodKind,
  OutlierMethodSettings,
  OutlierReport,
  OutlierRule,
} from './types.js';
