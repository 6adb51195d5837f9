/**
 * The Parameters view in headless Chromium (issue 7): the demo's character embedding as a WebGL point cloud
 * (SwiftShader) with playback and a hover tooltip, and the 2-D canvas fallback when WebGL is missing. Saves
 * screenshots to test-output/screenshots (parameters-webgl.png, parameters-2d.png).
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { HAS_CHROMIUM, launchChromium } from './helpers/chromium.js';
import { BUILT, ROOT, api, runCli, serve, tempDir, type ServeProcess } from './helpers/cli.js';

const WEB_BUILT = existsSync(join(ROOT, 'packages/server/assets/web/index.html'));
const SHOTS = join(ROOT, 'test-output/screenshots');

describe.runIf(BUILT && WEB_BUILT && HAS_CHROMIUM)('Parameters view (headless Chromium)', () => {
  let data: string;
  let server: ServeProcess;
  let browser: Browser;
  let runId: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    data = tempDir();
    const demo = runCli(['demo', '--quick', '--no-serve', '--port', '0', '--data', data]);
    expect(demo.code, demo.stderr).toBe(0);
    server = await serve(data);
    const runs = (await api<{ runs: { id: string; status: string; params: Record<string, unknown> }[] }>(server.url, '/api/v1/runs?limit=100')).body.runs;
    runId = runs.find((r) => r.status === 'completed' && r.params.lr === 1)!.id;
    browser = await launchChromium({ webgl: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(data, { recursive: true, force: true });
  });

  async function open(withoutWebgl: boolean, opts: { tour?: boolean; page?: Page } = {}): Promise<Page> {
    const page = opts.page ?? (await browser.newPage({ viewport: { width: 1200, height: 800 }, colorScheme: 'light' }));
    // the guided tour opens on a first visit; tests that are not about it start with it dismissed
    if (!opts.tour) await page.addInitScript(() => localStorage.setItem('runlens.parameters.tour.done', '1'));
    page.on('pageerror', (e) => pageErrors.push(`${e.message} ${e.stack ?? ''}`));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`);
    });
    if (withoutWebgl) {
      await page.addInitScript(() => {
        const original = HTMLCanvasElement.prototype.getContext;
        HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, type: string, ...rest: unknown[]) {
          if (type === 'webgl' || type === 'webgl2' || type === 'experimental-webgl') return null;
          return (original as (this: HTMLCanvasElement, t: string, ...r: unknown[]) => RenderingContext | null).call(this, type, ...rest);
        } as typeof HTMLCanvasElement.prototype.getContext;
      });
    }
    await page.goto(`${server.url}/runs/${runId}/parameters`);
    return page;
  }

  /** The left edge (CSS px) of the step marker on the loss chart. */
  async function markerLeft(page: Page): Promise<number> {
    return page.getByTestId('step-marker').evaluate((el) => el.getBoundingClientRect().left);
  }

  /** Moves the mouse over a grid on the canvas until the tooltip shows; returns its text. */
  async function hoverSomePoint(page: Page): Promise<string> {
    const box = (await page.getByTestId('parameters-canvas').boundingBox())!;
    for (let gy = 0.2; gy <= 0.8; gy += 0.04) {
      for (let gx = 0.2; gx <= 0.8; gx += 0.02) {
        await page.mouse.move(box.x + box.width * gx, box.y + box.height * gy);
        if (await page.getByTestId('parameters-tooltip').count()) return (await page.getByTestId('parameters-tooltip').textContent()) ?? '';
      }
    }
    return '';
  }

  it('draws the character embedding in WebGL, plays through the snapshots and explains a hovered point', async () => {
    const page = await open(false);
    const canvas = page.getByTestId('parameters-canvas');
    await expect.poll(() => canvas.getAttribute('data-mode', { timeout: 1_000 }).catch(() => `no canvas yet (${pageErrors.join('; ')})`), { timeout: 20_000 }).toBe('webgl');
    expect(await page.getByTestId('tensor-select').inputValue()).toBe('embeddings');
    const last = await canvas.getAttribute('data-step');
    await page.getByTestId('timeline').fill('0');
    expect(await canvas.getAttribute('data-step')).toBe('0');
    await page.getByTestId('play').click();
    await expect.poll(() => canvas.getAttribute('data-step'), { timeout: 20_000 }).toBe(last);
    const tip = await hoverSomePoint(page);
    expect(tip).toMatch(/norm/);
    await page.screenshot({ path: join(SHOTS, 'parameters-webgl.png'), fullPage: true });
    await page.close();
  }, 90_000);

  it('draws the loss curve with phase bands beneath the timeline, the marker following playback', async () => {
    const page = await open(false);
    const canvas = page.getByTestId('parameters-canvas');
    await expect.poll(() => canvas.getAttribute('data-mode', { timeout: 1_000 }).catch(() => 'none'), { timeout: 20_000 }).toBe('webgl');
    const chart = page.getByTestId('loss-chart');
    await chart.waitFor({ timeout: 20_000 });
    expect(await chart.getAttribute('data-metric')).toBe('train/loss');
    expect(await chart.locator('canvas').count()).toBeGreaterThan(0);
    await page.getByTestId('step-marker').waitFor({ timeout: 10_000 });
    // phases as labelled bands on the slider track and in the legend
    const bands = page.getByTestId('phase-band');
    expect(await bands.count()).toBeGreaterThanOrEqual(2);
    const legend = (await page.getByTestId('phase-legend').textContent()) ?? '';
    expect(legend).toMatch(/rapid learning/);
    expect(legend).toMatch(/initialisation|convergence/);
    expect((await page.getByTestId('phase-track').textContent()) ?? '').toMatch(/rapid learning/);
    await expect.poll(() => page.getByText('rapid learning', { exact: true }).first().isVisible()).toBe(true);
    // slider thumb and marker share the chart's step axis: at the last snapshot the marker is at the slider's right end
    const slider = (await page.getByTestId('timeline').boundingBox())!;
    const atEnd = await markerLeft(page);
    expect(Math.abs(atEnd - (slider.x + slider.width - 8))).toBeLessThan(6);
    await page.getByTestId('timeline').fill('0');
    const atStart = await markerLeft(page);
    expect(Math.abs(atStart - (slider.x + 8))).toBeLessThan(6);
    expect(await page.getByTestId('step-marker').getAttribute('data-step')).toBe('0');
    // playback moves the marker to the right, step by step, to the end
    await page.getByTestId('play').click();
    await expect.poll(() => markerLeft(page), { timeout: 10_000 }).toBeGreaterThan(atStart + 20);
    await expect.poll(() => markerLeft(page), { timeout: 20_000 }).toBeGreaterThan(atEnd - 2);
    await page.getByTestId('timeline').fill('0');
    await page.getByTestId('play').click();
    await page.waitForTimeout(400);
    await page.getByTestId('play').click();
    await page.screenshot({ path: join(SHOTS, 'parameters-loss-timeline.png'), fullPage: true });
    await page.getByTestId('loss-timeline').screenshot({ path: join(SHOTS, 'parameters-loss-timeline-detail.png') });
    await page.close();
  }, 90_000);

  it('shows the selected tensor\'s weight histograms and explains the tensor', async () => {
    const page = await open(false);
    const panel = page.getByTestId('weight-histograms');
    await panel.waitFor({ timeout: 20_000 });
    expect(await panel.getAttribute('data-key')).toBe('weights/embeddings');
    await panel.locator('[data-testid="echarts-chart"] canvas').first().waitFor({ timeout: 20_000 });
    const explainer = page.getByTestId('tensor-explainer');
    expect(await explainer.getAttribute('data-kind')).toBe('token');
    await explainer.locator('summary').click();
    expect((await explainer.textContent()) ?? '').toMatch(/one point per character/i);
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(SHOTS, 'parameters-histograms.png'), fullPage: true });
    await page.close();
  }, 90_000);

  it('exports every snapshot as CSV and the view as a PNG screenshot', async () => {
    const page = await open(false);
    await page.getByTestId('parameters-canvas').waitFor({ timeout: 20_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid="parameters-canvas"]')?.getAttribute('data-mode') === 'webgl', undefined, { timeout: 20_000 });
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const csv = readFileSync((await csvDownload.path())!, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('step,row,label,x,y,z,norm');
    // rows of labels without commas or line breaks (a label "\n" is quoted across two lines)
    const plain = csv.slice(1).filter((l) => /^\d/.test(l) && l.split(',').length === 7).map((l) => l.split(','));
    expect(plain.length).toBeGreaterThan(10);
    expect(plain.every((c) => [c[3], c[4], c[5], c[6]].every((v) => Number.isFinite(Number(v))))).toBe(true);
    // every snapshot, not only the one shown
    expect(new Set(plain.map((c) => c[0])).size).toBeGreaterThan(1);
    const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
    const png = readFileSync((await pngDownload.path())!);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThan(100);
    await page.close();
  }, 90_000);

  it('runs the guided tour once: dismissed, it stays dismissed after a reload', async () => {
    const page = await open(false, { tour: true });
    const card = page.getByTestId('tour-card');
    await card.waitFor({ timeout: 20_000 });
    expect(await card.textContent()).toMatch(/1 of \d/);
    await page.getByTestId('tour-next').click();
    expect(await card.textContent()).toMatch(/2 of \d/);
    await page.getByTestId('tour-next').click();
    await expect.poll(async () => (await card.textContent()) ?? '').toMatch(/phases/i);
    await page.waitForTimeout(600);
    await page.screenshot({ path: join(SHOTS, 'parameters-tour.png') });
    await page.getByTestId('tour-dismiss').click();
    expect(await page.getByTestId('tour').count()).toBe(0);
    await page.reload();
    await page.getByTestId('loss-chart').waitFor({ timeout: 20_000 });
    await page.waitForTimeout(500);
    expect(await page.getByTestId('tour').count()).toBe(0);
    // the Tour button brings it back
    await page.getByTestId('tour-start').click();
    await card.waitFor({ timeout: 5_000 });
    await page.close();
  }, 90_000);

  /**
   * A run with a tensor too wide for the projection's neighbour budget (rows² × cols = 800² × 700 > 4e8): every
   * snapshot comes with `neighbours: null`, so the tooltip asks the server for the hovered row's. Rows are 20 groups
   * of near-copies of one direction each, so a row's true neighbours are the rows of its group (same row mod 20).
   */
  async function wideRun(): Promise<string> {
    const rows = 800;
    const cols = 700;
    const created = await api<{ id: string }>(server.url, '/api/v1/runs', { method: 'POST', body: { project: 'wide', name: 'wide' } });
    const id = created.body.id;
    let seed = 3;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff - 0.5;
    };
    const bases = Array.from({ length: 20 }, () => Float32Array.from({ length: cols }, rand));
    for (let s = 0; s < 3; s++) {
      const values = new Float32Array(rows * cols);
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) values[r * cols + c] = bases[r % 20]![c]! * (1 + s) + 0.05 * rand();
      const header = Buffer.from(JSON.stringify({ name: 'wide_emb', step: s * 10, dtype: 'float32', shape: [rows, cols], labels: Array.from({ length: rows }, (_, r) => `w${r}`) }));
      const head = Buffer.alloc(8);
      head.write('RLT1', 0, 'latin1');
      head.writeUInt32LE(header.length, 4);
      const res = await fetch(`${server.url}/api/v1/runs/${id}/tensors`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.concat([head, header, Buffer.from(values.buffer)]) });
      expect(res.status, await res.text()).toBeLessThan(300);
    }
    return id;
  }

  async function openRun(id: string, query = ''): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 }, colorScheme: 'light' });
    await page.addInitScript(() => localStorage.setItem('runlens.parameters.tour.done', '1'));
    page.on('pageerror', (e) => pageErrors.push(`${e.message} ${e.stack ?? ''}`));
    await page.goto(`${server.url}/runs/${id}/parameters${query}`);
    return page;
  }

  it('fetches the hovered row\'s neighbours when the tensor is too wide for precomputed ones, once the pointer rests', async () => {
    const id = await wideRun();
    const page = await openRun(id);
    const requests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/neighbours')) requests.push(r.url());
    });
    const canvas = page.getByTestId('parameters-canvas');
    await expect.poll(() => canvas.getAttribute('data-mode', { timeout: 1_000 }).catch(() => 'none'), { timeout: 60_000 }).toBe('webgl');
    const tip = await hoverSomePoint(page);
    expect(tip).toMatch(/norm/);
    const neighbours = page.getByTestId('tooltip-neighbours');
    await expect.poll(() => neighbours.getAttribute('data-state'), { timeout: 20_000 }).toBe('done');
    const text = (await neighbours.textContent()) ?? '';
    const label = (await page.getByTestId('parameters-tooltip').locator('strong').textContent()) ?? '';
    const row = Number(/w(\d+)/.exec(label)![1]);
    // five neighbours with their similarities, all from the row's own group
    const found = [...text.matchAll(/"w(\d+)" (-?\d\.\d\d)/g)].map((m) => ({ row: Number(m[1]), similarity: Number(m[2]) }));
    expect(found).toHaveLength(5);
    for (const n of found) {
      expect(n.row % 20).toBe(row % 20);
      expect(n.row).not.toBe(row);
      expect(n.similarity).toBeGreaterThan(0.9);
    }
    expect(requests.length).toBeGreaterThanOrEqual(1);
    expect(requests.every((u) => /step=\d+&row=\d+&k=5/.test(u))).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'parameters-neighbours-on-demand.png') });
    // sweeping across the cloud without resting asks for far fewer rows than it passes over
    const box = (await canvas.boundingBox())!;
    const before = requests.length;
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.5, { steps: 60 });
    await page.mouse.move(box.x + 2, box.y + 2);
    expect(requests.length - before).toBeLessThan(10);
    await page.close();
  }, 120_000);

  it('says so in the tooltip when the neighbours cannot be fetched', async () => {
    const id = await wideRun();
    const page = await openRun(id);
    await page.route('**/neighbours?*', (route) => route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: { code: 'INTERNAL', message: 'disk on fire' } }) }));
    await expect.poll(() => page.getByTestId('parameters-canvas').getAttribute('data-mode', { timeout: 1_000 }).catch(() => 'none'), { timeout: 60_000 }).toBe('webgl');
    expect(await hoverSomePoint(page)).toMatch(/norm/);
    const neighbours = page.getByTestId('tooltip-neighbours');
    await expect.poll(() => neighbours.getAttribute('data-state'), { timeout: 20_000 }).toBe('error');
    expect(await neighbours.textContent()).toMatch(/unavailable \(disk on fire\)/);
    await page.close();
  }, 120_000);

  it('draws a reduced level of detail while the cloud moves and the full cloud when it stops (WebGL and 2-D)', async () => {
    const id = await wideRun();
    // ?detail=3: the level a slow machine reaches (a quarter of the points at half resolution), here on any machine
    const page = await openRun(id, '?detail=3');
    const canvas = page.getByTestId('parameters-canvas');
    await expect.poll(() => canvas.getAttribute('data-mode', { timeout: 1_000 }).catch(() => 'none'), { timeout: 60_000 }).toBe('webgl');
    expect(await canvas.getAttribute('data-lod')).toBe('1.000');
    await page.screenshot({ path: join(SHOTS, 'parameters-lod-full.png') });
    // orbiting: held down and dragged
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.45, { steps: 10 });
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="parameters-canvas"]')?.getAttribute('data-lod')) < 1, undefined, { polling: 'raf', timeout: 10_000 });
    expect(await canvas.getAttribute('data-lod')).toBe((256 / 800).toFixed(3));
    expect(await page.getByTestId('lod-note').textContent()).toMatch(/32% of points, lower resolution/);
    // no tooltip chasing points while dragging
    expect(await page.getByTestId('parameters-tooltip').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'parameters-lod-reduced.png') });
    await page.mouse.up();
    await page.mouse.move(box.x + 2, box.y + 2);
    // the damping glides to a stop, then the whole cloud again
    await expect.poll(() => canvas.getAttribute('data-lod'), { timeout: 20_000 }).toBe('1.000');
    expect(await page.getByTestId('lod-note').count()).toBe(0);
    await page.close();

    // the 2-D fallback moves only when playing: reduced while playback runs, full at the end
    const flat = await openRun(id, '?renderer=2d&detail=2');
    const flatCanvas = flat.getByTestId('parameters-canvas');
    await expect.poll(() => flatCanvas.getAttribute('data-mode', { timeout: 1_000 }).catch(() => 'none'), { timeout: 60_000 }).toBe('2d');
    await flat.getByLabel('speed').selectOption('1');
    await flat.getByTestId('timeline').fill('0');
    await flat.getByTestId('play').click();
    await flat.waitForFunction(() => Number(document.querySelector('[data-testid="parameters-canvas"]')?.getAttribute('data-lod')) < 1, undefined, { polling: 'raf', timeout: 10_000 });
    expect(await flat.getByTestId('lod-note').textContent()).toMatch(/32% of points$/);
    await expect.poll(() => flatCanvas.getAttribute('data-step'), { timeout: 30_000 }).toBe('20');
    await expect.poll(() => flatCanvas.getAttribute('data-lod'), { timeout: 10_000 }).toBe('1.000');
    // and the full cloud is on the canvas
    const painted = await flatCanvas.evaluate((el: HTMLCanvasElement) => {
      const { data } = el.getContext('2d')!.getImageData(0, 0, el.width, el.height);
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
      return n;
    });
    expect(painted).toBeGreaterThan(500);
    await flat.close();
  }, 180_000);

  it('falls back to a 2-D canvas without WebGL', async () => {
    const page = await open(true);
    const canvas = page.getByTestId('parameters-canvas');
    await expect.poll(() => canvas.getAttribute('data-mode', { timeout: 1_000 }).catch(() => `no canvas yet (${pageErrors.join('; ')})`), { timeout: 20_000 }).toBe('2d');
    expect(await page.getByTestId('renderer-mode').textContent()).toMatch(/2-D fallback/);
    const tip = await hoverSomePoint(page);
    expect(tip).toMatch(/nearest/);
    // the points are on the canvas, also after the layout settled (resizing a canvas clears it)
    await page.getByTestId('weight-histograms').waitFor({ timeout: 20_000 });
    await page.waitForTimeout(300);
    const painted = await canvas.evaluate((el: HTMLCanvasElement) => {
      const { data } = el.getContext('2d')!.getImageData(0, 0, el.width, el.height);
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
      return n;
    });
    expect(painted).toBeGreaterThan(500);
    await page.screenshot({ path: join(SHOTS, 'parameters-2d.png'), fullPage: true });
    await page.close();
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
