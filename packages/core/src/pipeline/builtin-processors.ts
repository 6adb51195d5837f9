/** The processors runlens ships with, registered like any third-party one. */
import { emaProcessor } from './ema-processor.js';
import { gaussianProcessor } from './gaussian-processor.js';
import { imputeProcessor } from './impute-processor.js';
import { normalizeProcessor } from './normalize-processor.js';
import type { ProcessorPlugin } from './processor-plugin.js';
import { removeOutliersProcessor } from './remove-outliers-processor.js';
import { runningAverageProcessor } from './running-average-processor.js';
import { timeEmaProcessor } from './time-ema-processor.js';

/**
 * Every built-in processor: `ema`, `time-ema`, `gaussian`, `running-average`, `impute`, `remove-outliers`,
 * `normalize`. Register them with `BUILTIN_PROCESSORS.forEach((p) => registry.register(p))`.
 */
export const BUILTIN_PROCESSORS: readonly ProcessorPlugin<unknown>[] = [
  emaProcessor,
  timeEmaProcessor,
  gaussianProcessor,
  runningAverageProcessor,
  imputeProcessor,
  removeOutliersProcessor,
  normalizeProcessor,
];
