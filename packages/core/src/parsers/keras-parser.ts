/**
 * Keras `model.fit()` output (Keras 2 and 3, `verbose=1` or `2`):
 *
 *     Epoch 3/10
 *     1875/1875 [==============================] - 3s 1ms/step - loss: 0.3100 - accuracy: 0.9000 - val_loss: ...
 *
 * `Epoch E/N` sets the epoch; the epoch's final progress line (its counter at `n/n`, no `ETA:`) emits the
 * `name: value` pairs plus `epoch` (E, 1-based as printed) at step = E + the steps of earlier fits. A header whose
 * epoch is not past the previous one starts a new fit, which continues counting where the last fit ended, so a
 * second `fit()` in the same log does not overwrite the first; `fit(initial_epoch=5)` after a 5-epoch fit goes on
 * at step 6 as printed. Intermediate redraws (`ETA:`, or a counter short of its total) emit nothing. Keras redraws
 * the last batch before adding validation values; both are emitted at the same step and the later one wins.
 *
 * A final line whose total differs from the epoch's training bar, or one before any `Epoch` header, comes from
 * `evaluate()`: its pairs are stored as `eval/<name>` at the current step (0 before the first epoch).
 */
import type { LineParser, ParsedMetrics, ParserPlugin } from '../plugins/parser-plugin.js';
import { PLUGIN_API_VERSION } from '../plugins/registry.js';
import { boundedSample } from './bounded-sample.js';
import { lineSegments } from './line-segments.js';
import { isUsableMetricKey } from './metric-key.js';
import { parseMetricNumber, parseStep } from './parse-number.js';

const HEADER = /^\s*Epoch (\d+)\/(\d+)\s*$/;
const COUNTER = /^\s*(\d+)\/(\d+)(?!\d)/;
const PAIR = /^([A-Za-z_][\w./]*): (\S+)$/;

/** One progress-bar drawing that carries metric pairs. */
interface KerasProgress {
  /** `n/total` when the line starts with a counter. */
  counter: { n: number; total: number } | undefined;
  /** An `ETA:` drawing, i.e. mid-epoch. */
  eta: boolean;
  metrics: Record<string, number>;
}

/** The counter and `name: value` pairs of a ` - `-separated progress line, or undefined if it has no pairs. */
function readProgress(segment: string): KerasProgress | undefined {
  const metrics: Record<string, number> = {};
  let eta = false;
  let found = false;
  for (const part of segment.split(' - ')) {
    const text = part.trim();
    if (text.startsWith('ETA:')) eta = true;
    const pair = PAIR.exec(text);
    if (!pair) continue;
    const name = pair[1] ?? '';
    const value = parseMetricNumber(pair[2] ?? '');
    if (value === undefined || name === 'ETA' || !isUsableMetricKey(name)) continue;
    metrics[name] = value;
    found = true;
  }
  if (!found) return undefined;
  const c = COUNTER.exec(segment);
  const n = parseStep(c?.[1] ?? '');
  const total = parseStep(c?.[2] ?? '');
  return { counter: n !== undefined && total !== undefined ? { n, total } : undefined, eta, metrics };
}

function createKerasParser(): LineParser {
  /** The epoch as printed by the last header, and the steps taken by fits before the current one. */
  let printedEpoch: number | undefined;
  let fitOffset = 0;
  /** Total of the first counter seen after the header: the training bar's, which evaluate() bars are told from. */
  let trainTotal: number | undefined;
  let lastSignature: string | undefined;

  const currentStep = (): number => fitOffset + (printedEpoch ?? 0);

  const onHeader = (epoch: number): void => {
    if (printedEpoch !== undefined && epoch <= printedEpoch) fitOffset += printedEpoch;
    printedEpoch = epoch;
    trainTotal = undefined;
  };

  const onProgress = (p: KerasProgress): ParsedMetrics | undefined => {
    if (p.counter && printedEpoch !== undefined && trainTotal === undefined) trainTotal = p.counter.total;
    if (p.eta || (p.counter && p.counter.n !== p.counter.total)) return undefined;
    const isEval = printedEpoch === undefined || (p.counter !== undefined && p.counter.total !== trainTotal);
    const metrics: Record<string, number> = {};
    for (const [name, value] of Object.entries(p.metrics)) {
      const key = isEval ? `eval/${name}` : name;
      if (isUsableMetricKey(key)) metrics[key] = value;
    }
    if (!isEval && printedEpoch !== undefined) metrics['epoch'] = printedEpoch;
    const step = currentStep();
    const signature = `${step};${Object.entries(metrics).join(';')}`;
    if (signature === lastSignature || !Number.isSafeInteger(step)) return undefined;
    lastSignature = signature;
    return { step, metrics };
  };

  return {
    push(line) {
      const out: ParsedMetrics[] = [];
      for (const segment of lineSegments(line)) {
        const header = HEADER.exec(segment);
        const epoch = header ? parseStep(header[1] ?? '') : undefined;
        if (epoch !== undefined) {
          onHeader(epoch);
          continue;
        }
        const progress = readProgress(segment);
        const parsed = progress && onProgress(progress);
        if (parsed) out.push(parsed);
      }
      return out;
    },
    end: () => [],
  };
}

/** A progress line with a counter and pairs is certain; an `Epoch 3/10` header alone is suggestive. */
function detectKeras(sample: readonly string[]): number {
  let score = 0;
  for (const line of boundedSample(sample)) {
    for (const segment of lineSegments(line)) {
      if (HEADER.test(segment)) score = 0.6;
      else if (COUNTER.test(segment) && segment.includes(' - ') && readProgress(segment)) return 0.95;
    }
  }
  return score;
}

/** The `keras` parser plugin. */
export const kerasParser: ParserPlugin = {
  kind: 'parser',
  name: 'keras',
  apiVersion: PLUGIN_API_VERSION,
  description: 'Keras fit() output: `Epoch 3/10` then `... - loss: 0.31 - accuracy: 0.9 - val_loss: ...`',
  detect: detectKeras,
  createParser: createKerasParser,
};
