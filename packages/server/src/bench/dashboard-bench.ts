/**
 * The dashboard in headless Chromium (Debian's /usr/bin/chromium through playwright-core, as the e2e tests use
 * it): a saved dashboard whose curves panel shows 100 runs × 100k points, opened cold, timed from navigation start
 * to the first chart painted (the uPlot canvas drawn, one frame later); then the frame rate while the pointer
 * moves over the chart (hover: values of every run, nearest-run highlight). Skipped, with a note, where Chromium or
 * playwright-core is missing (an installed `runlens` has neither).
 */
import { existsSync } from 'node:fs';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export interface DashboardBenchResult {
  /** ms from navigation start to the first chart painted, per cold load. */
  firstChart: number[];
  /** frames per second while hovering, per sweep. */
  hoverFps: number[];
}

/** Where the chart is and when it was painted (ms since navigation start), read in the page. */
const PAINTED = `new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => {
  const over = document.querySelector('[data-testid=dashboard-panel] .u-over');
  const r = over.getBoundingClientRect();
  resolve({ t: performance.now(), x: r.left, y: r.top, w: r.width, h: r.height });
})))`;

const COUNT_FRAMES = `(() => { window.__frames = 0; const tick = () => { window.__frames++; window.__raf = requestAnimationFrame(tick); }; window.__raf = requestAnimationFrame(tick); window.__t0 = performance.now(); })()`;
const STOP_FRAMES = `(() => { cancelAnimationFrame(window.__raf); return { frames: window.__frames, ms: performance.now() - window.__t0 }; })()`;

/** Times `loads` cold loads of `url` (a dashboard whose first panel is a curves chart) and `sweeps` hover sweeps. */
export async function benchDashboard(url: string, options: { loads: number; sweeps: number; log(msg: string): void }): Promise<DashboardBenchResult | string> {
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`;
  let pw: typeof import('playwright-core');
  try {
    // a development dependency of the repository, not of the runlens package: loaded only here
    pw = await import('playwright-core');
  } catch {
    return 'playwright-core is not installed (a development dependency of the runlens repository)';
  }
  const browser = await pw.chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const out: DashboardBenchResult = { firstChart: [], hoverFps: [] };
  try {
    for (let i = 0; i < options.loads + 1; i++) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      try {
        await page.goto(url);
        await page.waitForSelector('[data-testid=dashboard-panel] .curves-canvas canvas', { timeout: 60_000 });
        const painted = await page.evaluate<{ t: number; x: number; y: number; w: number; h: number }>(PAINTED);
        // the first load warms the server's caches and the browser's code cache: report the ones after it
        if (i > 0) out.firstChart.push(painted.t);
        if (i === options.loads) {
          for (let s = 0; s < options.sweeps; s++) {
            await page.evaluate(COUNT_FRAMES);
            const y = painted.y + painted.h / 2;
            await page.mouse.move(painted.x + 2, y);
            await page.mouse.move(painted.x + painted.w - 2, y, { steps: 120 });
            const f = await page.evaluate<{ frames: number; ms: number }>(STOP_FRAMES);
            out.hoverFps.push((f.frames / f.ms) * 1000);
          }
        }
      } finally {
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
  options.log(`  dashboard: first chart ${out.firstChart.map((t) => t.toFixed(0)).join(', ')} ms; hover ${out.hoverFps.map((f) => f.toFixed(0)).join(', ')} fps`);
  return out;
}
