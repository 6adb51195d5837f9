/** Every `analyze` kind by name: the CLI and POST /api/v1/analytics/<kind> look handlers up here. */
import type { AnalyzeKind, AnalyzeKindHandler } from './analyze-kind.js';
import { compareKind } from './compare-kind.js';
import { curvesKind } from './curves-kind.js';
import { failuresKind } from './failures-kind.js';
import { importanceKind } from './importance-kind.js';
import { outliersKind } from './outliers-kind.js';
import { reportKind } from './report-kind.js';
import { statsKind } from './stats-kind.js';

export const ANALYZE_KIND_HANDLERS: Record<AnalyzeKind, AnalyzeKindHandler> = {
  stats: statsKind,
  outliers: outliersKind,
  failures: failuresKind,
  compare: compareKind,
  importance: importanceKind,
  curves: curvesKind,
  report: reportKind,
};
