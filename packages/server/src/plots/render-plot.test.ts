import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlotSpecSchema } from '@runlens/core';
import { testRegistry } from '../../../../test/helpers/plot-test-plugins.js';
import { pdfText } from '../../../../test/helpers/pdf-text.js';
import { BUILTIN_EXPORTERS } from '../export/plot/builtin-exporters.js';
import { SqliteStore } from '../store/sqlite-store.js';
import { storePlotDataSource } from './plot-data-source.js';
import { closestName, plotOptionNames, plotOptionsJsonSchema } from './plot-options.js';
import { preparePlot, renderPlot, type RenderPlotDeps } from './render-plot.js';

let store: SqliteStore;
let deps: RenderPlotDeps;
const registry = testRegistry(BUILTIN_EXPORTERS);

beforeAll(async () => {
  store = new SqliteStore({ dataDir: ':memory:' });
  for (const [name, lr] of [['αβ <script>alert(1)</script>', 0.1], ['run-2', 1]] as const) {
    const { run } = await store.createRun({ project: 'p', name, params: { lr } });
    await store.appendPoints(run.id, [{ key: 'loss', steps: [0, 1, 2, 3], values: [2, 1, 0.5, -0.5], times: [0, 1, 2, 3] }]);
  }
  deps = { registry, source: storePlotDataSource(store), validateSpec: true };
});
afterAll(() => store.close());

describe('renderPlot', () => {
  it('renders SVG with stage timings, a valid spec and the run names escaped', async () => {
    const out = await renderPlot({ type: 'test-lines', renderer: 'fixed-svg', title: 'Loss', width: 300, height: 200 }, deps);
    expect(out.mediaType).toBe('image/svg+xml');
    expect(out.extension).toBe('svg');
    expect(out.runs).toBe(2);
    const svg = new TextDecoder().decode(out.bytes);
    expect(svg).toContain('αβ &#60;script&#62;');
    expect(svg).not.toContain('<script>');
    expect(PlotSpecSchema.parse(out.spec).title).toBe('Loss');
    expect(out.spec.width).toBe(300);
    for (const k of ['resolveMs', 'loadMs', 'compileMs', 'exportMs', 'totalMs'] as const) expect(out.timing[k]).toBeGreaterThanOrEqual(0);
    expect(out.timing.totalMs).toBeGreaterThanOrEqual(out.timing.loadMs);
  });

  it('passes options through to needs and export options to the exporter', async () => {
    const pdf = await renderPlot({ type: 'test-lines', renderer: 'fixed-svg', format: 'pdf', options: { metrics: ['/^lo/'] } }, deps);
    expect(pdfText(pdf.bytes)).toContain('αβ <script>alert(1)</script> loss');
    const png = await renderPlot({ type: 'test-lines', renderer: 'fixed-svg', format: 'png', width: 100, height: 100, exportOptions: { scale: 3 } }, deps);
    expect(Buffer.from(png.bytes).readUInt32BE(16)).toBe(300);
  });

  it('loader warnings reach the spec and the result once', async () => {
    const out = await renderPlot({ type: 'test-lines', renderer: 'fixed-svg', format: 'spec', options: { metrics: ['acc'] }, selection: { maxRuns: 1 } }, deps);
    expect(out.warnings).toEqual([
      'more than 1 runs match: plotted the first 1 (narrow the filter or raise maxRuns)',
      'no selected run has a metric "acc" (metrics: loss)',
      'no data',
    ]);
    expect((JSON.parse(new TextDecoder().decode(out.bytes)) as { warnings: string[] }).warnings).toEqual(out.warnings);
  });

  it('an empty selection still renders, with a warning', async () => {
    const out = await renderPlot({ type: 'test-lines', renderer: 'fixed-svg', selection: { projects: ['none'] } }, deps);
    expect(out.runs).toBe(0);
    expect(out.warnings).toContain('no runs match the selection');
  });

  it.each([
    [{ type: 'nope' }, 'unknown plot: nope (one of test-lines, test-boxes)'],
    [{ type: 'test-lines', renderer: 'fixed-svg', options: { group_by: 'lr' } }, 'unknown option "group_by" for plot test-lines; valid options: metrics, x, points, smooth'],
    [{ type: 'test-lines', renderer: 'fixed-svg', options: { metric: ['x'] } }, 'unknown option "metric" for plot test-lines (did you mean "metrics"?); valid options: metrics, x, points, smooth'],
    [{ type: 'test-lines', renderer: 'fixed-svg', options: { points: 'many' } }, /^option "points" of plot test-lines: Invalid input: expected number, received string; valid options: metrics/],
    [{ type: 'test-boxes', renderer: 'fixed-svg' }, 'plot test-boxes needs option "metric"; valid options: metric'],
    [{ type: 'test-lines', renderer: 'nope' }, 'unknown renderer: nope (one of fixed-svg, browser-only)'],
    [{ type: 'test-boxes', renderer: 'fixed-svg', options: { metric: 'loss' } }, 'renderer fixed-svg cannot draw "box" marks, which plot test-boxes uses'],
    [{ type: 'test-lines', renderer: 'fixed-svg', format: 'gif' }, 'unknown format: gif (one of svg, png, pdf, html, csv, json, spec)'],
    [{ type: 'test-lines', renderer: 'fixed-svg', theme: 'neon' }, 'unknown theme: neon (one of default, dark, publication)'],
    [{ type: 'test-lines', renderer: 'browser-only' }, 'renderer "browser-only" cannot draw SVG (it has no renderSvg); renderers that can: fixed-svg'],
  ])('%j → %s', async (request, message) => {
    await expect(renderPlot(request, deps)).rejects.toThrow(message);
  });

  it('a renderer lacking a mark is refused before any data is read', async () => {
    let reads = 0;
    const counting = { ...deps.source, listRuns: (q: Parameters<RenderPlotDeps['source']['listRuns']>[0]) => (reads++, deps.source.listRuns(q)) };
    await expect(renderPlot({ type: 'test-boxes', renderer: 'fixed-svg', options: { metric: 'loss' } }, { ...deps, source: counting })).rejects.toThrow(/cannot draw "box"/);
    await expect(renderPlot({ type: 'test-lines', renderer: 'fixed-svg', format: 'png', exportOptions: { dpi: 'x' } }, { ...deps, source: counting })).rejects.toThrow(/png export option "dpi"/);
    expect(reads).toBe(0);
  });

  it('preparePlot compiles once for several exports', async () => {
    const p = await preparePlot({ type: 'test-lines', renderer: 'fixed-svg' }, deps);
    expect(p.spec.plot).toBe('test-lines');
    expect(p.renderer.name).toBe('fixed-svg');
    expect(p.timing.compileMs).toBeGreaterThanOrEqual(0);
  });
});

describe('plot options', () => {
  it('names and JSON Schema of a plot type\'s options', () => {
    const plot = registry.require('plot', 'test-lines');
    expect(plotOptionNames(plot)).toEqual(['metrics', 'x', 'points', 'smooth']);
    const schema = plotOptionsJsonSchema(plot) as { properties: Record<string, { default?: unknown }>; additionalProperties: boolean };
    expect(schema.properties.points!.default).toBe(500);
    expect(schema.additionalProperties).toBe(false);
  });

  it('suggests close names only', () => {
    expect(closestName('groupby', ['groupBy', 'metrics'])).toBe('groupBy');
    expect(closestName('metric', ['groupBy', 'metrics'])).toBe('metrics');
    expect(closestName('colour', ['groupBy', 'metrics'])).toBeUndefined();
  });
});
