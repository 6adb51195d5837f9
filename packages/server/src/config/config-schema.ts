/**
 * The one schema of `runlens.config.yaml|yml|json` (and of the `RUNLENS_*` overrides laid over it). Unknown keys are
 * errors so a typo never passes silently; every key has a default, so an empty file (or none) is a valid config.
 *
 * @example
 * ```yaml
 * data: ./runs            # relative paths are relative to this file
 * port: 7878
 * theme: poster
 * themes:
 *   poster: { extends: publication, fontSize: 14 }
 * plugins: [./plugins/final-values.mjs, runlens-plugin-acme]
 * cache: { memoryMb: 256, diskMb: 1024 }
 * plot: { width: 800, height: 500, renderer: echarts }
 * ```
 */
import { DEFAULT_THEME_NAME, UserThemeSchema } from '@runlens/core';
import { z } from 'zod';
import { DEFAULT_HOST, DEFAULT_PORT } from '../server/app.js';

export const DEFAULT_DATA_DIR = './.runlens';

const THEME_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

export const CacheConfigSchema = z.strictObject({
  /** In-memory LRU of processed plot data, MB. 0 disables it. */
  memoryMb: z.number().min(0).max(1_000_000).default(256),
  /** On-disk cache, MB. 0 disables it. */
  diskMb: z.number().min(0).max(10_000_000).default(1024),
  /** Where the disk cache lives. Default: `cache/` in the data directory. */
  dir: z.string().min(1).optional(),
});

export const PlotDefaultsSchema = z.strictObject({
  /** Figure size in px when a command or request gives none. */
  width: z.number().int().min(50).max(20_000).default(800),
  height: z.number().int().min(50).max(20_000).default(500),
  /** Renderer plugin used when none is asked for. */
  renderer: z.string().min(1).max(100).default('echarts'),
});

export const RunlensConfigSchema = z.strictObject({
  /** Data directory of the embedded store. */
  data: z.string().min(1).default(DEFAULT_DATA_DIR),
  /** Interface `serve` binds; anything but loopback requires a token. */
  host: z.string().min(1).default(DEFAULT_HOST),
  /** Port `serve` listens on; 0 picks a free one. */
  port: z.number().int().min(0).max(65535).default(DEFAULT_PORT),
  /** Bearer token the server requires on every API request. */
  token: z.string().min(1).optional(),
  /** Theme of plots and exports: a built-in (`default`, `dark`, `publication`) or one of `themes`. */
  theme: z.string().min(1).max(64).default(DEFAULT_THEME_NAME),
  /** User themes by name; each extends a built-in or another user theme. */
  themes: z.record(z.string().regex(THEME_NAME, 'theme names are lower-case words joined by "-"'), UserThemeSchema).default({}),
  /** Third-party plugins: npm package names or paths (relative to this file) of ES modules. */
  plugins: z.array(z.string().min(1).max(1000)).max(200).default([]),
  cache: CacheConfigSchema.prefault({}),
  plot: PlotDefaultsSchema.prefault({}),
});

export type RunlensConfig = z.infer<typeof RunlensConfigSchema>;
export type RunlensConfigInput = z.input<typeof RunlensConfigSchema>;
