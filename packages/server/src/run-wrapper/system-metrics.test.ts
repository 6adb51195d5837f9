import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { parseNvidiaSmi, startSystemSampler, type SystemPoint } from './system-metrics.js';

const dir = mkdtempSync(join(tmpdir(), 'runlens-sys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

/** A command that spins one core and starts a worker holding ~64 MB, like a training script and its DataLoader. */
function busyTree(): ChildProcess {
  const worker = `const b = Buffer.alloc(64 * 1024 * 1024, 1); setInterval(() => b[0]++, 100);`;
  const script = `
    require('child_process').spawn(process.execPath, ['-e', ${JSON.stringify(worker)}], { stdio: 'ignore' });
    const end = Date.now() + 60000; let x = 0; while (Date.now() < end) x++;
  `;
  const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore', detached: true });
  children.push(child);
  return child;
}

interface Sample {
  points: SystemPoint[];
  step: number;
  time: number;
}

describe('startSystemSampler', () => {
  it('samples cpu and rss of the whole process tree with a step counter and wall time', async () => {
    const child = busyTree();
    const samples: Sample[] = [];
    const sampler = startSystemSampler({ pid: child.pid!, intervalMs: 100, nvidiaSmi: false, onSample: (points, step, time) => samples.push({ points, step, time }) });
    try {
      await vi.waitFor(
        () => {
          const last = samples.at(-1)!;
          const rss = last.points.find((p) => p.key === 'sys/rss_mb')!.value;
          const cpu = last.points.find((p) => p.key === 'sys/cpu_percent')!.value;
          // the worker's 64 MB counts, so the tree is measured, not just the command
          expect(rss).toBeGreaterThan(64);
          expect(cpu).toBeGreaterThan(20);
        },
        { timeout: 20_000, interval: 100 },
      );
    } finally {
      await sampler.stop();
      process.kill(-child.pid!, 'SIGKILL');
    }
    expect(samples.map((s) => s.step)).toEqual(samples.map((_, i) => i));
    expect(samples[0]!.time).toBeGreaterThan(Date.now() - 60_000);
    const n = samples.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(samples.length).toBe(n);
  });

  it('reads GPUs through nvidia-smi when there is one', async () => {
    const fake = join(dir, 'nvidia-smi');
    writeFileSync(fake, `#!/bin/sh\nprintf '%s\\n' '35, 1024, 81559' '0, 5, 81559'\n`);
    chmodSync(fake, 0o755);
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    children.push(child);
    const samples: SystemPoint[][] = [];
    const sampler = startSystemSampler({ pid: child.pid!, intervalMs: 50, nvidiaSmi: fake, onSample: (p) => samples.push(p) });
    await vi.waitFor(() => expect(samples.length).toBeGreaterThanOrEqual(2), { timeout: 10_000 });
    await sampler.stop();
    const keys = samples[0]!.map((p) => p.key);
    expect(keys).toEqual(expect.arrayContaining(['sys/cpu_percent', 'sys/rss_mb', 'sys/gpu0/util_percent', 'sys/gpu0/memory_mb', 'sys/gpu1/util_percent']));
    expect(samples[0]!.find((p) => p.key === 'sys/gpu0/util_percent')!.value).toBe(35);
  });

  it('switches a failing sampler off quietly and stops when none is left', async () => {
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await new Promise((r) => child.once('exit', r));
    const samples: SystemPoint[][] = [];
    // the process is gone and there is no nvidia-smi by that name: nothing to report, nothing thrown
    const sampler = startSystemSampler({ pid: child.pid!, intervalMs: 20, nvidiaSmi: join(dir, 'no-such-nvidia-smi'), onSample: (p) => samples.push(p) });
    await new Promise((r) => setTimeout(r, 200));
    await sampler.stop();
    expect(samples).toEqual([]);
  });
});

describe('parseNvidiaSmi', () => {
  it('reads one line per GPU and skips fields the GPU does not report', () => {
    expect(parseNvidiaSmi('87, 30215, 81559\n[N/A], 12, [N/A]\n')).toEqual([
      { key: 'sys/gpu0/util_percent', value: 87 },
      { key: 'sys/gpu0/memory_mb', value: 30215 },
      { key: 'sys/gpu0/memory_percent', value: (100 * 30215) / 81559 },
      { key: 'sys/gpu1/memory_mb', value: 12 },
    ]);
    expect(parseNvidiaSmi('')).toEqual([]);
    expect(parseNvidiaSmi('NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.')).toEqual([]);
  });
});
