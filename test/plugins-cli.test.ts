/**
 * Third-party plugins as users meet them: the example plot plugin in examples/plugins/final-values compiles valid
 * PlotSpecs, and the built `runlens plugins` command lists it from a config file, with broken plugins reported and
 * skipped.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as core from '@runlens/core';
import { PLUGIN_API_VERSION, PlotSpecSchema, resolveTheme, type PlotPlugin, type Run } from '@runlens/core';
import { BUILT, ROOT, runCli } from './helpers/cli.js';

const EXAMPLE_DIR = join(ROOT, 'examples/plugins/final-values');

interface FinalValuesOptions {
  metrics: string[];
  order?: 'run' | 'ascending' | 'descending';
  maxBars?: number;
}

async function examplePlugin(): Promise<PlotPlugin<FinalValuesOptions>> {
  const mod = (await import(pathToFileURL(join(EXAMPLE_DIR, 'final-values.mjs')).href)) as { default: (api: unknown) => PlotPlugin<FinalValuesOptions> };
  return mod.default({ core, z, apiVersion: PLUGIN_API_VERSION });
}

function run(i: number, name: string, metrics: Record<string, number>): Run {
  return {
    id: `run${i}`, project: 'p', name, group: 'g', status: 'completed', params: {}, tags: [], notes: '', startTime: 0, endTime: 1, heartbeat: 1,
    exitCode: 0, error: null, command: null, cwd: null, gitCommit: null, gitDirty: null, host: null, summary: {},
    metrics: Object.fromEntries(Object.entries(metrics).map(([key, last]) => [key, { key, count: 3, first: 9, last, min: Math.min(last, 9), max: 9, firstStep: 0, lastStep: 2, nanCount: 0, lastTime: 1 }])),
  };
}

async function compile(runs: Run[], options: FinalValuesOptions) {
  const plugin = await examplePlugin();
  const o = plugin.options.parse(options);
  const spec = plugin.compile({ runs, series: [], histograms: [] }, o, { theme: resolveTheme('default'), width: 640, height: 400, registry: new core.PluginRegistry() });
  // the spec is valid PlotSpec: any renderer can draw it
  return PlotSpecSchema.parse(spec);
}

describe('example plugin final-values', () => {
  it('has the shape of a plot plugin and registers', async () => {
    const plugin = await examplePlugin();
    const registry = new core.PluginRegistry();
    registry.register(plugin as core.AnyPlugin);
    expect(registry.require('plot', 'final-values').marks).toEqual(['bar', 'text']);
    expect(plugin.needs(plugin.options.parse({ metrics: ['loss'] }))).toEqual({});
  });

  it('draws one bar per run at its last value, in run colours, one panel per metric', async () => {
    const spec = await compile([run(0, 'a', { loss: 0.5, acc: 0.9 }), run(1, 'b', { loss: 0.25, acc: 0.95 })], { metrics: ['loss', 'acc'] });
    expect(spec.plot).toBe('final-values');
    expect(spec.panels.map((p) => p.title)).toEqual(['loss', 'acc']);
    const [bar, text] = spec.panels[0]!.marks;
    expect(bar).toMatchObject({ type: 'bar', orient: 'horizontal', x: [0.5, 0.25], y: [0, 1], colors: ['#0072b2', '#e69f00'] });
    expect(text).toMatchObject({ type: 'text', text: ['0.5', '0.25'] });
    expect(spec.panels[0]!.y.ticks).toEqual([{ value: 0, label: 'a' }, { value: 1, label: 'b' }]);
    expect(spec.warnings).toEqual([]);
  });

  it('orders by value, skips missing and non-finite values with warnings, keeps odd names as data', async () => {
    const runs = [run(0, '<script>alert(1)</script>', { loss: 2 }), run(1, 'ünïcödé 模型', { loss: 1 }), run(2, 'nan', { loss: NaN }), run(3, 'none', {})];
    const spec = await compile(runs, { metrics: ['loss'], order: 'ascending' });
    expect(spec.panels[0]!.y.ticks!.map((t) => t.label)).toEqual(['ünïcödé 模型', '<script>alert(1)</script>']);
    expect(spec.warnings).toEqual(['loss: 1 run has no value', "loss: 1 run's last value is NaN or infinite, not drawn"]);
  });

  it('copes with no runs, one run and 1,000 runs', async () => {
    const empty = await compile([], { metrics: ['loss'] });
    expect(empty.panels[0]!.marks).toEqual([]);
    expect(empty.warnings).toEqual(['loss: no run has a value to draw']);
    const one = await compile([run(0, 'only', { loss: -3 })], { metrics: ['loss'] });
    expect(one.panels[0]!.marks[0]).toMatchObject({ x: [-3] });
    const many = await compile(Array.from({ length: 1000 }, (_, i) => run(i, `r${i}`, { loss: i })), { metrics: ['loss'], order: 'descending' });
    expect(many.panels[0]!.marks[0]).toMatchObject({ x: expect.arrayContaining([999]) });
    expect((many.panels[0]!.marks[0] as { x: number[] }).x).toHaveLength(40);
    expect(many.warnings).toEqual(['loss: showing 40 of 1000 runs (raise maxBars to see more)']);
  });

  it('refuses unknown options and missing metrics', async () => {
    const plugin = await examplePlugin();
    expect(plugin.options.safeParse({ metrics: ['loss'], colour: 'red' }).success).toBe(false);
    expect(plugin.options.safeParse({}).success).toBe(false);
  });
});

describe.runIf(BUILT)('runlens plugins', () => {
  interface Listing {
    plugins: { kind: string; name: string; description: string; source: string; from?: string }[];
    errors: { from: string; source: string; name?: string; reason: string }[];
  }

  it('finds runlens.config.yaml in the working directory and lists the example plugin with its source', () => {
    const r = runCli(['plugins', '--json'], { cwd: EXAMPLE_DIR });
    expect(r.code, r.stderr).toBe(0);
    const listing = JSON.parse(r.stdout) as Listing;
    expect(listing.errors).toEqual([]);
    expect(listing.plugins.find((p) => p.name === 'final-values')).toEqual(expect.objectContaining({ kind: 'plot', source: 'path', from: './final-values.mjs' }));
    expect(listing.plugins.filter((p) => p.source === 'builtin').length).toBeGreaterThan(5);

    const text = runCli(['plugins', '--kind', 'plot', '--config', join(EXAMPLE_DIR, 'runlens.config.yaml')]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^plot \(\d+\)/);
    expect(text.stdout).toMatch(/final-values +path \.\/final-values\.mjs +Example plugin: a bar of each run's last value/);
    expect(text.stdout).not.toMatch(/^parser/m);
  });

  it('reports a broken plugin (name, source, reason) and still lists the rest', () => {
    const d = mkdtempSync(join(tmpdir(), 'runlens-plugins-cli-'));
    writeFileSync(join(d, 'broken.mjs'), "throw new Error('cannot load <script>');");
    writeFileSync(join(d, 'half.mjs'), "export default { kind: 'plot', name: 'half', apiVersion: 1, description: 'no compile' };");
    writeFileSync(join(d, 'runlens.config.json'), JSON.stringify({ plugins: ['./broken.mjs', './half.mjs', join(EXAMPLE_DIR, 'final-values.mjs'), 'runlens-plugin-does-not-exist'] }));
    const r = runCli(['plugins', '--json'], { cwd: d });
    expect(r.code, r.stderr).toBe(0);
    const listing = JSON.parse(r.stdout) as Listing;
    expect(listing.plugins.some((p) => p.name === 'final-values' && p.source === 'path')).toBe(true);
    expect(listing.errors.map((e) => [e.from, e.source, e.name ?? null])).toEqual([
      ['./broken.mjs', 'path', null],
      ['./half.mjs', 'path', 'half'],
      ['runlens-plugin-does-not-exist', 'package', null],
    ]);
    expect(listing.errors[0]!.reason).toBe('cannot load <script>');
    expect(listing.errors[1]!.reason).toMatch(/missing function needs\(\).*missing function compile\(\).*options must be a zod schema/);
    expect(listing.errors[2]!.reason).toMatch(/package not found: runlens-plugin-does-not-exist/);

    const text = runCli(['plugins'], { cwd: d });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/failed to load \(3\):\n {2}\.\/broken\.mjs \(path\): cannot load <script>\n {2}plot "half" from \.\/half\.mjs \(path\): missing function needs\(\)/);
  });

  it('reads RUNLENS_CONFIG, and names the file and key of a bad config', () => {
    const r = runCli(['plugins', '--kind', 'plot', '--json'], { env: { RUNLENS_CONFIG: join(EXAMPLE_DIR, 'runlens.config.yaml') }, cwd: tmpdir() });
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as Listing).plugins.map((p) => p.name)).toContain('final-values');

    const d = mkdtempSync(join(tmpdir(), 'runlens-plugins-cli-'));
    writeFileSync(join(d, 'runlens.config.yaml'), 'plugins: ./one.mjs\n');
    const bad = runCli(['plugins'], { cwd: d });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^runlens: runlens\.config\.yaml: plugins: expected array/);

    const kind = runCli(['plugins', '--kind', 'widget'], { cwd: d });
    expect(kind.code).toBe(1);
    expect(kind.stderr).toMatch(/unknown plugin kind: widget \(one of plot, renderer, exporter, processor, parser, importer\)/);
  });
});
