/** What `runlens demo` does (see demo.ts, which registers the command); loaded when it runs. */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import cliProgress from 'cli-progress';
import { RunlensError } from '@runlens/core';
import { startServer, type RunningServer } from '../../server/app.js';
import { demoRuns, type DemoRunSpec } from '../../demo/sweep.js';
import type { DemoJob, DemoWorkerMessage } from '../../demo/demo-worker.js';
import { formatNumber, renderTable } from '../format.js';
import { waitForSignal } from './serve.js';

export interface DemoOptions {
  data: string;
  port: number;
  quick: boolean;
  serve: boolean;
  workers?: number;
  project: string;
}

const WORKER = new URL('../../demo/demo-worker.js', import.meta.url);

async function startDemoServer(o: DemoOptions): Promise<RunningServer> {
  try {
    return await startServer({ dataDir: o.data, port: o.port });
  } catch (e) {
    if (e instanceof RunlensError && /in use/.test(e.message)) {
      console.log(`port ${o.port} is busy; using a free one`);
      return startServer({ dataDir: o.data, port: 0 });
    }
    throw e;
  }
}

function runWorker(job: DemoJob, onProgress: (step: number) => void): Promise<Extract<DemoWorkerMessage, { type: 'done' }>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: job });
    let done: Extract<DemoWorkerMessage, { type: 'done' }> | undefined;
    worker.on('message', (m: DemoWorkerMessage) => {
      if (m.type === 'progress') onProgress(m.step);
      else done = m;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => (done ? resolve(done) : reject(new Error(`demo worker for ${job.name} exited with code ${code}`))));
  });
}

export async function runDemoSweep(url: string, o: { quick: boolean; workers: number; project: string; progress: boolean }) {
  const runs: DemoRunSpec[] = demoRuns(o.quick ? 'quick' : 'full');
  const totalSteps = runs.reduce((a, r) => a + r.config.steps, 0);
  const bar = o.progress
    ? new cliProgress.SingleBar({ format: 'training [{bar}] {percentage}% | {done}/{runs} runs | {eta}s left', hideCursor: true }, cliProgress.Presets.shades_classic)
    : undefined;
  const stepsDone = new Map<string, number>();
  let finished = 0;
  bar?.start(totalSteps, 0, { done: 0, runs: runs.length });
  const results: (Extract<DemoWorkerMessage, { type: 'done' }> & { run: DemoRunSpec })[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(o.workers, runs.length) }, async () => {
      while (next < runs.length) {
        const r = runs[next++]!;
        const job: DemoJob = { url, project: o.project, name: r.name, group: r.group, params: r.params, config: r.config, tags: ['demo'] };
        const res = await runWorker(job, (step) => {
          stepsDone.set(r.name, step);
          bar?.update([...stepsDone.values()].reduce((a, b) => a + b, 0), { done: finished, runs: runs.length });
        });
        stepsDone.set(r.name, r.config.steps);
        finished++;
        bar?.update([...stepsDone.values()].reduce((a, b) => a + b, 0), { done: finished, runs: runs.length });
        results.push({ ...res, run: r });
      }
    }),
  );
  bar?.stop();
  return results;
}

export async function demoAction(o: DemoOptions): Promise<void> {
  const started = performance.now();
  const server = await startDemoServer(o);
  console.log(`runlens demo: dashboard at ${server.url}  (data: ${o.data})`);
  const workers = o.workers ?? Math.max(1, Math.min(4, availableParallelism()));
  let results;
  try {
    results = await runDemoSweep(server.url, { quick: o.quick, workers, project: o.project, progress: process.stderr.isTTY === true });
  } catch (e) {
    await server.close();
    throw e;
  }
  results.sort((a, b) => a.run.config.lr - b.run.config.lr || a.run.config.seed - b.run.config.seed);
  console.log(
    renderTable(
      ['run', 'lr', 'seed', 'status', 'final val loss', 'error'],
      results.map((r) => [r.run.name, String(r.run.config.lr), String(r.run.config.seed), r.status, r.finalValLoss === null ? '' : formatNumber(r.finalValLoss), r.error ?? '']),
    ),
  );
  console.log(`\ntrained ${results.length} runs in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (!o.serve) {
    await server.close();
    return;
  }
  console.log(`\nOpen ${server.url} to explore the sweep (Ctrl-C to stop).`);
  console.log(`Try: runlens ls --data ${o.data} --sort metrics.val/loss.min`);
  await waitForSignal();
  await server.close();
}
