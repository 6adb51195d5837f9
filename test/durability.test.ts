/**
 * Acknowledged data survives `kill -9` of the server: points whose POST returned 200 before the kill are all
 * there, exactly, after a restart on the same data directory.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILT, api, serve, tempDir } from './helpers/cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe.runIf(BUILT)('durability', () => {
  it('loses no acknowledged point when the server is SIGKILLed during ingestion', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const first = await serve(dir);
    const { body: run } = await api<{ id: string }>(first.url, '/api/v1/runs', { method: 'POST', body: { project: 'p', name: 'kill-me' } });
    const acked: number[] = [];
    let step = 0;
    let stopped = false;
    // several writers at once, so the kill lands while requests are in flight
    const writer = async () => {
      while (!stopped) {
        const steps = Array.from({ length: 500 }, () => step++);
        try {
          const res = await fetch(`${first.url}/api/v1/runs/${run.id}/metrics`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ series: [{ key: 'loss', steps, values: steps.map((s) => s * 0.5) }, { key: 'acc', steps, values: steps.map((s) => (s % 7 === 0 ? 'NaN' : s)) }] }),
          });
          if (res.ok) acked.push(...steps);
        } catch {
          return; // the server is gone
        }
      }
    };
    const writers = [writer(), writer(), writer()];
    while (acked.length < 40_000) await new Promise((r) => setTimeout(r, 5));
    await first.stop('SIGKILL');
    stopped = true;
    await Promise.all(writers);

    const second = await serve(dir);
    try {
      const { body } = await api<{ series: { key: string; steps: number[]; values: (number | string)[] }[] }>(second.url, `/api/v1/series?runs=${run.id}&keys=loss,acc&method=none`);
      const loss = body.series.find((s) => s.key === 'loss')!;
      const acc = body.series.find((s) => s.key === 'acc')!;
      const lossAt = new Map(loss.steps.map((s, i) => [s, loss.values[i]]));
      const accAt = new Map(acc.steps.map((s, i) => [s, acc.values[i]]));
      const missing = acked.filter((s) => lossAt.get(s) !== s * 0.5 || accAt.get(s) !== (s % 7 === 0 ? 'NaN' : s));
      expect(missing.length, `first missing steps: ${missing.slice(0, 5).join(', ')}`).toBe(0);
      expect(acked.length).toBeGreaterThanOrEqual(40_000);
      // and the store keeps working after recovery
      const more = await api(second.url, `/api/v1/runs/${run.id}/metrics`, { method: 'POST', body: { points: [{ key: 'loss', step: 10_000_000, value: 1 }] } });
      expect(more.status).toBe(200);
    } finally {
      await second.stop();
    }
  }, 120_000);
});
