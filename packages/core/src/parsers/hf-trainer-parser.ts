/**
 * Hugging Face `Trainer` (and TRL trainers built on it) stdout: each logging step prints a Python dict,
 *
 *     {'loss': 0.5, 'grad_norm': 1.2, 'learning_rate': 5e-05, 'epoch': 0.1}
 *     {'eval_loss': 0.61, 'eval_runtime': 2.1, 'epoch': 0.1}
 *     {'train_runtime': 120.5, 'train_samples_per_second': 33.1, 'train_loss': 0.52, 'epoch': 3.0}
 *
 * possibly after a (coloured) logger prefix or a tqdm bar on the same line. Keys are kept as printed
 * (`eval_loss`, `rewards/chosen`, `logps/rejected`), `epoch` included; values may be strings (`'0.5'`), `nan`,
 * `inf`, or wrapped (`np.float64(0.5)`, `tensor(0.5)`); other values are ignored.
 *
 * The dicts carry no step, so the parser counts: the counter starts at 0 and every training dict moves it on by
 * one before it is emitted (the first logging step is 1, as Trainer's own first log is at `logging_steps`, not 0).
 * An eval dict (all keys but `epoch` start with `eval_`, `test_` or `predict_`) and the end-of-training summary
 * (it has `train_runtime`) belong to the most recent training step, so an evaluation before training is at step 0.
 * An eval dict's `epoch` is kept (Trainer evaluates at the global step it last logged, so it matches); the summary's
 * is dropped, because it is the run's final epoch and would overwrite the epoch of the last logged step.
 * A dict with an integer `step` or `global_step` uses it and sets the counter there.
 */
import type { LineParser, ParsedMetrics, ParserPlugin } from '../plugins/parser-plugin.js';
import { PLUGIN_API_VERSION } from '../plugins/registry.js';
import { boundedSample } from './bounded-sample.js';
import { isUsableMetricKey } from './metric-key.js';
import { findPythonDicts, type PythonDictEntry } from './python-dict.js';
import { stripAnsi } from './strip-ansi.js';

const STEP_KEYS = new Set(['step', 'global_step']);
/** Only the end-of-training summary dict has it. */
const SUMMARY_KEY = 'train_runtime';
const EVAL_KEY = /^(?:eval|test|predict)_/;
/** Keys Trainer prints in every log or eval dict; in a dict repr they mark a Trainer log. */
const TRAINER_KEYS = new Set(['loss', 'eval_loss', 'learning_rate', 'grad_norm', 'epoch', 'train_runtime']);

/** How a dict moves the step counter. */
function dictRole(entries: readonly PythonDictEntry[]): 'train' | 'follows' {
  if (entries.some((e) => e.key === SUMMARY_KEY)) return 'follows';
  const keys = entries.filter((e) => e.key !== 'epoch' && !STEP_KEYS.has(e.key));
  return keys.length > 0 && keys.every((e) => EVAL_KEY.test(e.key)) ? 'follows' : 'train';
}

function explicitStep(entries: readonly PythonDictEntry[]): number | undefined {
  for (const e of entries) {
    if (STEP_KEYS.has(e.key) && e.value !== undefined && Number.isSafeInteger(e.value) && e.value >= 0) return e.value;
  }
  return undefined;
}

function createHfTrainerParser(): LineParser {
  let step = 0;
  return {
    push(line) {
      const out: ParsedMetrics[] = [];
      for (const entries of findPythonDicts(stripAnsi(line))) {
        const summary = entries.some((e) => e.key === SUMMARY_KEY);
        const metrics: Record<string, number> = {};
        for (const { key, value } of entries) {
          if (value === undefined || STEP_KEYS.has(key) || (summary && key === 'epoch')) continue;
          if (isUsableMetricKey(key)) metrics[key] = value;
        }
        if (Object.keys(metrics).length === 0) continue;
        const given = explicitStep(entries);
        if (given !== undefined) step = given;
        else if (dictRole(entries) === 'train') step += 1;
        out.push({ step, metrics });
      }
      return out;
    },
    end: () => [],
  };
}

/** A dict with Trainer's keys is certain; any other dict of numbers is suggestive. */
function detectHfTrainer(sample: readonly string[]): number {
  let score = 0;
  for (const line of boundedSample(sample)) {
    if (!line.includes('{')) continue;
    for (const entries of findPythonDicts(stripAnsi(line))) {
      const numeric = entries.filter((e) => e.value !== undefined);
      if (numeric.some((e) => TRAINER_KEYS.has(e.key) || EVAL_KEY.test(e.key))) return 0.95;
      if (numeric.length > 0) score = 0.6;
    }
  }
  return score;
}

/** The `hf` parser plugin. */
export const hfTrainerParser: ParserPlugin = {
  kind: 'parser',
  name: 'hf',
  apiVersion: PLUGIN_API_VERSION,
  description: "Hugging Face Trainer / TRL log dicts: `{'loss': 0.5, 'grad_norm': 1.2, 'learning_rate': 5e-05, 'epoch': 0.1}`",
  detect: detectHfTrainer,
  createParser: createHfTrainerParser,
};
