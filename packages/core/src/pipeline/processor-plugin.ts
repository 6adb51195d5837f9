/**
 * Data-pipeline processors: pure functions frame → frame (smoothing, imputation, outlier removal, normalisation),
 * chained by name (`ema:0.6`, `gaussian:2`) and looked up in the registry.
 */
import type { z } from 'zod';
import type { PluginBase } from '../plugins/registry.js';
import type { SeriesFrame } from './series-frame.js';

export interface ProcessorPlugin<O = Record<string, unknown>> extends PluginBase {
  kind: 'processor';
  options: z.ZodType<O>;
  /** The option a bare `name:value` sets (`ema:0.6` → `{ weight: 0.6 }`); absent when the shorthand takes no value. */
  shorthand?: string;
  /** Pure: never mutates its input. The output has the same length unless the processor documents otherwise. */
  apply(frame: SeriesFrame, options: O): SeriesFrame;
}
