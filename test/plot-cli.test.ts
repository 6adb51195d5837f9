/**
 * `runlens plot` end to end on the demo's sweep: curves grouped by learning rate to svg, png, pdf and html (each
 * parsed; the HTML opened offline in Chromium), errors that list the valid choices, a `<script>` run name that stays
 * text, reading from a server with --url, and POST /api/v1/plots/render.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_PLOTS } from '@runlens/core';
import { SqliteStore } from '../packages/server/src/store/sqlite-store.js';
import { BUILT, runCli, serve, tempDir, type ServeProcess } from './helpers/cli.js';
import { chartDrawn, HAS_CHROMIUM, openOffline } from './helpers/chromium.js';
import { countColour, decodePng } from './helpers/png-decode.js';
import { pdfPageCount, pdfText } from './helpers/pdf-text.js';

const ROOT_DIR = fileURLToPath(new URL('..', import.meta.url));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const EVIL = '<script>alert(1)</script> модель';

interface PlotJson {
  file: string;
  bytes: number;
  ms: number;
  files: { file: string; format: string; bytes: number }[];
  runs: number;
  warnings: string[];
}

describe.runIf(BUILT)('runlens plot', () => {
  let data = '';
  let out = '';
  beforeAll(async () => {
    data = tempDir();
    out = tempDir('runlens-plot-out-');
    dirs.push(data, out);
    const r = runCli(['demo', '--quick', '--no-serve', '--port', '0', '--data', data]);
    expect(r.code, r.stderr).toBe(0);
    // a run whose name is markup: it must stay text in every export
    const store = new SqliteStore({ dataDir: data });
    const { run } = await store.createRun({ project: 'evil', name: EVIL, params: { lr: 0.5 } });
    await store.appendPoints(run.id, [{ key: 'val/loss', steps: [0, 10, 20], values: [3, 2, -0.5], times: [0, 1000, 2000] }]);
    await store.close();
  }, 180_000);

  const plot = (args: string[]) => runCli(['plot', ...args, '--data', data]);
  const curves = (file: string, extra: string[] = []) => plot(['curves', '-p', 'charlm-demo', '-m', 'val/loss', '--group-by', 'params.lr', '--out', join(out, file), '--json', ...extra]);

  it('svg: the grouped curves, one legend entry per learning rate', () => {
    const r = curves('loss.svg');
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as PlotJson;
    expect(summary.file).toBe(join(out, 'loss.svg'));
    expect(summary.runs).toBe(12);
    const svg = readFileSync(join(out, 'loss.svg'), 'utf8');
    expect(summary.bytes).toBe(Buffer.byteLength(svg));
    expect(svg).toMatch(/^(<\?xml[^>]*>\s*)?<svg/);
    for (const lr of ['0.1', '0.3', '1']) expect(svg).toContain(`lr=${lr}`);
  });

  it('png: 1.5× the figure size at the default 144 dpi, and drawn', () => {
    const r = curves('loss.png');
    expect(r.code, r.stderr).toBe(0);
    const img = decodePng(readFileSync(join(out, 'loss.png')));
    expect([img.width, img.height]).toEqual([1200, 750]);
    const white = countColour(img, [255, 255, 255], 0);
    expect(white).toBeLessThan(img.width * img.height * 0.99);
    expect(white).toBeGreaterThan(img.width * img.height * 0.5);
  });

  it('pdf: one page with the group labels as text', () => {
    const r = curves('loss.pdf');
    expect(r.code, r.stderr).toBe(0);
    const pdf = readFileSync(join(out, 'loss.pdf'));
    expect(pdfPageCount(pdf)).toEqual({ count: 1, pages: 1 });
    const text = pdfText(pdf);
    expect(text).toContain('val/loss');
    expect(text).toContain('lr=0.3');
  });

  it.runIf(HAS_CHROMIUM)('html: opens offline in Chromium with the chart drawn and nothing requested', async () => {
    const r = curves('loss.html');
    expect(r.code, r.stderr).toBe(0);
    const page = await openOffline(readFileSync(join(out, 'loss.html'), 'utf8'));
    try {
      const chart = await chartDrawn(page.page);
      expect(chart.width).toBeGreaterThan(300);
      expect(chart.height).toBeGreaterThan(200);
      expect(chart.shapes).toBeGreaterThan(10);
      expect(page.requests).toEqual([]);
      expect(page.errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('several formats at once, with progress on stderr', () => {
    const r = plot(['curves', '-p', 'charlm-demo', '-m', 'train/loss', '--smooth', 'ema:0.6', '--out', join(out, 'batch', 'train'), '--format', 'svg,png,csv,json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/\[4\/4\] .*train\.json/);
    const csv = readFileSync(join(out, 'batch', 'train.csv'), 'utf8');
    expect(csv.split('\n')[0]).toMatch(/^panel,panel_title,mark,label,series,row,/);
    expect(JSON.parse(readFileSync(join(out, 'batch', 'train.json'), 'utf8'))).toMatchObject({ plot: 'curves' });
  });


  // Each plot type the demo's sweep has data for, to every figure format; each file parsed.
  const DEMO_PLOTS: [string, string[]][] = [
    ['curves', ['-m', 'train/loss,val/loss', '--group-by', 'params.lr', '--smooth', 'ema:0.6']],
    ['compare', ['-m', 'val/loss', '--group-by', 'params.lr']],
    ['distribution', ['-m', 'val/loss']],
    ['correlation', ['-m', 'val/loss,train/loss']],
    ['parallel', ['-m', 'val/loss']],
    ['importance', ['-m', 'val/loss']],
    ['hpo', ['-m', 'val/loss']],
    ['timeline', []],
    // the demo logs a histogram of each weight matrix at every evaluation
    ['histograms', ['-m', '/weights/']],
    // and, once trained, its validation predictions as classifier curves (is the next character a vowel?)
    ['roc', ['--opt', 'prefix=val/vowel-roc']],
    ['pr', ['--opt', 'prefix=val/vowel-pr']],
    ['confusion', ['--opt', 'prefix=val/next-char', '-f', 'params.lr == 1 and params.seed == 1']],
  ];
  it("every built-in plot type is in that list: each renders from the demo's data", () => {
    expect(BUILTIN_PLOTS.map((p) => p.name).filter((n) => !DEMO_PLOTS.some(([t]) => t === n))).toEqual([]);
  });
  for (const [type, args] of DEMO_PLOTS) {
    it(`${type}: svg, png, pdf and html from the demo's data`, () => {
      const base = join(out, 'types', type);
      const r = plot([type, '-p', 'charlm-demo', ...args, '--out', base, '--format', 'svg,png,pdf,html']);
      expect(r.code, r.stderr).toBe(0);
      expect(readFileSync(`${base}.svg`, 'utf8')).toMatch(/^(<\?xml[^>]*>\s*)?<svg/);
      const png = decodePng(readFileSync(`${base}.png`));
      expect(png.width).toBeGreaterThan(100);
      expect(pdfPageCount(readFileSync(`${base}.pdf`)).count).toBe(1);
      const html = readFileSync(`${base}.html`, 'utf8');
      expect(html).toMatch(/^<!doctype html>/i);
      expect(html).not.toMatch(/<script[^>]+src=/i);
    }, 60_000);
  }
  it('a <script> run name stays text in SVG and HTML', async () => {
    const svgRun = plot(['curves', '-p', 'evil', '-m', 'val/loss', '--out', join(out, 'evil.svg')]);
    expect(svgRun.code, svgRun.stderr).toBe(0);
    const svg = readFileSync(join(out, 'evil.svg'), 'utf8');
    expect(svg).not.toContain('<script>alert');
    // the legend may shorten the name; what shows is escaped
    expect(svg).toMatch(/&lt;script&gt;alert\(1\)&lt;\/script&gt;|&#60;script&#62;alert\(1\)&#60;\/script&#62;/);
    const htmlRun = plot(['curves', '-p', 'evil', '-m', 'val/loss', '--out', join(out, 'evil.html')]);
    expect(htmlRun.code, htmlRun.stderr).toBe(0);
    const html = readFileSync(join(out, 'evil.html'), 'utf8');
    expect(html).not.toContain('<script>alert');
    if (HAS_CHROMIUM) {
      const page = await openOffline(html);
      try {
        await chartDrawn(page.page);
        expect(page.dialogs).toEqual([]);
        // the name shows as text; no script element came from it
        expect(await page.page.evaluate(() => Array.from(document.scripts).filter((e) => e.textContent?.trim() === 'alert(1)').length)).toBe(0);
      } finally {
        await page.close();
      }
    }
  }, 60_000);

  it('the example plugin from docs/plugins.md loads from its config and renders the demo', () => {
    const config = join(ROOT_DIR, 'examples', 'plugins', 'final-values', 'runlens.config.yaml');
    const r = plot(['final-values', '--config', config, '-p', 'charlm-demo', '-m', 'val/loss', '--out', join(out, 'final.svg')]);
    expect(r.code, r.stderr).toBe(0);
    const svg = readFileSync(join(out, 'final.svg'), 'utf8');
    expect(svg).toContain('lr=10 seed=1');
    expect(svg).toContain('Final values');
  });

  it('unknown plot type: the valid ones are listed', () => {
    const r = plot(['curvez', '--out', join(out, 'x.svg')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown plot: curvez \(one of [^)]*curves[^)]*compare/);
  });

  it('unknown option: the valid ones are listed, and a flag the plot has no option for is named', () => {
    const r = plot(['curves', '-m', 'loss', '--opt', 'smoth=ema:0.6', '--out', join(out, 'x.svg')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown option "smoth" for plot curves \(did you mean "smooth"\?\); valid options: metrics, x, groupBy, smooth/);
    const flag = plot(['timeline', '--group-by', 'params.lr', '--out', join(out, 'x.svg')]);
    expect(flag.code).toBe(1);
    expect(flag.stderr).toMatch(/--group-by: plot timeline has no option "groupBy" \(its options: /);
  });

  it('no runs: still a figure, with a warning on stderr', () => {
    const r = plot(['curves', '-p', 'nope', '-m', 'val/loss', '--out', join(out, 'empty.svg')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('warning: no runs match the selection');
  });

  describe('from a server', () => {
    let server: ServeProcess;
    beforeAll(async () => {
      server = await serve(data);
    }, 60_000);
    afterAll(async () => {
      await server.stop();
    });

    it('--url gives the same spec as --data', () => {
      const args = ['plot', 'curves', '-p', 'charlm-demo', '-m', 'val/loss,/^train\\/loss$/', '--x', 'epoch', '--format', 'spec', '--out', '-'];
      const local = runCli([...args, '--data', data]);
      const remote = runCli([...args, '--url', server.url]);
      expect(local.code, local.stderr).toBe(0);
      expect(remote.code, remote.stderr).toBe(0);
      expect(JSON.parse(remote.stdout)).toEqual(JSON.parse(local.stdout));
    });

    it('POST /api/v1/plots/render answers the file', async () => {
      const res = await fetch(`${server.url}/api/v1/plots/render`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'curves', options: { metrics: ['val/loss'], groupBy: 'params.lr' }, selection: { projects: ['charlm-demo'] }, format: 'png', width: 400, height: 300 }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(decodePng(new Uint8Array(await res.arrayBuffer()))).toMatchObject({ width: 600, height: 450 });
      const bad = await fetch(`${server.url}/api/v1/plots/render`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'curves', options: { metrics: ['x'], colour: 1 } }) });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/unknown option "colour" for plot curves/);
    });
  });
});
