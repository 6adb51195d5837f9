/**
 * Plot-type plugins: pure compilers from (data, options) to a PlotSpec. They never touch a renderer, a file or the
 * network; the server loads what `needs` asks for and calls `compile`.
 */
import type { z } from 'zod';
import type { Run } from '../domain/types.js';
import type { PluginBase, PluginRegistry } from '../plugins/registry.js';
import type { Theme } from '../themes/theme.js';
import type { MarkType, PlotSpec } from './plot-spec.js';

/** One metric series of one run on the x axis the plot asked for. NaN/±Infinity values are possible. */
export interface PlotSeries {
  runId: string;
  key: string;
  /** x of each point (the step, wall time in ms, seconds since the run's start, epoch or another metric). */
  x: Float64Array;
  y: Float64Array;
  steps: Float64Array;
  /** Wall time of each point, ms since epoch (time-weighted smoothing uses it). */
  times: Float64Array;
}

/** One logged histogram (a tensor's distribution at a step). Edges may start at -Infinity / end at Infinity. */
export interface PlotHistogram {
  runId: string;
  key: string;
  step: number;
  time: number;
  edges: number[];
  counts: number[];
}

/** Everything a plot type may read. Runs carry params, summaries and per-series summaries (min/max/last). */
export interface PlotData {
  runs: Run[];
  series: PlotSeries[];
  histograms: PlotHistogram[];
}

/** What to load for a plot; the loader reads nothing else. */
export interface PlotNeeds {
  /** Metric series: keys (exact) or /regex/ patterns, on this x (`step`, `time`, `relative`, `epoch`, any metric). */
  series?: { metrics: string[]; x: string; points: number };
  /** Histogram keys (exact or /regex/). */
  histograms?: { keys: string[] };
}

export interface PlotContext {
  theme: Theme;
  width: number;
  height: number;
  title?: string | undefined;
  /** Processors (smoothing, outliers…) are looked up here by name, like every other plugin. */
  registry: PluginRegistry;
}

export interface PlotPlugin<O = Record<string, unknown>> extends PluginBase {
  kind: 'plot';
  /** Options, validated (and defaulted) before `needs` and `compile` see them; unknown keys are rejected. */
  options: z.ZodType<O>;
  /** The marks `compile` may emit, so a renderer that cannot draw one is refused before any work. */
  marks: readonly MarkType[];
  needs(options: O): PlotNeeds;
  /** Pure. Throws RunlensError for options that contradict the data; puts soft problems in `warnings`. */
  compile(data: PlotData, options: O, ctx: PlotContext): PlotSpec;
}
