import { describe, expect, it } from 'vitest';
import type { Panel, PlotSpec } from '../../plots/plot-spec.js';
import { specOf as specOf600 } from '../plot-spec.fixture.js';
import { estimateTextWidth, truncateText } from './estimate-text-width.js';
import { layoutFigure } from './layout-figure.js';

const specOf = (panels: Panel[], extra: Partial<PlotSpec> = {}): PlotSpec => specOf600(panels, { width: 800, ...extra });
const empty: Panel = { x: { scale: 'linear' }, y: { scale: 'linear' }, marks: [] };
const inside = (inner: { left: number; top: number; width: number; height: number }, outer: typeof inner) =>
  inner.left >= outer.left && inner.top >= outer.top && inner.left + inner.width <= outer.left + outer.width && inner.top + inner.height <= outer.top + outer.height;

describe('layoutFigure', () => {
  it('places panels row by row, each plot inside its cell and the figure', () => {
    const layout = layoutFigure(specOf([empty, empty, empty], { columns: 2, title: 'T', subtitle: 'S' }));
    const [a, b, c] = layout.panels;
    expect(a!.cell.top).toBe(b!.cell.top);
    expect(c!.cell.left).toBe(a!.cell.left);
    expect(c!.cell.top).toBeGreaterThan(a!.cell.top + a!.cell.height);
    for (const p of layout.panels) {
      expect(inside(p.plot, p.cell)).toBe(true);
      expect(inside(p.cell, { left: 0, top: 0, width: 800, height: 400 })).toBe(true);
    }
    expect(a!.cell.top).toBeGreaterThan(layout.subtitle!.top);
  });

  it('wraps a long legend into columns at the right and truncates long labels', () => {
    const entries = Array.from({ length: 30 }, (_, i) => ({ label: `run ${i} ${'x'.repeat(i * 3)}`, color: '#000000', symbol: 'line' as const }));
    const layout = layoutFigure(specOf([empty], { legend: { show: true, entries, omitted: 970 } }));
    const legend = layout.legend!;
    expect(legend.items).toHaveLength(31);
    expect(legend.items[30]!.label).toBe('+970 more');
    expect(legend.columns).toBe(Math.ceil(31 / legend.rowsPerColumn));
    expect(legend.columns).toBeGreaterThan(1);
    expect(legend.box.left + legend.box.width).toBeLessThanOrEqual(800);
    expect(legend.box.width).toBeLessThanOrEqual(800 * 0.4 + 1);
    expect(layout.panels[0]!.cell.left + layout.panels[0]!.cell.width).toBeLessThan(legend.box.left);
  });

  it('rotates category labels that would overlap', () => {
    const ticks = Array.from({ length: 12 }, (_, i) => ({ value: i, label: `a long category name ${i}` }));
    const layout = layoutFigure(specOf([{ ...empty, x: { scale: 'linear', domain: [-0.5, 11.5], ticks } }]));
    expect(layout.panels[0]!.xLabelRotate).toBe(45);
    const short = layoutFigure(specOf([{ ...empty, x: { scale: 'linear', domain: [-0.5, 1.5], ticks: [{ value: 0, label: 'a' }, { value: 1, label: 'b' }] } }]));
    expect(short.panels[0]!.xLabelRotate).toBe(0);
  });
});

describe('text widths', () => {
  it('count wide scripts wider and truncate with an ellipsis', () => {
    expect(estimateTextWidth('学习率', 10)).toBeGreaterThan(estimateTextWidth('abc', 10));
    expect(truncateText('short', 10, 100)).toBe('short');
    const cut = truncateText('a very long run name indeed', 10, 60);
    expect(cut.endsWith('…')).toBe(true);
    expect(estimateTextWidth(cut, 10)).toBeLessThanOrEqual(60);
  });
});
