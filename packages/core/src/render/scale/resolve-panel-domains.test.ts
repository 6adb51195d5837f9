import { describe, expect, it } from 'vitest';
import type { Panel } from '../../plots/plot-spec.js';
import { resolveAxisDomain, resolvePanelDomains } from './resolve-panel-domains.js';

const panel = (marks: Panel['marks'], x: Partial<Panel['x']> = {}, y: Partial<Panel['y']> = {}): Panel => ({
  x: { scale: 'linear', ...x },
  y: { scale: 'linear', ...y },
  marks,
});

describe('resolvePanelDomains', () => {
  it('covers every mark, bars from their base and boxes with their width', () => {
    const d = resolvePanelDomains(
      panel([
        { type: 'line', x: [0, 10], y: [1, 2] },
        { type: 'bar', x: [20], y: [3], width: 4 },
        { type: 'box', x: [30], width: 2, q1: [1], median: [2], q3: [3], lo: [-1], hi: [9] },
      ]),
    );
    expect(d.x).toEqual({ min: 0, max: 40 });
    expect(d.y).toEqual({ min: -2, max: 10 });
  });

  it('ignores nulls, NaN and the null edges of rules', () => {
    const d = resolvePanelDomains(panel([{ type: 'line', x: [0, 1, 2], y: [null, Number.NaN, 4] }, { type: 'rule', x1: [500], x2: [500], y1: [null], y2: [null] }]));
    expect(d.x).toEqual({ min: 0, max: 500 });
    expect(d.y.min).toBeLessThan(4);
    expect(d.y.max).toBeGreaterThan(4);
  });

  it('keeps only positive values on a log axis', () => {
    const d = resolvePanelDomains(panel([{ type: 'line', x: [1, 2, 3], y: [0, -5, 0.02] }, { type: 'point', x: [1], y: [300] }], {}, { scale: 'log' }));
    expect(d.y).toEqual({ min: 0.01, max: 1000 });
  });

  it('uses fixed ends and categories as given', () => {
    const d = resolvePanelDomains(panel([{ type: 'bar', x: [0, 1], y: [0.3, 0.9], width: 0.8 }], { domain: [-0.5, 1.5], ticks: [{ value: 0, label: 'a' }, { value: 1, label: 'b' }] }, { domain: [0, null] }));
    expect(d.x).toEqual({ min: -0.5, max: 1.5 });
    expect(d.y).toEqual({ min: 0, max: 1 });
  });

  it('gives empty panels a default domain', () => {
    expect(resolvePanelDomains(panel([]))).toEqual({ x: { min: 0, max: 1 }, y: { min: 0, max: 1 } });
    expect(resolveAxisDomain({ scale: 'log' }, [])).toEqual({ min: 1, max: 10 });
    expect(resolveAxisDomain({ scale: 'linear', domain: [5, null] }, [])).toEqual({ min: 5, max: 6 });
  });

  it('leaves time extents unrounded', () => {
    const t0 = Date.UTC(2024, 0, 1, 13, 7);
    expect(resolveAxisDomain({ scale: 'time' }, [[t0, t0 + 1234]])).toEqual({ min: t0, max: t0 + 1234 });
  });

  it('refuses a log axis bounded at zero, naming the bound', () => {
    expect(() => resolveAxisDomain({ scale: 'log', domain: [0, 10] }, [], 'panel 1 y')).toThrow('invalid panel 1 y domain end 0 for a log scale (a log axis needs positive bounds)');
  });
});
