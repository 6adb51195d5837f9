/** Properties every built-in processor keeps, whatever its options: the "none of them distorts" list. */
import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../random/seeded-random.js';
import { PLUGIN_API_VERSION, PluginRegistry } from '../plugins/registry.js';
import { BUILTIN_PROCESSORS } from './builtin-processors.js';
import type { ProcessorPlugin } from './processor-plugin.js';
import type { SeriesFrame } from './series-frame.js';

/** Option sets to try for each processor (parsed by its schema, so defaults fill in the rest). */
const OPTION_SETS: Record<string, Record<string, unknown>[]> = {
  ema: [{}, { weight: 0 }, { weight: 0.99 }],
  'time-ema': [{}, { weight: 0.9 }, { halfLife: 2.5 }, { by: 'time' }],
  gaussian: [{}, { sigma: 0.5 }, { sigma: 7, unit: 'x' }],
  'running-average': [{}, { window: 1 }, { window: 4, align: 'centred' }],
  impute: [{}, { method: 'previous' }, { method: 'drop' }, { step: 1 }],
  'remove-outliers': [{}, { method: 'iqr', action: 'drop' }, { method: 'zscore', window: 3 }],
  normalize: [{ method: 'minmax' }, { method: 'zscore' }, { method: 'first' }, { method: 'max' }],
};

/** Processors that may change the number of points, with these options. */
const changesLength = (name: string, options: Record<string, unknown>): boolean =>
  (name === 'impute' && (options.method === 'drop' || options.step !== undefined)) ||
  (name === 'remove-outliers' && options.action === 'drop');

const cases = BUILTIN_PROCESSORS.flatMap((p) =>
  (OPTION_SETS[p.name] ?? []).map((raw) => ({ p, raw, label: `${p.name} ${JSON.stringify(raw)}` })),
);

function frameOf(y: number[], x?: number[]): SeriesFrame {
  const xs = x ?? y.map((_, i) => i * 2);
  return { x: Float64Array.from(xs), y: Float64Array.from(y), t: Float64Array.from(xs, (v) => 1.7e12 + v * 1000) };
}

function runOn(p: ProcessorPlugin<unknown>, raw: Record<string, unknown>, frame: SeriesFrame): SeriesFrame {
  return p.apply(frame, p.options.parse(raw));
}

describe('built-in processors', () => {
  it('declare what they provide, so a plugin can require e.g. processor:smoothing', () => {
    expect(Object.fromEntries(BUILTIN_PROCESSORS.map((p) => [p.name, p.capabilities]))).toEqual({
      ema: ['processor:smoothing'],
      'time-ema': ['processor:smoothing'],
      gaussian: ['processor:smoothing'],
      'running-average': ['processor:smoothing'],
      impute: ['processor:imputation'],
      'remove-outliers': ['processor:outlier-removal'],
      normalize: ['processor:normalisation'],
    });
    const registry = new PluginRegistry();
    const needsSmoothing = { ...BUILTIN_PROCESSORS[0]!, name: 'needs-smoothing', capabilities: [], requires: ['processor:smoothing', 'processor:ema'] };
    registry.register(needsSmoothing);
    expect(registry.checkDependencies()).toEqual([{ kind: 'processor', name: 'needs-smoothing', missing: ['processor:smoothing', 'processor:ema'] }]);
    BUILTIN_PROCESSORS.forEach((p) => registry.register(p));
    expect(registry.checkDependencies()).toEqual([]);
    expect(needsSmoothing.apiVersion).toBe(PLUGIN_API_VERSION);
  });

  it('cover every built-in with options to test', () => {
    expect(BUILTIN_PROCESSORS.map((p) => p.name).sort()).toEqual(Object.keys(OPTION_SETS).sort());
  });

  describe.each(cases)('$label', ({ p, raw }) => {
    it('returns a constant series unchanged (normalize: as another constant)', () => {
      for (const c of [0.1, -3, 0, 1e9]) {
        const out = runOn(p, raw, frameOf(Array(25).fill(c)));
        expect(out.y).toHaveLength(out.x.length);
        const first = out.y[0];
        expect(out.y.every((v) => v === first)).toBe(true);
        if (p.name !== 'normalize') expect(first).toBe(c);
      }
    });

    it('returns a constant series with NaN and ±Infinity between its values unchanged', () => {
      if (changesLength(p.name, raw) || p.name === 'normalize' || p.name === 'impute') return;
      for (const c of [0.1, 0.7, -3.3, 1e-9]) {
        const y = [c, Number.NaN, c, c, Infinity, c, -Infinity, c, c];
        const out = runOn(p, raw, frameOf(y));
        [0, 2, 3, 5, 7, 8].forEach((i) => expect(out.y[i]).toBe(c));
      }
    });

    it('keeps the first value exactly when it smooths from the past only', () => {
      const causal = p.name === 'ema' || p.name === 'time-ema' || (p.name === 'running-average' && raw.align !== 'centred');
      if (!causal) return;
      const rng = createSeededRandom(3);
      for (let k = 0; k < 500; k++) {
        const v = (rng.next() - 0.5) * 10 ** Math.floor(rng.next() * 16 - 8);
        expect(runOn(p, raw, frameOf([v, v * 3 + 1, v - 2, v / 2])).y[0]).toBe(v);
      }
    });

    it('keeps one- and two-point series finite, within their range', () => {
      for (const y of [[4], [0, 1], [-2, 10]]) {
        const out = runOn(p, raw, frameOf(y));
        expect(out.y.length).toBeGreaterThan(0);
        const lo = p.name === 'normalize' ? -1 : Math.min(...y);
        const hi = p.name === 'normalize' ? 1 : Math.max(...y);
        for (const v of out.y) {
          expect(Number.isFinite(v)).toBe(true);
          // Relative change (`first`) has no fixed range: [-2, 10] → [1, −5].
          if (raw.method === 'first') continue;
          expect(v).toBeGreaterThanOrEqual(lo - 1e-12);
          expect(v).toBeLessThanOrEqual(hi + 1e-12);
        }
      }
    });

    it('keeps the length, never mutates the input, and survives NaN and ±Infinity', () => {
      const rng = createSeededRandom(7);
      const y = Array.from({ length: 300 }, (_, i) => {
        const r = rng.next();
        if (r < 0.05) return Number.NaN;
        if (r < 0.07) return r < 0.06 ? Infinity : -Infinity;
        return Math.exp(-i / 100) + rng.normal() * 0.05;
      });
      const input = frameOf(y);
      const copies = [Array.from(input.x), Array.from(input.y), Array.from(input.t!)];
      const out = runOn(p, raw, input);
      expect([Array.from(input.x), Array.from(input.y), Array.from(input.t!)]).toEqual(copies);
      expect(out.y).toHaveLength(out.x.length);
      if (!changesLength(p.name, raw)) expect(out.y).toHaveLength(300);
      // Every finite input value maps to a finite output value when the length is kept.
      if (!changesLength(p.name, raw)) {
        y.forEach((v, i) => {
          if (Number.isFinite(v) && p.name !== 'remove-outliers') expect(Number.isFinite(out.y[i]!)).toBe(true);
        });
      }
    });

    it('handles empty and all-NaN series', () => {
      expect(runOn(p, raw, frameOf([])).y).toHaveLength(0);
      const out = runOn(p, raw, frameOf([NaN, NaN, NaN]));
      if (!changesLength(p.name, raw)) expect(Array.from(out.y)).toEqual([NaN, NaN, NaN]);
    });

    it('handles unevenly spaced and duplicate x', () => {
      const out = runOn(p, raw, frameOf([1, 2, 3, 4, 5, 6], [0, 0, 1, 10, 10.5, 100]));
      expect(out.y).toHaveLength(out.x.length);
      expect(Array.from(out.y).every((v) => Number.isFinite(v) || Number.isNaN(v))).toBe(true);
    });
  });

  it('smooths a large series without trouble', () => {
    const n = 200_000;
    const y = Array.from({ length: n }, (_, i) => Math.sin(i / 1000));
    for (const p of BUILTIN_PROCESSORS) {
      if (p.name === 'remove-outliers') continue;
      const out = runOn(p, OPTION_SETS[p.name]![0]!, frameOf(y));
      expect(out.y).toHaveLength(n);
    }
  });
});
