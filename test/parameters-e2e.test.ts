/**
 * The Parameters view in headless Chromium (issue 7): the demo's character embedding as a WebGL point cloud
 * (SwiftShader) with playback and a hover tooltip, and the 2-D canvas fallback when WebGL is missing. Saves
 * screenshots to test-output/screenshots (parameters-webgl.png, parameters-2d.png).
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { BUILT, ROOT, api, runCli, serve, tempDir, type ServeProcess } from './helpers/cli.js';

const CHROMIUM = '/usr/bin/chromium';
const WEB_BUILT = existsSync(join(ROOT, 'packages/server/assets/web/index.html'));
const SHOTS = join(ROOT, 'test-output/screenshots');

describe.runIf(BUILT && WEB_BUILT && existsSync(CHROMIUM))('Parameters view (headless Chromium)', () => {
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
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(data, { recursive: true, force: true });
  });

  async function open(withoutWebgl: boolean): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 }, colorScheme: 'light' });
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
    await page.screenshot({ path: join(SHOTS, 'parameters-webgl.png') });
    await page.close();
  }, 90_000);

  it('falls back to a 2-D canvas without WebGL', async () => {
    const page = await open(true);
    const canvas = page.getByTestId('parameters-canvas');
    await expect.poll(() => canvas.getAttribute('data-mode', { timeout: 1_000 }).catch(() => `no canvas yet (${pageErrors.join('; ')})`), { timeout: 20_000 }).toBe('2d');
    expect(await page.getByTestId('renderer-mode').textContent()).toMatch(/2-D fallback/);
    const tip = await hoverSomePoint(page);
    expect(tip).toMatch(/nearest/);
    await page.screenshot({ path: join(SHOTS, 'parameters-2d.png') });
    await page.close();
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
