/**
 * The README's main job: `runlens demo` trains a real sweep through @runlens/client and leaves data a user can
 * read. Runs the quick preset through the built CLI.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILT, runCli, tempDir } from './helpers/cli.js';
import { SqliteStore } from '../packages/server/src/store/sqlite-store.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface WireRun {
  id: string;
  name: string;
  group: string;
  status: string;
  params: Record<string, unknown>;
  error: string | null;
  metrics: Record<string, { count: number; last: number | string; nanCount: number }>;
  summary: Record<string, number | string>;
}

describe.runIf(BUILT)('runlens demo', () => {
  it('trains the lr × seed sweep, one rate diverging to NaN, and leaves the runs in the data dir', async () => {
    const data = tempDir();
    dirs.push(data);
    const r = runCli(['demo', '--quick', '--no-serve', '--port', '0', '--data', data]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/dashboard at http:\/\/127\.0\.0\.1:\d+/);
    expect(r.stdout).toMatch(/trained 12 runs/);
    const runs = JSON.parse(runCli(['ls', '--data', data, '--json', '--limit', '100']).stdout) as WireRun[];
    expect(runs).toHaveLength(12);
    const failed = runs.filter((x) => x.status === 'failed');
    expect(failed.map((x) => x.params.lr)).toEqual([10, 10, 10]);
    for (const f of failed) {
      expect(f.error).toMatch(/diverged to NaN/);
      expect(f.metrics['train/loss']!.last).toBe('NaN');
    }
    const healthy = runs.filter((x) => x.status === 'completed');
    expect(healthy).toHaveLength(9);
    // seeds of one learning rate share a group; groups differ across rates
    const groups = new Map<unknown, Set<string>>();
    for (const x of runs) groups.set(x.params.lr, (groups.get(x.params.lr) ?? new Set()).add(x.group));
    expect([...groups.values()].every((g) => g.size === 1)).toBe(true);
    expect(new Set(runs.map((x) => x.group)).size).toBe(4);
    for (const h of healthy) {
      expect(h.metrics['train/loss']!.count).toBe(60);
      expect(h.metrics['val/loss']!.count).toBeGreaterThanOrEqual(3);
      expect(h.metrics['train/loss']!.nanCount).toBe(0);
    }
    // a higher (healthy) learning rate learns faster in this sweep: mean final val loss falls with lr
    const meanVal = (lr: number) => {
      const xs = healthy.filter((x) => x.params.lr === lr).map((x) => x.metrics['val/loss']!.last as number);
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    expect(meanVal(0.1)).toBeGreaterThan(meanVal(0.3));
    expect(meanVal(0.3)).toBeGreaterThan(meanVal(1));
    // every evaluation logs the character embedding, labelled with its characters, for the Parameters view
    const store = new SqliteStore({ dataDir: data, readonly: true });
    try {
      const tensors = await store.listTensors(healthy[0]!.id);
      expect(tensors.map((t) => t.name)).toEqual(['embeddings']);
      expect(tensors[0]!.steps.length).toBeGreaterThanOrEqual(3);
      const emb = await store.readTensor(healthy[0]!.id, 'embeddings');
      expect(emb!.labels).toContain('e');
      expect(emb!.rows).toBe(emb!.labels!.length);
      // and a histogram of each weight matrix at the same steps
      expect((await store.histogramKeys(healthy[0]!.id)).map((k) => k.key).sort()).toEqual(['weights/embeddings', 'weights/w1', 'weights/w2']);
      const w1 = await store.readHistograms(healthy[0]!.id, 'weights/w1');
      expect(w1.map((h) => h.step)).toEqual(tensors[0]!.steps);
    } finally {
      await store.close();
    }
  }, 120_000);
});
