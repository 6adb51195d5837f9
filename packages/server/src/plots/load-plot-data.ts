/**
 * Loads what a plot type's `needs` ask for, and nothing else: the selected runs (at most `maxRuns`), their series
 * min/max-downsampled to about `needs.series.points` on the asked x axis, and their histograms. Metric and
 * histogram keys may be /regex/ patterns matched against each run's own keys. Soft problems (no run has a metric,
 * runs without the x metric, too many runs) become warnings; the plot type decides what an empty result draws.
 */
import { composeRunFilter, RunlensError, type PlotData, type PlotHistogram, type PlotNeeds, type PlotSeries, type Run } from '@runlens/core';
import type { PlotDataSource, PlotSeriesRead } from './plot-data-source.js';
import type { PlotSelection } from './plot-request.js';

export interface LoadedPlotData {
  data: PlotData;
  warnings: string[];
  /** Runs matching the selection, up to maxRuns + 1 (one more tells "more than maxRuns"). */
  runsMatched: number;
}

/** Most points per series a plot may ask for. */
export const MAX_PLOT_POINTS = 100_000;
/** Most points one plot may read in all (series × points each): a bound on the memory and time of one render. */
export const MAX_PLOT_TOTAL_POINTS = 20_000_000;
/** Most histograms one plot loads (each is a few hundred numbers). */
export const MAX_PLOT_HISTOGRAMS = 200_000;

/** A key, or a /regex/flags pattern. */
export type KeyPattern = { exact: string } | { regex: RegExp; source: string };

/** Parses `loss` or `/^val\//i`. A bad regex is an error naming it. */
export function parseKeyPattern(p: string): KeyPattern {
  const m = /^\/(.+)\/([a-z]*)$/s.exec(p);
  if (!m) return { exact: p };
  try {
    return { regex: new RegExp(m[1]!, m[2]!.replace(/[gy]/g, '')), source: p };
  } catch (e) {
    throw new RunlensError('VALIDATION', `bad metric pattern ${p}: ${(e as Error).message}`, { field: 'metrics' });
  }
}

/** The keys among `available` that the patterns pick, pattern by pattern (regex matches sorted), each once. */
export function matchKeys(patterns: readonly KeyPattern[], available: readonly string[]): string[] {
  const out = new Set<string>();
  for (const p of patterns) {
    if ('exact' in p) {
      if (available.includes(p.exact)) out.add(p.exact);
    } else {
      for (const k of [...available].sort()) if (p.regex.test(k)) out.add(k);
    }
  }
  return [...out];
}

const BUILTIN_X = new Set(['step', 'time', 'relative']);

/**
 * The metric that gives a run its `x`: none for step/time/relative; for `epoch` the run's `epoch` metric, else one
 * whose last path segment is `epoch` (`train/epoch`); any other name is a metric key itself.
 */
export function xMetricOf(run: Run, x: string): string | undefined {
  if (BUILTIN_X.has(x)) return undefined;
  if (x === 'epoch' && !run.metrics.epoch) return Object.keys(run.metrics).sort().find((k) => /(?:^|[/._])epoch$/.test(k));
  return run.metrics[x] ? x : undefined;
}

function selectionFilter(selection: PlotSelection): string | undefined {
  const base = composeRunFilter(selection);
  if (!selection.runIds?.length) return base;
  const ids = `id in [${selection.runIds.map((id) => JSON.stringify(id)).join(', ')}]`;
  return base ? `${base} and ${ids}` : ids;
}

/** Loads the plot's data from `source`. */
export async function loadPlotData(needs: PlotNeeds, selection: PlotSelection, source: PlotDataSource): Promise<LoadedPlotData> {
  const warnings: string[] = [];
  const loaded = await source.listRuns({ filter: selectionFilter(selection), limit: selection.maxRuns + 1 });
  const runs = loaded.slice(0, selection.maxRuns);
  if (loaded.length > selection.maxRuns) warnings.push(`more than ${selection.maxRuns} runs match: plotted the first ${selection.maxRuns} (narrow the filter or raise maxRuns)`);
  const byId = new Map(runs.map((r) => [r.id, r]));

  const series: PlotSeries[] = [];
  if (needs.series && needs.series.metrics.length > 0) {
    const { x, points } = needs.series;
    if (!Number.isInteger(points) || points < 2 || points > MAX_PLOT_POINTS) {
      throw new RunlensError('VALIDATION', `points per series must be a whole number from 2 to ${MAX_PLOT_POINTS}, got ${points}`, { field: 'points' });
    }
    const patterns = needs.series.metrics.map(parseKeyPattern);
    const reads: PlotSeriesRead[] = [];
    const used = new Set<string>();
    const noX: string[] = [];
    for (const run of runs) {
      const keys = matchKeys(patterns, Object.keys(run.metrics));
      keys.forEach((k) => used.add(k));
      const xKey = BUILTIN_X.has(x) ? x : xMetricOf(run, x);
      if (xKey === undefined) {
        if (keys.length > 0) noX.push(run.name);
        continue;
      }
      for (const key of keys) reads.push({ runId: run.id, key, x: xKey, points });
    }
    for (const p of needs.series.metrics) {
      const pattern = parseKeyPattern(p);
      if (matchKeys([pattern], [...used]).length === 0 && runs.length > 0) {
        const known = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].sort();
        const list = known.length > 12 ? `${known.slice(0, 12).join(', ')}, … (${known.length} keys)` : known.join(', ') || 'none';
        warnings.push(`no selected run has a metric ${'exact' in pattern ? `"${p}"` : `matching ${p}`} (metrics: ${list})`);
      }
    }
    if (noX.length > 0) {
      const names = noX.length > 5 ? `${noX.slice(0, 5).join(', ')} and ${noX.length - 5} more` : noX.join(', ');
      warnings.push(`${noX.length} run${noX.length === 1 ? ' has' : 's have'} no "${x}" metric for the x axis and ${noX.length === 1 ? 'is' : 'are'} left out: ${names}`);
    }
    if (reads.length * points > MAX_PLOT_TOTAL_POINTS) {
      throw new RunlensError(
        'VALIDATION',
        `this plot would read up to ${(reads.length * points).toLocaleString('en-US')} points (${reads.length} series × ${points} points); at most ${MAX_PLOT_TOTAL_POINTS.toLocaleString('en-US')}: lower points, pick fewer metrics or fewer runs (maxRuns)`,
        { field: 'points' },
      );
    }
    for (const s of await source.readSeries(byId, reads)) {
      // the store measures relative time in ms; PlotSeries (and every plot type) in seconds since the start. A new
      // column, never in place: the source may hand out cached columns.
      series.push(x === 'relative' ? { ...s, x: s.x.map((v) => v / 1000) } : s);
    }
  }

  const histograms: PlotHistogram[] = [];
  if (needs.histograms && needs.histograms.keys.length > 0) {
    const patterns = needs.histograms.keys.map(parseKeyPattern);
    let found = false;
    let full = false;
    for (const run of runs) {
      for (const key of matchKeys(patterns, await source.histogramKeys(run.id))) {
        found = true;
        for (const h of full ? [] : await source.readHistograms(run.id, key)) {
          if (histograms.length >= MAX_PLOT_HISTOGRAMS) {
            full = true;
            break;
          }
          histograms.push({ runId: run.id, ...h });
        }
      }
    }
    if (full) warnings.push(`more than ${MAX_PLOT_HISTOGRAMS.toLocaleString('en-US')} histograms: plotted the first ones`);
    if (!found && runs.length > 0) warnings.push(`no selected run has histograms ${needs.histograms.keys.join(', ')}`);
  }

  if (runs.length === 0) warnings.push('no runs match the selection');
  return { data: { runs, series, histograms }, warnings, runsMatched: loaded.length };
}
