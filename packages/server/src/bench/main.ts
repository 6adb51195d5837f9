/**
 * `npm run bench`: measures the performance budgets of DESIGN.md that the tracking core owns and prints each
 * median next to its budget. Not a test: nothing here fails the build; it reports.
 *
 *   node packages/server/dist/bench/main.js [--quick] [--json] [--only=ingest,reads,dashboard,live,parameters,logs,table,import,analytics,plots,projection]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { SqliteStore } from '../store/sqlite-store.js';
import { buildApp } from '../server/app.js';
import { readSeriesForChart } from '../query/read-series.js';
import { benchTensorboardImport } from './tensorboard-import-bench.js';
import { benchAnalytics } from './analytics-bench.js';
import { benchPlots } from './plot-bench.js';
import { benchDashboard } from './dashboard-bench.js';
import { benchLive } from './live-bench.js';
import { benchProjection } from './projection-bench.js';
import { benchParameters } from './parameters-bench.js';
import { benchLogs } from './logs-bench.js';
import { benchRunsTable } from './runs-table-bench.js';
import { builtinRegistry } from '../plugins/builtin-registry.js';

interface Result {
  what: string;
  median: number;
  unit: string;
  budget: number;
  /** true when a bigger number is better (throughput) */
  higherIsBetter: boolean;
  samples: number[];
  note?: string;
}

const quick = process.argv.includes('--quick');
const asJson = process.argv.includes('--json');
const results: Result[] = [];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

function log(msg: string): void {
  if (!asJson) process.stderr.write(`${msg}\n`);
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'runlens-bench-'));
}

const CLI = fileURLToPath(new URL('../../bin/runlens.js', import.meta.url));

/** Starts `runlens serve` in its own process, as users run it, so the load generator does not share its core. */
async function startServerProcess(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--data', dataDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return { url, child };
}

async function post(url: string, body: string): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
}

/** 64 runs × 8 metrics logged at once, in columnar batches, over HTTP into the embedded store. */
async function benchIngest(): Promise<void> {
  const runs = 64;
  const metrics = 8;
  const stepsPerBatch = 1250; // 10,000 points per request
  const batchesPerRun = quick ? 4 : 10;
  const concurrency = 8;
  const samples: number[] = [];
  for (let rep = 0; rep < (quick ? 1 : 3); rep++) {
    const dir = tempDir();
    const { url, child } = await startServerProcess(dir);
    try {
      const ids: string[] = [];
      for (let r = 0; r < runs; r++) {
        const res = await fetch(`${url}/api/v1/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ project: 'bench', name: `r${r}`, params: { lr: r } }) });
        ids.push(((await res.json()) as { id: string }).id);
      }
      // Bodies are encoded before the clock starts: we measure the server, not this process's JSON encoder.
      const bodies: { url: string; body: string }[] = [];
      const t0 = 1_700_000_000_000;
      for (let b = 0; b < batchesPerRun; b++) {
        for (let r = 0; r < runs; r++) {
          const steps = Array.from({ length: stepsPerBatch }, (_, i) => b * stepsPerBatch + i);
          const series = Array.from({ length: metrics }, (_, m) => ({
            key: `metric/${m}`,
            steps,
            values: steps.map((s) => Math.fround(Math.exp(-s / 5000) + Math.sin(s * (m + 1)) * 0.01)),
            times: steps.map((s) => t0 + s * 100),
          }));
          bodies.push({ url: `${url}/api/v1/runs/${ids[r]}/metrics`, body: JSON.stringify({ series }) });
        }
      }
      const totalPoints = runs * metrics * stepsPerBatch * batchesPerRun;
      let next = 0;
      const start = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < bodies.length) {
            const b = bodies[next++]!;
            await post(b.url, b.body);
          }
        }),
      );
      const secs = (performance.now() - start) / 1000;
      samples.push(totalPoints / secs);
      log(`  ingest rep ${rep + 1}: ${totalPoints.toLocaleString()} points in ${secs.toFixed(2)} s`);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    }
  }
  results.push({ what: 'ingest over HTTP, 64 runs × 8 metrics interleaved, 10k-point batches', median: median(samples), unit: 'points/s', budget: 1_000_000, higherIsBetter: true, samples });
}

/** Fills a store directly (bypassing HTTP) with `runs` runs of one `n`-point series each. */
async function fillStore(store: SqliteStore, runs: number, n: number): Promise<string[]> {
  const ids: string[] = [];
  const batch = 100_000;
  for (let r = 0; r < runs; r++) {
    const { run } = await store.createRun({ project: 'bench', name: `r${r}` });
    ids.push(run.id);
    let seed = r + 1;
    for (let start = 0; start < n; start += batch) {
      const len = Math.min(batch, n - start);
      const steps = new Float64Array(len);
      const values = new Float64Array(len);
      const times = new Float64Array(len);
      for (let i = 0; i < len; i++) {
        const s = start + i;
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        steps[i] = s;
        values[i] = Math.exp(-s / (n / 5)) + (seed / 0x7fffffff - 0.5) * 0.05 + (s % 99_991 === 0 ? 5 : 0);
        times[i] = 1_700_000_000_000 + s * 50;
      }
      await store.appendPoints(run.id, [{ key: 'loss', steps, values, times }]);
    }
  }
  return ids;
}

async function timeIt(reps: number, fn: () => Promise<unknown>): Promise<number[]> {
  await fn(); // warm caches and JIT: we report steady-state reads
  const out: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

async function benchReads(): Promise<void> {
  const dir = tempDir();
  const store = new SqliteStore({ dataDir: dir });
  const built = await buildApp({ store });
  try {
    const n = quick ? 2_000_000 : 10_000_000;
    let t = performance.now();
    const [one] = await fillStore(store, 1, n);
    log(`  wrote ${n.toLocaleString()} points to one series in ${((performance.now() - t) / 1000).toFixed(1)} s (direct store writes)`);
    const run = (await store.getRun(one!))!;
    const req = { x: 'step', points: 2000, method: 'minmax' as const };
    const direct = await timeIt(20, () => readSeriesForChart(store, run, 'loss', req));
    results.push({ what: `downsampled read of one ${(n / 1e6).toFixed(0)}M-point series to 2,000 points (store + downsampling)`, median: median(direct), unit: 'ms', budget: 30, higherIsBetter: false, samples: direct });
    const http = await timeIt(20, async () => {
      const res = await built.app.inject({ url: `/api/v1/series?runs=${one}&keys=loss&points=2000` });
      if (res.statusCode !== 200) throw new Error(res.body);
    });
    results.push({ what: `  same through the HTTP handler (validation, JSON)`, median: median(http), unit: 'ms', budget: 30, higherIsBetter: false, samples: http });

    const runs = quick ? 20 : 100;
    const per = quick ? 50_000 : 100_000;
    t = performance.now();
    const ids = await fillStore(store, runs, per);
    log(`  wrote ${runs} runs × ${per.toLocaleString()} points in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const chart = await timeIt(10, async () => {
      const res = await built.app.inject({ url: `/api/v1/series?runs=${ids.join(',')}&keys=loss&points=1000` });
      if (res.statusCode !== 200) throw new Error(res.body);
    });
    results.push({ what: `one chart of ${runs} runs × ${(per / 1000).toFixed(0)}k points to 1,000 px (HTTP handler)`, median: median(chart), unit: 'ms', budget: 250, higherIsBetter: false, samples: chart });
  } finally {
    await built.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A saved dashboard over 100 runs × 100k points, opened in headless Chromium by a real `runlens serve`. */
async function benchDashboardLoad(): Promise<void> {
  const dir = tempDir();
  let child: ChildProcess | undefined;
  try {
    const runs = quick ? 20 : 100;
    const per = quick ? 20_000 : 100_000;
    const store = new SqliteStore({ dataDir: dir });
    const t = performance.now();
    await fillStore(store, runs, per);
    await store.close();
    log(`  wrote ${runs} runs × ${per.toLocaleString()} points for the dashboard in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const server = await startServerProcess(dir);
    child = server.child;
    const res = await fetch(`${server.url}/api/v1/dashboards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bench', spec: { panels: [{ id: 'loss', type: 'curves', title: 'loss', options: { metrics: ['loss'] }, layout: { x: 0, y: 0, w: 12, h: 6 } }], selection: { project: 'bench' } } }),
    });
    if (!res.ok) throw new Error(`create dashboard: HTTP ${res.status} ${await res.text()}`);
    const { id } = (await res.json()) as { id: string };
    const r = await benchDashboard(`${server.url}/dashboards/${id}`, { loads: quick ? 3 : 7, sweeps: 3, zooms: quick ? 3 : 8, log });
    if (typeof r === 'string') {
      log(`  dashboard bench skipped: ${r}`);
      return;
    }
    results.push({ what: `dashboard of ${runs} runs × ${(per / 1000).toFixed(0)}k points: navigation → first chart painted (headless Chromium)`, median: median(r.firstChart), unit: 'ms', budget: 1500, higherIsBetter: false, samples: r.firstChart });
    results.push({ what: `  hovering that chart (every run's value, nearest run highlighted)`, median: median(r.hoverFps), unit: 'fps', budget: 50, higherIsBetter: true, samples: r.hoverFps });
    if (r.zoomFps.length) {
      results.push({ what: `  drag-zoom + double-click reset cycles on that chart (re-read at full detail included)`, median: median(r.zoomFps), unit: 'fps', budget: 50, higherIsBetter: true, samples: r.zoomFps });
      log(`  zoom frame times: median ${median(r.zoomFrameMs).toFixed(1)} ms, p95 ${quantile(r.zoomFrameMs, 0.95).toFixed(1)} ms, max ${Math.max(...r.zoomFrameMs).toFixed(1)} ms over ${r.zoomFrameMs.length} frames`);
      results.push({ what: `  frame rate while dragging the zoom selection`, median: median(r.dragFps), unit: 'fps', budget: 50, higherIsBetter: true, samples: r.dragFps });
      results.push({ what: `  longest frame after the drag (re-read + redraw at full detail)`, median: median(r.zoomRedrawMs), unit: 'ms', budget: 20, higherIsBetter: false, samples: r.zoomRedrawMs });
      results.push({ what: `  longest frame after the double-click reset (redraw of the whole series)`, median: median(r.resetRedrawMs), unit: 'ms', budget: 20, higherIsBetter: false, samples: r.resetRedrawMs });
      results.push({ what: `  p95 frame time during those cycles (${r.zoomFrameMs.length} frames; 50 fps = 20 ms)`, median: quantile(r.zoomFrameMs, 0.95), unit: 'ms', budget: 20, higherIsBetter: false, samples: r.zoomFrameMs });
    }
  } finally {
    child?.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The Parameters view: 100 snapshots × 2,048 points played back and orbited, WebGL and 2-D, in headless Chromium. */
async function benchParametersView(): Promise<void> {
  const dir = tempDir();
  let child: ChildProcess | undefined;
  try {
    const server = await startServerProcess(dir);
    child = server.child;
    const r = await benchParameters(server.url, { quick, log });
    if (typeof r === 'string') {
      log(`  parameters bench skipped: ${r}`);
      return;
    }
    for (const motion of ['playback', 'orbit'] as const) {
      for (const mode of ['webgl', '2d'] as const) {
        const f = r[motion][mode];
        if (f.fps.length === 0) continue;
        const what = motion === 'playback' ? 'playing through' : mode === 'webgl' ? 'orbiting (drag)' : 'dragging over (hover picking)';
        results.push({ what: `parameters view, ${r.snapshots} snapshots × ${r.rows.toLocaleString('en-US')} points, ${mode === 'webgl' ? 'WebGL (SwiftShader)' : '2-D canvas'}: ${what}`, median: median(f.fps), unit: 'fps', budget: 30, higherIsBetter: true, samples: f.fps });
        log(`  parameters ${mode} ${motion}: p95 frame ${quantile(f.frameMs, 0.95).toFixed(0)} ms, least detail ${(Math.min(...f.lod) * 100).toFixed(0)}% of points`);
      }
    }
  } finally {
    child?.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The runs table scrolled through 10,000 runs, in headless Chromium. */
async function benchRunsTableScroll(): Promise<void> {
  const dir = tempDir();
  let child: ChildProcess | undefined;
  try {
    const n = quick ? 2_000 : 10_000;
    const store = new SqliteStore({ dataDir: dir });
    for (let i = 0; i < n; i++) {
      const { run } = await store.createRun({ project: 'table', name: `run-${String(i).padStart(5, '0')}`, params: { lr: 10 ** -(1 + (i % 4)), seed: i % 5, layers: 2 + (i % 3) } });
      const steps = Float64Array.from([0, 1, 2]);
      const times = Float64Array.from([1, 2, 3], (t) => 1_700_000_000_000 + t);
      await store.appendPoints(run.id, ['loss', 'val/loss', 'acc'].map((key, k) => ({ key, steps, values: Float64Array.from([3, 2, 1], (v) => v / (1 + k + (i % 7))), times })));
    }
    await store.close();
    const server = await startServerProcess(dir);
    child = server.child;
    const r = await benchRunsTable(server.url, { project: 'table', log });
    if (typeof r === 'string') {
      log(`  runs table bench skipped: ${r}`);
      return;
    }
    log(`  runs table: first rows ${r.firstRows} ms; ${r.rowCount.toLocaleString('en-US')} rows (last row after the fling "${r.lastRow}"); fling top to bottom in ${r.flingMs.length} frames, p95 frame ${quantile(r.flingMs, 0.95).toFixed(1)} ms; steady scroll p95 frame ${quantile(r.steadyMs, 0.95).toFixed(1)} ms, longest ${Math.max(...r.steadyMs).toFixed(0)} ms`);
    results.push({ what: `runs table, ${r.rowCount.toLocaleString('en-US')} runs: steady scroll, 100 px per frame`, median: 1000 / median(r.steadyMs), unit: 'fps', budget: 50, higherIsBetter: true, samples: r.steadyMs.map((f) => 1000 / f) });
    results.push({ what: `  a fling top to bottom, ~a screen per frame (pages loading on the way)`, median: 1000 / median(r.flingMs), unit: 'fps', budget: 50, higherIsBetter: true, samples: r.flingMs.map((f) => 1000 / f) });
  } finally {
    child?.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The logs terminal scrolled through a million lines, in headless Chromium. */
async function benchLogsTerminal(): Promise<void> {
  const dir = tempDir();
  let child: ChildProcess | undefined;
  try {
    const server = await startServerProcess(dir);
    child = server.child;
    const r = await benchLogs(server.url, { lines: quick ? 200_000 : 1_000_000, seconds: quick ? 8 : 20, log });
    if (typeof r === 'string') {
      log(`  logs bench skipped: ${r}`);
      return;
    }
    log(`  logs: first lines ${r.firstLines.toFixed(0)} ms; ${r.longTasks.length} tasks over 50 ms while scrolling (longest ${Math.max(0, ...r.longTasks).toFixed(0)} ms); last line in view "${r.lastLine.slice(0, 40)}"; search "${r.search}"; JS heap ${r.heapMb.toFixed(0)} MB`);
    results.push({ what: `logs terminal, ${r.lines.toLocaleString('en-US')} lines scrolled to the end (all pages loaded): p95 frame`, median: quantile(r.frameMs, 0.95), unit: 'ms', budget: 50, higherIsBetter: false, samples: r.frameMs });
    results.push({ what: `  the longest frame while doing so (no freeze)`, median: Math.max(...r.frameMs), unit: 'ms', budget: 500, higherIsBetter: false, samples: r.frameMs });
  } finally {
    child?.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** 100 runs logging at once over HTTP while a run page draws one of them live, in headless Chromium. */
async function benchLiveLatency(): Promise<void> {
  const dir = tempDir();
  let child: ChildProcess | undefined;
  try {
    const server = await startServerProcess(dir);
    child = server.child;
    const runs = quick ? 30 : 100;
    const r = await benchLive(server.url, { runs, seconds: quick ? 5 : 15, log });
    if (typeof r === 'string') {
      log(`  live bench skipped: ${r}`);
      return;
    }
    const l = r.latencies;
    log(`  live latency: p50 ${median(l).toFixed(0)} ms, p95 ${quantile(l, 0.95).toFixed(0)} ms, max ${Math.max(...l).toFixed(0)} ms over ${l.length} points (${r.missed} missed); from the POST's response: p50 ${median(r.afterAck).toFixed(0)} ms, p95 ${quantile(r.afterAck, 0.95).toFixed(0)} ms; POST round trip p50 ${median(r.postMs).toFixed(1)} ms, p95 ${quantile(r.postMs, 0.95).toFixed(1)} ms`);
    results.push({ what: `live: point logged → drawn on a run page, ${runs} runs logging at once (p95 of ${l.length} points; p50 ${median(l).toFixed(0)} ms)`, median: quantile(l, 0.95), unit: 'ms', budget: 250, higherIsBetter: false, samples: l });
  } finally {
    child?.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

function fmt(v: number, unit: string): string {
  return unit === 'points/s' ? `${Math.round(v).toLocaleString('en-US')} ${unit}` : `${v.toFixed(1)} ${unit}`;
}

async function main(): Promise<void> {
  log(`runlens bench${quick ? ' (quick)' : ''} on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
  // `--only=dashboard,reads`: just those parts (ingest, reads, dashboard, live, parameters, logs, table, import, analytics, plots, projection)
  const picked = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
  const runs = (part: string) => picked === undefined || picked.includes(part);
  if (runs('ingest')) await benchIngest();
  if (runs('reads')) await benchReads();
  if (runs('dashboard')) await benchDashboardLoad();
  if (runs('live')) await benchLiveLatency();
  if (runs('parameters')) await benchParametersView();
  if (runs('logs')) await benchLogsTerminal();
  if (runs('table')) await benchRunsTableScroll();
  if (runs('import')) {
    log('  generating a TensorBoard logdir…');
    const tb = await benchTensorboardImport(quick ? { runs: 4, steps: 10_000, repeats: 1 } : {});
    results.push({ what: `TensorBoard event-file import, ${(tb.bytes / 2 ** 20).toFixed(0)} MB logdir (importer only, records counted)`, median: tb.mbPerSecond, unit: 'MB/s', budget: 50, higherIsBetter: true, samples: tb.samples });
  }
  if (runs('analytics')) {
    log('  writing 10,000 runs × 20 metrics for analytics…');
    for (const a of await benchAnalytics()) {
      results.push({ what: `analyze ${a.kind} over 10,000 runs × 20 metrics, loaded from the store`, median: a.ms, unit: 'ms', budget: 1000, higherIsBetter: false, samples: a.samples });
    }
  }
  if (runs('projection')) {
    log('  writing tensor snapshots for the projection…');
    const p = await benchProjection({ quick, log: (m) => log(`  ${m}`) });
    results.push({ what: `projection of ${p.snapshots} snapshots × ${p.rows.toLocaleString('en-US')} × ${p.cols}: server peak RSS (child process)`, median: p.peakRssMb, unit: 'MiB', budget: 500, higherIsBetter: false, samples: [p.peakRssMb] });
    log(`  projection took ${p.seconds.toFixed(1)} s (one request: reads, PCA, alignment, JSON)`);
  }
  if (runs('plots')) {
    log('  rendering plots of 10 runs × 10k points…');
    for (const p of await benchPlots(builtinRegistry(), { repeats: quick ? 3 : 10, log })) {
      results.push({ what: p.what, median: p.ms, unit: 'ms', budget: p.budget, higherIsBetter: false, samples: p.samples });
    }
  }
  if (asJson) {
    console.log(JSON.stringify({ machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version }, results }, null, 2));
    return;
  }
  const rows = results.map((r) => {
    const ok = r.higherIsBetter ? r.median >= r.budget : r.median <= r.budget;
    const verdict = ok ? 'ok' : `MISS by ${r.higherIsBetter ? `${((1 - r.median / r.budget) * 100).toFixed(0)}%` : `${(r.median / r.budget).toFixed(1)}×`}`;
    return [r.what, fmt(r.median, r.unit), `${r.higherIsBetter ? '≥' : '≤'} ${fmt(r.budget, r.unit)}`, verdict];
  });
  const w = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length), ['what', 'median', 'budget', ''][i]!.length));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(w[i]!)).join('  ');
  console.log(line(['what', 'median', 'budget', '']));
  for (const r of rows) console.log(line(r));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
