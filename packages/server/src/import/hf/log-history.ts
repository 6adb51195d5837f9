/**
 * The `log_history` of a trainer_state.json as series. Each entry holds the values logged at one `step`: training
 * entries (loss, grad_norm, learning_rate), evaluation entries (`eval_*`, several per step when there are several
 * eval sets) and, at the end, one summary entry (train_runtime, train_loss, ...) that becomes the run's summary.
 */
import type { FileWarnings } from '../file-warnings.js';
import { keyProblem } from '../import-names.js';
import { stepProblem } from '../loose-values.js';

/** One series in step order of first appearance; a repeated step keeps its last value. */
export interface HistorySeries {
  steps: number[];
  values: number[];
}

export interface TrainerHistory {
  series: Map<string, HistorySeries>;
  summary: Record<string, number>;
  counts: { train: number; eval: number; summary: number; skipped: number };
}

/** Keys of the final entry `Trainer.train()` logs; an entry holding one is a summary, not a point in time. */
const SUMMARY_MARKER = 'train_runtime';

/** Reads `history`; entries without a valid step are skipped with a warning naming `log_history[i]`. */
export function readLogHistory(history: readonly unknown[], warnings: FileWarnings): TrainerHistory {
  const series = new Map<string, HistorySeries & { index: Map<number, number> }>();
  const summary: Record<string, number> = {};
  const counts = { train: 0, eval: 0, summary: 0, skipped: 0 };
  const badKeys = new Set<string>();

  history.forEach((entry, i) => {
    const where = `log_history[${i}]`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      warnings.at(where, 'not an object; skipped');
      counts.skipped++;
      return;
    }
    const fields = entry as Record<string, unknown>;
    if (SUMMARY_MARKER in fields) {
      counts.summary++;
      for (const [k, v] of Object.entries(fields)) {
        if (k !== 'step' && k !== 'epoch' && typeof v === 'number' && usableKey(k, where)) summary[k] = v;
      }
      return;
    }
    const step = fields.step;
    const why = typeof step === 'number' ? stepProblem(step) : step === undefined ? 'no "step"' : '"step" is not a number';
    if (why !== undefined || typeof step !== 'number') {
      warnings.at(where, `${why ?? '"step" is not a number'}; skipped`);
      counts.skipped++;
      return;
    }
    let isEval = false;
    for (const [k, v] of Object.entries(fields)) {
      if (k === 'step' || typeof v !== 'number' || !usableKey(k, where)) continue;
      if (k.startsWith('eval_')) isEval = true;
      let s = series.get(k);
      if (!s) series.set(k, (s = { steps: [], values: [], index: new Map() }));
      const at = s.index.get(step);
      if (at === undefined) {
        s.index.set(step, s.steps.length);
        s.steps.push(step);
        s.values.push(v);
      } else s.values[at] = v;
    }
    if (isEval) counts.eval++;
    else counts.train++;
  });

  function usableKey(k: string, where: string): boolean {
    const problem = keyProblem(k);
    if (problem === undefined) return true;
    if (!badKeys.has(k)) {
      badKeys.add(k);
      warnings.at(where, `${problem}; that key is skipped`);
    }
    return false;
  }

  const out = new Map<string, HistorySeries>();
  for (const [k, s] of series) out.set(k, { steps: s.steps, values: s.values });
  return { series: out, summary, counts };
}
