/**
 * The dashboard in headless Chromium (Debian's /usr/bin/chromium through playwright-core, as the e2e tests use
 * it): a saved dashboard whose curves panel shows 100 runs × 100k points, opened cold, timed from navigation start
 * to the first chart painted (the uPlot canvas drawn, one frame later); then the frame rate while the pointer
 * moves over the chart (hover: values of every run, nearest-run highlight), and frame times through drag-zoom and
 * double-click-reset cycles (see zoomCycle). Skipped, with a note, where Chromium or
 * playwright-core is missing (an installed `runlens` has neither).
 */
import { launchBenchChromium } from './bench-chromium.js';


export interface DashboardBenchResult {
  /** ms from navigation start to the first chart painted, per cold load. */
  firstChart: number[];
  /** frames per second while hovering, per sweep. */
  hoverFps: number[];
  /** frames per second over each drag-zoom + reset cycle. */
  zoomFps: number[];
  /** every frame's duration (ms) during the zoom cycles. */
  zoomFrameMs: number[];
  /** frames per second while dragging the selection, per cycle. */
  dragFps: number[];
  /** the longest frame (ms) from the drag's release to the zoomed redraw, per cycle (re-read included). */
  zoomRedrawMs: number[];
  /** the longest frame (ms) after the double-click reset, per cycle. */
  resetRedrawMs: number[];
}

/** Where the chart is and when it was painted (ms since navigation start), read in the page. */
const PAINTED = `new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => {
  const over = document.querySelector('[data-testid=dashboard-panel] .u-over');
  const r = over.getBoundingClientRect();
  resolve({ t: performance.now(), x: r.left, y: r.top, w: r.width, h: r.height });
})))`;

const COUNT_FRAMES = `(() => { window.__frames = 0; const tick = () => { window.__frames++; window.__raf = requestAnimationFrame(tick); }; window.__raf = requestAnimationFrame(tick); window.__t0 = performance.now(); })()`;
const STOP_FRAMES = `(() => { cancelAnimationFrame(window.__raf); return { frames: window.__frames, ms: performance.now() - window.__t0 }; })()`;

/**
 * One zoom cycle, run in the page: a drag over `[from, from + width]` (fractions of the plot width) in 20 frames, the
 * panel's re-read of that range (the next `/series` response) and its redraw, a double-click reset and its redraw.
 * Resolves with every frame's duration.
 */
function zoomCycle(from: number, width: number): string {
  return `new Promise((resolve) => {
  const over = document.querySelector('[data-testid=dashboard-panel] .u-over');
  const r = over.getBoundingClientRect();
  const y = r.top + r.height / 2;
  const at = (f) => r.left + r.width * f;
  // movementX: uPlot ignores a drag's mousemove without movement (a Chrome quirk it works around)
  const fire = (type, x, target = over) => target.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, clientX: x, clientY: y, movementX: type === 'mousemove' ? 4 : 0, button: 0, buttons: type === 'mouseup' || type === 'dblclick' ? 0 : 1, detail: type === 'dblclick' ? 2 : 1 }));
  const ft = [];
  let last = performance.now();
  const t0 = last;
  let done = false;
  const tick = (t) => { ft.push(t - last); last = t; if (!done) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  const seriesRead = () => new Promise((ok) => {
    const timer = setTimeout(() => { obs.disconnect(); ok(false); }, 5000);
    const obs = new PerformanceObserver((list) => { if (list.getEntries().some((e) => e.name.includes('/api/v1/series'))) { clearTimeout(timer); obs.disconnect(); ok(true); } });
    obs.observe({ type: 'resource' });
  });
  const frames = (n) => new Promise((ok) => { const step = () => (n-- <= 0 ? ok() : requestAnimationFrame(step)); requestAnimationFrame(step); });
  (async () => {
    fire('mousemove', at(${from}));
    fire('mousedown', at(${from}));
    const tDown = performance.now();
    const iDown = ft.length;
    for (let i = 1; i <= 20; i++) { await frames(1); fire('mousemove', at(${from} + ${width} * i / 20)); }
    const read = seriesRead();
    fire('mouseup', at(${from + width}));
    const iUp = ft.length;
    const tUp = performance.now();
    const reread = await read;
    await frames(10);
    const iDbl = ft.length;
    const tDbl = performance.now();
    fire('mousedown', at(0.5)); fire('mouseup', at(0.5)); fire('click', at(0.5));
    fire('mousedown', at(0.5)); fire('mouseup', at(0.5)); fire('dblclick', at(0.5));
    await frames(20);
    done = true;
    resolve({ frames: ft.length, ms: performance.now() - t0, ft: ft.slice(1), reread, drag: { frames: iUp - iDown, ms: tUp - tDown }, zoomRedraw: Math.max(...ft.slice(iUp, iDbl)), resetRedraw: Math.max(...ft.slice(iDbl)) });
  })();
})`;
}

/** Times `loads` cold loads of `url` (a dashboard whose first panel is a curves chart) and `sweeps` hover sweeps. */
export async function benchDashboard(url: string, options: { loads: number; sweeps: number; zooms: number; log(msg: string): void }): Promise<DashboardBenchResult | string> {
  const browser = await launchBenchChromium();
  if (typeof browser === 'string') return browser;
  const out: DashboardBenchResult = { firstChart: [], hoverFps: [], zoomFps: [], zoomFrameMs: [], dragFps: [], zoomRedrawMs: [], resetRedrawMs: [] };
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
          // drag-zoom into a fifth of the chart (the panel re-reads that range at full detail), then double-click
          // back to the whole series: mouse events dispatched in the page, one per frame, as a hand would; frames timed
          // through each cycle, the re-read and both redraws included
          for (let z = 0; z < options.zooms; z++) {
            const f = await page.evaluate<{ frames: number; ms: number; ft: number[]; reread: boolean; drag: { frames: number; ms: number }; zoomRedraw: number; resetRedraw: number }>(zoomCycle(0.1 + 0.07 * z, 0.2));
            if (!f.reread) options.log(`  zoom cycle ${z + 1}: no /series re-read seen within 5 s`);
            out.zoomFps.push((f.frames / f.ms) * 1000);
            out.zoomFrameMs.push(...f.ft);
            out.dragFps.push((f.drag.frames / f.drag.ms) * 1000);
            out.zoomRedrawMs.push(f.zoomRedraw);
            out.resetRedrawMs.push(f.resetRedraw);
          }
        }
      } finally {
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
  options.log(`  dashboard: first chart ${out.firstChart.map((t) => t.toFixed(0)).join(', ')} ms; hover ${out.hoverFps.map((f) => f.toFixed(0)).join(', ')} fps; zoom cycles ${out.zoomFps.map((f) => f.toFixed(0)).join(', ')} fps (dragging ${out.dragFps.map((f) => f.toFixed(0)).join(', ')} fps; longest frame after zoom ${out.zoomRedrawMs.map((f) => f.toFixed(0)).join(', ')} ms, after reset ${out.resetRedrawMs.map((f) => f.toFixed(0)).join(', ')} ms)`);
  return out;
}
