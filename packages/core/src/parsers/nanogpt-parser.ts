/**
 * nanoGPT's `train.py` output (github.com/karpathy/nanoGPT and its many forks):
 *
 * - `iter 10: loss 9.4648, time 598.16ms, mfu 46.46%` → step 10, `train/loss`, `time_ms`, `mfu` (percent as
 *   printed). `mfu -100.00%` is nanoGPT's "not estimated yet" marker on the first iterations, so it is skipped.
 * - `step 250: train loss 2.1043, val loss 2.1312` (the periodic evaluation) → step 250, `eval/train_loss`,
 *   `eval/val_loss`. These are kept apart from `train/loss`, which is the loss of a single batch.
 *
 * Pairs are read generically (`name value[unit]`, comma-separated), so forks that print more (`lr 6.0e-04`) get
 * those too: the name's words joined by `_`, with `_ms` or `_s` added for a time unit. `loss nan` is a NaN value.
 */
import type { LineParser, ParsedMetrics, ParserPlugin } from '../plugins/parser-plugin.js';
import { PLUGIN_API_VERSION } from '../plugins/registry.js';
import { boundedSample } from './bounded-sample.js';
import { lineSegments } from './line-segments.js';
import { isUsableMetricKey } from './metric-key.js';
import { parseMetricNumber, parseStep } from './parse-number.js';

const ITER = /^\s*iter (\d+): (.*)$/;
const EVAL = /^\s*step (\d+): (.*)$/;
/** Words of a pair's name; anchored and unambiguous, so it is linear in the part's length. */
const PAIR_NAME = /^[A-Za-z][A-Za-z0-9_]*(?: [A-Za-z0-9_]+)*$/;
/** A value's unit and what it adds to the key: percent stays as printed, times say their unit. */
const UNITS: readonly (readonly [string, string])[] = [
  ['%', ''],
  ['ms', '_ms'],
  ['s', '_s'],
];
const PREAMBLE = /^(?:Overriding config with |tokens per iteration will be: )/;
/** What nanoGPT prints for mfu before it has timed enough iterations to estimate it. */
const MFU_NOT_ESTIMATED = -100;

/** The metrics of one nanoGPT `iter` or `step` line (one redraw segment), or undefined if it is neither. */
export function parseNanoGptLine(segment: string): ParsedMetrics | undefined {
  const iter = ITER.exec(segment);
  const match = iter ?? EVAL.exec(segment);
  if (!match) return undefined;
  const step = parseStep(match[1] ?? '');
  if (step === undefined) return undefined;
  const metrics: Record<string, number> = {};
  for (const part of (match[2] ?? '').split(',')) {
    const pair = readPair(part.trim());
    if (!pair) continue;
    if (iter) {
      const key = pair.name === 'loss' ? 'train/loss' : pair.name;
      if (key === 'mfu' && pair.value === MFU_NOT_ESTIMATED) continue;
      metrics[key] = pair.value;
    } else {
      metrics[`eval/${pair.name}`] = pair.value;
    }
  }
  return Object.keys(metrics).length > 0 ? { step, metrics } : undefined;
}

/** `time 598.16ms` → {name: 'time_ms', value: 598.16}; `train loss 2.1` → {name: 'train_loss', value: 2.1}. */
function readPair(part: string): { name: string; value: number } | undefined {
  const space = part.lastIndexOf(' ');
  if (space <= 0) return undefined;
  const words = part.slice(0, space).trim();
  if (!PAIR_NAME.test(words)) return undefined;
  const token = part.slice(space + 1);
  let value = parseMetricNumber(token);
  let suffix = '';
  for (const [unit, keySuffix] of UNITS) {
    if (value !== undefined) break;
    if (token.endsWith(unit)) [value, suffix] = [parseMetricNumber(token.slice(0, -unit.length)), keySuffix];
  }
  if (value === undefined) return undefined;
  const name = words.split(' ').join('_') + suffix;
  return isUsableMetricKey(name) ? { name, value } : undefined;
}

/** Scores a sample: an `iter` line with a loss is certain, an eval line nearly so, nanoGPT's preamble suggestive. */
function detectNanoGpt(sample: readonly string[]): number {
  let score = 0;
  for (const line of boundedSample(sample)) {
    for (const segment of lineSegments(line)) {
      const parsed = parseNanoGptLine(segment);
      if (parsed && ITER.test(segment) && 'train/loss' in parsed.metrics) return 0.95;
      if (parsed && 'eval/val_loss' in parsed.metrics) score = Math.max(score, 0.9);
      else if (PREAMBLE.test(segment)) score = Math.max(score, 0.6);
    }
  }
  return score;
}

function createNanoGptParser(): LineParser {
  return {
    push(line) {
      const out: ParsedMetrics[] = [];
      for (const segment of lineSegments(line)) {
        const parsed = parseNanoGptLine(segment);
        if (parsed) out.push(parsed);
      }
      return out;
    },
    end: () => [],
  };
}

/** The `nanogpt` parser plugin. */
export const nanoGptParser: ParserPlugin = {
  kind: 'parser',
  name: 'nanogpt',
  apiVersion: PLUGIN_API_VERSION,
  description: 'nanoGPT train.py output: `iter N: loss L, time T ms, mfu M%` and `step N: train loss A, val loss B`',
  detect: detectNanoGpt,
  createParser: createNanoGptParser,
};
