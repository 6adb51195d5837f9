/**
 * The logs terminal with a million lines, in headless Chromium against a real `runlens serve`: 1M ANSI-coloured
 * lines posted to a finished run (20 batches of 50,000), the run's logs opened, then the terminal scrolled to its end
 * every 50 ms for `seconds` (the terminal loads pages as it goes, until all million lines are in the page), then a
 * search over all of them. Frame durations come from a requestAnimationFrame loop in the page, long tasks from a
 * PerformanceObserver. The promise: "1M lines without freezing".
 */
import { launchBenchChromium } from './bench-chromium.js';

export interface LogsBenchResult {
  lines: number;
  /** ms from clicking the logs tab to the first line shown */
  firstLines: number;
  /** frame durations (ms) while scrolling */
  frameMs: number[];
  /** main-thread tasks over 50 ms while scrolling (ms) */
  longTasks: number[];
  /** the text of the last line in view at the end: the log's last line when all pages loaded */
  lastLine: string;
  /** what the search for one line's step reported, e.g. "1 / 11" */
  search: string;
  heapMb: number;
}

const BATCH = 50_000;

async function post(url: string, body: unknown, method = 'POST'): Promise<unknown> {
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

export async function benchLogs(url: string, options: { lines: number; seconds: number; log(msg: string): void }): Promise<LogsBenchResult | string> {
  const browser = await launchBenchChromium();
  if (typeof browser === 'string') return browser;
  try {
    const run = (await post(`${url}/api/v1/runs`, { project: 'logs-bench', name: 'million' })) as { id: string };
    const t = performance.now();
    for (let start = 0; start < options.lines; start += BATCH) {
      const n = Math.min(BATCH, options.lines - start);
      const lines = Array.from({ length: n }, (_, i) => ({ line: `\u001b[32mstep ${start + i}\u001b[0m loss=${((start + i) % 997) / 997} lr=0.001 tokens/s=12345` }));
      await post(`${url}/api/v1/runs/${run.id}/logs`, { lines });
    }
    await post(`${url}/api/v1/runs/${run.id}`, { status: 'completed' }, 'PATCH');
    options.log(`  logs: posted ${options.lines.toLocaleString('en-US')} lines in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${url}/runs/${run.id}`);
    await page.getByTestId('tab-logs').click();
    const t0 = performance.now();
    await page.getByTestId('log-line').first().waitFor({ timeout: 60_000 });
    const firstLines = performance.now() - t0;
    await page.evaluate(`(() => {
      window.__long = []; window.__frames = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask' });
      let last = performance.now();
      const tick = (x) => { window.__frames.push(x - last); last = x; requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    })()`);
    const end = Date.now() + options.seconds * 1000;
    while (Date.now() < end) {
      await page.evaluate(`(() => { const el = document.querySelector('.terminal'); el.scrollTop = el.scrollHeight; })()`);
      await page.waitForTimeout(50);
    }
    const measured = await page.evaluate<{ frames: number[]; long: number[]; heap: number }>(`({ frames: window.__frames.slice(1), long: window.__long, heap: performance.memory ? performance.memory.usedJSHeapSize / 1e6 : 0 })`);
    const lastLine = (await page.getByTestId('log-line').last().textContent()) ?? '';
    await page.getByTestId('logs-search').fill(`step ${options.lines - 1}`);
    await page.waitForTimeout(1500);
    const search = (await page.getByTestId('logs-match-count').textContent()) ?? '';
    return { lines: options.lines, firstLines, frameMs: measured.frames, longTasks: measured.long, lastLine, search, heapMb: measured.heap };
  } finally {
    await browser.close();
  }
}
