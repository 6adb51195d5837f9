/**
 * Analytics over 10,000 runs × 20 metrics (budget ≤ 1 s): a stats + compare + failures + importance pass over runs
 * written into a SQLite store (one point per series), each request loading its runs from the store: only the series
 * summaries it reads (val/loss; none for failures), as the routes and the CLI do. `importance, every metric loaded`
 * times the same request loading all 20 summaries per run, as before that narrowing, interleaved with `importance`.
 */
import { createSeededRandom, type Run, type SeriesSummary } from '@runlens/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeAnalyticsSource, type AnalyticsSource } from '../analytics/analytics-source.js';
import { SqliteStore } from '../store/sqlite-store.js';
import { AnalyzeRequestSchema } from '../analytics/analyze-request.js';
import { runAnalyze } from '../analytics/run-analyze.js';

const RUNS = 10_000;
const METRICS = 20;
const REPEATS = 3;

function series(key: string, value: number): SeriesSummary {
  return { key, count: 1, first: value, last: value, min: value, max: value, firstStep: 0, lastStep: 0, nanCount: Number.isNaN(value) ? 1 : 0, lastTime: 0 };
}

function buildRuns(): Run[] {
  const random = createSeededRandom(7);
  const lrs = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 10];
  return Array.from({ length: RUNS }, (_, i) => {
    const lr = lrs[i % lrs.length]!;
    const failed = lr === 10 && random.next() < 0.9;
    const metrics: Record<string, SeriesSummary> = {};
    for (let m = 0; m < METRICS; m++) {
      const key = m === 0 ? 'val/loss' : `metric_${m}`;
      metrics[key] = series(key, failed ? Number.NaN : 1 + Math.abs(Math.log10(lr) + 2.5) + random.next() * 0.3 + m);
    }
    return {
      id: `bench${String(i).padStart(8, '0')}`, project: 'bench', name: `run ${i}`, group: `lr=${lr}`,
      status: failed ? 'failed' : 'completed', params: { lr, seed: i % 5, batch: 32 << (i % 3) }, tags: [], notes: '',
      startTime: 0, endTime: 1000, heartbeat: 1000, exitCode: failed ? 1 : 0, error: null, command: null, cwd: null,
      gitCommit: null, gitDirty: null, host: 'bench', summary: {}, metrics,
    };
  });
}

/** Writes the bench runs into a fresh SQLite store: 10,000 runs × 20 series of one point each. */
async function fillStore(store: SqliteStore, runs: Run[]): Promise<void> {
  for (const r of runs) {
    const { run } = await store.createRun({ project: r.project, name: r.name, group: r.group, params: r.params, status: r.status });
    await store.appendPoints(
      run.id,
      Object.values(r.metrics).map((m) => ({ key: m.key, steps: [0], values: [m.last], times: [0] })),
    );
  }
}

/** The source loading every metric whatever it is asked for (the behaviour before ListRunsOptions.metricKeys). */
function everyMetric(source: AnalyticsSource): AnalyticsSource {
  return { describe: source.describe, listRuns: (q) => source.listRuns({ filter: q.filter, limit: q.limit }), readSeries: (id, key) => source.readSeries(id, key) };
}

/**
 * Median time of each analysis kind over 10,000 runs × 20 metrics read from a real SQLite store: loading the runs
 * (filter pushed down, one store query) plus the statistics. One entry per kind, and one for importance loading
 * every metric; the two importance entries are timed alternately.
 */
export async function benchAnalytics(): Promise<{ kind: string; ms: number; samples: number[] }[]> {
  const dir = mkdtempSync(join(tmpdir(), 'runlens-analytics-bench-'));
  const store = new SqliteStore({ dataDir: dir });
  try {
    await fillStore(store, buildRuns());
    const source = storeAnalyticsSource(store);
    const request = AnalyzeRequestSchema.parse({ metric: 'val/loss', groupBy: 'params.lr' });
    const passes: { label: string; kind: string; source: AnalyticsSource }[][] = [
      [{ label: 'stats', kind: 'stats', source }],
      [{ label: 'compare', kind: 'compare', source }],
      [{ label: 'failures', kind: 'failures', source }],
      [
        { label: 'importance', kind: 'importance', source },
        { label: 'importance, every metric loaded', kind: 'importance', source: everyMetric(source) },
      ],
    ];
    const out: { kind: string; ms: number; samples: number[] }[] = [];
    for (const pass of passes) {
      for (const p of pass) await runAnalyze(p.kind, request, p.source); // warm: JIT and SQLite page cache
      const samples = pass.map((): number[] => []);
      for (let i = 0; i < REPEATS; i++) {
        for (const [j, p] of pass.entries()) {
          const started = performance.now();
          await runAnalyze(p.kind, request, p.source);
          samples[j]!.push(performance.now() - started);
        }
      }
      for (const [j, p] of pass.entries()) {
        const sorted = samples[j]!.sort((a, b) => a - b);
        out.push({ kind: p.label, ms: sorted[Math.floor(sorted.length / 2)]!, samples: sorted });
      }
    }
    return out;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
