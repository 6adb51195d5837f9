/**
 * `runlens analyze` end to end on the demo's sweep: failures name the diverging learning rate, compare ranks the
 * healthy rates with intervals, the report holds both; bad input gives a clear message. Also POST /api/v1/analytics.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, BUILT, runCli, serve, tempDir, type ServeProcess } from './helpers/cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface FailuresJson {
  kind: string;
  analysis: { failed: number; total: number; findings: string[]; byParam: { param: string; significant: boolean; threshold?: { op: string; value: number; failedAbove: number; totalAbove: number } }[] };
}
interface CompareJson {
  metric: string;
  direction: string;
  comparison: { ranking: { group: string; rank: number; n: number; mean: number; ci: [number, number] }[] };
  excluded: { name: string; reason: string }[];
  warnings: string[];
}

describe.runIf(BUILT)('runlens analyze', () => {
  let data = '';
  beforeAll(() => {
    data = tempDir();
    dirs.push(data);
    const r = runCli(['demo', '--quick', '--no-serve', '--port', '0', '--data', data]);
    expect(r.code, r.stderr).toBe(0);
  }, 120_000);

  it('failures names lr (threshold 10, 3 of 3)', () => {
    const r = runCli(['analyze', 'failures', '--data', data, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as FailuresJson;
    expect(out.kind).toBe('failures');
    expect(out.analysis.failed).toBe(3);
    const lr = out.analysis.byParam.find((p) => p.param === 'lr')!;
    expect(lr.significant).toBe(true);
    expect(lr.threshold).toMatchObject({ op: '>=', value: 10, failedAbove: 3, totalAbove: 3 });
    expect(out.analysis.findings[0]).toMatch(/^lr ≥ 10: 3 of 3 runs failed/);
  });

  it('compare ranks lr 1 < 0.3 < 0.1 by mean final val loss with CIs; diverged runs excluded with a warning', () => {
    const r = runCli(['analyze', 'compare', '--data', data, '--metric', 'val/loss', '--group-by', 'params.lr', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as CompareJson;
    expect(out.direction).toBe('lower');
    expect(out.comparison.ranking.map((g) => g.group)).toEqual(['lr=1', 'lr=0.3', 'lr=0.1']);
    for (const g of out.comparison.ranking) {
      expect(g.n).toBe(3);
      expect(g.ci[0]).toBeLessThan(g.mean);
      expect(g.ci[1]).toBeGreaterThan(g.mean);
    }
    expect(out.excluded.filter((e) => /^lr=10 /.test(e.name))).toHaveLength(3);
    expect(out.warnings.join('\n')).toMatch(/3 failed or crashed runs left out/);
  });

  it('report writes Markdown with the lr finding and a ranking table', () => {
    const file = join(data, 'report.md');
    const r = runCli(['analyze', 'report', '--data', data, '--out', file]);
    expect(r.code, r.stderr).toBe(0);
    const md = readFileSync(file, 'utf8');
    expect(md).toMatch(/\*\*Likely cause:\*\* lr >= 10/);
    expect(md).toContain('lr ≥ 10: 3 of 3 runs failed');
    expect(md).toMatch(/\| rank \| group \| n \| mean ± 95% CI half-width \| CI \|/);
    expect(md).toMatch(/\| 1 \| lr=1 \| 3 \| [\d.]+ ± [\d.]+ \| \[[\d.]+, [\d.]+\] \|/);
    expect(md).toContain('## Parameter importance');
  });

  it('stats prints a table, and --json encodes NaN as a string', () => {
    const r = runCli(['analyze', 'stats', '--data', data, '--metric', 'val/loss,train/loss', '--include-failed', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('"NaN"');
    const text = runCli(['analyze', 'stats', '--data', data]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/val\/loss\s+lr=0\.1\s+3/);
  });

  it('an unknown metric is a clear error naming it', () => {
    const r = runCli(['analyze', 'compare', '--data', data, '--metric', 'val/los']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown metric: val\/los \(metrics of these runs: .*val\/loss/);
    const p = runCli(['analyze', 'compare', '--data', data, '--group-by', 'params.nope']);
    expect(p.code).toBe(1);
    expect(p.stderr).toMatch(/unknown param: nope/);
  });

  it('a filter matching nothing gives a result with a warning (exit 0)', () => {
    const r = runCli(['analyze', 'compare', '--data', data, '--filter', 'params.lr > 100', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { warnings: string[] };
    expect(out.warnings).toContain('no runs match the selection: check the project, groups, status and filter');
  });

  describe('over HTTP', () => {
    let server: ServeProcess;
    beforeAll(async () => {
      server = await serve(data);
    }, 60_000);
    afterAll(async () => {
      await server.stop();
    });

    it('POST /api/v1/analytics/compare and /query answer like the CLI', async () => {
      const c = await api<CompareJson>(server.url, '/api/v1/analytics/compare', { method: 'POST', body: { metric: 'val/loss', groupBy: 'params.lr' } });
      expect(c.status).toBe(200);
      expect(c.body.comparison.ranking.map((g) => g.group)).toEqual(['lr=1', 'lr=0.3', 'lr=0.1']);
      const q = await api<{ aggregated: { group: string; stats: { mean: number } }[]; excluded: unknown[] }>(server.url, '/api/v1/analytics/query', {
        method: 'POST',
        body: { metrics: [{ key: 'val/loss', reduce: 'min' }], groupBy: 'params.lr', runs: { status: ['completed'] } },
      });
      expect(q.status).toBe(200);
      expect(q.body.aggregated.map((a) => a.group)).toEqual(['lr=0.1', 'lr=0.3', 'lr=1']);
      const bad = await api<{ error: { code: string; message: string } }>(server.url, '/api/v1/analytics/query', { method: 'POST', body: { metrics: [{ key: 'nope' }] } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/unknown metric: nope/);
      const unknown = await api(server.url, '/api/v1/analytics/astrology', { method: 'POST', body: {} });
      expect(unknown.status).toBe(400);
    });
  });
}, 200_000);
