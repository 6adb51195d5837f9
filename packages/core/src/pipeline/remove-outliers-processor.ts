/** The `remove-outliers` processor: spikes judged against a rolling window by the analytics engine's rules. */
import { z } from 'zod';
import { OUTLIER_DETECTORS, type OutlierDetector } from '../analytics/outliers/detect-outliers.js';
import type { OutlierMethod, OutlierMethodKind } from '../analytics/outliers/types.js';
import { PLUGIN_API_VERSION } from '../plugins/registry.js';
import type { ProcessorPlugin } from './processor-plugin.js';
import type { SeriesFrame } from './series-frame.js';

export interface RemoveOutliersOptions {
  /** Points in the centred window each point is judged against, itself included; odd, 3 to 1001, default 11. */
  window: number;
  /**
   * The rule, as in `runlens analyze outliers`: `modified-zscore` (default; rolling median and MAD, a Hampel
   * filter), `zscore` (rolling mean and std) or `iqr` (rolling quartiles).
   */
  method: 'modified-zscore' | 'zscore' | 'iqr';
  /** The rule's cut-off: the threshold of the z-scores (default 3.5 / 3), the k of `iqr` (default 1.5). */
  threshold?: number | undefined;
  /** What becomes of an outlier: `nan` (default; the point stays, as a gap) or `drop` (the frame gets shorter). */
  action: 'nan' | 'drop';
}

/**
 * `remove-outliers:3.5` — removes spikes: a point is an outlier when the method flags it among the finite values
 * of the window centred on it (shorter at the ends; windows with fewer than 3 finite values flag nothing). The
 * statistics come from the input, not from what earlier removals left. NaN/±Infinity are not judged and are kept
 * as they are (a divergence is not a spike; use `impute` for NaN). Series whose values are mostly equal (quantised
 * accuracies) get their lone departures flagged, as the analytics rules do; raise the threshold there.
 */
export const removeOutliersProcessor: ProcessorPlugin<RemoveOutliersOptions> = {
  kind: 'processor',
  name: 'remove-outliers',
  apiVersion: PLUGIN_API_VERSION,
  description: 'remove spikes judged against a rolling window (modified z-score, z-score or IQR) → NaN or drop',
  capabilities: ['processor:outlier-removal'],
  options: z.strictObject({
    window: z
      .number()
      .int()
      .min(3)
      .max(1001)
      .refine((w) => w % 2 === 1, 'must be odd, so the window is centred')
      .default(11),
    method: z.enum(['modified-zscore', 'zscore', 'iqr']).default('modified-zscore'),
    threshold: z.number().positive().finite().optional(),
    action: z.enum(['nan', 'drop']).default('nan'),
  }),
  shorthand: 'threshold',
  apply: (frame, o) => {
    const flagged = flagSpikes(frame.y, o);
    if (o.action === 'drop') return dropFlagged(frame, flagged);
    const y = Float64Array.from(frame.y);
    for (let i = 0; i < y.length; i++) if (flagged[i]) y[i] = Number.NaN;
    return { ...frame, y };
  },
};

function methodOf(o: RemoveOutliersOptions): OutlierMethod {
  if (o.method === 'iqr') return { kind: 'iqr', ...(o.threshold !== undefined ? { k: o.threshold } : {}) };
  return { kind: o.method, ...(o.threshold !== undefined ? { threshold: o.threshold } : {}) };
}

function flagSpikes(y: Float64Array, o: RemoveOutliersOptions): Uint8Array {
  return flagWith(y, o.window, methodOf(o));
}

function flagWith<K extends OutlierMethodKind>(y: Float64Array, windowSize: number, method: OutlierMethod<K>): Uint8Array {
  const detector: OutlierDetector<K> = OUTLIER_DETECTORS[method.kind];
  const flagged = new Uint8Array(y.length);
  const half = (windowSize - 1) / 2;
  const window: number[] = [];
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i]!)) continue;
    window.length = 0;
    for (let j = Math.max(0, i - half); j <= Math.min(y.length - 1, i + half); j++) {
      if (Number.isFinite(y[j]!)) window.push(y[j]!);
    }
    if (window.length < detector.minimumCount) continue;
    const rule = detector.rule(Float64Array.from(window).sort(), method);
    if (rule.reasonFor(y[i]!) !== undefined) flagged[i] = 1;
  }
  return flagged;
}

function dropFlagged(frame: SeriesFrame, flagged: Uint8Array): SeriesFrame {
  const keep: number[] = [];
  for (let i = 0; i < flagged.length; i++) if (!flagged[i]) keep.push(i);
  const pick = (a: Float64Array): Float64Array => Float64Array.from(keep, (i) => a[i]!);
  return { x: pick(frame.x), y: pick(frame.y), ...(frame.t ? { t: pick(frame.t) } : {}) };
}
