import { describe, expect, it } from 'vitest';
import type { Run, RunStatus } from '../../domain/types.js';
import { PluginRegistry } from '../../plugins/registry.js';
import { DEFAULT_THEME } from '../../themes/builtin-themes.js';
import type { PlotContext, PlotData } from '../plot-plugin.js';
import { PlotSpecSchema, type MarkOfType } from '../plot-spec.js';
import { timelinePlot } from './timeline-plot.js';

const ctx: PlotContext = { theme: DEFAULT_THEME, width: 800, height: 400, registry: new PluginRegistry() };
const T0 = Date.UTC(2024, 0, 1);

function run(id: string, name: string, status: RunStatus, startTime: number, endTime: number | null, heartbeat = startTime): Run {
  return {
    id, project: 'p', name, group: 'g', status, params: {}, tags: [], notes: '', startTime, endTime, heartbeat,
    exitCode: null, error: null, command: null, cwd: null, gitCommit: null, gitDirty: null, host: null, summary: {}, metrics: {},
  };
}

function compile(runs: Run[], options: Record<string, unknown> = {}, series: PlotData['series'] = []) {
  const spec = timelinePlot.compile({ runs, series, histograms: [] }, timelinePlot.options.parse(options), ctx);
  return PlotSpecSchema.parse(spec);
}

const rects = (spec: ReturnType<typeof compile>) => spec.panels[0]!.marks.filter((m): m is MarkOfType<'rect'> => m.type === 'rect');

describe('timeline plot', () => {
  it('draws one bar per run from start to end, in status colours, rows in start order', () => {
    const spec = compile([
      run('b', 'second', 'failed', T0 + 60_000, T0 + 120_000),
      run('a', 'first', 'completed', T0, T0 + 3_600_000),
    ]);
    const marks = rects(spec);
    expect(marks.map((m) => m.label)).toEqual(['completed', 'failed']);
    expect(marks[0]).toMatchObject({ color: DEFAULT_THEME.status.completed, x1: [T0], x2: [T0 + 3_600_000] });
    expect(marks[1]).toMatchObject({ color: DEFAULT_THEME.status.failed, x1: [T0 + 60_000], x2: [T0 + 120_000] });
    // row 0 (first started) is 'first'
    expect(marks[0]!.y1[0]!).toBeLessThan(0);
    expect(marks[0]!.y2[0]!).toBeGreaterThan(0);
    expect(spec.panels[0]!.y.ticks).toEqual([
      { value: 0, label: 'first' },
      { value: 1, label: 'second' },
    ]);
    expect(spec.panels[0]!.y.reverse).toBe(true);
    expect(spec.panels[0]!.x.scale).toBe('time');
    expect(spec.legend.entries.map((e) => [e.label, e.color])).toEqual([
      ['completed', DEFAULT_THEME.status.completed],
      ['failed', DEFAULT_THEME.status.failed],
    ]);
  });

  it('ends a running run at its latest heartbeat or point, never at the current time', () => {
    const r = run('a', 'live', 'running', T0, null, T0 + 5_000);
    r.metrics.loss = { key: 'loss', count: 3, first: 1, last: 0.5, min: 0.5, max: 1, firstStep: 0, lastStep: 2, nanCount: 0, lastTime: T0 + 9_000 };
    expect(rects(compile([r]))[0]!.x2).toEqual([T0 + 9_000]);
    const points = { runId: 'a', key: 'acc', x: Float64Array.of(0), y: Float64Array.of(1), steps: Float64Array.of(0), times: Float64Array.of(T0 + 20_000) };
    expect(rects(compile([r], {}, [points]))[0]!.x2).toEqual([T0 + 20_000]);
    const crashed = run('c', 'lost', 'crashed', T0, null, T0 + 7_000);
    expect(rects(compile([crashed]))[0]!.x2).toEqual([T0 + 7_000]);
  });

  it('relative x counts from the earliest start as durations', () => {
    const spec = compile([run('a', 'a', 'completed', T0 + 1000, T0 + 5000), run('b', 'b', 'completed', T0, T0 + 2000)], { x: 'relative' });
    expect(spec.panels[0]!.x).toMatchObject({ scale: 'linear', format: 'duration' });
    expect(rects(spec)[0]!.x1).toEqual([0, 1000]);
  });

  it('sorts by name or status', () => {
    const runs = [run('a', 'zeta', 'completed', T0, T0 + 1), run('b', 'alpha', 'failed', T0 + 10, T0 + 20), run('c', 'mid', 'running', T0 + 5, null)];
    expect(compile(runs, { sortBy: 'name' }).panels[0]!.y.ticks!.map((t) => t.label)).toEqual(['alpha', 'mid', 'zeta']);
    expect(compile(runs, { sortBy: 'status' }).panels[0]!.y.ticks!.map((t) => t.label)).toEqual(['mid', 'zeta', 'alpha']);
  });

  it('no runs: one empty panel and a warning, no throw', () => {
    const spec = compile([]);
    expect(spec.panels).toHaveLength(1);
    expect(spec.panels[0]!.marks).toEqual([]);
    expect(spec.warnings).toContain('no data: no runs to draw');
    expect(spec.legend.show).toBe(false);
  });

  it('an end before the start is drawn with zero length and a warning', () => {
    const spec = compile([run('a', 'a', 'completed', T0 + 10, T0)]);
    expect(rects(spec)[0]!.x2).toEqual([T0 + 10]);
    expect(spec.warnings.join()).toMatch(/1 run ends before its start/);
  });

  it('passes <script> and unicode names through unchanged as data', () => {
    const spec = compile([run('a', '<script>alert(1)</script>', 'completed', T0, T0 + 1), run('b', 'лосс − 学习', 'killed', T0 + 1, T0 + 2)]);
    expect(spec.panels[0]!.y.ticks!.map((t) => t.label)).toEqual(['<script>alert(1)</script>', 'лосс − 学习']);
  });

  it('1,000 runs: every run gets a row and a warning says labels overlap', () => {
    const runs = Array.from({ length: 1000 }, (_, i) => run(`r${i}`, `run ${i}`, i % 7 === 0 ? 'failed' : 'completed', T0 + i * 1000, T0 + i * 1000 + 500));
    const spec = compile(runs);
    expect(rects(spec).reduce((n, m) => n + m.x1.length, 0)).toBe(1000);
    expect(spec.warnings.join()).toMatch(/1000 runs on one timeline/);
  });

  it('rejects unknown options, listing the valid ones', () => {
    expect(() => timelinePlot.options.parse({ sort: 'name' })).toThrow(/unknown timeline option: sort \(valid: sortBy, x\)/);
    expect(() => timelinePlot.options.parse({ x: 'step' })).toThrow();
  });
});
