/**
 * PyTorch Lightning's tqdm progress bar (`TQDMProgressBar`), whose postfix carries the logged metrics:
 *
 *     Epoch 0: 100%|██████████| 64/64 [00:33<00:00,  1.93it/s, v_num=0, train_loss=3.93e+4]
 *
 * Bars are found by their `Epoch N:` prefix wherever they sit, because redirected output often runs the redraws
 * together on one physical line (with or without `\r` between them). Each bar segment emits its postfix numbers
 * (not `v_num`, the logger's version) and `epoch`, at step = the epoch's first global batch + the batch index
 * (epoch × batches per epoch when the bar shows a total; otherwise the previous epoch's start plus the most batches
 * it showed). Values are as tqdm printed them: 3 significant digits.
 *
 * A segment at batch 0 is skipped: it shows no batch of its own, only the postfix left over from the previous epoch
 * (Lightning prints `Epoch 0: 0/64 [..., train_loss=3.93e+4]` as it resets the bar). tqdm redraws a batch several
 * times; a redraw is emitted again only when its values changed, and then the later one wins (the store upserts).
 */
import type { LineParser, ParsedMetrics, ParserPlugin } from '../plugins/parser-plugin.js';
import { PLUGIN_API_VERSION } from '../plugins/registry.js';
import { boundedSample } from './bounded-sample.js';
import { isUsableMetricKey } from './metric-key.js';
import { parseMetricNumber, parseStep } from './parse-number.js';
import { stripAnsi } from './strip-ansi.js';

/** One drawing of the progress bar. */
export interface LightningProgress {
  epoch: number;
  /** Batches done in this epoch, as the bar shows (`n` of `n/total`). */
  batch: number;
  /** Batches in the epoch, or undefined when the bar shows `?`. */
  total: number | undefined;
  /** The postfix pairs as printed, `v_num` included: `{v_num: '0', train_loss: '3.93e+4'}`. */
  postfix: Record<string, string>;
}

const EPOCH_PREFIX = /Epoch (\d{1,9}):/g;
/**
 * What follows `Epoch N:` — `  2%|▏   | 1/64 [00:00<00:36,  1.72it/s, k=v, ...]`, the percentage missing when the
 * total is unknown. Anchored, and each part stops at a delimiter it cannot contain, so it never backtracks far.
 */
const BAR = /^\s*(?:\d{1,3}%)?\|[^|]*\|\s*(\d+)\/(\d+|\?)\s*\[([^\]]*)\]/;
const POSTFIX_KEY = /^[A-Za-z_][\w./-]*$/;

/** Every `Epoch N:` progress-bar drawing in one line, in order. ANSI codes are stripped first. */
export function findLightningProgress(line: string): LightningProgress[] {
  const text = stripAnsi(line);
  const starts: { index: number; end: number; epoch: string }[] = [];
  for (const m of text.matchAll(EPOCH_PREFIX)) starts.push({ index: m.index, end: m.index + m[0].length, epoch: m[1] ?? '' });
  const found: LightningProgress[] = [];
  starts.forEach((start, i) => {
    const next = starts[i + 1];
    const bar = BAR.exec(text.slice(start.end, next ? next.index : text.length));
    const epoch = parseStep(start.epoch);
    const batch = parseStep(bar?.[1] ?? '');
    if (!bar || epoch === undefined || batch === undefined) return;
    const total = parseStep(bar[2] ?? '');
    found.push({ epoch, batch, total, postfix: readPostfix(bar[3] ?? '') });
  });
  return found;
}

/** `00:33<00:00,  1.93it/s, v_num=0, train_loss=3.93e+4` → {v_num: '0', train_loss: '3.93e+4'}. */
function readPostfix(bracket: string): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const part of bracket.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    if (POSTFIX_KEY.test(key) && isUsableMetricKey(key)) pairs[key] = part.slice(eq + 1).trim();
  }
  return pairs;
}

function createLightningParser(): LineParser {
  let epoch: number | undefined;
  let epochStart = 0;
  let mostBatches = 0;
  let last: { step: number; signature: string } | undefined;

  const globalStep = (p: LightningProgress): number => {
    if (p.epoch !== epoch) {
      epochStart = p.total !== undefined ? p.epoch * p.total : epochStart + mostBatches;
      epoch = p.epoch;
      mostBatches = 0;
    }
    mostBatches = Math.max(mostBatches, p.batch);
    return epochStart + p.batch;
  };

  return {
    push(line) {
      const out: ParsedMetrics[] = [];
      for (const progress of findLightningProgress(line)) {
        const step = globalStep(progress);
        if (progress.batch === 0 || !Number.isSafeInteger(step)) continue;
        const metrics: Record<string, number> = {};
        for (const [key, text] of Object.entries(progress.postfix)) {
          const value = key === 'v_num' ? undefined : parseMetricNumber(text);
          if (value !== undefined) metrics[key] = value;
        }
        if (Object.keys(metrics).length === 0) continue;
        metrics['epoch'] = progress.epoch;
        const signature = Object.entries(metrics).join(';');
        if (last?.step === step && last.signature === signature) continue;
        last = { step, signature };
        out.push({ step, metrics });
      }
      return out;
    },
    end: () => [],
  };
}

const PREAMBLE = /^(?:GPU available: |TPU available: |LOCAL_RANK: |`Trainer\.fit` stopped|\s*\| Name\s+\| Type\s+\| Params)/;

/** A progress bar with an epoch is certain; Lightning's start-up lines are suggestive. */
function detectLightning(sample: readonly string[]): number {
  let score = 0;
  for (const line of boundedSample(sample)) {
    if (findLightningProgress(line).length > 0) return 0.95;
    if (PREAMBLE.test(stripAnsi(line))) score = 0.6;
  }
  return score;
}

/** The `lightning` parser plugin. */
export const lightningParser: ParserPlugin = {
  kind: 'parser',
  name: 'lightning',
  apiVersion: PLUGIN_API_VERSION,
  description: 'PyTorch Lightning progress bars: `Epoch 0: 100%|███| 64/64 [00:01<00:00, v_num=0, train_loss=3.93e+4]`',
  detect: detectLightning,
  createParser: createLightningParser,
};
