/**
 * The part of the ECharts option model the compiler writes, as plain JSON types (core does not import echarts).
 * The option is JSON on purpose: it is cached, sent to browsers and embedded in HTML. Where ECharts wants a
 * function (tick labels of explicit ticks, percent labels, polygon shapes) the option holds an
 * {@link EchartsFunctionRef}, a `{$runlens: name, ...args}` object that {@link reviveEchartsOption} turns into the
 * function right before `setOption` — on the server, in the dashboard and in exported HTML pages alike.
 */

export type EchartsJsonValue = string | number | boolean | null | EchartsJsonValue[] | EchartsJsonObject;
export interface EchartsJsonObject {
  [key: string]: EchartsJsonValue | undefined;
}

/** Tick labels of explicit ticks: `labels[i]` for `values[i]`. */
export interface TickLabelsRef {
  $runlens: 'tick-labels';
  values: number[];
  labels: string[];
}

/** 0.5 → 50%. */
export interface PercentRef {
  $runlens: 'percent';
}

/** `renderItem` of a custom series drawing polygon i of `polygons` (data coordinates) for data item i. */
export interface PolygonsRef {
  $runlens: 'polygons';
  polygons: [number, number][][];
  fills: string[];
  fillOpacity: number;
  stroke: string;
  lineWidth: number;
}

export type EchartsFunctionRef = TickLabelsRef | PercentRef | PolygonsRef;

export type EchartsAxisType = 'value' | 'log' | 'time';

export interface EchartsAxis {
  type: EchartsAxisType;
  gridIndex: number;
  min: number;
  max: number;
  show: boolean;
  inverse: boolean;
  name?: string;
  nameLocation: 'middle';
  nameGap: number;
  nameRotate?: number;
  nameTextStyle: EchartsJsonObject;
  axisLine: EchartsJsonObject;
  axisTick: EchartsJsonObject & { customValues?: number[] };
  axisLabel: EchartsJsonObject & { customValues?: number[]; formatter?: TickLabelsRef | PercentRef | EchartsJsonObject; rotate?: number };
  splitLine: EchartsJsonObject;
  logBase?: number;
}

export interface EchartsSeries {
  type: 'line' | 'scatter' | 'custom';
  name?: string;
  xAxisIndex: number;
  yAxisIndex: number;
  data: EchartsJsonValue[];
  renderItem?: PolygonsRef;
  [key: string]: EchartsJsonValue | undefined | PolygonsRef;
}

export interface EchartsOption {
  animation: false;
  useUTC: true;
  backgroundColor: string;
  color: string[];
  textStyle: EchartsJsonObject;
  title: EchartsJsonObject[];
  grid: EchartsJsonObject[];
  xAxis: EchartsAxis[];
  yAxis: EchartsAxis[];
  /** One legend per column of the figure legend. */
  legend?: EchartsJsonObject[];
  tooltip: EchartsJsonObject;
  visualMap?: EchartsJsonObject[];
  series: EchartsSeries[];
}
