/**
 * The plot service with the real plugins: built-in plot types and processors, the built-in renderers and every
 * built-in exporter, on a small sweep with a diverged run and names in markup and Cyrillic.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_PLOTS, BUILTIN_PROCESSORS, PluginRegistry } from '@runlens/core';
import { chartDrawn, HAS_CHROMIUM, openOffline } from '../../../../test/helpers/chromium.js';
import { decodePng } from '../../../../test/helpers/png-decode.js';
import { pdfPageCount, pdfText } from '../../../../test/helpers/pdf-text.js';
import { BUILTIN_EXPORTERS } from '../export/plot/builtin-exporters.js';
import { BUILTIN_RENDERERS } from '../render/builtin-renderers.js';
import { SqliteStore } from '../store/sqlite-store.js';
import { storePlotDataSource } from './plot-data-source.js';
import { renderPlot, type RenderPlotDeps } from './render-plot.js';

const registry = new PluginRegistry();
for (const p of [...BUILTIN_PLOTS, ...BUILTIN_PROCESSORS, ...BUILTIN_RENDERERS, ...BUILTIN_EXPORTERS]) registry.register(p);

const EVIL = '<script>alert(1)</script>';
let store: SqliteStore;
let deps: RenderPlotDeps;

beforeAll(async () => {
  store = new SqliteStore({ dataDir: ':memory:' });
  const names = ['модель-α', EVIL, 'run 3', 'run 4', 'run 5', 'diverged'];
  for (const [i, name] of names.entries()) {
    const lr = i === 5 ? 10 : [0.1, 0.3][i % 2]!;
    const { run } = await store.createRun({ project: 'sweep', name, params: { lr, seed: i }, status: i === 5 ? 'failed' : 'completed', startTime: 1_700_000_000_000 });
    const steps = Array.from({ length: 200 }, (_, s) => s * 10);
    const values = steps.map((s) => (i === 5 && s > 1000 ? Number.NaN : 2 * Math.exp(-s / (300 + 100 * i)) + 0.1 * Math.sin(s + i) - 0.2));
    await store.appendPoints(run.id, [
      { key: 'val/loss', steps, values, times: steps.map((s) => 1_700_000_000_000 + s * 100) },
      { key: 'epoch', steps: [0, 1000], values: [0, 1], times: [1_700_000_000_000, 1_700_000_100_000] },
    ]);
  }
  deps = { registry, source: storePlotDataSource(store), validateSpec: true };
});
afterAll(() => store.close());

/** The root element's width and height attributes. */
function svgSize(svg: string): number[] {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  return ['width', 'height'].map((a) => Number(new RegExp(`\\b${a}="([\\d.]+)"`).exec(root)?.[1]));
}

const curves = { type: 'curves', options: { metrics: ['val/loss'], groupBy: 'params.lr', smooth: 'ema:0.6' }, title: 'Validation loss −0.2', width: 640, height: 400 };

describe.each(['echarts', 'vega-lite'])('renderPlot with the built-in plugins, renderer %s', (renderer) => {
  it('svg: valid spec, names escaped', async () => {
    const out = await renderPlot({ ...curves, renderer, options: { metrics: ['val/loss'] } }, deps);
    const svg = new TextDecoder().decode(out.bytes);
    expect(svg).toMatch(/^(<\?xml[^>]*>\s*)?<svg/);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('модель-α');
    expect(out.runs).toBe(6);
  });

  it('the figure is the size the spec asks for (--width/--height)', async () => {
    const svg = new TextDecoder().decode((await renderPlot({ ...curves, renderer }, deps)).bytes);
    expect(svgSize(svg)).toEqual([640, 400]);
  });

  it('png at 2× the SVG, and pdf with the names as text', async () => {
    const svg = new TextDecoder().decode((await renderPlot({ ...curves, renderer }, deps)).bytes);
    const png = decodePng((await renderPlot({ ...curves, renderer, format: 'png', exportOptions: { scale: 2 } }, deps)).bytes);
    expect([png.width, png.height]).toEqual(svgSize(svg).map((v) => Math.round(v * 2)));
    const pdf = (await renderPlot({ ...curves, renderer, options: { metrics: ['val/loss'] }, format: 'pdf' }, deps)).bytes;
    expect(pdfPageCount(pdf).pages).toBe(1);
    const text = pdfText(pdf);
    expect(text).toContain('модель-α');
    expect(text).toContain(EVIL);
    expect(text).toContain('Validation loss −0.2');
  });

  it.runIf(HAS_CHROMIUM)('html opens offline in Chromium, draws the chart, requests nothing, runs no injected script', async () => {
    const html = new TextDecoder().decode((await renderPlot({ ...curves, renderer, format: 'html' }, deps)).bytes);
    const page = await openOffline(html);
    try {
      const chart = await chartDrawn(page.page);
      expect(chart.width).toBeGreaterThan(300);
      expect(chart.height).toBeGreaterThan(200);
      expect(chart.shapes).toBeGreaterThan(10);
      expect(page.requests).toEqual([]);
      expect(page.dialogs).toEqual([]);
      expect(page.errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);
});

describe('renderPlot with the built-in plugins', () => {
  it('a renderer without server-side drawing names the ones that can', async () => {
    // curves writes text, which uplot cannot draw: refused before any data is read
    await expect(renderPlot({ ...curves, renderer: 'uplot', format: 'png' }, deps)).rejects.toThrow(/renderer uplot cannot draw "text" marks, which plot curves uses; use echarts or vega-lite/);
    const hpo = { type: 'hpo', options: { metrics: ['val/loss'] }, renderer: 'uplot' };
    await expect(renderPlot({ ...hpo, format: 'png' }, deps)).rejects.toThrow('renderer "uplot" cannot draw SVG (it has no renderSvg); renderers that can: echarts, vega-lite');
    await expect(renderPlot({ ...hpo, format: 'html' }, deps)).rejects.toThrow(/renderer "uplot" cannot draw HTML/);
    // csv needs no drawing
    expect((await renderPlot({ ...hpo, format: 'csv' }, deps)).bytes.length).toBeGreaterThan(100);
  });

  it('csv and json hold the plotted lines and bands', async () => {
    const csv = new TextDecoder().decode((await renderPlot({ ...curves, format: 'csv' }, deps)).bytes);
    const marks = new Set(csv.trimEnd().split('\n').slice(1).map((l) => l.split(',')[2]));
    expect(marks.has('line')).toBe(true);
    expect(marks.has('area')).toBe(true);
    const json = JSON.parse(new TextDecoder().decode((await renderPlot({ ...curves, format: 'json' }, deps)).bytes)) as { plot: string; panels: { marks: { type: string; columns: Record<string, unknown[]> }[] }[] };
    expect(json.plot).toBe('curves');
    const line = json.panels[0]!.marks.find((m) => m.type === 'line')!;
    expect(line.columns.x!.length).toBe(line.columns.y!.length);
  });

  it('x = epoch and relative', async () => {
    for (const x of ['epoch', 'relative', 'time']) {
      const out = await renderPlot({ ...curves, options: { metrics: ['val/loss'], x }, format: 'spec' }, deps);
      expect(out.warnings.filter((w) => /x axis/.test(w))).toEqual([]);
    }
  });
});
