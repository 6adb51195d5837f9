/**
 * Turns the `{$runlens: name, ...}` placeholders of a compiled ECharts option (see echarts-option.ts) into the
 * functions ECharts calls. Call it right before `chart.setOption(option)`.
 *
 * This function is self-contained on purpose — no imports, no module-level helpers — because exported HTML pages
 * embed its source text (`String(reviveEchartsOption)`) next to the inlined ECharts build. Keep it that way; the
 * tests evaluate that source on its own.
 */

interface PolygonApi {
  coord(point: number[]): number[];
}

/** Returns a copy of `option` with every placeholder replaced by its function; throws on an unknown name. */
export function reviveEchartsOption<T>(option: T): T {
  const clean = (v: number): number => parseFloat(v.toPrecision(12));
  const percent = (v: number): string => `${clean(v * 100)}%`;
  const makers: Record<string, (ref: Record<string, unknown>) => unknown> = {
    'tick-labels': (ref) => {
      const values = ref['values'] as number[];
      const labels = ref['labels'] as string[];
      return (value: number) => {
        const i = values.indexOf(value);
        return i >= 0 ? labels[i] : '';
      };
    },
    percent: () => percent,
    polygons: (ref) => {
      const polygons = ref['polygons'] as number[][][];
      const fills = ref['fills'] as string[];
      const fillOpacity = ref['fillOpacity'] as number;
      const stroke = ref['stroke'] as string;
      const lineWidth = ref['lineWidth'] as number;
      return (params: { dataIndex: number }, api: PolygonApi) => ({
        type: 'polygon',
        shape: { points: (polygons[params.dataIndex] ?? []).map((p) => api.coord(p)) },
        style: { fill: fills[params.dataIndex] ?? stroke, fillOpacity, stroke, lineWidth },
      });
    },
  };
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    const obj = node as Record<string, unknown>;
    const name = obj['$runlens'];
    if (typeof name === 'string') {
      const make = Object.prototype.hasOwnProperty.call(makers, name) ? makers[name] : undefined;
      if (!make) throw new Error(`unknown $runlens function in ECharts option: ${name} (one of ${Object.keys(makers).join(', ')})`);
      return make(obj);
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(obj)) out[key] = walk(obj[key]);
    return out;
  };
  return walk(option) as T;
}
