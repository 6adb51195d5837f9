/**
 * Opens an HTML page in headless Chromium (Debian's, driven by playwright-core) with the network cut off: every
 * request is recorded and aborted, so a test can assert a page works offline and asked for nothing.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);

/** The flags every test browser runs with: headless, no sandbox (root in CI), nothing reaching the network. */
const QUIET_ARGS = ['--headless', '--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Debian's Chromium, headless. `webgl: true` draws WebGL through SwiftShader (the Parameters view); otherwise the GPU
 * is off.
 */
export function launchChromium(options: { webgl?: boolean } = {}): Promise<Browser> {
  const gpu = options.webgl ? ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'] : ['--disable-gpu'];
  return chromium.launch({ executablePath: CHROMIUM, args: [...QUIET_ARGS, ...gpu] });
}

export interface OfflinePage {
  page: Page;
  /** URLs the page tried to load (all aborted). */
  requests: string[];
  /** alert/confirm/prompt messages the page raised (a script injected through data would show here). */
  dialogs: string[];
  /** Uncaught errors and console errors. */
  errors: string[];
  close(): Promise<void>;
}

export async function openOffline(html: string, size = { width: 1000, height: 700 }): Promise<OfflinePage> {
  const browser: Browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: size, offline: true });
    const requests: string[] = [];
    const dialogs: string[] = [];
    const errors: string[] = [];
    await context.route('**/*', (route) => {
      requests.push(route.request().url());
      return route.abort();
    });
    const page = await context.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.setContent(html, { waitUntil: 'load' });
    return { page, requests, dialogs, errors, close: () => browser.close() };
  } catch (e) {
    await browser.close();
    throw e;
  }
}

/** The drawn chart: the largest svg or canvas element's size and how many of its pixels / shapes are drawn. */
export async function chartDrawn(page: Page): Promise<{ tag: string; width: number; height: number; shapes: number }> {
  await page.waitForSelector('svg, canvas', { timeout: 10_000 });
  // give animations and deferred first paints a moment
  await page.waitForTimeout(300);
  return page.evaluate(() => {
    const els = Array.from(document.querySelectorAll('svg, canvas'));
    const area = (el: Element) => el.getBoundingClientRect().width * el.getBoundingClientRect().height;
    const el = els.sort((a, b) => area(b) - area(a))[0]!;
    const { width, height } = el.getBoundingClientRect();
    let shapes = 0;
    if (el instanceof HTMLCanvasElement) {
      const ctx = el.getContext('2d');
      const data = ctx ? ctx.getImageData(0, 0, el.width, el.height).data : new Uint8ClampedArray();
      // pixels that are neither transparent nor white
      for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0 && (data[i]! < 240 || data[i + 1]! < 240 || data[i + 2]! < 240)) shapes++;
    } else {
      shapes = el.querySelectorAll('path, line, polyline, rect, circle, text').length;
    }
    return { tag: el.tagName.toLowerCase(), width, height, shapes };
  });
}
