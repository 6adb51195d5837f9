#!/usr/bin/env node
// Screenshot of a page in headless Chromium (Debian's /usr/bin/chromium), for the README and for looking at what
// users see: node scripts/screenshot.mjs URL OUT.png [width] [height]
import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [url, out, width = '1280', height = '800'] = process.argv.slice(2);
if (!url || !out) {
  console.error('usage: node scripts/screenshot.mjs URL OUT.png [width] [height]');
  process.exit(2);
}
const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'runlens-chromium-')), {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: Number(width), height: Number(height) },
});
try {
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'networkidle' });
  // the dashboard renders after its first API answers; charts after their series
  await page.waitForSelector('[data-testid=runs-table], [data-testid=run-page], [data-testid=empty-state]', { timeout: 10_000 }).catch(() => undefined);
  await page.waitForTimeout(500);
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await context.close();
}
