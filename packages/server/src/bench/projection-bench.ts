/**
 * The parameter-evolution projection against the "server ≤ 500 MB RSS" budget of DESIGN.md: 100 snapshots of a
 * 2,048 × 768 embedding (float16 on disk, ~630 MB as float32 if all were held at once) written through the real
 * SQLite store, then projected by the real route (`GET /tensors/{name}/projection`, app.inject) in a child process,
 * so the peak RSS reported is the projection's and not the data generation's. The child runs this same file, built.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { LIMITS, createSeededRandom } from '@runlens/core';
import { buildApp } from '../server/app.js';
import { SqliteStore } from '../store/sqlite-store.js';

export interface ProjectionBenchOptions {
  /** 10 snapshots instead of 100. */
  quick: boolean;
  log(msg: string): void;
}

export interface ProjectionBenchResult {
  /** Wall time of the projection request (reads, projection, JSON), in the child. */
  seconds: number;
  /** The child's peak resident set size (process.resourceUsage().maxRSS, KiB → MiB) when the answer is in. */
  peakRssMb: number;
  rows: number;
  cols: number;
  snapshots: number;
}

const ROWS = 2048;
const COLS = 768;
const TENSOR = 'tok_emb';
const CHILD_FLAG = '--projection-bench-child';

/** What the child prints as its last stdout line. */
interface ChildReport {
  seconds: number;
  peakRssMb: number;
  rssBeforeMb: number;
  status: number;
  snapshots: number;
  neighboursNull: number;
}

export async function benchProjection(options: ProjectionBenchOptions): Promise<ProjectionBenchResult> {
  const snapshots = options.quick ? 10 : 100;
  const dir = await mkdtemp(join(tmpdir(), 'runlens-projection-bench-'));
  try {
    const started = performance.now();
    const runId = await writeSnapshots(dir, snapshots);
    options.log(`projection bench: wrote ${snapshots} snapshots of ${ROWS} × ${COLS} (float16) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const report = await runChild(dir, runId);
    if (report.status !== 200) throw new Error(`projection request answered ${report.status}`);
    if (report.snapshots !== snapshots) throw new Error(`projection returned ${report.snapshots} snapshots, expected ${snapshots}`);
    options.log(
      `projection bench: ${report.seconds.toFixed(2)} s, peak RSS ${report.peakRssMb.toFixed(0)} MiB (${report.rssBeforeMb.toFixed(0)} MiB before the request), ` +
        `${report.neighboursNull} of ${report.snapshots} snapshots without precomputed neighbours`,
    );
    return { seconds: report.seconds, peakRssMb: report.peakRssMb, rows: ROWS, cols: COLS, snapshots };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * A seeded embedding that drifts: a fixed low-rank structure plus per-row noise, each snapshot moving the rows a
 * little and adding fresh noise, so PCA and alignment have real structure to work on.
 */
async function writeSnapshots(dir: string, count: number): Promise<string> {
  const store = new SqliteStore({ dataDir: dir });
  try {
    const { run } = await store.createRun({ project: 'bench', name: 'projection' });
    const rng = createSeededRandom(7);
    const base = new Float32Array(ROWS * COLS);
    const latent = Array.from({ length: 8 }, () => Float32Array.from({ length: COLS }, () => rng.normal()));
    const drift = Float32Array.from({ length: ROWS * COLS }, () => rng.normal() * 0.01);
    for (let i = 0; i < ROWS; i++) {
      const z = latent.map((_, d) => rng.normal() * (8 - d));
      for (let j = 0; j < COLS; j++) {
        let v = rng.normal() * 0.3;
        for (let d = 0; d < latent.length; d++) v += z[d]! * latent[d]![j]! * 0.1;
        base[i * COLS + j] = v;
      }
    }
    const values = new Float32Array(ROWS * COLS);
    const labels = Array.from({ length: ROWS }, (_, i) => `tok${i}`);
    const finite = { nan: 0, posInf: 0, negInf: 0 };
    for (let t = 0; t < count; t++) {
      for (let i = 0; i < values.length; i++) values[i] = base[i]! + t * drift[i]! + (rng.next() - 0.5) * 0.02;
      await store.appendTensor(run.id, { name: TENSOR, step: t * 100, time: Date.UTC(2025, 0, 1) + t * 60_000, dtype: 'float16', rows: ROWS, cols: COLS, values, labels, finite }, LIMITS.maxTensorSnapshots);
    }
    return run.id;
  } finally {
    await store.close();
  }
}

/** This file, built: the child must run JavaScript even when the parent was loaded from TypeScript source. */
function builtSelf(): string {
  const self = fileURLToPath(import.meta.url);
  if (self.endsWith('.js')) return self;
  const built = fileURLToPath(new URL('../../dist/bench/projection-bench.js', import.meta.url));
  if (!existsSync(built)) throw new Error(`projection bench: ${built} is missing; run npm run build -w runlens first`);
  return built;
}

function runChild(dir: string, runId: string): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [builtSelf(), CHILD_FLAG, dir, runId], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`projection bench child exited with ${code}: ${last}`));
      try {
        resolve(JSON.parse(last) as ChildReport);
      } catch {
        reject(new Error(`projection bench child printed no report: ${last}`));
      }
    });
  });
}

/** In the child: the route, as a server answers it. */
async function childMain(dir: string, runId: string): Promise<void> {
  const store = new SqliteStore({ dataDir: dir });
  const built = await buildApp({ store });
  try {
    const rssBeforeMb = process.memoryUsage().rss / 1024 / 1024;
    const started = performance.now();
    const res = await built.app.inject({ url: `/api/v1/runs/${runId}/tensors/${TENSOR}/projection` });
    const seconds = (performance.now() - started) / 1000;
    // read before parsing the answer here: that parse is the bench's, not the server's
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    const body = res.statusCode === 200 ? (res.json() as { snapshots: { neighbours: number[] | null }[] }) : { snapshots: [] };
    const report: ChildReport = {
      seconds,
      peakRssMb,
      rssBeforeMb,
      status: res.statusCode,
      snapshots: body.snapshots.length,
      neighboursNull: body.snapshots.filter((s) => s.neighbours === null).length,
    };
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    await built.close();
    await store.close();
  }
}

if (process.argv[2] === CHILD_FLAG && process.argv[1] === fileURLToPath(import.meta.url)) {
  await childMain(process.argv[3]!, process.argv[4]!);
}
