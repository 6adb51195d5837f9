/** Which way a metric improves, guessed from its name: the analytics commands and the plots use this one guess. */

// lower-is-better first, so that `val/loss_acc_weighted` counts as a loss
const LOWER_IS_BETTER = /loss|err|perplexity|ppl|mse|mae|rmse|wer|cer|regret|latency/i;
const HIGHER_IS_BETTER = /acc|auc|f1|precision|recall|reward|score|bleu|rouge|map|iou|return/i;

/**
 * `'minimize'` for names like `val/loss`, `error`, `ppl`; `'maximize'` for `acc`, `f1`, `reward`; undefined when the
 * name does not say.
 */
export function guessMetricDirection(metric: string): 'minimize' | 'maximize' | undefined {
  if (LOWER_IS_BETTER.test(metric)) return 'minimize';
  if (HIGHER_IS_BETTER.test(metric)) return 'maximize';
  return undefined;
}
