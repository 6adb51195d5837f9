/** Every built-in plot type. Adding one is its file, its test and a line here. */
import type { PlotPlugin } from './plot-plugin.js';
import { comparePlot } from './types/compare-plot.js';
import { confusionPlot } from './types/confusion-plot.js';
import { correlationPlot } from './types/correlation-plot.js';
import { curvesPlot } from './types/curves-plot.js';
import { distributionPlot } from './types/distribution-plot.js';
import { histogramsPlot } from './types/histograms-plot.js';
import { hpoPlot } from './types/hpo-plot.js';
import { importancePlot } from './types/importance-plot.js';
import { parallelPlot } from './types/parallel-plot.js';
import { prPlot } from './types/pr-plot.js';
import { rocPlot } from './types/roc-plot.js';
import { timelinePlot } from './types/timeline-plot.js';

export const BUILTIN_PLOTS: readonly PlotPlugin<unknown>[] = [
  curvesPlot,
  comparePlot,
  distributionPlot,
  correlationPlot,
  parallelPlot,
  importancePlot,
  hpoPlot,
  rocPlot,
  prPlot,
  confusionPlot,
  histogramsPlot,
  timelinePlot,
];
