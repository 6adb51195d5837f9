import { describe, expect, it } from 'vitest';
import { reviveEchartsOption } from './revive-echarts-option.js';

type Fn = (...args: unknown[]) => unknown;

describe('reviveEchartsOption', () => {
  const option = {
    xAxis: [{ axisLabel: { formatter: { $runlens: 'tick-labels', values: [0, 1], labels: ['adam', '<b>'] } } }],
    yAxis: [{ axisLabel: { formatter: { $runlens: 'percent' } } }],
    series: [{ type: 'custom', data: [[0, 0]], renderItem: { $runlens: 'polygons', polygons: [[[0, 0], [1, 0], [0, 1]]], fills: ['#ff0000'], fillOpacity: 0.3, stroke: '#00f', lineWidth: 1 } }],
  };

  it('turns placeholders into the functions ECharts calls, leaving the input alone', () => {
    const revived = reviveEchartsOption(option);
    const ticks = revived.xAxis[0]!.axisLabel.formatter as unknown as Fn;
    expect(ticks(1)).toBe('<b>');
    expect(ticks(0.5)).toBe('');
    const percent = revived.yAxis[0]!.axisLabel.formatter as unknown as Fn;
    expect(percent(0.3)).toBe('30%');
    const renderItem = revived.series[0]!.renderItem as unknown as Fn;
    const shape = renderItem({ dataIndex: 0 }, { coord: (p: number[]) => [p[0]! * 10, p[1]! * 10] });
    expect(shape).toEqual({ type: 'polygon', shape: { points: [[0, 0], [10, 0], [0, 10]] }, style: { fill: '#ff0000', fillOpacity: 0.3, stroke: '#00f', lineWidth: 1 } });
    expect(typeof option.yAxis[0]!.axisLabel.formatter).toBe('object');
  });

  it('refuses an unknown placeholder, listing the known ones', () => {
    expect(() => reviveEchartsOption({ a: { $runlens: 'eval' } })).toThrow('unknown $runlens function in ECharts option: eval (one of tick-labels, percent, polygons)');
    expect(() => reviveEchartsOption({ a: { $runlens: 'toString' } })).toThrow(/unknown \$runlens function/);
  });

  it('works from its own source text, as exported HTML pages embed it', () => {
    const standalone = new Function(`return (${String(reviveEchartsOption)});`)() as typeof reviveEchartsOption;
    const revived = standalone(option);
    expect((revived.yAxis[0]!.axisLabel.formatter as unknown as Fn)(0.25)).toBe('25%');
  });
});
