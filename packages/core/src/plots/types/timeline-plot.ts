/**
 * `timeline`: runs as horizontal bars over wall time, one row per run, coloured by status — what ran when, what is
 * still running, where the crashes cluster.
 */
import { z } from 'zod';
import { RUN_STATUSES, type Run, type RunStatus } from '../../domain/types.js';
import { PLUGIN_API_VERSION } from '../../plugins/registry.js';
import type { PlotData, PlotPlugin } from '../plot-plugin.js';
import type { Axis, LegendEntry, Mark, Panel } from '../plot-spec.js';
import { buildLegend } from '../shared/build-legend.js';
import { categoricalAxis } from '../shared/categorical-axis.js';
import { createPlotSpec } from '../shared/create-plot-spec.js';
import { plotOptionsSchema } from '../shared/plot-options-schema.js';

/** More rows than this and the run names on the y axis overlap at ordinary figure heights. */
const READABLE_ROWS = 200;

export const TimelineOptionsSchema = plotOptionsSchema('timeline', {
  /** Row order, top to bottom: by start time (default), by name, or by status then start. */
  sortBy: z.enum(['start', 'name', 'status']).default('start').meta({ description: 'Row order, top to bottom: start (start time) | name | status (then start time)' }),
  /** `time`: wall-clock (UTC) axis; `relative`: time since the earliest start, as durations. */
  x: z.enum(['time', 'relative']).default('time').meta({ description: 'X axis: time (wall clock, UTC) | relative (durations since the earliest start)' }),
});
export type TimelineOptions = z.infer<typeof TimelineOptionsSchema>;

/** Where a run's bar ends, and whether that end is a guess. */
interface RunSpan {
  run: Run;
  start: number;
  end: number;
}

/**
 * The end of a run: its endTime; for a run without one (running, or crashed before reporting) the latest sign of
 * life — heartbeat, last point of any series — so core never needs the current time.
 */
function runEnd(run: Run, latestPoint: ReadonlyMap<string, number>): number {
  if (run.endTime !== null) return run.endTime;
  let end = Number.isFinite(run.heartbeat) ? run.heartbeat : run.startTime;
  for (const s of Object.values(run.metrics)) if (Number.isFinite(s.lastTime) && s.lastTime > end) end = s.lastTime;
  const p = latestPoint.get(run.id);
  return p !== undefined && p > end ? p : end;
}

function latestPointTimes(data: PlotData): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of data.series) {
    for (let i = 0; i < s.times.length; i++) {
      const t = s.times[i]!;
      if (Number.isFinite(t) && t > (out.get(s.runId) ?? -Infinity)) out.set(s.runId, t);
    }
  }
  return out;
}

const STATUS_ORDER = new Map<RunStatus, number>(RUN_STATUSES.map((s, i) => [s, i]));

const SORTERS: Record<TimelineOptions['sortBy'], (a: RunSpan, b: RunSpan) => number> = {
  start: (a, b) => a.start - b.start,
  name: (a, b) => (a.run.name < b.run.name ? -1 : a.run.name > b.run.name ? 1 : a.start - b.start),
  status: (a, b) => STATUS_ORDER.get(a.run.status)! - STATUS_ORDER.get(b.run.status)! || a.start - b.start,
};

/**
 * Runs as bars from startTime to endTime (or their last heartbeat/point while running), one row per run, in the
 * theme's status colours, with a legend of the statuses shown.
 *
 * @example registry.require('plot', 'timeline').compile(data, { sortBy: 'start', x: 'time' }, ctx)
 */
export const timelinePlot: PlotPlugin<TimelineOptions> = {
  kind: 'plot',
  name: 'timeline',
  apiVersion: PLUGIN_API_VERSION,
  description: 'runs as bars over time, one row per run, coloured by status',
  options: TimelineOptionsSchema,
  marks: ['rect'],
  needs: () => ({}),
  compile(data, options, ctx) {
    const warnings: string[] = [];
    const latest = latestPointTimes(data);
    let clamped = 0;
    const spans: RunSpan[] = [];
    let skipped = 0;
    for (const run of data.runs) {
      if (!Number.isFinite(run.startTime)) {
        skipped++;
        continue;
      }
      let end = runEnd(run, latest);
      if (!(end >= run.startTime)) {
        clamped++;
        end = run.startTime;
      }
      spans.push({ run, start: run.startTime, end });
    }
    if (skipped > 0) warnings.push(`${skipped} run${skipped === 1 ? '' : 's'} without a start time left out`);
    if (clamped > 0) warnings.push(`${clamped} run${clamped === 1 ? '' : 's'} end${clamped === 1 ? 's' : ''} before ${clamped === 1 ? 'its' : 'their'} start: drawn with zero length`);
    spans.sort(SORTERS[options.sortBy]);
    if (spans.length === 0) warnings.push('no data: no runs to draw');
    if (spans.length > READABLE_ROWS) warnings.push(`${spans.length} runs on one timeline: row labels overlap; filter the runs or make the figure taller`);

    const origin = options.x === 'relative' ? spans.reduce((m, s) => Math.min(m, s.start), Infinity) : 0;
    const marks: Mark[] = [];
    const legend: LegendEntry[] = [];
    for (const status of RUN_STATUSES) {
      const rows = spans.flatMap((s, i) => (s.run.status === status ? [{ s, i }] : []));
      if (rows.length === 0) continue;
      const color = ctx.theme.status[status];
      marks.push({
        type: 'rect',
        label: status,
        color,
        opacity: 0.9,
        x1: rows.map(({ s }) => s.start - origin),
        x2: rows.map(({ s }) => s.end - origin),
        y1: rows.map(({ i }) => i - 0.38),
        y2: rows.map(({ i }) => i + 0.38),
      });
      legend.push({ label: status, color, symbol: 'rect' });
    }

    const x: Axis =
      options.x === 'relative'
        ? { scale: 'linear', label: 'time since first start', format: 'duration' }
        : { scale: 'time', label: 'time (UTC)' };
    const panel: Panel = { x, y: { ...categoricalAxis(spans.map((s) => s.run.name), 'run'), reverse: true }, marks };
    return createPlotSpec(ctx, {
      plot: 'timeline',
      panels: [panel],
      legend: buildLegend(legend, { title: 'status' }),
      defaultTitle: 'Run timeline',
      warnings,
    });
  },
};
