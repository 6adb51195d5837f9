/**
 * `pr`: precision–recall curves from logged data. A run logs its curve as two series indexed by threshold step,
 * `pr/recall` and `pr/precision`; the plot pairs them by step and shows each run's curve with its average precision
 * (scikit-learn's step-wise definition) in the legend.
 */
import { averagePrecision } from '../shared/classifier-curve-scores.js';
import { classifierCurvePlot } from './classifier-curve.js';

/** By recall ascending, ties by precision descending: the order of decreasing threshold. */
function prDrawOrder(recall: number[], precision: number[]): { x: number[]; y: number[] } {
  const order = recall.map((_, i) => i).sort((a, b) => recall[a]! - recall[b]! || precision[b]! - precision[a]!);
  return { x: order.map((i) => recall[i]!), y: order.map((i) => precision[i]!) };
}

/**
 * @example registry.require('plot', 'pr').compile(data, { prefix: 'val/pr' }, ctx)
 */
export const prPlot = classifierCurvePlot({
  name: 'pr',
  description: 'precision-recall curves from logged <prefix>/recall and <prefix>/precision series, with average precision',
  title: 'Precision\u2013recall curve',
  defaultPrefix: 'pr',
  x: { suffix: 'recall', label: 'recall' },
  y: { suffix: 'precision', label: 'precision' },
  score: { label: 'AP', compute: averagePrecision },
  draw: prDrawOrder,
});
