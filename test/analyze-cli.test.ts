/**
 * `runlens analyze` end to end on the demo's sweep: failures name the diverging learning rate, compare ranks the
 * healthy rates with intervals, curves find the divergence, outliers and importance point at lr = 10 and lr, the
 * report holds them per metric, a query file runs like POST /api/v1/analytics/query, CSV parses back; bad input
 * gives a clear message. Also POST /api/v1/analytics.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, BUILT, runCli, serve, tempDir, type ServeProcess } from './helpers/cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface FailuresJson {
  kind: string;
  analysis: { failed: number; total: number; findings: string[]; byParam: { param: string; significant: boolean; threshold?: { op: string; value: number; failedAbove: number; totalAbove: number } }[] };
}
interface CurvesJson {
  kind: string;
  metric: string;
  goal: string;
  diverged: number;
  curves: {
    runId: string;
    name: string;
    group: string;
    status: string;
    analysis: { best: { step: number; value: number } | null; convergence: { step: number } | null; plateaus: unknown[]; divergence: { step: number; kind: string; value: number } | null; phases: unknown[]; warnings: string[] };
  }[];
  warnings: string[];
}
interface OutliersJson {
  kind: string;
  metric: string;
  method: string;
  fences: { lower: number; upper: number };
  outliers: { runId: string; name: string; group: string; value: number; reason: string }[];
  kept: number;
  excluded: { name: string; metric: string | null; reason: string }[];
  warnings: string[];
}
interface ImportanceJson {
  kind: string;
  metric: string;
  importance: { params: { param: string; kind: string; importance: number | string; importanceStd: number | string; spearman: { rho: number; pValue: number } | null }[]; oobR2: number | string; n: number };
  warnings: string[];
}
interface QueryJson {
  rows: { name: string; groupKey: string; values: Record<string, number> }[];
  aggregated: { group: string; metric: string; stats: { count: number; mean: number } }[];
  excluded: unknown[];
  warnings: string[];
  metadata: { columns: string[] };
}
interface CompareJson {
  metric: string;
  direction: string;
  comparison: { ranking: { group: string; rank: number; n: number; mean: number; ci: [number, number] }[] };
  excluded: { name: string; reason: string }[];
  warnings: string[];
}

/** CSV text as records keyed by the header, by csv-parse (an independent RFC 4180 reader). */
function readCsv(text: string): Record<string, string>[] {
  return parse(text, { columns: true, skip_empty_lines: true });
}

const QUERY = { metrics: [{ key: 'val/loss', reduce: 'min' }], groupBy: 'params.lr', runs: { status: ['completed'] } };

describe.runIf(BUILT)('runlens analyze', () => {
  let data = '';
  let queryFile = '';
  beforeAll(() => {
    data = tempDir();
    dirs.push(data);
    const r = runCli(['demo', '--quick', '--no-serve', '--port', '0', '--data', data]);
    expect(r.code, r.stderr).toBe(0);
    queryFile = join(data, 'query.json');
    writeFileSync(queryFile, JSON.stringify(QUERY));
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

  it('curves: the lr=10 train losses explode; the others have a best step late in training', () => {
    const r = runCli(['analyze', 'curves', '--data', data, '--metric', 'train/loss', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as CurvesJson;
    expect(out).toMatchObject({ kind: 'curves', metric: 'train/loss', goal: 'minimize', diverged: 3 });
    expect(out.curves).toHaveLength(12);
    for (const c of out.curves) {
      expect(Object.keys(c.analysis)).toEqual(expect.arrayContaining(['best', 'convergence', 'plateaus', 'divergence', 'phases']));
      if (c.group === 'lr=10') {
        expect(c.status).toBe('failed');
        expect(c.analysis.divergence, c.name).toMatchObject({ kind: expect.stringMatching(/^(nan|explosion)$/) });
        expect(c.analysis.best!.step).toBeLessThan(c.analysis.divergence!.step);
      } else {
        expect(c.status).toBe('completed');
        expect(c.analysis.divergence, c.name).toBeNull();
        // trained for 60 steps: the best loss comes in the second half, well below the initial ~3.9
        expect(c.analysis.best!.step).toBeGreaterThan(30);
        expect(c.analysis.best!.value).toBeLessThan(3);
      }
    }
    const text = runCli(['analyze', 'curves', '--data', data, '--metric', 'train/loss']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('train/loss: 3 of 12 curves diverged.');
    expect(text.stdout).toMatch(/lr=10 seed=1\s+failed\s+[\d.]+ @ \d+\s+(nan|explosion) @ \d+/);
  });

  it('curves on the default metric: the lr=10 runs died before their second evaluation, and a warning says so', () => {
    const r = runCli(['analyze', 'curves', '--data', data]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('val/loss: 0 of 12 curves diverged.');
    expect(r.stderr).toContain('warning: lr=10 seed=1, lr=10 seed=2, lr=10 seed=3: only 1 analysed point: at least 4 are needed to find trends');
  });

  it('outliers: with failed runs kept, the three lr=10 val losses lie above the IQR fence, each with its value and reason', () => {
    const r = runCli(['analyze', 'outliers', '--data', data, '--include-failed', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as OutliersJson;
    expect(out).toMatchObject({ kind: 'outliers', metric: 'val/loss', method: 'iqr', kept: 9 });
    expect(out.outliers.map((o) => o.name).sort()).toEqual(['lr=10 seed=1', 'lr=10 seed=2', 'lr=10 seed=3']);
    for (const o of out.outliers) {
      expect(o.group).toBe('lr=10');
      expect(o.value).toBeGreaterThan(out.fences.upper);
      expect(o.reason).toMatch(/^value [\d.]+ is above the IQR upper fence [\d.]+ \(Q3 [\d.]+ \+ 1\.5 × IQR [\d.]+\)$/);
    }
    const text = runCli(['analyze', 'outliers', '--data', data, '--include-failed']);
    expect(text.stdout).toMatch(/lr=10 seed=1\s+lr=10\s+3\.8\d*\s+value 3\.8\d* is above the IQR upper fence/);
    // by default failed runs are left out first (with their reason), and nothing else is an outlier
    const d = JSON.parse(runCli(['analyze', 'outliers', '--data', data, '--json']).stdout) as OutliersJson;
    expect(d.outliers).toEqual([]);
    expect(d.kept).toBe(9);
    expect(d.excluded.filter((e) => /^lr=10 /.test(e.name))).toHaveLength(3);
    expect(d.excluded[0]!.reason).toMatch(/failed/);
  });

  it('importance ranks lr first (lower loss with higher lr among the healthy runs) and says the sample is small', () => {
    const r = runCli(['analyze', 'importance', '--data', data, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as ImportanceJson;
    expect(out).toMatchObject({ kind: 'importance', metric: 'val/loss' });
    expect(out.importance.n).toBe(9);
    const [first, ...rest] = out.importance.params;
    expect(first).toMatchObject({ param: 'lr', kind: 'numeric' });
    expect(first!.spearman!.rho).toBeLessThan(-0.8);
    expect(first!.spearman!.pValue).toBeLessThan(0.01);
    for (const p of rest) expect(Number(p.importance)).toBeLessThan(Number(first!.importance));
    expect(out.warnings).toContain('only 9 runs with this metric: importance estimates are rough (fewer than 30)');
    // constant params: one line, not one warning each
    expect(out.warnings.filter((w) => /constant/.test(w))).toEqual([expect.stringMatching(/^skipped constant params: activation, batch_size, /)]);
    const few = runCli(['analyze', 'importance', '--data', data, '--filter', 'params.lr < 0.5']);
    expect(few.code, few.stderr).toBe(0);
    expect(few.stdout).toMatch(/^val\/loss \(n = 6, /);
    expect(few.stderr).toContain('warning: only 6 runs with this metric: too few runs to estimate importance (n < 8)');
  });

  it('stats and compare write CSV that parses back to the numbers of --json', () => {
    const json = JSON.parse(runCli(['analyze', 'stats', '--data', data, '--group-by', 'params.lr', '--json']).stdout) as { result: QueryJson };
    const r = runCli(['analyze', 'stats', '--data', data, '--group-by', 'params.lr', '--csv']);
    expect(r.code, r.stderr).toBe(0);
    const table = readCsv(r.stdout);
    expect(table.map((t) => t.group)).toEqual(['lr=0.1', 'lr=0.3', 'lr=1']);
    table.forEach((t, i) => {
      const a = json.result.aggregated[i]!;
      expect(t).toMatchObject({ metric: 'val/loss', group: a.group, count: '3' });
      expect(Number(t.mean)).toBe(a.stats.mean);
      expect(Number(t.ci_low)).toBeLessThan(Number(t.mean));
    });
    // a line per run: the 9 runs that finished, or all 12 with the failed ones kept (a diverged train loss is NaN)
    const rows = readCsv(runCli(['analyze', 'stats', '--data', data, '--format', 'csv-rows']).stdout);
    expect(rows.map((x) => x.status)).toEqual(Array(9).fill('completed'));
    expect(rows.every((x) => Number(x['val/loss']) > 2 && Number(x['val/loss']) < 3)).toBe(true);
    const all = readCsv(runCli(['analyze', 'stats', '--data', data, '-m', 'val/loss,train/loss', '--format', 'csv-rows', '--include-failed']).stdout);
    expect(all).toHaveLength(12);
    const failed = all.find((x) => x.name === 'lr=10 seed=1')!;
    expect(failed).toMatchObject({ status: 'failed', 'params.lr': '10', 'train/loss': 'NaN' });
    expect(Number(failed['val/loss'])).toBeGreaterThan(3.5);
    const c = runCli(['analyze', 'compare', '--data', data, '--group-by', 'params.lr', '--format', 'csv']);
    expect(c.code, c.stderr).toBe(0);
    const ranking = readCsv(c.stdout);
    expect(ranking.map((g) => [g.rank, g.group])).toEqual([['1', 'lr=1'], ['2', 'lr=0.3'], ['3', 'lr=0.1']]);
    expect(ranking[0]).toMatchObject({ metric: 'val/loss', n: '3', significantly_better_than: 'lr=0.1;lr=0.3' });
    expect(Number(ranking[0]!.ci_low)).toBeLessThan(Number(ranking[0]!.mean));
  });

  it('--csv is refused where there is no table, and with a conflicting --json', () => {
    const r = runCli(['analyze', 'failures', '--data', data, '--csv']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--format csv: failures has no CSV form (stats, compare and query have one); use --json');
    const both = runCli(['analyze', 'stats', '--data', data, '--csv', '--json']);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('--json and --csv ask for different output formats: pick one');
    expect(runCli(['analyze', 'stats', '--data', data, '--format', 'xml']).stderr).toMatch(/Allowed choices are table, json, csv, csv-rows/);
  });

  it('report takes several metrics (repeated or comma-separated) and writes a section per metric', () => {
    const file = join(data, 'report-2.md');
    const r = runCli(['analyze', 'report', '--data', data, '-m', 'val/loss', '-m', 'train/loss', '--out', file]);
    expect(r.code, r.stderr).toBe(0);
    const md = readFileSync(file, 'utf8');
    expect(md).toContain('- Metrics: `val/loss` (lower is better), `train/loss` (lower is better); per run, the final value of its series');
    const val = md.indexOf('## val/loss (lower is better)');
    const train = md.indexOf('## train/loss (lower is better)');
    const failures = md.indexOf('## Failures');
    expect(val).toBeGreaterThan(0);
    expect(train).toBeGreaterThan(val);
    expect(failures).toBeGreaterThan(train);
    for (const section of [md.slice(val, train), md.slice(train, failures)]) {
      expect(section).toContain('### Groups ranked');
      expect(section).toMatch(/\| 1 \| lr=1 \| 3 \|/);
      expect(section).toContain('### Significant differences');
      expect(section).toMatch(/### Parameter importance\n\nFor (val|train)\/loss over 9 runs/);
    }
    const json = JSON.parse(runCli(['analyze', 'report', '--data', data, '-m', 'val/loss,train/loss', '--json']).stdout) as { metrics: { metric: string; comparison: { ranking: unknown[] } }[] };
    expect(json.metrics.map((m) => m.metric)).toEqual(['val/loss', 'train/loss']);
    expect(json.metrics.every((m) => m.comparison.ranking.length === 3)).toBe(true);
    // the default stays one metric, a validation loss
    const single = JSON.parse(runCli(['analyze', 'report', '--data', data, '--json']).stdout) as { metrics: { metric: string }[]; markdown: string };
    expect(single.metrics.map((m) => m.metric)).toEqual(['val/loss']);
    expect(single.markdown.match(/^## .*/gm)).toEqual(['## Setup', '## val/loss (lower is better)', '## Failures', '## Warnings']);
    // one-metric kinds say so instead of looking for a metric named "a,b"
    const c = runCli(['analyze', 'compare', '--data', data, '-m', 'val/loss', '-m', 'train/loss']);
    expect(c.code).toBe(1);
    expect(c.stderr).toContain('compare studies one metric, got 2: val/loss, train/loss (stats and report take several)');
  });

  it('query FILE prints the AnalyticsResult of a query JSON: a table, --json, --csv; - reads stdin', () => {
    const table = runCli(['analyze', 'query', queryFile, '--data', data]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^metric\s+group\s+n\s+mean\s+std\s+95% CI\n/);
    expect(table.stdout).toMatch(/val\/loss\.min\s+lr=1\s+3\s+2\.4\d*\s+[\d.]+\s+\[/);
    const json = JSON.parse(runCli(['analyze', 'query', queryFile, '--data', data, '--json']).stdout) as QueryJson;
    expect(json.metadata.columns).toEqual(['val/loss.min']);
    expect(json.aggregated.map((a) => a.group)).toEqual(['lr=0.1', 'lr=0.3', 'lr=1']);
    expect(json.rows).toHaveLength(9);
    const stdin = runCli(['analyze', 'query', '-', '--data', data, '--json'], { input: JSON.stringify(QUERY) });
    expect(stdin.code, stdin.stderr).toBe(0);
    expect((JSON.parse(stdin.stdout) as QueryJson).aggregated).toEqual(json.aggregated);
    const csv = readCsv(runCli(['analyze', 'query', queryFile, '--data', data, '--csv']).stdout);
    expect(csv.map((c) => [c.metric, c.group, c.count])).toEqual([['val/loss.min', 'lr=0.1', '3'], ['val/loss.min', 'lr=0.3', '3'], ['val/loss.min', 'lr=1', '3']]);
    csv.forEach((c, i) => expect(Number(c.mean)).toBe(json.aggregated[i]!.stats.mean));
    const rows = readCsv(runCli(['analyze', 'query', queryFile, '--data', data, '--format', 'csv-rows']).stdout);
    expect(rows.map((x) => Number(x['val/loss.min']))).toEqual(json.rows.map((x) => x.values['val/loss.min']));
  });

  it('query: bad JSON, a bad field, a missing file and flags that belong in the file are clear errors', () => {
    const bad = join(data, 'bad.json');
    writeFileSync(bad, '{"metrics": [{"key": "val/loss"}],}');
    const syntax = runCli(['analyze', 'query', bad, '--data', data]);
    expect(syntax.code).toBe(1);
    expect(syntax.stderr).toContain(`runlens: ${bad}: not valid JSON: `);
    expect(syntax.stderr).toMatch(/\(line 1, column 3\d\)/);
    const reduce = runCli(['analyze', 'query', '-', '--data', data], { input: '{"metrics": [{"key": "val/loss", "reduce": "median"}]}' });
    expect(reduce.code).toBe(1);
    expect(reduce.stderr).toMatch(/^runlens: stdin: invalid analytics query: metrics\.0\.reduce: /);
    const typo = runCli(['analyze', 'query', '-', '--data', data], { input: '{"metrics": [{"key": "val/loss"}], "group_by": "params.lr"}' });
    expect(typo.code).toBe(1);
    expect(typo.stderr).toMatch(/^runlens: stdin: invalid analytics query: unknown field group_by \(fields: .*groupBy/);
    const missing = runCli(['analyze', 'query', join(data, 'nope.json'), '--data', data]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.json: no such file');
    const noFile = runCli(['analyze', 'query', '--data', data]);
    expect(noFile.code).toBe(1);
    expect(noFile.stderr).toContain('analyze query needs a FILE');
    const flags = runCli(['analyze', 'query', queryFile, '--data', data, '--metric', 'val/loss', '-g', 'project']);
    expect(flags.code).toBe(1);
    expect(flags.stderr).toContain('--metric, --group-by do not apply');
    const unknownMetric = runCli(['analyze', 'query', '-', '--data', data], { input: '{"metrics": [{"key": "val/los"}]}' });
    expect(unknownMetric.code).toBe(1);
    expect(unknownMetric.stderr).toMatch(/unknown metric: val\/los/);
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

  it('--format markdown writes the stats result and the report as Markdown; other kinds refuse it', () => {
    const stats = runCli(['analyze', 'stats', '--data', data, '--metric', 'val/loss', '--group-by', 'lr', '--format', 'markdown']);
    expect(stats.code, stats.stderr).toBe(0);
    expect(stats.stdout).toMatch(/^# runlens statistics\n/);
    expect(stats.stdout).toMatch(/\| metric \| group \| n \| mean \| std \| median \| min \| max \| 95% CI \|/);
    expect(stats.stdout).toMatch(/\| val\/loss \| lr=1 \| 3 \| [\d.]+ \|/);
    // the warnings are in the document (## Warnings), not repeated on stderr
    expect(stats.stdout).toContain('## Warnings');
    expect(stats.stderr).toBe('');
    const report = runCli(['analyze', 'report', '--data', data, '--format', 'markdown']);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toMatch(/^# runlens analysis report/);
    const failures = runCli(['analyze', 'failures', '--data', data, '--format', 'markdown']);
    expect(failures.code).toBe(1);
    expect(failures.stderr).toMatch(/--format markdown: failures has no Markdown form \(stats, query and report have one\); use --json/);
  });

  it('--step without --reduce at-step is an error, not the last value under another name', () => {
    const r = runCli(['analyze', 'stats', '--data', data, '--step', '500']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/metric val\/loss: step 500 applies only to reduce at-step \(reduce is last\)/);
    const ok = runCli(['analyze', 'stats', '--data', data, '--reduce', 'at-step', '--step', '40', '--include-failed', '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    const out = JSON.parse(ok.stdout) as { warnings: string[]; result: { metadata: { columns: string[] } } };
    expect(out.result.metadata.columns).toEqual(['val/loss@40']);
    // the diverged lr=10 runs stopped before step 40: their value is their last point, and a warning says so
    expect(out.warnings.some((w) => /^val\/loss@40: 3 runs' val\/loss series end before step 40/.test(w))).toBe(true);
  });

  it('stats --aggregate picks the statistics: variance, percentiles, SEM, a seeded bootstrap CI', () => {
    const args = ['analyze', 'stats', '--data', data, '--group-by', 'lr', '--aggregate', 'count,variance,sem,p25,p75,bootstrap-ci'];
    const table = runCli(args);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^metric\s+group\s+n\s+variance\s+sem\s+p25\s+p75\s+95% bootstrap CI$/);
    const json = runCli([...args, '--json']);
    const out = JSON.parse(json.stdout) as { result: { aggregated: { stats: Record<string, number>; bootstrapCi: { low: number; high: number; seed: number } }[] } };
    const first = out.result.aggregated[0]!;
    expect(Object.keys(first.stats)).toEqual(['count', 'variance', 'sem', 'p25', 'p75']);
    expect(first.bootstrapCi.seed).toBe(0);
    expect(first.bootstrapCi.low).toBeLessThanOrEqual(first.bootstrapCi.high);
    // seeded: the same answer twice
    expect(runCli([...args, '--json']).stdout.replace(/"(executedAt|durationMs)":[^,}]+/g, '')).toBe(json.stdout.replace(/"(executedAt|durationMs)":[^,}]+/g, ''));
    const bad = runCli(['analyze', 'stats', '--data', data, '--aggregate', 'count,mode']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--aggregate\.1: Invalid option: expected one of "count"\|/);
  });

  it('outliers says plainly when there is nothing to judge', () => {
    const none = runCli(['analyze', 'outliers', '--data', data, '--filter', 'params.lr > 100']);
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout.trim()).toBe('No runs to judge.');
    const one = runCli(['analyze', 'outliers', '--data', data, '--filter', 'params.lr == 1 and params.seed == 1']);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout.trim()).toBe('Nothing judged in val/loss: 1 usable value, too few for iqr (see the warnings).');
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

    it('analyze query --url answers as POST /api/v1/analytics/query', async () => {
      const posted = await api<QueryJson>(server.url, '/api/v1/analytics/query', { method: 'POST', body: QUERY });
      expect(posted.status).toBe(200);
      const r = runCli(['analyze', 'query', queryFile, '--url', server.url, '--json']);
      expect(r.code, r.stderr).toBe(0);
      const cli = JSON.parse(r.stdout) as QueryJson;
      expect(cli.aggregated).toEqual(posted.body.aggregated);
      expect(cli.rows).toEqual(posted.body.rows);
      expect(cli.metadata.columns).toEqual(posted.body.metadata.columns);
    });
  });
}, 200_000);
