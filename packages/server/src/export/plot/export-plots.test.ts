import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_THEME, PLOT_SPEC_VERSION, type PlotSpec, type RendererPlugin } from '@runlens/core';
import { browserOnlyRenderer, fixedSvgRenderer, testRegistry } from '../../../../../test/helpers/plot-test-plugins.js';
import { decodePng } from '../../../../../test/helpers/png-decode.js';
import { BUILTIN_EXPORTERS } from './builtin-exporters.js';
import { exportPlots, type ExportedFile } from './export-plots.js';
import { writeFileAtomic } from './write-file-atomic.js';

const registry = testRegistry(BUILTIN_EXPORTERS);
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'runlens-export-'));
  dirs.push(d);
  return d;
};

const spec = (title: string): PlotSpec => ({
  version: PLOT_SPEC_VERSION,
  plot: 'test-lines',
  title,
  width: 200,
  height: 100,
  theme: DEFAULT_THEME,
  columns: 1,
  panels: [{ x: { scale: 'linear' }, y: { scale: 'linear' }, marks: [{ type: 'line', label: title, x: [0, 1], y: [0, 1] }] }],
  legend: { show: true, omitted: 0, entries: [{ label: title, color: '#000', symbol: 'line' }] },
  warnings: [],
});

describe('exportPlots', () => {
  it('writes every plot in every format, reports progress, draws SVG once per plot', async () => {
    const out = join(tmp(), 'figs');
    let draws = 0;
    const counting: RendererPlugin = { ...fixedSvgRenderer, renderSvg: (s) => (draws++, fixedSvgRenderer.renderSvg!(s)) };
    const progress: [number, number, string][] = [];
    const files = await exportPlots(
      [{ name: 'loss', spec: spec('loss'), renderer: counting }, { name: 'val loss', spec: spec('val'), renderer: counting }],
      { outDir: out, formats: ['svg', 'png', 'pdf', 'csv'], registry, exportOptions: { png: { scale: 1 } }, onProgress: (d, t, f: ExportedFile) => progress.push([d, t, f.format]) },
    );
    expect(files.map((f) => f.file.slice(out.length + 1))).toEqual(['loss.svg', 'loss.png', 'loss.pdf', 'loss.csv', 'val loss.svg', 'val loss.png', 'val loss.pdf', 'val loss.csv']);
    expect(readdirSync(out).sort()).toEqual(files.map((f) => f.file.slice(out.length + 1)).sort());
    expect(decodePng(readFileSync(join(out, 'loss.png'))).width).toBe(200);
    expect(files[0]!.bytes).toBe(readFileSync(join(out, 'loss.svg')).length);
    expect(progress.map((p) => p[0])).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(progress.every((p) => p[1] === 8)).toBe(true);
    expect(draws).toBe(2);
  });

  it('a failure half-way keeps complete files, leaves no partial or temp file, and names plot and format', async () => {
    const out = tmp();
    writeFileSync(join(out, 'b.svg'), 'old');
    const err = await exportPlots(
      [{ name: 'a', spec: spec('a'), renderer: fixedSvgRenderer }, { name: 'b', spec: spec('b'), renderer: { ...browserOnlyRenderer, renderHtml: async () => '<html></html>' } }],
      { outDir: out, formats: ['html', 'svg'], registry },
    ).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/^plot b to svg: renderer "browser-only" cannot draw SVG/);
    expect(readdirSync(out).sort()).toEqual(['a.html', 'a.svg', 'b.svg']);
    // b's HTML was staged, then dropped with the rest of b: the old b.svg is untouched
    expect(readFileSync(join(out, 'b.svg'), 'utf8')).toBe('old');
  });

  it('checks formats, options and names before writing anything', async () => {
    const out = join(tmp(), 'never');
    const item = { name: 'a', spec: spec('a'), renderer: fixedSvgRenderer };
    await expect(exportPlots([item], { outDir: out, formats: ['svg', 'gif'], registry })).rejects.toThrow(/unknown format: gif \(one of svg, png/);
    await expect(exportPlots([item], { outDir: out, formats: ['png'], registry, exportOptions: { png: { dpi: 0 } } })).rejects.toThrow(/png export option "dpi"/);
    await expect(exportPlots([{ ...item, name: '../evil' }], { outDir: out, formats: ['svg'], registry })).rejects.toThrow(/not a safe file name/);
    await expect(exportPlots([{ ...item, name: '.hidden' }], { outDir: out, formats: ['svg'], registry })).rejects.toThrow(/not a safe file name/);
    await expect(exportPlots([item, item], { outDir: out, formats: ['svg'], registry })).rejects.toThrow(/two plots are named "a"/);
    await expect(exportPlots([item], { outDir: out, formats: [], registry })).rejects.toThrow(/no formats/);
    expect(existsSync(out)).toBe(false);
  });

  it('unicode names are fine', async () => {
    const out = tmp();
    await exportPlots([{ name: 'потери α', spec: spec('x'), renderer: fixedSvgRenderer }], { outDir: out, formats: ['json'], registry });
    expect(readdirSync(out)).toEqual(['потери α.json']);
  });
});

describe('writeFileAtomic', () => {
  it('replaces the file whole and leaves no temp file', async () => {
    const d = tmp();
    const f = join(d, 'x.svg');
    writeFileSync(f, 'old');
    await writeFileAtomic(f, new TextEncoder().encode('new'));
    expect(readFileSync(f, 'utf8')).toBe('new');
    expect(readdirSync(d)).toEqual(['x.svg']);
  });

  it('a write into a missing directory fails and leaves nothing', async () => {
    const d = tmp();
    await expect(writeFileAtomic(join(d, 'no', 'x.svg'), new Uint8Array(1))).rejects.toThrow(/ENOENT/);
    expect(readdirSync(d)).toEqual([]);
  });
});
