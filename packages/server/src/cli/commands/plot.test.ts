import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRegistry } from '../../../../../test/helpers/plot-test-plugins.js';
import { decodePng } from '../../../../../test/helpers/png-decode.js';
import { BUILTIN_EXPORTERS } from '../../export/plot/builtin-exporters.js';
import { SqliteStore } from '../../store/sqlite-store.js';
import { parseOptAssignment, plotOptionsFromFlags, plotOutputs, runPlotCommand, splitList, type PlotFlags } from './plot-action.js';

const registry = testRegistry(BUILTIN_EXPORTERS);
const flags = (f: Partial<PlotFlags> = {}): PlotFlags => ({ data: dir, json: false, ...f });
let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'runlens-plot-cli-'));
  const store = new SqliteStore({ dataDir: dir });
  for (const [project, name] of [['p', 'a'], ['p', 'b'], ['q', 'c']]) {
    const { run } = await store.createRun({ project: project!, name: name! });
    await store.appendPoints(run.id, [{ key: 'loss', steps: [0, 1, 2], values: [3, 2, 1], times: [0, 1, 2] }, { key: 'acc', steps: [0, 1], values: [0.1, 0.2], times: [0, 1] }]);
  }
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('flag parsing', () => {
  it('splits lists, keeping /regex/ with commas whole', () => {
    expect(splitList('loss, val/loss')).toEqual(['loss', 'val/loss']);
    expect(splitList('loss,/^val\\/(a,b)$/i,acc')).toEqual(['loss', '/^val\\/(a,b)$/i', 'acc']);
    expect(splitList('/a,b')).toEqual(['/a,b']);
    expect(splitList('')).toEqual([]);
  });

  it('--opt values are JSON when they parse, text otherwise; dots nest', () => {
    expect(parseOptAssignment('logY=true')).toEqual({ path: ['logY'], value: true });
    expect(parseOptAssignment('band=ci')).toEqual({ path: ['band'], value: 'ci' });
    expect(parseOptAssignment('metrics=["a","b"]')).toEqual({ path: ['metrics'], value: ['a', 'b'] });
    expect(parseOptAssignment('a.b=1=2')).toEqual({ path: ['a', 'b'], value: '1=2' });
    expect(() => parseOptAssignment('novalue')).toThrow(/expected key=value/);
    expect(() => parseOptAssignment('__proto__.x=1')).toThrow(/bad option name/);
  });

  it('maps flags to options the plot type has, and refuses others by name', () => {
    expect(plotOptionsFromFlags(registry, 'test-lines', flags({ metrics: ['loss,/^val/', 'acc'], x: 'time', smooth: 'ema:0.6', opt: ['points=50'] }))).toEqual({
      metrics: ['loss', '/^val/', 'acc'],
      x: 'time',
      smooth: 'ema:0.6',
      points: 50,
    });
    expect(() => plotOptionsFromFlags(registry, 'test-lines', flags({ groupBy: 'params.lr' }))).toThrow(
      '--group-by: plot test-lines has no option "groupBy" (its options: metrics, x, points, smooth)',
    );
    expect(() => plotOptionsFromFlags(registry, 'test-lines', flags({ x: 'time', opt: ['x=step'] }))).toThrow(/option "x" is set twice/);
    expect(() => plotOptionsFromFlags(registry, 'nope', flags())).toThrow('unknown plot: nope (one of test-lines, test-boxes)');
  });

  it('picks formats from the extension or --format', () => {
    expect(plotOutputs(registry, 'curves', { out: 'a/fig.PNG' })).toEqual({ formats: ['png'], out: 'a/fig.PNG' });
    expect(plotOutputs(registry, 'curves', { out: 'fig.spec.json' }).formats).toEqual(['spec']);
    expect(plotOutputs(registry, 'curves', { format: 'svg,pdf' })).toEqual({ formats: ['svg', 'pdf'], out: 'curves.svg' });
    expect(() => plotOutputs(registry, 'curves', { out: 'fig.tiff' })).toThrow('cannot tell the format of fig.tiff from its extension: use --format (one of svg, png, pdf, html, csv, json, spec)');
    expect(() => plotOutputs(registry, 'curves', {})).toThrow(/name the output file/);
    expect(() => plotOutputs(registry, 'curves', { out: '-', format: 'svg,png' })).toThrow(/stdout takes one format/);
  });
});

describe('runPlotCommand', () => {
  it('writes one file from --out, with the selection applied', async () => {
    const out = join(dir, 'out', 'fig.svg');
    const r = await runPlotCommand('test-lines', flags({ project: ['p'], renderer: 'fixed-svg', out }), { registry });
    expect(r.runs).toBe(2);
    expect(r.files).toEqual([expect.objectContaining({ file: out, format: 'svg' })]);
    expect(readFileSync(out, 'utf8')).toMatch(/^<svg/);
    expect(r.timing.totalMs).toBeGreaterThanOrEqual(r.timing.loadMs);
  });

  it('several formats: <base>.<ext> each, with progress; --dpi reaches png', async () => {
    const base = join(dir, 'multi', 'fig.png');
    const lines: string[] = [];
    const r = await runPlotCommand('test-lines', flags({ renderer: 'fixed-svg', out: base, format: 'svg,png,csv', dpi: '192', width: 100, height: 60 }), { registry, progress: (l) => lines.push(l) });
    expect(readdirSync(join(dir, 'multi')).sort()).toEqual(['fig.csv', 'fig.png', 'fig.svg']);
    expect(decodePng(readFileSync(join(dir, 'multi', 'fig.png'))).width).toBe(200);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/^\[3\/3\] .*fig\.csv {2}[\d.]+ (B|KB) {2}\d+ ms$/);
    expect(r.files.map((f) => f.format)).toEqual(['svg', 'png', 'csv']);
  });

  it('stdout with --out -', async () => {
    let got = '';
    await runPlotCommand('test-lines', flags({ renderer: 'fixed-svg', out: '-', format: 'spec', runs: 'x,y' }), { registry, stdout: (b) => (got = new TextDecoder().decode(b)) });
    expect((JSON.parse(got) as { warnings: string[] }).warnings).toContain('no runs match the selection');
  });

  it('bad input fails before anything is written', async () => {
    const out = join(dir, 'bad', 'x.png');
    await expect(runPlotCommand('test-lines', flags({ renderer: 'fixed-svg', out, dpi: 'lots' }), { registry })).rejects.toThrow('--dpi must be a number, got "lots"');
    await expect(runPlotCommand('test-lines', flags({ renderer: 'fixed-svg', out: join(dir, 'bad', 'x.svg'), dpi: '300' }), { registry })).rejects.toThrow('--dpi applies to png output only');
    await expect(runPlotCommand('test-lines', flags({ renderer: 'fixed-svg', out, status: 'done' }), { registry })).rejects.toThrow(/unknown status: done/);
    await expect(runPlotCommand('test-lines', flags({ renderer: 'fixed-svg', out, opt: ['colour=red'] }), { registry })).rejects.toThrow(/unknown option "colour" for plot test-lines/);
    await expect(runPlotCommand('test-lines', flags({ out, data: join(dir, 'none') }), { registry })).rejects.toThrow(/no runlens data in/);
    expect(() => readdirSync(join(dir, 'bad'))).toThrow(/ENOENT/);
  });
});
