/**
 * Workspaces, widgets, comparison and exports in a real browser: Debian's headless Chromium driven by
 * playwright-core against a real `runlens serve` on `runlens demo --quick` data. Saves a screenshot of each view to
 * test-output/screenshots. Needs the built CLI and web UI (`npm run build`) and /usr/bin/chromium.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { HAS_CHROMIUM, launchChromium } from './helpers/chromium.js';
import { BUILT, ROOT, api, runCli, serve, tempDir, type ServeProcess } from './helpers/cli.js';

const WEB_BUILT = existsSync(join(ROOT, 'packages/server/assets/web/index.html'));
const SHOTS = join(ROOT, 'test-output/screenshots');

interface WireRun {
  id: string;
  name: string;
  group: string;
  status: string;
  params: Record<string, unknown>;
}

interface SavedDashboard {
  id: string;
  name: string;
  spec: { panels: { id: string; type: string; options: Record<string, unknown>; layout: { x: number; y: number; w: number; h: number } }[]; widgets: Record<string, unknown> };
}

describe.runIf(BUILT && WEB_BUILT && HAS_CHROMIUM)('workspaces, compare and export (headless Chromium)', () => {
  const dirs: string[] = [];
  let server: ServeProcess;
  let browser: Browser;
  let page: Page;
  let runs: WireRun[];
  let dashboardId = '';
  const pageErrors: string[] = [];

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  const panels = () => page.getByTestId('dashboard-panel');
  const saved = async () => (await api<SavedDashboard>(server.url, `/api/v1/dashboards/${dashboardId}`)).body;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const data = tempDir();
    dirs.push(data);
    const demo = runCli(['demo', '--quick', '--no-serve', '--port', '0', '--data', data]);
    expect(demo.code, demo.stderr).toBe(0);
    server = await serve(data);
    runs = (await api<{ runs: WireRun[] }>(server.url, '/api/v1/runs?limit=100')).body.runs;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, colorScheme: 'light', acceptDownloads: true });
    page.on('pageerror', (e) => pageErrors.push(e.message));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  });

  it('builds a workspace from the "experiment overview" template: curves by uPlot, other plots by ECharts', async () => {
    await page.goto(`${server.url}/dashboards`);
    await page.getByTestId('dashboards-page').waitFor();
    await shot('dashboards');
    await page.getByTestId('template-experiment-overview').click();
    await page.getByTestId('workspace').waitFor();
    dashboardId = new URL(page.url()).pathname.split('/').pop()!;
    await expect.poll(() => panels().count()).toBe(4);
    expect(await panels().evaluateAll((els) => els.map((e) => e.getAttribute('data-panel-type')))).toEqual(['curves', 'curves', 'distribution', 'compare']);
    // curves: one mean line per run group (seeds) with a band
    const curves = panels().first();
    await curves.locator('.curves-canvas canvas').waitFor();
    await expect.poll(() => curves.getByTestId('legend-item').count()).toBe(4);
    expect(await curves.getByTestId('chart-legend').textContent()).toContain('(n=3)');
    // hovering a run (here a group) in one legend highlights it in every chart
    const second = panels().nth(1);
    await second.locator('.curves-canvas canvas').waitFor();
    await curves.getByTestId('legend-item').nth(1).hover();
    await expect.poll(() => second.locator('[data-testid=legend-item].highlighted').textContent()).toBe(await second.getByTestId('legend-item').nth(1).textContent());
    await page.mouse.move(0, 0);
    await expect.poll(() => second.locator('[data-testid=legend-item].highlighted').count()).toBe(0);
    // the other plot types come from the server's PlotSpec, drawn by ECharts (loaded on demand)
    await panels().nth(2).locator('[data-testid=echarts-chart] canvas').waitFor({ timeout: 15_000 });
    await panels().nth(3).locator('[data-testid=echarts-chart] canvas').waitFor({ timeout: 15_000 });
    await shot('workspace');
  });

  it('adds, duplicates, removes, moves and resizes panels, saves, and reloads them', async () => {
    await page.getByTestId('add-panel-type').selectOption('parallel');
    await page.getByTestId('add-panel').click();
    await expect.poll(() => panels().count()).toBe(5);
    await panels().nth(1).getByTestId('panel-duplicate').click();
    await expect.poll(() => panels().count()).toBe(6);
    await panels().nth(2).getByTestId('panel-remove').click();
    await expect.poll(() => panels().count()).toBe(5);
    expect(await panels().evaluateAll((els) => els.map((e) => e.getAttribute('data-panel-type')))).toEqual(['curves', 'curves', 'compare', 'parallel', 'curves']);

    // drag the first panel by its title bar under the second row; resize the second from its corner
    const handle = panels().first().locator('.panel-drag');
    const from = (await handle.boundingBox())!;
    await page.mouse.move(from.x + 40, from.y + 8);
    await page.mouse.down();
    await page.mouse.move(from.x + 60, from.y + 400, { steps: 12 });
    await page.mouse.up();
    const corner = panels().nth(1).locator('.react-resizable-handle');
    const c = (await corner.boundingBox())!;
    await page.mouse.move(c.x + c.width / 2, c.y + c.height / 2);
    await page.mouse.down();
    await page.mouse.move(c.x + c.width / 2, c.y + c.height / 2 + 160, { steps: 10 });
    await page.mouse.up();

    await page.getByTestId('dashboard-name').fill('my overview');
    await page.getByTestId('save-dashboard').click();
    await expect.poll(() => page.getByTestId('save-dashboard').textContent()).toBe('Saved');
    const d = await saved();
    expect(d.name).toBe('my overview');
    expect(d.spec.panels.map((p) => p.type)).toEqual(['curves', 'curves', 'compare', 'parallel', 'curves']);
    expect(d.spec.panels[0]!.layout.y).toBeGreaterThan(0);
    expect(d.spec.panels[1]!.layout.h).toBeGreaterThan(4);

    await page.reload();
    await expect.poll(() => panels().count()).toBe(5);
    expect(await page.getByTestId('dashboard-name').inputValue()).toBe('my overview');
    await panels().first().locator('.curves-canvas canvas').waitFor();
  });

  it('keeps widget state in the URL and in the saved dashboard', async () => {
    await page.getByTestId('widget-smoother').selectOption('ema');
    await page.getByTestId('widget-logy').check();
    await page.getByTestId('widget-group-by').selectOption('');
    await expect.poll(() => new URL(page.url()).searchParams.get('smoother')).toBe('ema');
    expect(new URL(page.url()).searchParams.get('logy')).toBe('1');
    // one line per run now: 12 runs in the legend of a curves panel
    const curves = page.locator('[data-testid=dashboard-panel][data-panel-type=curves]').first();
    await expect.poll(() => curves.getByTestId('legend-item').count()).toBe(12);
    await curves.getByTestId('legend-search').fill('seed=2');
    await expect.poll(() => curves.getByTestId('legend-item').count()).toBe(4);

    // the URL alone reproduces the view (a shared link)
    const other = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    try {
      await other.goto(page.url());
      await other.getByTestId('workspace').waitFor();
      expect(await other.getByTestId('widget-smoother').inputValue()).toBe('ema');
      expect(await other.getByTestId('widget-logy').isChecked()).toBe(true);
    } finally {
      await other.close();
    }

    await page.getByTestId('save-dashboard').click();
    await expect.poll(async () => (await saved()).spec.widgets).toMatchObject({ smoother: 'ema', logY: true, groupBy: '' });
    await page.goto(`${server.url}/dashboards/${dashboardId}`);
    await page.getByTestId('workspace').waitFor();
    expect(await page.getByTestId('widget-smoother').inputValue()).toBe('ema');
    expect(await page.getByTestId('widget-logy').isChecked()).toBe(true);

    // the metric picker adds a chart per matching metric
    await page.getByTestId('widget-metrics').fill('^train/');
    await expect.poll(() => page.getByTestId('picked-chart').count()).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('picked-chart').evaluateAll((els) => els.every((e) => e.getAttribute('data-key')!.startsWith('train/')))).toBe(true);
    await page.getByTestId('widget-metrics').fill('');
  });

  it("edits a panel's options in a form generated from its plot type's schema: apply, save, reload", async () => {
    const compare = page.locator('[data-testid=dashboard-panel][data-panel-type=compare]').first();
    const editor = compare.getByTestId('panel-editor');
    const field = (name: string) => editor.locator(`[data-option="${name}"]`);
    const specOf = async (kind: string) => {
      const res = await page.waitForResponse((r) => r.url().endsWith('/api/v1/plots/render') && (JSON.parse(r.request().postData() ?? '{}') as { options?: { kind?: string } }).options?.kind === kind);
      expect(res.status()).toBe(200);
      return JSON.stringify(((await res.json()) as { spec: unknown }).spec);
    };
    // a curves panel's metrics: a comma-separated list (a /regex/ allowed) with the runs' keys suggested
    const curves = page.locator('[data-testid=dashboard-panel][data-panel-type=curves]').first();
    const shown = await curves.getByTestId('line-chart').getAttribute('data-metric');
    const target = shown === 'train/loss' ? 'val/loss' : 'train/loss';
    await curves.getByTestId('panel-edit').click();
    const list = curves.getByTestId('option-list-metrics');
    await list.waitFor({ timeout: 15_000 });
    expect(await list.inputValue()).toBe(shown);
    await list.fill(`${shown}, `);
    expect(await curves.locator('[data-option=metrics] datalist option').evaluateAll((os) => os.map((o) => o.getAttribute('value')))).toContain(`${shown}, ${target}`);
    await list.fill(`/^${target.replace('/', '\\/')}$/`);
    await curves.getByTestId('panel-apply').click();
    await expect.poll(() => curves.getByTestId('line-chart').getAttribute('data-metric')).toBe(target);
    // a curves panel's own grouping wins over the dashboard's group-by widget: all runs of the project in one band
    await curves.getByTestId('panel-edit').click();
    const groupBy = curves.locator('[data-option=groupBy] input');
    await groupBy.waitFor({ timeout: 15_000 });
    await groupBy.fill('project');
    await curves.getByTestId('panel-apply').click();
    await expect.poll(() => curves.getByTestId('legend-item').count()).toBe(1);
    expect(await curves.getByTestId('legend-item').first().textContent()).toMatch(/n=\d+/);

    await compare.getByTestId('panel-edit').click();
    await editor.waitFor();
    await field('kind').locator('select').waitFor({ timeout: 15_000 });
    expect(await editor.getAttribute('data-mode')).toBe('form');
    // unset options show their default; lists are comma-separated with the workspace's keys suggested
    expect(await field('kind').locator('select option:checked').textContent()).toBe('default (box)');
    expect(await field('significance').locator('input[type=checkbox]').isChecked()).toBe(true);
    expect(await field('alpha').locator('input').getAttribute('placeholder')).toBe('0.05');
    const before = (await saved()).spec.panels.find((p) => p.type === 'compare')!;
    expect(await field('metrics').locator('input').inputValue()).toBe((before.options.metrics as string[]).join(', '));
    expect(await field('groupBy').locator('input').inputValue()).toBe('group');
    expect(await field('metrics').locator('datalist option').count()).toBeGreaterThan(1);
    // the dialog is fixed in the viewport: a full-page shot would leave the page below it undimmed
    const dialogShot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });
    await dialogShot('panel-options-form');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForTimeout(200);
    await dialogShot('panel-options-form-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // an invalid value: an inline error by the field, Apply refused
    await field('alpha').locator('input').fill('2');
    await expect.poll(() => field('alpha').getByTestId('option-error').textContent()).toBe('must be < 1');
    expect(await editor.getByTestId('panel-apply').isDisabled()).toBe(true);
    expect(await editor.getByTestId('panel-editor-status').textContent()).toContain('alpha');
    await dialogShot('panel-options-form-invalid');
    await field('alpha').locator('input').fill('');
    await expect.poll(() => editor.getByTestId('option-error').count()).toBe(0);
    expect(await editor.getByTestId('panel-apply').isDisabled()).toBe(false);

    // a valid change, applied: the server draws violins (polygons) where it drew boxes
    await field('kind').locator('select').selectOption({ label: 'violin' });
    const violin = specOf('violin');
    await editor.getByTestId('panel-apply').click();
    await expect.poll(() => compare.getByTestId('panel-editor').count()).toBe(0);
    const spec = await violin;
    expect(spec).toContain('"type":"polygon"');
    expect(spec).not.toContain('"type":"box"');
    await compare.locator('[data-testid=echarts-chart] canvas').waitFor();

    // saved and reloaded, the form shows the value kept
    await page.getByTestId('save-dashboard').click();
    await expect.poll(() => page.getByTestId('save-dashboard').textContent()).toBe('Saved');
    const kept = (await saved()).spec.panels.find((p) => p.type === 'compare')!;
    // only what was set: the rest stays at the plot type's defaults
    expect(kept.options).toEqual({ ...before.options, kind: 'violin' });
    await page.reload();
    await compare.locator('[data-testid=echarts-chart] canvas').waitFor({ timeout: 15_000 });
    await compare.getByTestId('panel-edit').click();
    await field('kind').locator('select').waitFor({ timeout: 15_000 });
    expect(await field('kind').locator('select option:checked').textContent()).toBe('violin');

    // form and JSON edit one draft: switching loses nothing; Cancel drops it
    await field('points').locator('input[type=checkbox]').check();
    await editor.getByTestId('panel-mode-json').click();
    const draft = JSON.parse(await editor.getByTestId('panel-options').inputValue()) as Record<string, unknown>;
    expect(draft).toEqual({ ...before.options, kind: 'violin', points: true });
    const strip = JSON.stringify({ ...draft, kind: 'strip' });
    await editor.getByTestId('panel-options').fill(strip.slice(0, -1));
    await editor.getByTestId('panel-mode-form').click();
    expect(await editor.getByTestId('panel-editor-status').textContent()).toContain('fix the JSON');
    await editor.getByTestId('panel-options').fill(strip);
    await editor.getByTestId('panel-mode-form').click();
    expect(await field('kind').locator('select option:checked').textContent()).toBe('strip');
    expect(await field('points').locator('input[type=checkbox]').isChecked()).toBe(true);
    await editor.getByTestId('panel-cancel').click();
    await expect.poll(() => compare.getByTestId('panel-editor').count()).toBe(0);
    expect(await page.getByTestId('save-dashboard').textContent()).toBe('Saved');

    // the JSON editor still applies on its own
    await compare.getByTestId('panel-edit').click();
    await editor.getByTestId('panel-mode-json').click();
    await editor.getByTestId('panel-options').fill(JSON.stringify({ ...before.options, kind: 'bar' }));
    const bar = specOf('bar');
    await editor.getByTestId('panel-apply').click();
    expect(await bar).toContain('"type":"bar"');
    await expect.poll(() => compare.getByTestId('panel-editor').count()).toBe(0);

    // a plot type that describes no options (a third-party plugin) gets the JSON editor
    const other = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    try {
      await other.route('**/api/v1/plots/types', async (route) => {
        const res = await route.fetch();
        const body = (await res.json()) as { types: { name: string; options: unknown }[] };
        await route.fulfill({ response: res, json: { ...body, types: body.types.map((t) => (t.name === 'compare' ? { ...t, options: {} } : t)) } });
      });
      await other.goto(page.url());
      const panel = other.locator('[data-testid=dashboard-panel][data-panel-type=compare]').first();
      await panel.getByTestId('panel-edit').click();
      await panel.getByTestId('panel-no-form').waitFor();
      expect(await panel.getByTestId('panel-editor').getAttribute('data-mode')).toBe('json');
      expect(await panel.getByTestId('panel-mode-json').count()).toBe(0);
      expect(JSON.parse(await panel.getByTestId('panel-options').inputValue())).toEqual({ ...before.options, kind: 'violin' });
      // Escape is Cancel
      await other.keyboard.press('Escape');
      await expect.poll(() => panel.getByTestId('panel-editor').count()).toBe(0);
    } finally {
      await other.close();
    }
    await page.getByTestId('save-dashboard').click();
    await expect.poll(() => page.getByTestId('save-dashboard').textContent()).toBe('Saved');
  });

  it('exports a panel to PNG, SVG, PDF and CSV', async () => {
    const panel = page.locator('[data-testid=dashboard-panel][data-panel-type=curves]').first();
    const magic: Record<string, (b: Buffer) => boolean> = {
      png: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
      svg: (b) => b.toString('utf8').includes('<svg'),
      pdf: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
      csv: (b) => b.toString('utf8').split('\n').length > 10,
    };
    for (const format of ['png', 'svg', 'pdf', 'csv']) {
      // the menu closes after each download
      if (!(await panel.getByTestId(`export-${format}`).isVisible())) await panel.getByTestId('export-menu').locator('summary').click();
      const download = page.waitForEvent('download');
      await panel.getByTestId(`export-${format}`).click();
      const file = await download;
      expect(file.suggestedFilename()).toMatch(new RegExp(`\\.${format}$`));
      const bytes = readFileSync((await file.path())!);
      expect(magic[format]!(bytes), format).toBe(true);
    }
  });

  it('switches the theme: charts follow', async () => {
    const toggle = page.getByTestId('theme-toggle');
    while ((await toggle.getAttribute('data-theme-choice')) !== 'dark') await toggle.click();
    await page.locator('[data-testid=dashboard-panel][data-panel-type=compare] [data-testid=echarts-chart] canvas').waitFor();
    await page.waitForTimeout(500);
    await shot('workspace-dark');
    while ((await toggle.getAttribute('data-theme-choice')) !== 'system') await toggle.click();
  });

  it('compares two runs: params diff, summaries, curves and statistics', async () => {
    const a = runs.find((r) => r.params.lr === 0.1)!;
    const b = runs.find((r) => r.params.lr === 1)!;
    // from the table: select two runs, then "compare"
    await page.goto(server.url);
    await page.locator(`[data-run-id="${a.id}"] input[type=checkbox]`).check();
    await page.locator(`[data-run-id="${b.id}"] input[type=checkbox]`).check();
    await page.getByTestId('compare-selected').click();
    await page.getByTestId('compare-page').waitFor();
    expect(new URL(page.url()).searchParams.get('runs')!.split(',').sort()).toEqual([a.id, b.id].sort());
    const rowsOf = () => page.getByTestId('param-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-param')));
    // only the params that differ, unless asked for all
    const differing = Object.keys(a.params).filter((k) => JSON.stringify(a.params[k]) !== JSON.stringify(b.params[k]));
    await expect.poll(rowsOf).toEqual(differing.sort());
    await page.getByTestId('params-show-all').check();
    await expect.poll(async () => (await rowsOf()).length).toBe(new Set([...Object.keys(a.params), ...Object.keys(b.params)]).size);
    expect(await page.getByTestId('metric-summaries').textContent()).toContain('val/loss');
    await page.getByTestId('compare-curves').locator('canvas').first().waitFor();
    await expect.poll(() => page.getByTestId('compare-curves').getByTestId('legend-item').count()).toBe(2);
    // statistics over the two runs' groups (all seeds): a ranking of two groups of three
    await expect.poll(() => page.getByTestId('ranking-row').count(), { timeout: 10_000 }).toBe(2);
    expect(await page.getByTestId('statistical-comparison').textContent()).toContain('lower is better');
    await shot('compare');
    // clear the selection for the other tests
    await page.goto(server.url);
    await page.getByTestId('selection-info').getByText('clear').click();
  });

  it('threw no errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
