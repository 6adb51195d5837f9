/**
 * docs/plugins.md "Your first plot type, from scratch", followed as a user would: the page's plugin module and config
 * are copied into an empty folder, the plugin is loaded from that config, and the built CLI lists it and draws it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PlotSpecSchema, resolveTheme, type PlotPlugin, type Run } from '@runlens/core';
import { builtinRegistry } from '../packages/server/src/plugins/builtin-registry.js';
import { registryWithPlugins } from '../packages/server/src/plugins/load-plugins.js';
import { SqliteStore } from '../packages/server/src/store/sqlite-store.js';
import { BUILT, ROOT, runCli, tempDir } from './helpers/cli.js';

const DOC = readFileSync(join(ROOT, 'docs/plugins.md'), 'utf8');

/** The fenced block after `<!-- doc-test: name -->`, without the list indentation it has in the page. */
function docBlock(name: string): string {
  const at = DOC.indexOf(`<!-- doc-test: ${name} -->`);
  expect(at, `docs/plugins.md has no block ${name}`).toBeGreaterThan(0);
  const lines = DOC.slice(at).split('\n').slice(1);
  const indent = /^ */.exec(lines[0]!)![0];
  expect(lines[0]!.trim()).toMatch(/^```\w*$/);
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === '```');
  return `${lines.slice(1, end).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l.trimStart())).join('\n')}\n`;
}

/** An empty folder holding the page's two files. */
function userFolder(): string {
  const d = tempDir('runlens-plugins-doc-');
  writeFileSync(join(d, 'best-value.mjs'), docBlock('best-value.mjs'));
  writeFileSync(join(d, 'runlens.config.yaml'), docBlock('runlens.config.yaml'));
  return d;
}

function run(i: number, name: string, min: number | undefined): Run {
  return {
    id: `run${i}`, project: 'p', name, group: 'g', status: 'completed', params: {}, tags: [], notes: '', startTime: 0, endTime: 1, heartbeat: 1,
    exitCode: 0, error: null, command: null, cwd: null, gitCommit: null, gitDirty: null, host: null, summary: {},
    metrics: min === undefined ? {} : { loss: { key: 'loss', count: 3, first: 9, last: 9, min, max: 9, firstStep: 0, lastStep: 2, nanCount: 0, lastTime: 1 } },
  };
}

describe('docs/plugins.md: your first plot type', () => {
  it('the page and examples/plugins/best-value hold the same module', () => {
    expect(readFileSync(join(ROOT, 'examples/plugins/best-value/best-value.mjs'), 'utf8')).toBe(docBlock('best-value.mjs'));
  });

  it('loads from the config, compiles a valid PlotSpec, and keeps odd names as data', async () => {
    const d = userFolder();
    const { registry, report } = await registryWithPlugins(builtinRegistry(), ['./best-value.mjs'], { baseDir: d });
    expect(report.errors).toEqual([]);
    expect(report.loaded).toEqual([expect.objectContaining({ kind: 'plot', name: 'best-value', source: 'path' })]);
    const plugin = registry.require('plot', 'best-value') as PlotPlugin<{ metrics: string[] }>;
    expect(plugin.options.safeParse({ metrics: ['loss'], colour: 'red' }).success).toBe(false);
    const o = plugin.options.parse({ metrics: ['loss'] });
    expect(plugin.needs(o)).toEqual({});
    const runs = [run(0, 'a', 0.5), run(1, '<script>alert(1)</script>', 0.25), run(2, 'none', undefined), run(3, 'nan', Number.NaN)];
    const spec = PlotSpecSchema.parse(plugin.compile({ runs, series: [], histograms: [] }, o, { theme: resolveTheme('default'), width: 640, height: 400, registry }));
    expect(spec.plot).toBe('best-value');
    expect(spec.panels[0]!.marks.map((m) => [m.type, m.label, (m as { x: number[] }).x])).toEqual([
      ['point', 'a', [0.5]],
      ['point', '<script>alert(1)</script>', [0.25]],
    ]);
    expect(spec.warnings).toEqual(['loss: 2 of 4 runs have no value']);
    const empty = PlotSpecSchema.parse(plugin.compile({ runs: [], series: [], histograms: [] }, o, { theme: resolveTheme('default'), width: 640, height: 400, registry }));
    expect(empty.panels[0]!.marks).toEqual([]);
  });

  it.runIf(BUILT)('runlens plugins lists it and runlens plot draws it to svg, png, pdf and html', async () => {
    const d = userFolder();
    const store = new SqliteStore({ dataDir: join(d, 'demo') });
    for (const [i, name] of ['lr=0.1', 'lr=1', 'ünïcödé <b>'].entries()) {
      const { run: r } = await store.createRun({ project: 'p', name });
      await store.appendPoints(r.id, [{ key: 'val/loss', steps: [0, 1, 2], values: [3, 2 - i / 2, 2.5], times: [0, 1, 2] }]);
    }
    await store.close();

    const list = runCli(['plugins', '--kind', 'plot'], { cwd: d });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/best-value +path \.\/best-value\.mjs +A dot per run at the lowest value/);
    expect(list.stdout).not.toMatch(/failed to load/);
    // declared capabilities show in the listing
    const processors = runCli(['plugins', '--kind', 'processor'], { cwd: d });
    expect(processors.stdout).toMatch(/provides \/ requires/);
    expect(processors.stdout).toMatch(/^ema +builtin .* processor:smoothing$/m);

    for (const [file, extra] of [['best.svg', []], ['best.png', []], ['best.pdf', ['--renderer', 'vega-lite']], ['best.html', []]] as const) {
      const r = runCli(['plot', 'best-value', '-m', 'val/loss', '--out', file, ...extra], { cwd: d });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`wrote ${file.replace('.', '\\.')}`));
    }
    const svg = readFileSync(join(d, 'best.svg'), 'utf8');
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('lowest val/loss');
    expect(svg).not.toContain('<b>');
    expect(readFileSync(join(d, 'best.png')).subarray(1, 4).toString()).toBe('PNG');
    expect(readFileSync(join(d, 'best.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it.runIf(BUILT)('broken plugins next to it are reported with the reason and skipped; it still draws', async () => {
    const d = userFolder();
    const plot = (name: string, extra = '') =>
      `export default ({ z, apiVersion }) => ({ kind: 'plot', name: '${name}', apiVersion, description: 'x', options: z.object({}), marks: ['point'], needs: () => ({}), compile: () => null, ${extra} });\n`;
    writeFileSync(join(d, 'throws.mjs'), "throw new Error('boom at import');\n");
    writeFileSync(join(d, 'old-api.mjs'), plot('old-api', 'apiVersion: 99,'));
    writeFileSync(join(d, 'needs-webgl.mjs'), plot('needs-webgl', "requires: ['renderer:webgl'],"));
    writeFileSync(join(d, 'fake-curves.mjs'), plot('curves'));
    writeFileSync(join(d, 'runlens.config.yaml'), `${docBlock('runlens.config.yaml')}  - ./throws.mjs\n  - ./old-api.mjs\n  - ./needs-webgl.mjs\n  - ./fake-curves.mjs\n  - ./best-value.mjs\n`);
    const store = new SqliteStore({ dataDir: join(d, 'demo') });
    const { run: r } = await store.createRun({ project: 'p', name: 'only' });
    await store.appendPoints(r.id, [{ key: 'loss', steps: [0, 1], values: [2, 1], times: [0, 1] }]);
    await store.close();

    const listed = runCli(['plugins', '--json'], { cwd: d });
    expect(listed.code, listed.stderr).toBe(0);
    const { plugins, errors } = JSON.parse(listed.stdout) as { plugins: { kind: string; name: string; source: string }[]; errors: { from: string; name?: string; reason: string }[] };
    expect(errors.map((e) => [e.from, e.name ?? null, e.reason])).toEqual([
      ['./throws.mjs', null, 'boom at import'],
      ['./old-api.mjs', 'old-api', 'plot plugin "old-api" is built for plugin API 99; this runlens supports 1'],
      ['./fake-curves.mjs', 'curves', 'a plot plugin named "curves" is registered already'],
      ['./best-value.mjs', 'best-value', 'a plot plugin named "best-value" is registered already'],
      ['./needs-webgl.mjs', 'needs-webgl', 'missing dependency renderer:webgl (no registered plugin provides it)'],
    ]);
    expect(plugins.filter((p) => p.source !== 'builtin').map((p) => p.name)).toEqual(['best-value']);
    expect(plugins.find((p) => p.kind === 'plot' && p.name === 'curves')?.source).toBe('builtin');

    const drawn = runCli(['plot', 'best-value', '-m', 'loss', '--out', 'best.svg'], { cwd: d });
    expect(drawn.code, drawn.stderr).toBe(0);
    expect(drawn.stderr).toMatch(/plugin needs-webgl \(\.\/needs-webgl\.mjs\) skipped: missing dependency renderer:webgl/);
    const curves = runCli(['plot', 'curves', '-m', 'loss', '--out', 'curves.svg'], { cwd: d });
    expect(curves.code, curves.stderr).toBe(0);
    expect(readFileSync(join(d, 'curves.svg'), 'utf8')).toMatch(/^<svg/);
  });
});
