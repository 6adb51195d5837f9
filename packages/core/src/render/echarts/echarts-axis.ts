/** One ECharts axis from a PlotSpec axis: scale type, fixed bounds, explicit ticks, label formats, theme. */
import type { Axis } from '../../plots/plot-spec.js';
import type { Theme } from '../../themes/theme.js';
import type { PanelLayout } from '../layout/layout-figure.js';
import { fixedAxisTicks } from '../scale/axis-ticks.js';
import type { AxisDomain } from '../scale/resolve-panel-domains.js';
import type { EchartsAxis, EchartsAxisType } from './echarts-option.js';

const AXIS_TYPES: Record<Axis['scale'], EchartsAxisType> = { linear: 'value', log: 'log', time: 'time' };

/** Calendar labels by tick level, in UTC (the option sets useUTC): `Mar 2` rather than ECharts' bare day number. */
const TIME_LABELS = {
  year: '{yyyy}',
  month: '{MMM} {yyyy}',
  day: '{MMM} {d}',
  hour: '{HH}:{mm}',
  minute: '{HH}:{mm}',
  second: '{HH}:{mm}:{ss}',
  millisecond: '{HH}:{mm}:{ss}.{SSS}',
};

export function compileEchartsAxis(axis: Axis, dim: 'x' | 'y', domain: AxisDomain, layout: PanelLayout, index: number, theme: Theme): EchartsAxis {
  const ticks = fixedAxisTicks(axis, domain, dim === 'x' ? layout.xLabelMaxWidth : layout.yLabelWidth, theme.fontSize, true);
  const tickValues = ticks?.values;
  const formatter = ticks
    ? ({ $runlens: 'tick-labels', values: ticks.values, labels: ticks.labels } as const)
    : axis.format === 'percent'
      ? ({ $runlens: 'percent' } as const)
      : axis.scale === 'time'
        ? TIME_LABELS
        : undefined;
  const rotate = dim === 'x' ? layout.xLabelRotate : 0;
  return {
    type: AXIS_TYPES[axis.scale],
    gridIndex: index,
    min: domain.min,
    max: domain.max,
    show: axis.hidden !== true,
    inverse: axis.reverse === true,
    ...(axis.label !== undefined && axis.label !== '' ? { name: axis.label } : {}),
    nameLocation: 'middle',
    nameGap: dim === 'x' ? layout.xLabelHeight + 8 : layout.yLabelWidth + 10,
    ...(dim === 'y' ? { nameRotate: 90 } : {}),
    nameTextStyle: { color: theme.foreground, fontSize: theme.fontSize, fontFamily: theme.fontFamily },
    axisLine: { show: true, onZero: false, lineStyle: { color: theme.muted } },
    axisTick: { show: true, lineStyle: { color: theme.muted }, ...(tickValues ? { customValues: tickValues } : {}) },
    axisLabel: {
      color: theme.muted,
      fontSize: theme.fontSize,
      fontFamily: theme.fontFamily,
      hideOverlap: true,
      ...(tickValues ? { customValues: tickValues } : {}),
      ...(formatter ? { formatter } : {}),
      ...(rotate ? { rotate } : {}),
    },
    // categories are positions, not quantities: no grid lines through them
    splitLine: { show: theme.showGrid && ticks?.categorical !== true, lineStyle: { color: theme.gridColor, width: 1 } },
    ...(axis.scale === 'log' ? { logBase: 10 } : {}),
  };
}
