/**
 * Training curves drawn by uPlot from a compiled `curves` PlotSpec (see curves-figure.ts). Creating a uPlot is the
 * slow part, so new data with the same series (live points, a zoom's detail) goes through `setData`; only a
 * different set of series or a theme change rebuilds it. Drag to zoom (the parent re-reads the visible range at full
 * detail through `onZoom`), double-click to reset. The legend is searchable and shows every line's value at the
 * cursor; hovering a line or a legend row highlights that run in every chart on the page.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Run, UplotPanel } from '@runlens/core';
import type { SeriesData } from '../api/series.js';
import { useResolvedTheme } from '../ui/theme.js';
import { formatNumber } from '../ui/format.js';
import type { ChartView } from './chart-view.js';
import { compileCurvesFigure, type CurveLegendItem, type CurvesFigure } from './curves-figure.js';
import { setHighlight, useHighlight } from './highlight.js';
import { lastDrawnX, recordDrawn } from './drawn-probe.js';

export interface XRange {
  from: number;
  to: number;
}

/** The x under the cursor and each legend item's value there. */
export interface ChartHover {
  x: number;
  values: { id: string; label: string; color: string; value: number | null }[];
}

interface CurvesChartProps {
  runs: readonly Run[];
  series: readonly SeriesData[];
  metric: string;
  view: ChartView;
  /** Curves options that win over the view's (a dashboard panel's own). */
  overrides?: Record<string, unknown>;
  /** The zoomed x range, drawn exactly (the series hold its detail). */
  xRange?: XRange | null;
  width: number;
  height: number;
  /** Shows the searchable legend with values under the cursor. Default true. */
  legend?: boolean;
  onHover?: (hover: ChartHover | null) => void;
  /** A drag selected this x range (null: double-click reset). */
  onZoom?: (range: XRange | null) => void;
  /** Shades and labels the training phases of the (single) line. Default false. */
  phases?: boolean;
  /** Told the uPlot instance after each draw (build, resize, new data, zoom; null when destroyed): for overlays. */
  onPlot?: (u: uPlot | null) => void;
}

/** The uPlot series index of each legend item's main line: the most opaque line of its series id. */
function mainLines(panel: UplotPanel, legend: readonly CurveLegendItem[]): Map<string, number> {
  const best = new Map<string, { index: number; alpha: number }>();
  panel.options.series.forEach((s, i) => {
    if (i === 0 || s.seriesId === undefined || s.paths || s.stroke === 'transparent') return;
    const alpha = s.alpha ?? 1;
    const b = best.get(s.seriesId);
    if (!b || alpha >= b.alpha) best.set(s.seriesId, { index: i, alpha });
  });
  return new Map(legend.flatMap((l) => (best.has(l.id) ? [[l.id, best.get(l.id)!.index] as [string, number]] : [])));
}

/** The value of column `col` at `idx`, or its nearest point when the series has none at that x (runs' x differ). */
function valueNear(col: readonly (number | null | undefined)[], idx: number): number | null {
  for (let d = 0; d < 5_000; d++) {
    const a = col[idx - d];
    if (a !== undefined) return a;
    const b = col[idx + d];
    if (b !== undefined) return b;
    if (idx - d < 0 && idx + d >= col.length) break;
  }
  return null;
}

/** A structural fingerprint: same fingerprint, same uPlot (only the data and ranges change). */
function fingerprint(panel: UplotPanel): string {
  const o = panel.options;
  return JSON.stringify([o.series.map((s) => [s.label, s.seriesId, s.stroke, s.alpha, s.width, s.dash]), o.bands, o.scales.x.distr, o.scales.y.distr, o.scales.x.time, o.axes.map((a) => a.label)]);
}

/** Steps are integers: ticks at 1, 2, 5, 10, 20, 50, … apart, never 2.5. */
const STEP_INCREMENTS = Array.from({ length: 16 }, (_, e) => [1, 2, 5].map((m) => m * 10 ** e)).flat();

/**
 * `zoomable`: the caller re-reads a dragged range (onZoom). The chart then waits for that detail instead of first
 * stretching the coarse data over the range, and a double-click is left to the caller too: each zoom or reset is one
 * redraw, not two (with 100 runs a redraw is most of a frame budget several times over).
 */
function toUplotOptions(panel: UplotPanel, ranges: { current: UplotPanel | null }, handlers: { current: { cursor(u: uPlot): void; select(u: uPlot): void; draw(u: uPlot): void } }, zoomable: boolean): uPlot.Options {
  const o = panel.options;
  // ranges come from the latest compiled spec, so a reset (double-click, new data) fits the current data
  const range = (dim: 'x' | 'y'): uPlot.Scale.Range => () => (ranges.current ?? panel).options.scales[dim].range;
  return {
    ...o,
    series: o.series.map((s, i) => {
      const line = i > 0 && !s.paths && s.stroke !== 'transparent';
      // lines: uPlot's own point markers, shown where the data is sparse (a one-point series stays visible)
      const { points, ...rest } = s;
      return { ...rest, ...(line ? {} : points ? { points } : {}), value: (_u: uPlot, v: number | null) => (v === null ? '—' : formatNumber(v)) };
    }),
    // auto: new data (live points, a zoom's detail) re-ranges both axes, to the ranges of the latest spec
    scales: { x: { ...o.scales.x, auto: true, range: range('x') }, y: { ...o.scales.y, auto: true, range: range('y') } },
    // as wide as the longest tick label in the page's font (10 px tick + 5 px gap + ~7 px per character)
    axes: [o.axes[0].label === 'step' && !o.axes[0].splits ? { ...o.axes[0], incrs: STEP_INCREMENTS } : o.axes[0], { ...o.axes[1], size: (_u: uPlot, values: string[] | null) => 20 + 7 * Math.max(2, ...(values ?? []).map((v) => v.length)) }],
    legend: { show: false },
    cursor: { drag: { x: true, y: false, setScale: !zoomable }, points: { size: 5 }, ...(zoomable ? { bind: { dblclick: () => null } } : {}) },
    hooks: {
      ...o.hooks,
      setCursor: [(u) => handlers.current.cursor(u)],
      setSelect: [(u) => handlers.current.select(u)],
      draw: [...o.hooks.draw, (u: uPlot) => handlers.current.draw(u)],
    },
  };
}

type Compiled = { figure: CurvesFigure; error: null } | { figure: null; error: string };

export function CurvesChart({ runs, series, metric, view, overrides, xRange, width, height, legend = true, onHover, onZoom, phases = false, onPlot }: CurvesChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const theme = useResolvedTheme();
  const highlight = useHighlight();
  const w = Math.max(80, Math.round(width));
  const h = Math.max(80, Math.round(height));

  // figures by the series read they draw: going back from a zoom to the (cached) whole series reuses its figure
  const figures = useRef(new WeakMap<readonly SeriesData[], { deps: readonly unknown[]; value: Compiled }>());
  const compiled = useMemo((): Compiled => {
    const deps = [runs, metric, view, overrides, xRange?.from, xRange?.to, w, h, theme, phases];
    const hit = figures.current.get(series);
    if (hit && hit.deps.every((d, i) => Object.is(d, deps[i]))) return hit.value;
    let value: Compiled;
    try {
      value = { figure: compileCurvesFigure(runs, series, metric, view, { width: w, height: h, dark: theme === 'dark', points: w, phases, xRange }, overrides), error: null };
    } catch (e) {
      value = { figure: null, error: e instanceof Error ? e.message : String(e) };
    }
    figures.current.set(series, { deps, value });
    return value;
  }, [runs, series, metric, view, overrides, xRange, w, h, theme, phases]);
  const figure = compiled.figure;
  const lines = useMemo(() => (figure ? mainLines(figure.panel, figure.legend) : new Map<string, number>()), [figure]);
  const [hoverIdx, setHoverIdx] = useState<number | null>(null);

  const latest = useRef({ figure, lines, onHover, onZoom, metric, onPlot });
  latest.current = { figure, lines, onHover, onZoom, metric, onPlot };
  const ranges = useRef<UplotPanel | null>(null);
  if (figure) ranges.current = figure.panel;

  const handlers = useRef({
    cursor(u: uPlot) {
      const f = latest.current.figure;
      const idx = u.cursor.idx;
      if (!f || idx === null || idx === undefined) {
        setHoverIdx(null);
        latest.current.onHover?.(null);
        setHighlight(null);
        return;
      }
      setHoverIdx(idx);
      const x = u.data[0][idx];
      const values = f.legend.map((l) => {
        const i = latest.current.lines.get(l.id);
        const col = i === undefined ? undefined : (u.data[i] as (number | null | undefined)[] | undefined);
        return { ...l, value: col ? valueNear(col, idx) : null };
      });
      if (x !== undefined) latest.current.onHover?.({ x, values });
      // the line nearest the pointer (within 16 px) is the one highlighted everywhere
      const top = u.cursor.top ?? -1;
      let near: string | null = null;
      let dist = 16 * (globalThis.devicePixelRatio || 1);
      for (const v of values) {
        if (v.value === null) continue;
        const d = Math.abs(u.valToPos(v.value, 'y') - top);
        if (d < dist) {
          dist = d;
          near = v.id;
        }
      }
      if (f.legend.length > 1) setHighlight(near);
    },
    select(u: uPlot) {
      if (u.select.width < 2) return;
      const from = u.posToVal(u.select.left, 'x');
      const to = u.posToVal(u.select.left + u.select.width, 'x');
      latest.current.onZoom?.({ from, to });
    },
    draw(u: uPlot) {
      recordDrawn(u, latest.current.metric);
      // how far the curves reach, for tests and tools reading the page (a live chart's latest step)
      const last = lastDrawnX(u);
      const host = u.root.parentElement;
      if (last === null) host?.removeAttribute('data-last-x');
      else host?.setAttribute('data-last-x', String(last));
      // and the x range drawn
      host?.setAttribute('data-x-range', `${u.scales.x.min ?? ''},${u.scales.x.max ?? ''}`);
      // after a draw the scales and plot box are final (not at construction, setData or setSize: uPlot commits later)
      latest.current.onPlot?.(u);
    },
  });

  const print = figure ? fingerprint(figure.panel) : '';
  // (re)build for a different set of series or a new theme
  useEffect(() => {
    const el = host.current;
    const f = latest.current.figure;
    if (!el || !f) return;
    const u = new uPlot(toUplotOptions(f.panel, ranges, handlers, latest.current.onZoom !== undefined), f.panel.data, el);
    plot.current = u;
    const reset = () => latest.current.onZoom?.(null);
    u.over.addEventListener('dblclick', reset);
    return () => {
      u.over.removeEventListener('dblclick', reset);
      u.destroy();
      plot.current = null;
      latest.current.onPlot?.(null);
    };
  }, [print]);

  // new data, same series: keep the chart, take the new ranges
  useEffect(() => {
    const u = plot.current;
    if (!u || !figure) return;
    if (u.data !== figure.panel.data) {
      u.setData(figure.panel.data, true);
      // a dragged selection waits for its range's data (see toUplotOptions): here it is
      if (u.select.width > 0) u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
    }
  }, [figure]);

  useEffect(() => {
    const u = plot.current;
    if (!u) return;
    u.setSize({ width: w, height: h });
  }, [w, h]);

  // dim every series but the highlighted one
  useEffect(() => {
    const u = plot.current;
    const f = figure;
    if (!u || !f) return;
    const known = highlight !== null && f.legend.some((l) => l.id === highlight);
    f.panel.options.series.forEach((s, i) => {
      if (i === 0 || !u.series[i]) return;
      const base = s.alpha ?? 1;
      u.series[i]!.alpha = known && s.seriesId !== highlight ? base * 0.15 : base;
    });
    u.redraw(false);
  }, [highlight, figure]);

  return (
    <div className="curves-chart" data-testid="line-chart" data-metric={metric}>
      {compiled.error !== null && <p className="chart-error">{compiled.error}</p>}
      <div ref={host} className="curves-canvas" />
      {legend && figure && <CurvesLegend items={figure.legend} lines={lines} data={figure.panel.data} hoverIdx={hoverIdx} highlight={highlight} />}
      {figure && figure.warnings.length > 0 && (
        <span className="chart-warnings" title={figure.warnings.join('\n')} data-testid="chart-warnings">
          ⚠{figure.warnings.length > 1 ? ` ${figure.warnings.length}` : ''}
        </span>
      )}
    </div>
  );
}

interface LegendProps {
  items: readonly CurveLegendItem[];
  lines: Map<string, number>;
  data: UplotPanel['data'];
  hoverIdx: number | null;
  highlight: string | null;
}

/** The legend: searchable, each row with its value at the cursor; hovering a row highlights that run everywhere. */
function CurvesLegend({ items, lines, data, hoverIdx, highlight }: LegendProps) {
  const [q, setQ] = useState('');
  const needle = q.trim().toLowerCase();
  const shown = needle ? items.filter((i) => i.label.toLowerCase().includes(needle)) : items;
  const valueOf = (id: string): string => {
    if (hoverIdx === null) return '';
    const i = lines.get(id);
    const col = i === undefined ? undefined : data[i];
    if (!col) return '';
    const v = valueNear(col, hoverIdx);
    return v === null ? '—' : formatNumber(v);
  };
  return (
    <div className="curves-legend" data-testid="chart-legend">
      {items.length > 6 && (
        <input className="text-input legend-search" type="search" placeholder={`Search ${items.length} series`} value={q} onChange={(e) => setQ(e.target.value)} aria-label="Search the legend" data-testid="legend-search" />
      )}
      {hoverIdx !== null && data[0][hoverIdx] !== undefined && <span className="legend-x muted">x {formatNumber(data[0][hoverIdx])}</span>}
      <ul>
        {shown.map((i) => (
          <li
            key={i.id}
            className={highlight === i.id ? 'legend-item highlighted' : 'legend-item'}
            data-testid="legend-item"
            onMouseEnter={() => setHighlight(i.id)}
            onMouseLeave={() => setHighlight(null)}
          >
            <span className="legend-swatch" style={{ background: i.color }} />
            <span className="legend-label">{i.label}</span>
            <span className="legend-value">{valueOf(i.id)}</span>
          </li>
        ))}
        {shown.length === 0 && <li className="muted">No series match “{q}”.</li>}
      </ul>
    </div>
  );
}
