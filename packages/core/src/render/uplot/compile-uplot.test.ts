import { describe, expect, it } from 'vitest';
import { RunlensError } from '../../errors.js';
import type { Panel } from '../../plots/plot-spec.js';
import { lin, specOf } from '../plot-spec.fixture.js';
import { compileUplot, UPLOT_MARKS } from './compile-uplot.js';
import type { UplotCanvas, UplotInstance } from './uplot-types.js';


describe('compileUplot', () => {
  it('draws lines, areas, points, rules and rects only', () => {
    expect(UPLOT_MARKS).toEqual(['line', 'area', 'point', 'rule', 'rect']);
  });

  it('refuses a box mark, naming it and the marks it can draw', () => {
    const spec = specOf([{ x: lin, y: lin, marks: [{ type: 'box', x: [0], width: 1, q1: [1], median: [2], q3: [3], lo: [0], hi: [4] }] }], { plot: 'compare' });
    expect(() => compileUplot(spec)).toThrow(RunlensError);
    expect(() => compileUplot(spec)).toThrow('renderer uplot cannot draw box marks (panel 1 of a "compare" plot); it draws line, area, point, rule, rect');
  });

  it('aligns the panel\'s series on the union of their x, keeping gaps as null', () => {
    const { panels } = compileUplot(
      specOf([
        {
          x: lin,
          y: lin,
          marks: [
            { type: 'line', label: 'a', x: [0, 10, 20], y: [1, null, 3] },
            { type: 'line', label: 'b', x: [5, 10], y: [4, 5] },
          ],
        },
      ]),
    );
    const { options, data } = panels[0]!;
    expect(data).toEqual([[0, 5, 10, 20], [1, undefined, null, 3], [undefined, 4, 5, undefined]]);
    expect(options.series.map((s) => s.label)).toEqual([undefined, 'a', 'b']);
    expect(options.series[1]!.spanGaps).toBe(false);
  });

  it('adds the corners of step lines and a gap where x is missing', () => {
    const { panels } = compileUplot(specOf([{ x: lin, y: lin, marks: [{ type: 'line', curve: 'step', x: [0, 1, null, 3], y: [5, 2, 7, 4] }] }]));
    expect(panels[0]!.data).toEqual([[0, 1, 1, 2, 3], [5, 5, 2, null, 4]]);
  });

  it('refuses a line that goes back along x', () => {
    expect(() => compileUplot(specOf([{ x: lin, y: lin, marks: [{ type: 'line', label: 'loop', x: [0, 2, 1], y: [0, 1, 2] }] }]))).toThrow(
      'renderer uplot draws lines and areas along increasing x; the line mark "loop" in panel 1 goes back (x 1 after 2); use echarts or vega-lite',
    );
  });

  it('fills areas as a band between an upper and a lower series', () => {
    const { panels } = compileUplot(specOf([{ x: lin, y: lin, marks: [{ type: 'area', label: 'ci', color: '#ff0000', x: [0, 1], y1: [1, 4], y2: [2, 3], opacity: 0.5 }] }]));
    const { options, data } = panels[0]!;
    expect(options.bands).toEqual([{ series: [1, 2], fill: 'rgba(255,0,0,0.5)' }]);
    expect(data).toEqual([[0, 1], [2, 4], [1, 3]]);
  });

  it('uses log and time scales with fixed ranges, ms timestamps shown in UTC', () => {
    const t0 = Date.UTC(2024, 5, 1, 12);
    const { panels } = compileUplot(specOf([{ x: { scale: 'time' }, y: { scale: 'log' }, marks: [{ type: 'point', x: [t0, t0 + 3_600_000], y: [0.5, 20] }] }]));
    const { options } = panels[0]!;
    expect(options.ms).toBe(1);
    expect(options.scales.x).toMatchObject({ time: true, range: [t0, t0 + 3_600_000] });
    expect(options.scales.y).toMatchObject({ distr: 3, log: 10, range: [0.1, 100] });
    const shown = options.tzDate(t0);
    expect([shown.getFullYear(), shown.getMonth(), shown.getDate(), shown.getHours()]).toEqual([2024, 5, 1, 12]);
  });

  it('labels category ticks and percent axes', () => {
    const { panels } = compileUplot(
      specOf([{ x: { ...lin, domain: [-0.5, 1.5], ticks: [{ value: 0, label: 'adam' }, { value: 1, label: 'sgd' }] }, y: { ...lin, format: 'percent' }, marks: [] }]),
    );
    const [x, y] = panels[0]!.options.axes;
    const u = {} as UplotInstance;
    expect(x.splits!()).toEqual([0, 1]);
    expect(x.values!(u, [0, 1])).toEqual(['adam', 'sgd']);
    expect(y.values!(u, [0.1, 0.25])).toEqual(['10%', '25%']);
  });

  it('draws rules and rects on the canvas in the chart\'s own scales', () => {
    const { panels } = compileUplot(
      specOf([
        {
          x: { ...lin, domain: [0, 100] },
          y: { ...lin, domain: [0, 10] },
          marks: [
            { type: 'rule', x1: [50], x2: [50], y1: [null], y2: [null], dash: [4, 2] },
            { type: 'rect', x1: [10], x2: [20], y1: [null], y2: [null], text: ['warm-up'] },
          ],
        },
      ]),
    );
    const calls: string[] = [];
    const ctx = new Proxy({} as UplotCanvas, {
      get: (_t, key) => (...args: unknown[]) => calls.push(`${String(key)}(${args.join(',')})`),
      set: () => true,
    });
    const u: UplotInstance = { ctx, bbox: { left: 0, top: 0, width: 100, height: 10 }, valToPos: (v, scale) => (scale === 'x' ? v : 10 - v) };
    panels[0]!.options.hooks.drawClear[0]!(u);
    panels[0]!.options.hooks.draw[0]!(u);
    expect(calls).toContain('fillRect(10,0,10,10)');
    expect(calls).toContain('fillText(warm-up,15,5)');
    expect(calls).toContain('moveTo(50,10)');
    expect(calls).toContain('lineTo(50,0)');
    expect(calls).toContain('setLineDash(4,2)');
  });

  it('sizes one chart per panel from the figure layout and passes the legend on', () => {
    const panel: Panel = { title: 'p', x: lin, y: lin, marks: [] };
    const figure = compileUplot(specOf([panel, panel], { columns: 2, legend: { show: true, entries: [{ label: 'a', color: '#000', symbol: 'line' }], omitted: 3 } }));
    expect(figure.panels).toHaveLength(2);
    expect(figure.columns).toBe(2);
    expect(figure.panels[0]!.options.width).toBeLessThan(300);
    expect(figure.legend.map((l) => l.label)).toEqual(['a', '+3 more']);
  });
});
