/**
 * Hand-built PlotSpecs that together use every mark type, every axis scale (linear, log, time, categorical ticks),
 * multi-panel grids, legends with omitted entries, the three built-in themes, and the awkward names renderers must
 * escape or keep (`<script>`, quotes, Greek, CJK, the unicode minus). The renderer golden tests draw each one.
 */
import { buildLegend, DARK_THEME, DEFAULT_THEME, PUBLICATION_THEME, PLOT_SPEC_VERSION, seriesStyle, type Panel, type PlotSpec, type Theme } from '@runlens/core';

export const SCRIPT_NAME = '<script>alert(1)</script>';
export const QUOTES_NAME = 'a&b "quoted" \'single\'';
export const UNICODE_NAME = 'λ=0.1 — 学习率';
export const MINUS_NAME = 'Δloss −0.5';

const round = (v: number, digits = 4): number => Math.round(v * 10 ** digits) / 10 ** digits;
const range = (n: number, f: (i: number) => number): number[] => Array.from({ length: n }, (_, i) => round(f(i)));

function spec(parts: Partial<PlotSpec> & { plot: string; panels: Panel[]; theme?: Theme }): PlotSpec {
  return {
    version: PLOT_SPEC_VERSION,
    width: 720,
    height: 420,
    columns: 1,
    legend: { show: false, entries: [], omitted: 0 },
    warnings: [],
    ...parts,
    theme: parts.theme ?? DEFAULT_THEME,
  };
}

const steps = range(51, (i) => i * 20);
const loss = (scale: number, floor: number) => steps.map((s) => round(floor + scale * Math.exp(-s / 250) + 0.02 * Math.sin(s / 37)));

/** Training curves: lines (one broken by a missing value, one dashed, one stepped), a band, a rule and a text label. */
export function curvesSpec(theme: Theme = DEFAULT_THEME): PlotSpec {
  const p = theme.palette;
  const a = loss(2, 0.3);
  const b = loss(1.6, 0.45);
  const c = loss(2.4, 0.2);
  // a gap between steps 400 and 480
  const bGap = b.map((v, i) => (i >= 20 && i <= 24 ? null : v));
  const best = c.map((_, i) => Math.min(...c.slice(0, i + 1)));
  return spec({
    plot: 'curves',
    title: `Loss of 3 runs: ${SCRIPT_NAME}`,
    subtitle: `smoothing ema:0.6 · ${UNICODE_NAME} · ${QUOTES_NAME}`,
    theme,
    panels: [
      {
        x: { scale: 'linear', label: 'step' },
        y: { scale: 'linear', label: `train/loss ${MINUS_NAME}` },
        marks: [
          { type: 'area', label: SCRIPT_NAME, series: 'r1', color: p[0], x: steps, y1: a.map((v) => round(v - 0.08)), y2: a.map((v) => round(v + 0.08)) },
          { type: 'line', label: SCRIPT_NAME, series: 'r1', color: p[0], x: steps, y: a },
          { type: 'line', label: QUOTES_NAME, series: 'r2', color: p[1 % p.length], x: steps, y: bGap, dash: [6, 3] },
          { type: 'line', label: UNICODE_NAME, series: 'r3', color: p[2 % p.length], x: steps, y: best, curve: 'step' },
          { type: 'rule', label: 'best step', color: theme.muted, x1: [600], x2: [600], y1: [null], y2: [null], dash: [4, 4] },
          { type: 'text', color: theme.muted, x: [600], y: [null], text: ['best −0.21 @600'], align: 'start', baseline: 'top', dx: 4, dy: 4 },
        ],
      },
    ],
    legend: {
      show: true,
      entries: [
        { label: SCRIPT_NAME, color: p[0]!, symbol: 'line', series: 'r1' },
        { label: QUOTES_NAME, color: p[1 % p.length]!, symbol: 'line', dash: [6, 3], series: 'r2' },
        { label: UNICODE_NAME, color: p[2 % p.length]!, symbol: 'line', series: 'r3' },
      ],
      omitted: 12,
    },
  });
}

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 2, 1, 6, 0, 0);

/** Two panels side by side: a log y axis (with values ≤ 0 the renderers must drop) and a UTC time x axis. */
export function logAndTimeSpec(theme: Theme = DARK_THEME): PlotSpec {
  const p = theme.palette;
  const lr = range(30, (i) => 10 ** (-4 + i / 8));
  const grad = lr.map((v, i) => (i === 3 ? 0 : i === 4 ? -1 : round(v ** 0.7 * 3 + 0.001, 6)));
  const times = range(24, (i) => T0 + i * DAY / 4);
  const acc = times.map((_, i) => round(0.5 + 0.4 * (1 - Math.exp(-i / 6))));
  return spec({
    plot: 'sample',
    title: 'Log and time axes',
    theme,
    width: 760,
    height: 360,
    columns: 2,
    panels: [
      {
        title: 'gradient norm vs learning rate',
        x: { scale: 'log', label: 'learning rate' },
        y: { scale: 'log', label: 'grad norm' },
        marks: [
          { type: 'line', label: 'sweep A', color: p[0], x: lr, y: grad },
          { type: 'point', label: 'sweep A', color: p[0], x: lr, y: grad, size: 3, text: lr.map((v) => `lr ${v}`) },
          { type: 'point', label: 'outliers', color: p[5 % p.length], x: [0.001, 0.01, 0.1], y: [50, 200, 1000], symbol: 'diamond', size: 5 },
        ],
      },
      {
        title: 'accuracy over wall time (UTC)',
        x: { scale: 'time', label: 'time' },
        y: { scale: 'linear', label: 'val/acc', format: 'percent', domain: [0.4, 1] },
        marks: [
          { type: 'line', label: 'run 7', color: p[1 % p.length], x: times, y: acc },
          { type: 'point', label: 'run 7', color: p[1 % p.length], x: times, y: acc, symbol: 'square', filled: false, size: [2, 3, 4, 5, 6, 2, 3, 4, 5, 6, 2, 3, 4, 5, 6, 2, 3, 4, 5, 6, 2, 3, 4, 5] },
          { type: 'point', label: 'checkpoints', color: p[2 % p.length], x: [times[5]!, times[15]!], y: [0.8, 0.9], symbol: 'triangle', size: 6 },
          { type: 'point', label: 'checkpoints', color: p[3 % p.length], x: [times[10]!], y: [0.7], symbol: 'cross', size: 6 },
        ],
      },
    ],
    legend: {
      show: true,
      entries: [
        { label: 'sweep A', color: p[0]!, symbol: 'line' },
        { label: 'outliers', color: p[5 % p.length]!, symbol: 'point' },
        { label: 'run 7', color: p[1 % p.length]!, symbol: 'line' },
        { label: 'checkpoints', color: p[2 % p.length]!, symbol: 'point' },
      ],
      omitted: 0,
    },
  });
}

const GROUPS = ['adam', 'sgd momentum 0.9', UNICODE_NAME, SCRIPT_NAME];

/** Categorical axes: bars with CI rules, boxes, violins (polygons) and a strip of points, in a 2 × 2 grid. */
export function compareSpec(theme: Theme = PUBLICATION_THEME): PlotSpec {
  const p = theme.palette;
  const ticks = GROUPS.map((label, value) => ({ value, label }));
  const cat = { scale: 'linear' as const, domain: [-0.5, GROUPS.length - 0.5] as [number, number], ticks, label: 'optimizer' };
  const means = [0.82, 0.77, 0.85, 0.7];
  const colors = GROUPS.map((_, i) => p[i % p.length]!);
  const violin = (centre: number, mid: number, spread: number) => {
    const ys = range(21, (k) => mid - spread + (2 * spread * k) / 20);
    const w = ys.map((y) => round(0.35 * Math.exp(-(((y - mid) / (spread / 2)) ** 2))));
    return { x: [...ys.map((_, k) => round(centre - w[k]!)), ...ys.map((_, k) => round(centre + w[20 - k]!))], y: [...ys, ...[...ys].reverse()] };
  };
  const violins = GROUPS.map((_, i) => violin(i, means[i]!, 0.08));
  const strip = GROUPS.flatMap((_, i) => range(8, (k) => i + (k - 3.5) * 0.04));
  const stripY = GROUPS.flatMap((_, i) => range(8, (k) => means[i]! + 0.05 * Math.sin(k * 1.7 + i)));
  return spec({
    plot: 'compare',
    title: 'Final accuracy by optimizer',
    theme,
    width: 800,
    height: 600,
    columns: 2,
    panels: [
      {
        title: 'mean with 95% CI',
        x: cat,
        y: { scale: 'linear', label: 'accuracy' },
        marks: [
          { type: 'bar', label: 'mean', x: [0, 1, 2, 3], y: means, width: 0.6, colors },
          { type: 'rule', label: '95% CI', color: theme.foreground, x1: [0, 1, 2, 3], x2: [0, 1, 2, 3], y1: means.map((m) => round(m - 0.04)), y2: means.map((m) => round(m + 0.04)), strokeWidth: 1.5 },
          { type: 'text', color: theme.foreground, x: [0.5, 2.5], y: [0.93, 0.93], text: ['p = 0.012 *', 'p < 0.001 ***'], baseline: 'bottom' },
          { type: 'rule', color: theme.foreground, x1: [0, 2], x2: [1, 3], y1: [0.92, 0.92], y2: [0.92, 0.92] },
        ],
      },
      {
        title: 'box',
        x: cat,
        y: { scale: 'linear', label: 'accuracy' },
        marks: [
          { type: 'box', label: 'runs', x: [0, 1, 2, 3], width: 0.5, q1: means.map((m) => round(m - 0.03)), median: means, q3: means.map((m) => round(m + 0.025)), lo: means.map((m) => round(m - 0.07)), hi: [0.88, 0.83, null, 0.76], colors },
          { type: 'point', label: 'outlier', color: theme.foreground, x: [1, 3], y: [0.65, 0.58], symbol: 'circle', filled: false, size: 3 },
        ],
      },
      {
        title: 'violin',
        x: cat,
        y: { scale: 'linear', label: 'accuracy' },
        marks: [{ type: 'polygon', label: 'density', x: violins.map((v) => v.x), y: violins.map((v) => v.y), colors, opacity: 0.5 }],
      },
      {
        title: 'strip',
        x: cat,
        y: { scale: 'linear', label: 'accuracy' },
        marks: [{ type: 'point', label: 'runs', color: p[0], x: strip, y: stripY, size: 2.5, opacity: 0.8 }],
      },
    ],
  });
}

const FEATURES = ['lr', 'batch size', 'dropout', 'warmup', SCRIPT_NAME];

/** A correlation heatmap (rects through a diverging colour scale, values as text) on categorical, reversed axes. */
export function heatmapSpec(theme: Theme = DEFAULT_THEME): PlotSpec {
  const n = FEATURES.length;
  const x1: number[] = [];
  const x2: number[] = [];
  const y1: number[] = [];
  const y2: number[] = [];
  const values: (number | null)[] = [];
  const text: string[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = i === j ? 1 : i === 3 && j === 1 ? null : round(Math.cos((i + 1) * (j + 2)) * 0.9, 2);
      x1.push(j - 0.5);
      x2.push(j + 0.5);
      y1.push(i - 0.5);
      y2.push(i + 0.5);
      values.push(v);
      text.push(v === null ? '' : v.toFixed(2).replace('-', '−'));
    }
  }
  const ticks = FEATURES.map((label, value) => ({ value, label }));
  return spec({
    plot: 'correlation',
    title: 'Spearman correlation',
    theme,
    width: 560,
    height: 480,
    panels: [
      {
        x: { scale: 'linear', domain: [-0.5, n - 0.5], ticks },
        y: { scale: 'linear', domain: [-0.5, n - 0.5], ticks, reverse: true },
        color: { domain: [-1, 1], scheme: theme.diverging, label: 'ρ' },
        marks: [{ type: 'rect', label: 'ρ', x1, x2, y1, y2, values, text, opacity: 1 }],
      },
    ],
  });
}

/** Small multiples: a 3-column grid of horizontal bars and a duration axis, with phase rects spanning the panel. */
export function smallMultiplesSpec(theme: Theme = DEFAULT_THEME): PlotSpec {
  const p = theme.palette;
  const names = ['run-a', 'run-b', 'run-c'];
  const panels: Panel[] = names.map((name, k) => ({
    title: `${name}: time per phase`,
    x: { scale: 'linear', label: 'duration', format: 'duration' },
    y: { scale: 'linear', domain: [-0.5, 2.5], ticks: ['data', 'train', 'eval'].map((label, value) => ({ value, label })), reverse: true },
    marks: [
      { type: 'rect', label: 'warm-up', color: theme.muted, x1: [0], x2: [600_000 * (k + 1)], y1: [null], y2: [null] },
      { type: 'text', color: theme.muted, x: [600_000 * (k + 1)], y: [null], text: ['warm-up'], align: 'start', baseline: 'bottom', dx: 3, fontSize: 9 },
      { type: 'bar', label: name, orient: 'horizontal', color: p[k], x: [300_000 * (k + 1), 5_400_000 + k * 900_000, 1_200_000], y: [0, 1, 2], width: 0.6 },
    ],
  }));
  panels.push(
    { title: 'empty panel', x: { scale: 'linear' }, y: { scale: 'linear' }, marks: [] },
    { title: 'one point', x: { scale: 'linear', label: 'step' }, y: { scale: 'log', label: 'loss' }, marks: [{ type: 'point', label: 'single', color: p[0], x: [100], y: [0.5] }] },
    {
      title: 'hidden axes',
      x: { scale: 'linear', hidden: true },
      y: { scale: 'linear', hidden: true },
      marks: [{ type: 'line', label: 'spark', color: p[1], x: range(20, (i) => i), y: range(20, (i) => Math.sin(i / 3)), strokeWidth: 2 }],
    },
  );
  return spec({
    plot: 'small-multiples',
    title: 'Run phases',
    theme,
    width: 900,
    height: 520,
    columns: 3,
    panels,
    legend: { show: true, entries: names.map((label, k) => ({ label, color: p[k]!, symbol: 'rect' as const })), omitted: 997 },
  });
}

/** Many runs in one chart: 60 lines styled by seriesStyle, a legend of 1,000 runs listing 30 in columns. */
export function manyRunsSpec(theme: Theme = DEFAULT_THEME): PlotSpec {
  const xs = range(26, (i) => i * 40);
  const marks: Panel['marks'] = range(60, (k) => k).map((k) => {
    const style = seriesStyle(theme, k);
    return { type: 'line', label: `run-${String(k).padStart(4, '0')} lr=${round(10 ** (-4 + k / 20), 6)}`, series: `r${k}`, color: style.color, dash: style.dash, strokeWidth: 1, x: xs, y: xs.map((x) => round(0.2 + (1 + k / 30) * Math.exp(-x / (200 + 10 * k)))) };
  });
  const entries = range(1000, (k) => k).map((k) => {
    const style = seriesStyle(theme, k);
    return { label: `run-${String(k).padStart(4, '0')} lr=${round(10 ** (-4 + k / 20), 6)}`, color: style.color, dash: style.dash, symbol: 'line' as const, series: `r${k}` };
  });
  return spec({
    plot: 'curves',
    title: '1,000 runs (60 drawn)',
    theme,
    width: 900,
    height: 420,
    panels: [{ x: { scale: 'linear', label: 'step' }, y: { scale: 'log', label: 'loss' }, marks }],
    legend: buildLegend(entries),
    warnings: ['1000 runs in one chart: the legend lists the first 30'],
  });
}

/** Every sample, by golden name. */
export const SAMPLE_SPECS: Record<string, () => PlotSpec> = {
  curves: () => curvesSpec(DEFAULT_THEME),
  'curves-dark': () => curvesSpec(DARK_THEME),
  'curves-publication': () => curvesSpec(PUBLICATION_THEME),
  'log-time': () => logAndTimeSpec(DARK_THEME),
  compare: () => compareSpec(PUBLICATION_THEME),
  heatmap: () => heatmapSpec(DEFAULT_THEME),
  'small-multiples': () => smallMultiplesSpec(DEFAULT_THEME),
  'many-runs': () => manyRunsSpec(DEFAULT_THEME),
};
