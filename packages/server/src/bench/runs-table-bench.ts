/**
 * The runs table with 10,000 runs, in headless Chromium against a real `runlens serve`: the runs (each with params
 * and three metric summaries) written into the store first, the table opened, then scrolled from top to bottom
 * in steps of ~a screen per frame (a fling: pages of runs load as it goes, placeholder rows meanwhile), then scrolled
 * back up steadily at 100 px per frame. Frame durations come
 * from a requestAnimationFrame loop in the page. The promise: "10,000 runs scroll smoothly".
 */
import { launchBenchChromium } from './bench-chromium.js';

export interface RunsTableBenchResult {
  /** ms from navigation to the first row */
  firstRows: number;
  /** frame durations (ms) while flinging from top to bottom, ~a screen per frame */
  flingMs: number[];
  /** frame durations (ms) while scrolling steadily, 100 px per frame */
  steadyMs: number[];
  /** rows the table says it has, and the last run name in view at the bottom */
  rowCount: number;
  lastRow: string;
}

/** Scrolls the table by `step` px (an expression of `el`) per frame, until an end or `frames` frames; frame times. */
function scroll(step: string, frames: number): string {
  return `new Promise((resolve) => {
    const el = document.querySelector('[data-testid=runs-table]');
    const out = [];
    let last = performance.now();
    const tick = (t) => {
      out.push(t - last);
      last = t;
      const step = ${step};
      const atEnd = step > 0 ? el.scrollTop + el.clientHeight >= el.scrollHeight - 2 : el.scrollTop <= 0;
      if (atEnd || out.length > ${frames}) { resolve({ frames: out, rowCount: Number(el.getAttribute('aria-rowcount')) }); return; }
      el.scrollTop += step;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })`;
}

export async function benchRunsTable(url: string, options: { project: string; log(msg: string): void }): Promise<RunsTableBenchResult | string> {
  const browser = await launchBenchChromium();
  if (typeof browser === 'string') return browser;
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const t0 = Date.now();
    await page.goto(`${url}/?project=${encodeURIComponent(options.project)}&sort=name`);
    await page.locator('[data-testid=runs-table] .run-link').first().waitFor({ timeout: 60_000 });
    const firstRows = Date.now() - t0;
    // a fling: ~a screen per frame from top to bottom (pages load on the way)
    const fling = await page.evaluate<{ frames: number[]; rowCount: number }>(scroll('el.clientHeight * 0.8', 100_000));
    await page.waitForTimeout(1500);
    const lastRow = (await page.locator('[data-testid=runs-table] .run-link').last().textContent()) ?? '';
    // a steady scroll back up: 100 px per frame (~6,000 px/s, a fast wheel), 300 frames
    const steady = await page.evaluate<{ frames: number[]; rowCount: number }>(scroll('-100', 300));
    return { firstRows, flingMs: fling.frames.slice(1), steadyMs: steady.frames.slice(1), rowCount: fling.rowCount, lastRow };
  } finally {
    await browser.close();
  }
}
