/**
 * The dashboard in a real browser: Debian's headless Chromium driven by playwright-core against a real
 * `runlens serve` on `runlens demo --quick` data. Saves a screenshot of each main view to test-output/screenshots.
 * Needs the built CLI and web UI (`npm run build`) and /usr/bin/chromium (`apt-get install chromium`).
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { HAS_CHROMIUM, launchChromium } from './helpers/chromium.js';
import { init } from '@runlens/client';
import { BUILT, ROOT, api, runCli, serve, tempDir, type ServeProcess } from './helpers/cli.js';

const WEB_BUILT = existsSync(join(ROOT, 'packages/server/assets/web/index.html'));
const SHOTS = join(ROOT, 'test-output/screenshots');

interface WireRun {
  id: string;
  name: string;
  status: string;
  params: Record<string, unknown>;
  metrics: Record<string, { min: number | string }>;
}

/** A run's lowest validation loss (NaN as a string on the wire sorts last). */
const minOf = (r: WireRun) => {
  const v = r.metrics['val/loss']?.min;
  return typeof v === 'number' ? v : Number.POSITIVE_INFINITY;
};

describe.runIf(BUILT && WEB_BUILT && HAS_CHROMIUM)('web dashboard (headless Chromium)', () => {
  const dirs: string[] = [];
  let data: string;
  let server: ServeProcess;
  let browser: Browser;
  let page: Page;
  let runs: WireRun[];
  const pageErrors: string[] = [];

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });
  const rows = () => page.locator('[data-testid=run-row]');

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    data = tempDir();
    dirs.push(data);
    const demo = runCli(['demo', '--quick', '--no-serve', '--port', '0', '--data', data]);
    expect(demo.code, demo.stderr).toBe(0);
    server = await serve(data);
    runs = (await api<{ runs: WireRun[] }>(server.url, '/api/v1/runs?limit=100')).body.runs;
    // a run with logs to read: ANSI colours, and markup that must stay text
    const failed = runs.find((r) => r.status === 'failed')!;
    const lines = [
      { line: '\u001b[1;32mstep 1\u001b[0m loss 3.21 <script>window.__xss = 1</script>' },
      ...Array.from({ length: 300 }, (_, i) => ({ line: `epoch ${i} \u001b[33mloss ${(3 - i / 200).toFixed(3)}\u001b[0m` })),
      { line: '\u001b[31mTraceback: loss diverged to NaN\u001b[0m', stream: 'stderr' as const },
    ];
    expect((await api(server.url, `/api/v1/runs/${failed.id}/logs`, { method: 'POST', body: { lines } })).status).toBe(200);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 860 }, colorScheme: 'light' });
    page.on('pageerror', (e) => pageErrors.push(e.message));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  });

  it('lists the demo runs in the table', async () => {
    await page.goto(server.url);
    await expect.poll(() => rows().count()).toBe(12);
    expect(await page.getByTestId('run-count').textContent()).toBe('12 runs');
    // status chips, and the failed runs' NaN loss shown as such
    expect(await page.locator('[data-testid=run-row] [data-status=failed]').count()).toBe(3);
    expect(await page.locator('[data-testid=run-row] .nonfinite', { hasText: 'NaN' }).count()).toBeGreaterThanOrEqual(3);
    await shot('runs-table');
  });

  it('narrows the table with a filter, kept in the URL', async () => {
    await page.getByTestId('filter-input').fill('params.lr >= 1');
    await page.getByTestId('filter-input').press('Enter');
    await expect.poll(() => rows().count()).toBe(6);
    expect(await page.getByTestId('run-count').textContent()).toBe('6 runs match');
    expect(new URL(page.url()).searchParams.get('filter')).toBe('params.lr >= 1');
    const names = await rows().locator('.run-link').allTextContents();
    expect(names.every((n) => /^lr=(1|10) /.test(n))).toBe(true);
  });

  it('autocompletes keys from the runs', async () => {
    const input = page.getByTestId('filter-input');
    await input.fill('');
    await input.pressSequentially('params.l');
    const items = page.locator('[data-testid=filter-completions] li');
    await expect.poll(() => items.locator('.completion-label').allTextContents()).toContain('params.lr');
    await input.press('Tab');
    expect(await input.inputValue()).toBe('params.lr ');
    await input.fill('params.lr >= 1');
    await input.press('Enter');
  });

  it('shows a bad filter error at the bad token', async () => {
    await page.getByTestId('filter-input').fill('params.lr >> 3');
    await page.getByTestId('filter-input').press('Enter');
    const error = page.getByTestId('filter-error');
    await error.waitFor();
    // the server's FILTER_SYNTAX error: column 12, token ">"
    expect(await error.getAttribute('data-column')).toBe('12');
    expect(await error.textContent()).toMatch(/column 12/);
    expect(await error.locator('mark').textContent()).toBe('>');
    expect(await page.getByTestId('filter-bad-token').textContent()).toBe('>');
    // the last good rows stay on screen
    expect(await rows().count()).toBe(6);
    await shot('filter-error');
  });

  it('groups by params.lr with aggregate rows', async () => {
    await page.goto(`${server.url}/`);
    await page.getByTestId('group-select').selectOption('params.lr');
    const groups = page.getByTestId('group-row');
    await expect.poll(() => groups.count()).toBe(4);
    expect(await groups.evaluateAll((els) => els.map((e) => e.getAttribute('data-group')))).toEqual(['0.1', '0.3', '1', '10']);
    expect(await groups.getByTestId('group-count').allTextContents()).toEqual(['3 runs', '3 runs', '3 runs', '3 runs']);
    // mean ± std of the metric columns
    expect(await groups.first().locator('.aggregate', { hasText: '±' }).count()).toBeGreaterThan(0);
    expect(new URL(page.url()).searchParams.get('group')).toBe('params.lr');
    await shot('runs-grouped');
    // select a group's runs and chart them together
    await groups.nth(1).locator('input[type=checkbox]').check();
    expect(await page.getByTestId('selection-info').textContent()).toMatch(/^3 selected/);
    await page.getByTestId('chart-selected').click();
    const chart = page.getByTestId('selected-chart');
    await chart.locator('canvas').waitFor();
    // seeds of one config share a run group: one mean line with a band (n=3)
    const items = chart.getByTestId('legend-item');
    await expect.poll(() => items.count()).toBe(1);
    expect(await items.first().textContent()).toContain('n=3');
    await shot('runs-selected-chart');
    await chart.getByTestId('chart-group-by').selectOption('');
    await expect.poll(() => items.count()).toBe(3);
    expect(await chart.getByTestId('chart-legend').textContent()).toContain('lr=0.3 seed=2');
    // hovering the chart shows every run's value at that x and highlights the nearest run
    const box = (await chart.locator('.u-over').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await expect.poll(() => items.locator('.legend-value').allTextContents()).not.toContain('');
    await shot('runs-selected-chart-hover');
    // a drag zooms: the visible range is read again at full detail
    const zoomed = page.waitForRequest((r) => r.url().includes('/api/v1/series') && r.url().includes('from='));
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5, { steps: 5 });
    await page.mouse.up();
    const request = new URL((await zoomed).url());
    // the chart then shows exactly the range dragged, at full detail
    const canvas = chart.locator('.curves-canvas');
    await expect.poll(() => canvas.getAttribute('data-x-range')).toBe(`${request.searchParams.get('from')},${request.searchParams.get('to')}`);
    await page.mouse.move(0, 0);
    await page.getByTestId('selection-info').getByText('clear').click();
    await page.getByTestId('group-select').selectOption('');
  });

  it('picks columns and sorts by them server-side, kept in the URL', async () => {
    await page.goto(`${server.url}/?sort=-params.lr`);
    await expect.poll(() => rows().count()).toBe(12);
    const first = await rows().first().locator('.run-link').textContent();
    expect(first).toMatch(/^lr=10 /);
    await page.locator('[data-column="params.lr"]').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBeNull();
    // add the min of val/loss, then sort by it: the best run first
    await page.getByTestId('column-picker-button').click();
    await page.getByTestId('column-picker').getByRole('checkbox', { name: 'val/loss min' }).check();
    await page.keyboard.press('Escape');
    expect(new URL(page.url()).searchParams.getAll('c')).toContain('metrics.val/loss.min');
    await page.locator('[data-column="metrics.val/loss.min"]').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBe('metrics.val/loss.min');
    const best = runs.filter((r) => r.status === 'completed').sort((x, y) => minOf(x) - minOf(y))[0]!;
    await expect.poll(() => rows().first().locator('.run-link').textContent()).toBe(best.name);
  });

  it('opens a run: its charts draw and its logs show, escaped, with ANSI colours and search', async () => {
    const failed = runs.find((r) => r.status === 'failed')!;
    await page.goto(server.url);
    await page.locator(`[data-run-id="${failed.id}"] .run-link`).click();
    await page.getByTestId('run-page').waitFor();
    expect(await page.getByTestId('run-name').textContent()).toBe(failed.name);
    const canvases = page.locator('[data-testid=chart-panel] canvas');
    await expect.poll(() => canvases.count()).toBeGreaterThanOrEqual(3);
    const box = await canvases.first().boundingBox();
    expect(box!.width).toBeGreaterThan(100);
    expect(box!.height).toBeGreaterThan(100);
    await shot('run-charts');

    await page.getByTestId('tab-overview').click();
    await page.getByTestId('run-facts').waitFor();
    expect(await page.getByTestId('run-facts').textContent()).toMatch(/diverged to NaN/);
    await shot('run-overview');

    await page.getByTestId('tab-logs').click();
    const lines = page.getByTestId('log-line');
    await expect.poll(() => lines.count()).toBeGreaterThan(10);
    const first = lines.first();
    expect(await first.textContent()).toContain('<script>window.__xss = 1</script>');
    expect(await first.locator('.ansi-green-fg.ansi-bold').textContent()).toBe('step 1');
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await page.getByTestId('logs-search').fill('epoch 29');
    await expect.poll(() => page.getByTestId('logs-match-count').textContent()).toBe('1 / 11');
    await page.getByTestId('logs-search').press('Enter');
    await expect.poll(() => page.getByTestId('logs-match-count').textContent()).toBe('2 / 11');
    expect(await page.locator('mark.match.current').first().textContent()).toBe('epoch 29');
    await shot('run-logs');
  });

  it('escapes user-supplied run names', async () => {
    const name = '<img src=x onerror="window.__xss=2">';
    const created = await api<{ id: string }>(server.url, '/api/v1/runs', { method: 'POST', body: { project: 'xss', name } });
    await page.goto(`${server.url}/runs/${created.body.id}`);
    expect(await page.getByTestId('run-name').textContent()).toBe(name);
    expect(await page.locator('img[src=x]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });

  it('shows a live run appear in the table, grow its chart, and change status', async () => {
    await page.goto(`${server.url}/?project=live-e2e`);
    await page.getByTestId('live-state').and(page.locator('[data-state=open]')).waitFor();
    const run = await init({ project: 'live-e2e', name: 'live-run', url: server.url, config: { lr: 0.5, steps: 100 }, flushIntervalMs: 50 });
    try {
      run.log({ 'train/loss': 3 }, 0);
      run.log({ 'train/loss': 2.9 }, 1);
      await run.flush();
      await expect.poll(() => rows().locator('.run-link').allTextContents(), { timeout: 10_000 }).toEqual(['live-run']);
      // the selected-runs chart grows too
      await rows().first().locator('input[type=checkbox]').check();
      await page.getByTestId('chart-selected').click();
      const selected = page.getByTestId('selected-chart').locator('.curves-canvas');
      await expect.poll(() => selected.getAttribute('data-last-x'), { timeout: 10_000 }).toBe('1');
      for (let step = 2; step < 20; step++) run.log({ 'train/loss': 3 - step * 0.05 + (step % 3) * 0.1 }, step);
      await run.flush();
      await expect.poll(() => selected.getAttribute('data-last-x'), { timeout: 10_000 }).toBe('19');
      await rows().first().locator('.run-link').click();
      // keep the pointer off the chart: hovering shows the value under it instead of the point count
      await page.mouse.move(0, 0);
      const panel = page.locator('[data-testid=chart-panel][data-key="train/loss"]');
      await panel.locator('canvas').waitFor();
      const before = await panel.locator('canvas').screenshot();
      for (let step = 20; step < 40; step++) run.log({ 'train/loss': 3 - step * 0.05 + (step % 3) * 0.1 }, step);
      await run.flush();
      await expect.poll(() => panel.locator('.chart-meta').textContent(), { timeout: 10_000 }).toMatch(/40 pts/);
      await expect.poll(() => panel.locator('.curves-canvas').getAttribute('data-last-x'), { timeout: 10_000 }).toBe('39');
      // progress of a running run: its step of the params' 100, the rate, the time left
      await expect.poll(() => page.getByTestId('run-progress').textContent(), { timeout: 10_000 }).toMatch(/^step 39 \/ 100 · [\d.,]+ steps\/s · ETA \S+/);
      await expect.poll(async () => Buffer.compare(await panel.locator('canvas').screenshot(), before) !== 0, { timeout: 10_000 }).toBe(true);
      await shot('run-live');
      // a live run's log opens at its end (tail=true)
      const logLines = Array.from({ length: 30 }, (_, i) => ({ line: `live line ${i}` }));
      expect((await api(server.url, `/api/v1/runs/${run.id}/logs`, { method: 'POST', body: { lines: logLines } })).status).toBe(200);
      const tailRead = page.waitForRequest((r) => r.url().includes('/logs?') && r.url().includes('tail=true'));
      await page.getByTestId('tab-logs').click();
      await tailRead;
      await expect.poll(() => page.getByTestId('log-line').last().textContent(), { timeout: 10_000 }).toContain('live line 29');
      expect(await page.getByTestId('logs-follow').isChecked()).toBe(true);
      // and so do a dashboard's curves panels
      const dashboard = await api<{ id: string }>(server.url, '/api/v1/dashboards', {
        method: 'POST',
        body: { name: 'live', spec: { panels: [{ id: 'loss', type: 'curves', title: 'loss', options: { metrics: ['train/loss'] }, layout: { x: 0, y: 0, w: 12, h: 6 } }], selection: { project: 'live-e2e' } } },
      });
      expect(dashboard.status).toBe(201);
      await page.goto(`${server.url}/dashboards/${dashboard.body.id}`);
      const panelChart = page.getByTestId('dashboard-panel').locator('.curves-canvas');
      await expect.poll(() => panelChart.getAttribute('data-last-x'), { timeout: 10_000 }).toBe('39');
      await page.getByTestId('live-state').and(page.locator('[data-state=open]')).waitFor();
      for (let step = 40; step < 50; step++) run.log({ 'train/loss': 1 + (step % 3) * 0.1 }, step);
      await run.flush();
      await expect.poll(() => panelChart.getAttribute('data-last-x'), { timeout: 10_000 }).toBe('49');
      await page.goBack();
      await page.locator('.run-title [data-status]').waitFor();
      await run.finish();
      await expect.poll(() => page.locator('.run-title [data-status]').getAttribute('data-status'), { timeout: 10_000 }).toBe('completed');
    } finally {
      await run.finish();
    }
  }, 60_000);

  it('switches theme, and remembers it', async () => {
    await page.goto(server.url);
    await expect.poll(() => rows().count()).toBeGreaterThan(0);
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await bg();
    const toggle = page.getByTestId('theme-toggle');
    while ((await toggle.getAttribute('data-theme-choice')) !== 'dark') await toggle.click();
    const dark = await bg();
    expect(dark).not.toBe(light);
    await page.reload();
    await expect.poll(() => rows().count()).toBeGreaterThan(0);
    expect(await bg()).toBe(dark);
    await shot('runs-table-dark');
    while ((await toggle.getAttribute('data-theme-choice')) !== 'system') await toggle.click();
    expect(await bg()).toBe(light);
  });

  it('has keyboard shortcuts: / focuses the filter, ? lists them', async () => {
    await page.goto(`${server.url}/runs/${runs[0]!.id}`);
    await page.getByTestId('run-page').waitFor();
    await page.keyboard.press('g');
    await page.keyboard.press('r');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/');
    await page.keyboard.press('/');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('filter-input');
    // Escape closes the completions, a second one leaves the field
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.keyboard.press('?');
    await page.getByTestId('shortcuts-dialog').waitFor();
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('shortcuts-dialog').count()).toBe(0);
  });

  it('reconnects after a server restart, without a reload', async () => {
    await page.goto(server.url);
    await expect.poll(() => rows().count()).toBeGreaterThan(0);
    await page.getByTestId('live-state').and(page.locator('[data-state=open]')).waitFor();
    const port = new URL(server.url).port;
    await server.stop();
    await page.getByTestId('disconnected-banner').waitFor({ timeout: 10_000 });
    await shot('disconnected');
    server = await serve(data, ['--port', port]);
    await page.getByTestId('disconnected-banner').waitFor({ state: 'detached', timeout: 20_000 });
    // live again: a run created now shows up
    await api(server.url, '/api/v1/runs', { method: 'POST', body: { project: 'after-restart', name: 'after-restart-run' } });
    await expect.poll(() => rows().locator('.run-link').allTextContents(), { timeout: 10_000 }).toContain('after-restart-run');
  }, 60_000);

  it('explains how to log a first run on an empty server', async () => {
    const empty = tempDir();
    dirs.push(empty);
    const other = await serve(empty);
    try {
      await page.goto(other.url);
      await page.getByTestId('empty-state').waitFor();
      const text = await page.getByTestId('empty-state').textContent();
      expect(text).toContain('runlens.init(project="mnist"');
      expect(text).toContain("import { init } from '@runlens/client'");
      await shot('empty-state');
    } finally {
      await other.stop();
    }
  });

  it('threw no errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
