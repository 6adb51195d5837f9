/**
 * The "static SVG of 10 runs × 10k points ≤ 200 ms; PNG of the same ≤ 400 ms" budgets of DESIGN.md. Ten runs of a
 * 10,000-point noisy loss curve sit in a real SQLite store; each figure is a full `renderPlot` of the `curves` plot —
 * reading the runs and series, compiling the spec, drawing. Two cases per renderer that draws SVG: the figure a user
 * gets (the curves plot's default min/max downsampling to 2,000 points per series, spikes kept), and every one of
 * the 100,000 points drawn (`points: 10000`). PNG rasterises the renderer's SVG at the default 144 dpi.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createSeededRandom, type PluginRegistry } from '@runlens/core';
import { storePlotDataSource } from '../plots/plot-data-source.js';
import { renderPlot, type PlotTiming } from '../plots/render-plot.js';
import { SqliteStore } from '../store/sqlite-store.js';

export interface PlotBenchResult {
  what: string;
  /** Median ms. */
  ms: number;
  budget: number;
  samples: number[];
  /** Median stage times of the same renders. */
  stages: Omit<PlotTiming, 'totalMs'>;
}

const RUNS = 10;
const POINTS = 10_000;

async function fillStore(store: SqliteStore): Promise<void> {
  const random = createSeededRandom(11);
  for (let r = 0; r < RUNS; r++) {
    const { run } = await store.createRun({ project: 'plot-bench', name: `run ${r}`, params: { lr: 10 ** (-4 + r / 3) } });
    const steps = new Float64Array(POINTS);
    const values = new Float64Array(POINTS);
    const times = new Float64Array(POINTS);
    for (let i = 0; i < POINTS; i++) {
      steps[i] = i;
      values[i] = 2.5 * Math.exp(-i / (1500 + 300 * r)) + 0.3 + (random.next() - 0.5) * 0.08;
      times[i] = 1_700_000_000_000 + i * 250;
    }
    await store.appendPoints(run.id, [{ key: 'loss', steps, values, times }]);
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * Median times of SVG and PNG renders per renderer (after one warm-up render each). Renderers without renderSvg
 * and a registry without the curves plot are skipped with a note on stderr.
 */
export async function benchPlots(registry: PluginRegistry, options: { repeats?: number; log?: (line: string) => void } = {}): Promise<PlotBenchResult[]> {
  const log = options.log ?? (() => undefined);
  const repeats = options.repeats ?? 10;
  const missing = [registry.get('plot', 'curves') ? '' : 'the curves plot', registry.get('exporter', 'svg') && registry.get('exporter', 'png') ? '' : 'the svg and png exporters'].filter(Boolean);
  if (missing.length > 0) {
    log(`  plot bench skipped: ${missing.join(' and ')} not registered`);
    return [];
  }
  const dir = mkdtempSync(join(tmpdir(), 'runlens-plot-bench-'));
  const store = new SqliteStore({ dataDir: dir });
  const out: PlotBenchResult[] = [];
  try {
    let t = performance.now();
    await fillStore(store);
    log(`  wrote ${RUNS} runs × ${POINTS.toLocaleString('en-US')} points in ${(performance.now() - t).toFixed(0)} ms`);
    const source = storePlotDataSource(store);
    const renderers = registry.list('renderer').filter((r) => typeof r.renderSvg === 'function');
    const cases = [
      { label: 'default downsampling', options: { metrics: ['loss'] } },
      { label: 'all points drawn', options: { metrics: ['loss'], points: POINTS } },
    ];
    for (const renderer of renderers) {
      for (const c of cases) {
        for (const [format, budget] of [['svg', 200], ['png', 400]] as const) {
          const request = { type: 'curves', options: c.options, renderer: renderer.name, format };
          const timings: PlotTiming[] = [];
          let bytes = 0;
          t = performance.now();
          await renderPlot(request, { registry, source }); // warm-up: JIT, font files, library init
          const warm = performance.now() - t;
          for (let i = 0; i < repeats; i++) {
            const r = await renderPlot(request, { registry, source });
            timings.push(r.timing);
            bytes = r.bytes.length;
          }
          const samples = timings.map((x) => x.totalMs);
          const stages = {
            resolveMs: median(timings.map((x) => x.resolveMs)),
            loadMs: median(timings.map((x) => x.loadMs)),
            compileMs: median(timings.map((x) => x.compileMs)),
            exportMs: median(timings.map((x) => x.exportMs)),
          };
          log(`  ${renderer.name} ${format}, ${c.label}: ${(bytes / 1024).toFixed(0)} KB; first render ${warm.toFixed(0)} ms; median load ${stages.loadMs.toFixed(1)} + compile ${stages.compileMs.toFixed(1)} + ${format} ${stages.exportMs.toFixed(1)} ms`);
          out.push({ what: `${format.toUpperCase()} of curves, ${RUNS} runs × 10k points, ${renderer.name}, ${c.label} (load + compile + draw)`, ms: median(samples), budget, samples, stages });
        }
      }
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
