import { describe, expect, it } from 'vitest';
import { lin, specOf } from '../plot-spec.fixture.js';
import { DEFAULT_THEME } from '../../themes/builtin-themes.js';
import { compileEchartsOption } from './compile-echarts-option.js';
import type { EchartsSeries } from './echarts-option.js';


describe('compileEchartsOption', () => {
  it('is plain JSON: no functions, survives a JSON round trip', () => {
    const option = compileEchartsOption(
      specOf([{ x: { ...lin, ticks: [{ value: 0, label: 'a' }] }, y: { ...lin, format: 'percent' }, marks: [{ type: 'polygon', x: [[0, 1, 0]], y: [[0, 0, 1]] }] }]),
    );
    expect(JSON.parse(JSON.stringify(option))).toEqual(option);
    expect(JSON.stringify(option)).toContain('"$runlens":"polygons"');
  });

  it('maps scales to axis types, with fixed bounds and UTC time', () => {
    const option = compileEchartsOption(
      specOf(
        [
          { x: { scale: 'log' }, y: lin, marks: [{ type: 'line', x: [0.001, 1], y: [1, 2] }] },
          { x: { scale: 'time' }, y: { ...lin, reverse: true }, marks: [{ type: 'line', x: [Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 2)], y: [1, 2] }] },
        ],
        { columns: 2 },
      ),
    );
    expect(option.useUTC).toBe(true);
    expect(option.animation).toBe(false);
    expect(option.xAxis.map((a) => a.type)).toEqual(['log', 'time']);
    expect(option.xAxis[0]).toMatchObject({ min: 0.001, max: 1, gridIndex: 0 });
    expect(option.xAxis[1]).toMatchObject({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2024, 0, 2), gridIndex: 1 });
    expect(option.yAxis[1]!.inverse).toBe(true);
    // two grids side by side
    expect(option.grid).toHaveLength(2);
    expect(Number(option.grid[1]!['left'])).toBeGreaterThan(Number(option.grid[0]!['left']) + Number(option.grid[0]!['width']));
  });

  it('breaks lines at missing values and drops non-positive values on a log axis', () => {
    const option = compileEchartsOption(specOf([{ x: lin, y: { scale: 'log' }, marks: [{ type: 'line', x: [0, 1, 2, 3, null], y: [1, null, 0, 4, 5] }] }]));
    const line = option.series[0]!;
    expect(line).toMatchObject({ type: 'line', connectNulls: false, showSymbol: false });
    expect(line.data).toEqual([[0, 1], [1, null], [2, null], [3, 4], [0, null]]);
  });

  it('draws a band as two stacked series, lower edge then height', () => {
    const option = compileEchartsOption(specOf([{ x: lin, y: lin, marks: [{ type: 'area', label: 'run', x: [0, 1], y1: [1, 5], y2: [3, 2] }] }]));
    const [lower, height] = option.series as [EchartsSeries, EchartsSeries];
    expect(lower.stack).toBe(height.stack);
    expect(lower.stackStrategy).toBe('all');
    expect(lower.data).toEqual([[0, 1], [1, 2]]);
    expect(height.data).toEqual([[0, 2], [1, 3]]);
    expect(height.areaStyle).toEqual({ color: DEFAULT_THEME.palette[0], opacity: DEFAULT_THEME.bandOpacity });
  });

  it('puts the null edges of rules and rects at the panel bounds', () => {
    const option = compileEchartsOption(
      specOf([
        {
          x: { ...lin, domain: [0, 1000] },
          y: { ...lin, domain: [0, 2] },
          marks: [
            { type: 'rule', x1: [500], x2: [500], y1: [null], y2: [null] },
            { type: 'rect', x1: [100], x2: [null], y1: [null], y2: [1], text: ['phase <b>'] },
          ],
        },
      ]),
    );
    const rule = option.series[0]!['markLine'] as { data: unknown[] };
    expect(rule.data).toEqual([[{ coord: [500, 0] }, { coord: [500, 2] }]]);
    const area = option.series[1]!['markArea'] as { data: [{ coord: number[]; name: string }, { coord: number[] }][] };
    expect(area.data[0]![0].coord).toEqual([100, 0]);
    expect(area.data[0]![0].name).toBe('phase <b>');
    expect(area.data[0]![1].coord).toEqual([1000, 1]);
  });

  it('gives explicit ticks exact positions and labels, and no grid lines through categories', () => {
    const option = compileEchartsOption(specOf([{ x: { ...lin, domain: [-0.5, 1.5], ticks: [{ value: 0, label: 'adam' }, { value: 1, label: 'sgd' }] }, y: lin, marks: [] }]));
    const x = option.xAxis[0]!;
    expect(x.axisLabel.customValues).toEqual([0, 1]);
    expect(x.axisTick.customValues).toEqual([0, 1]);
    expect(x.axisLabel.formatter).toEqual({ $runlens: 'tick-labels', values: [0, 1], labels: ['adam', 'sgd'] });
    expect(x.splitLine['show']).toBe(false);
  });

  it('lists legend entries with a "+N more" row, each backed by a series', () => {
    const option = compileEchartsOption(
      specOf([{ x: lin, y: lin, marks: [{ type: 'line', label: 'a', color: '#ff0000', x: [0], y: [1] }] }], {
        legend: { show: true, entries: [{ label: 'a', color: '#ff0000', symbol: 'line' }, { label: 'b', color: '#00ff00', symbol: 'point' }], omitted: 998 },
      }),
    );
    const data = option.legend!.flatMap((l) => l['data'] as { name: string; icon?: string }[]);
    expect(data.map((d) => d.name)).toEqual(['a', 'b', '+998 more']);
    expect(data[1]!.icon).toBe('circle');
    expect(data[2]!.icon).toBe('none');
    const names = new Set(option.series.map((s) => s.name));
    for (const d of data) expect(names.has(d.name)).toBe(true);
  });

  it('has no legend when the spec hides it, and draws an empty spec', () => {
    const option = compileEchartsOption(specOf([{ x: lin, y: lin, marks: [] }]));
    expect(option.legend).toBeUndefined();
    expect(option.series).toEqual([]);
    expect(option.xAxis[0]).toMatchObject({ min: 0, max: 1 });
  });

  it('refuses a log axis bounded at zero', () => {
    expect(() => compileEchartsOption(specOf([{ x: lin, y: { scale: 'log', domain: [0, 1] }, marks: [] }]))).toThrow(/log axis needs positive bounds/);
  });

  it('colours rects through the panel colour scale and adds a colour bar', () => {
    const option = compileEchartsOption(
      specOf([{ x: lin, y: lin, color: { domain: [0, 1], scheme: ['#000000', '#ffffff'] }, marks: [{ type: 'rect', x1: [0, 1], x2: [1, 2], y1: [0, 0], y2: [1, 1], values: [0, 1], opacity: 1 }] }]),
    );
    const area = option.series[0]!['markArea'] as { data: [{ itemStyle: { color: string } }, unknown][] };
    expect(area.data.map((d) => d[0].itemStyle.color)).toEqual(['#000000', '#ffffff']);
    expect(option.visualMap?.[0]).toMatchObject({ min: 0, max: 1, inRange: { color: ['#000000', '#ffffff'] } });
  });
});
