/** What `runlens plot` and POST /api/v1/plots/render both ask for: a plot type, its options, runs, look and format. */
import { z } from 'zod';
import { RunSelectionSchema } from '@runlens/core';

/** Default most runs one plot loads; more gives a warning and the first this many. */
export const DEFAULT_PLOT_MAX_RUNS = 1000;
export const DEFAULT_PLOT_WIDTH = 800;
export const DEFAULT_PLOT_HEIGHT = 500;

/**
 * What a render falls back on where the request leaves theme, renderer or size out, and the user themes it may
 * name: the config's `theme`, `themes` and `plot.*` (`runlens plot` and `runlens serve` both pass them).
 */
export interface PlotSettings {
  /** Theme of a request that names none. */
  theme: string;
  /** User themes (name → keys and `extends`), beside the built-in ones. */
  userThemes: Readonly<Record<string, unknown>>;
  renderer: string;
  width: number;
  height: number;
}

/** The settings with no config: built-in themes only, echarts, 800 × 500. */
export const BUILTIN_PLOT_SETTINGS: PlotSettings = { theme: 'default', userThemes: {}, renderer: 'echarts', width: DEFAULT_PLOT_WIDTH, height: DEFAULT_PLOT_HEIGHT };

export const PlotSelectionSchema = RunSelectionSchema.extend({
  runIds: z.array(z.string().min(1).max(200)).max(10_000).optional().meta({ description: 'Only these runs (ids)' }),
  maxRuns: z.number().int().positive().max(100_000).default(DEFAULT_PLOT_MAX_RUNS).meta({
    description: `Most runs to load (default ${DEFAULT_PLOT_MAX_RUNS}); more match: the first ones, with a warning`,
  }),
});
export type PlotSelection = z.infer<typeof PlotSelectionSchema>;
export type PlotSelectionInput = z.input<typeof PlotSelectionSchema>;

export const PlotRenderRequestSchema = z.object({
  type: z.string().min(1).max(100).meta({ description: 'Plot type: curves, compare, … (GET /api/v1/plots/types lists them)' }),
  options: z.record(z.string(), z.unknown()).default({}).meta({ description: "The plot type's options (its JSON Schema: GET /api/v1/plots/types)" }),
  selection: PlotSelectionSchema.default({ maxRuns: DEFAULT_PLOT_MAX_RUNS }).meta({ description: 'Which runs: projects, groups, status, filter, runIds, maxRuns' }),
  theme: z.string().min(1).max(64).optional().meta({ description: "Theme name: default, dark, publication or a user theme of the config (default: the config's theme, else default)" }),
  renderer: z.string().min(1).max(100).optional().meta({ description: "echarts, vega-lite, … (default: the config's plot.renderer, else echarts)" }),
  format: z.string().min(1).max(32).default('svg').meta({ description: 'svg | png | pdf | html | csv | json | spec' }),
  width: z.number().int().min(50).max(20_000).optional().meta({ description: `Figure width in px (default: the config's plot.width, else ${DEFAULT_PLOT_WIDTH})` }),
  height: z.number().int().min(50).max(20_000).optional().meta({ description: `Figure height in px (default: the config's plot.height, else ${DEFAULT_PLOT_HEIGHT})` }),
  title: z.string().max(500).optional(),
  exportOptions: z.record(z.string(), z.unknown()).default({}).meta({ description: 'Options of the format\'s exporter, e.g. {"dpi": 300} for png' }),
});
export type PlotRenderRequest = z.infer<typeof PlotRenderRequestSchema>;
export type PlotRenderRequestInput = z.input<typeof PlotRenderRequestSchema>;
