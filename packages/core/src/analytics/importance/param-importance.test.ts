import { describe, expect, it } from 'vitest';
import type { ParamValue } from '../../domain/types.js';
import { RunlensError } from '../../errors.js';
import { createSeededRandom } from '../../random/seeded-random.js';
import { spearmanCorrelation } from '../hypothesis/correlation.js';
import { type ImportanceRow, paramImportance, type ParamImportanceResult } from './param-importance.js';

type Params = Record<string, ParamValue>;

function makeRows(
  n: number,
  seed: number,
  make: (next: () => number) => { params: Params; value: number },
): ImportanceRow[] {
  const rng = createSeededRandom(seed);
  return Array.from({ length: n }, () => make(() => rng.next()));
}

const entry = (result: ParamImportanceResult, param: string) => {
  const found = result.params.find((p) => p.param === param);
  if (found === undefined) throw new Error(`no entry for ${param}`);
  return found;
};

const noise = createSeededRandom(99);
const LINEAR = makeRows(300, 1, (next) => {
  const params = { a: next(), b: next(), c: next() };
  return { params, value: 3 * params.a + 0.3 * noise.normal() };
});

describe('paramImportance', () => {
  it('ranks the driving param first, well above irrelevant ones', () => {
    const result = paramImportance(LINEAR);
    expect(result.params.map((p) => p.param)[0]).toBe('a');
    const [a, b, c] = ['a', 'b', 'c'].map((p) => entry(result, p).importance) as [number, number, number];
    expect(a).toBeGreaterThan(0.5);
    expect(a).toBeGreaterThan(20 * Math.max(Math.abs(b), Math.abs(c)));
    expect(entry(result, 'a').spearman!.rho).toBeGreaterThan(0.9);
    expect(entry(result, 'a').spearman!.pValue).toBeLessThan(1e-10);
    expect(result.oobR2).toBeGreaterThan(0.8);
    expect(result).toMatchObject({ n: 300, warnings: [] });
  });

  it('finds both halves of an interaction that rank correlation cannot see', () => {
    const rows = makeRows(400, 2, (next) => {
      const params = { a: 2 * next() - 1, b: 2 * next() - 1, c: 2 * next() - 1 };
      return { params, value: params.a * params.b + 0.05 * noise.normal() };
    });
    const result = paramImportance(rows, { seed: 3 });
    expect(result.params.slice(0, 2).map((p) => p.param).sort()).toEqual(['a', 'b']);
    const c = Math.abs(entry(result, 'c').importance);
    expect(entry(result, 'a').importance).toBeGreaterThan(0.3);
    expect(entry(result, 'b').importance).toBeGreaterThan(0.3);
    expect(entry(result, 'a').importance).toBeGreaterThan(10 * c);
    expect(Math.abs(entry(result, 'a').spearman!.rho)).toBeLessThan(0.2);
    expect(Math.abs(entry(result, 'b').spearman!.rho)).toBeLessThan(0.2);
  });

  it('finds a categorical driver and gives it no rank correlation', () => {
    const rows = makeRows(200, 4, (next) => {
      const params = { optimizer: next() < 0.5 ? 'adam' : 'sgd', lr: next(), warmup: next() < 0.5 };
      return { params, value: (params.optimizer === 'sgd' ? 1 : 0) + 0.2 * noise.normal() };
    });
    const result = paramImportance(rows);
    const optimizer = result.params[0]!;
    expect(optimizer).toMatchObject({ param: 'optimizer', kind: 'categorical', spearman: null });
    expect(optimizer.importance).toBeGreaterThan(10 * Math.abs(entry(result, 'lr').importance));
    // Booleans are numeric 0/1 and get a correlation.
    expect(entry(result, 'warmup')).toMatchObject({ kind: 'numeric' });
    expect(entry(result, 'warmup').spearman!.rho).toBeCloseTo(
      spearmanCorrelation(
        rows.map((r) => Number(r.params['warmup'])),
        rows.map((r) => r.value),
      ).coefficient,
      15,
    );
  });

  it('skips a constant param with a warning', () => {
    const rows = LINEAR.map((row) => ({ params: { ...row.params, seed: 7, arch: 'mlp' }, value: row.value }));
    const result = paramImportance(rows);
    expect(result.params.map((p) => p.param).sort()).toEqual(['a', 'b', 'c']);
    expect(result.warnings).toEqual(['param arch is constant: skipped', 'param seed is constant: skipped']);
  });

  it('gives NaN importance below 8 runs, with a warning, but still gives Spearman', () => {
    const result = paramImportance(LINEAR.slice(0, 5));
    expect(result.n).toBe(5);
    expect(result.oobR2).toBeNaN();
    expect(result.params).toHaveLength(3);
    for (const p of result.params) {
      expect(p.importance).toBeNaN();
      expect(p.importanceStd).toBeNaN();
      expect(Number.isFinite(p.spearman!.rho)).toBe(true);
    }
    expect(result.warnings.join('\n')).toMatch(/only 5 runs .*too few runs to estimate importance.*Spearman correlations are still given/);
    // with no runs there is no correlation to give either, and the warning does not promise one
    expect(paramImportance([]).warnings.join('\n')).toMatch(/only 0 runs .*too few runs to estimate importance \(n < \d+\)$/m);
    // Without importance the list is ordered by |rho|.
    const rhos = result.params.map((p) => Math.abs(p.spearman!.rho));
    expect(rhos).toEqual([...rhos].sort((x, y) => y - x));
  });

  it('warns that importance is rough below 30 runs', () => {
    const result = paramImportance(LINEAR.slice(0, 12));
    expect(Number.isFinite(result.params[0]!.importance)).toBe(true);
    expect(result.warnings).toContain('only 12 runs with this metric: importance estimates are rough (fewer than 30)');
  });

  it('leaves out diverged runs and says why', () => {
    const rows = [...LINEAR, { params: { a: 0.9, b: 0.1, c: 0.1 }, value: Number.NaN }];
    rows.push({ params: { a: 0.95, b: 0.2, c: 0.3 }, value: Infinity });
    const result = paramImportance(rows);
    expect(result.n).toBe(300);
    expect(result.warnings[0]).toMatch(/^2 runs with a NaN or infinite value left out: a diverged run/);
    expect(result.params).toEqual(paramImportance(LINEAR).params);
  });

  it('repeats exactly for a seed and changes with it', () => {
    const a = paramImportance(LINEAR, { seed: 5, trees: 30 });
    expect(paramImportance(LINEAR, { seed: 5, trees: 30 })).toEqual(a);
    expect(paramImportance(LINEAR, { seed: 6, trees: 30 }).params).not.toEqual(a.params);
  });

  it('handles params missing from some runs', () => {
    const rows = LINEAR.map((row, i) => {
      const params: Params = { ...row.params, opt: i % 4 === 0 ? 'sgd' : 'adam' };
      if (i % 5 === 0) delete params['a'];
      if (i % 7 === 0) delete params['opt'];
      return { params, value: row.value };
    });
    const result = paramImportance(rows);
    expect(result.params[0]!.param).toBe('a');
    expect(entry(result, 'a').spearman!.rho).toBe(
      spearmanCorrelation(
        rows.map((r) => (r.params['a'] === undefined ? Number.NaN : Number(r.params['a']))),
        rows.map((r) => r.value),
      ).coefficient,
    );
    expect(entry(result, 'opt').kind).toBe('categorical');
  });

  it('says so when the metric is constant or the params explain little of it', () => {
    const flat = paramImportance(LINEAR.map((row) => ({ params: row.params, value: 1 })));
    expect(flat.warnings).toContain('the metric has the same value in every run: there is nothing to explain');
    expect(flat.params.every((p) => Number.isNaN(p.importance))).toBe(true);
    const pureNoise = paramImportance(LINEAR.map((row) => ({ params: row.params, value: noise.normal() })));
    expect(pureNoise.warnings.join('\n')).toMatch(/params explain little of the metric \(out-of-bag R² = -?0\.\d\d\)/);
  });

  it('copes with no runs and with no varying params', () => {
    expect(paramImportance([])).toMatchObject({ params: [], n: 0 });
    const none = paramImportance(LINEAR.map((row) => ({ params: { seed: 1 }, value: row.value })));
    expect(none.params).toEqual([]);
    expect(none.warnings).toContain('no param varies across these runs: nothing to rank');
  });

  it('rejects a value that is not a number, and bad options', () => {
    const bad = [{ params: { a: 1 }, value: '2.1' as unknown as number }];
    expect(() => paramImportance(bad)).toThrow(RunlensError);
    expect(() => paramImportance(bad)).toThrow(/rows\[0\]\.value/);
    expect(() => paramImportance(LINEAR, { trees: -1 })).toThrow(/trees/);
    expect(() => paramImportance(LINEAR, { repeats: 0.5 })).toThrow(/repeats/);
  });

  it('runs on 10,000 runs × 20 params and still finds the drivers', () => {
    const rows = makeRows(10_000, 8, (next) => {
      const params: Params = {};
      for (let j = 0; j < 14; j++) params[`x${j}`] = next();
      for (let j = 0; j < 3; j++) params[`c${j}`] = ['adam', 'sgd', 'adamw', 'lion'][Math.floor(next() * 4)]!;
      for (let j = 0; j < 3; j++) params[`b${j}`] = next() < 0.5;
      const value = 3 * Number(params['x0']) + (params['c0'] === 'sgd' ? 1 : 0) + 0.3 * noise.normal();
      return { params, value };
    });
    const result = paramImportance(rows);
    expect(result.n).toBe(10_000);
    expect(result.params).toHaveLength(20);
    expect(result.params.slice(0, 2).map((p) => p.param)).toEqual(['x0', 'c0']);
    expect(result.params[2]!.importance).toBeLessThan(0.01);
    expect(result.oobR2).toBeGreaterThan(0.8);
  });
});

describe('paramImportance Spearman against SciPy', () => {
  // 14 runs with ties, a boolean and one run missing lr. Expected values printed once by /usr/bin/python3 with
  // SciPy 1.10.1: scipy.stats.spearmanr(x, value) over the runs that have x (booleans as 0/1).
  const lr = [0.1, 0.01, 0.001, 0.1, 0.01, 0.001, 0.03, 0.003, 0.1, 0.03, null, 0.01, 0.001, 0.3];
  const layers = [2, 4, 8, 2, 4, 8, 4, 2, 8, 4, 2, 8, 2, 4];
  const useBn = [1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0];
  const value = [2.31, 1.87, 1.52, 2.4, 1.95, 1.49, 2.02, 1.71, 2.18, 2.02, 1.88, 1.6, 1.66, 2.75];
  const optimizer = value.map((_, i) => (i % 2 === 0 ? 'adam' : 'sgd'));
  const rows: ImportanceRow[] = value.map((v, i) => ({
    params: { lr: lr[i]!, layers: layers[i]!, use_bn: useBn[i] === 1, optimizer: optimizer[i]! },
    value: v,
  }));
  const SCIPY = {
    lr: { rho: 0.9497139723250135, pValue: 6.966663097493186e-7 },
    layers: { rho: -0.35447707213605145, pValue: 0.2136660183158715 },
    use_bn: { rho: 0.2660812748166533, pValue: 0.35783730025717597 },
  };
  const result = paramImportance(rows);

  it('matches scipy.stats.spearmanr', () => {
    for (const [param, expected] of Object.entries(SCIPY)) {
      const got = entry(result, param).spearman!;
      expect(got.rho).toBeCloseTo(expected.rho, 12);
      expect(Math.abs(got.pValue - expected.pValue) / expected.pValue).toBeLessThan(1e-9);
    }
    expect(entry(result, 'optimizer').spearman).toBeNull();
  });

  it('gives the same numbers as the hypothesis module', () => {
    const y = rows.map((r) => r.value);
    const lrValues = lr.map((x) => (x === null ? Number.NaN : x));
    for (const [param, x] of [['lr', lrValues], ['layers', layers], ['use_bn', useBn]] as const) {
      const reference = spearmanCorrelation(x, y);
      expect(entry(result, param).spearman).toEqual({ rho: reference.coefficient, pValue: reference.pValue });
    }
  });
});
