/**
 * `roc`: ROC curves from logged data. A run logs its curve as two series indexed by threshold step, `roc/fpr`
 * and `roc/tpr` (`run.log({'roc/fpr': f, 'roc/tpr': t}, step=i)` for each threshold i); the plot pairs them by step
 * and shows each run's curve with its area (trapezoid rule) in the legend, over the chance diagonal.
 */
import { rocAuc, withRocEnds } from '../shared/classifier-curve-scores.js';
import { classifierCurvePlot } from './classifier-curve.js';

/**
 * @example registry.require('plot', 'roc').compile(data, { prefix: ['roc/cat', 'roc/dog'] }, ctx)
 */
export const rocPlot = classifierCurvePlot({
  name: 'roc',
  description: 'ROC curves from logged <prefix>/fpr and <prefix>/tpr series, with AUC',
  title: 'ROC curve',
  defaultPrefix: 'roc',
  x: { suffix: 'fpr', label: 'false positive rate' },
  y: { suffix: 'tpr', label: 'true positive rate' },
  score: { label: 'AUC', compute: rocAuc },
  draw: withRocEnds,
  reference: (theme) => ({
    marks: [{ type: 'rule', label: 'chance (AUC = 0.5)', color: theme.muted, dash: [4, 4], x1: [0], y1: [0], x2: [1], y2: [1] }],
    legend: [{ label: 'chance (AUC = 0.5)', color: theme.muted, symbol: 'line', dash: [4, 4] }],
  }),
});
