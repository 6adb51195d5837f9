/**
 * Live latency in headless Chromium: `runs` runs log one point each every 100–200 ms over loopback HTTP while a
 * page shows the run page (`/runs/:id`, its `loss` chart growing live) of the first run. For every point of that
 * run, the time from its POST being sent to the chart having drawn it: the page is opened with
 * `window.__runlensDrawn` defined, so the curves chart logs after each uPlot draw the largest step drawn and
 * `Date.now()` (web/src/charts/drawn-probe.ts); the page and this process share the machine's clock.
 */
import { performance } from 'node:perf_hooks';
import { launchBenchChromium } from './bench-chromium.js';


export interface LiveBenchResult {
  /** ms from the POST being sent to the point drawn, per point of the watched run. */
  latencies: number[];
  /** ms from the POST's response (the point stored) to the point drawn: the live path alone. */
  afterAck: number[];
  /** points of the watched run never seen drawn. */
  missed: number;
  /** ms of each POST round trip (all runs), for context. */
  postMs: number[];
  /** points logged per second, all runs together. */
  pointsPerSecond: number;
}

interface DrawnEntry {
  x: number;
  t: number;
}

async function post(url: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

export async function benchLive(url: string, options: { runs: number; seconds: number; log(msg: string): void }): Promise<LiveBenchResult | string> {
  const browser = await launchBenchChromium();
  if (typeof browser === 'string') return browser;
  try {
    const ids: string[] = [];
    for (let r = 0; r < options.runs; r++) {
      const run = (await post(`${url}/api/v1/runs`, { project: 'live', name: `r${r}`, params: { lr: r } })) as { id: string };
      ids.push(run.id);
      // a first point, so the run page has a chart to grow
      await post(`${url}/api/v1/runs/${run.id}/metrics`, { series: [{ key: 'loss', steps: [0], values: [1], times: [Date.now()] }] });
    }
    const watched = ids[0]!;
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.addInitScript('window.__runlensDrawn = {}');
    await page.goto(`${url}/runs/${watched}`);
    await page.waitForSelector('[data-testid=chart-panel][data-key=loss] .curves-canvas canvas', { timeout: 60_000 });
    await page.waitForFunction('(window.__runlensDrawn.loss ?? []).length > 0', undefined, { timeout: 30_000 });
    // let the live socket subscribe before the clock starts
    await sleep(500);

    const sent = new Map<number, number>();
    const acked = new Map<number, number>();
    const postMs: number[] = [];
    let logged = 0;
    const start = performance.now();
    const end = start + options.seconds * 1000;
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    await Promise.all(
      ids.map(async (id, r) => {
        await sleep(rand() * 150); // not all in step
        for (let step = 1; performance.now() < end; step++) {
          const body = { series: [{ key: 'loss', steps: [step], values: [Math.exp(-step / 50) + r * 0.01], times: [Date.now()] }] };
          const t = Date.now();
          if (id === watched) sent.set(step, t);
          const t0 = performance.now();
          await post(`${url}/api/v1/runs/${id}/metrics`, body);
          if (id === watched) acked.set(step, Date.now());
          postMs.push(performance.now() - t0);
          logged++;
          await sleep(100 + rand() * 100 - (performance.now() - t0));
        }
      }),
    );
    const pointsPerSecond = logged / ((performance.now() - start) / 1000);
    await sleep(1000);
    const drawn = await page.evaluate<DrawnEntry[]>('window.__runlensDrawn.loss ?? []');
    const latencies: number[] = [];
    const afterAck: number[] = [];
    let missed = 0;
    for (const [step, t] of sent) {
      const d = drawn.find((e) => e.x >= step);
      if (d) {
        latencies.push(d.t - t);
        afterAck.push(d.t - (acked.get(step) ?? t));
      } else missed++;
    }
    options.log(`  live: ${sent.size} points of the watched run, ${missed} not drawn; ${pointsPerSecond.toFixed(0)} points/s logged by ${options.runs} runs`);
    return { latencies, afterAck, missed, postMs, pointsPerSecond };
  } finally {
    await browser.close();
  }
}
