/**
 * The playback timeline of the Parameters view on the run's loss curve: the curve (core's `curves` plot type drawn by
 * the dashboard's uPlot chart, with its training-phase shading), the phases from the analytics engine as labelled
 * bands on the slider track, and a marker at the shown snapshot's step. Slider, bands and marker share the chart's
 * step axis (positions come from the chart's own x scale), so a snapshot lines up with the loss at its step.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type uPlot from 'uplot';
import { analyzeCurve, type Run } from '@runlens/core';
import { getRun } from '../api/runs.js';
import { fetchSeries, type SeriesData } from '../api/series.js';
import { CurvesChart } from '../charts/curves-chart.js';
import { DEFAULT_VIEW } from '../charts/chart-view.js';

/** The loss the timeline shows: `train/loss`, else the first key that looks like a loss. */
export function lossKey(run: Run): string | null {
  const keys = Object.keys(run.metrics);
  if (keys.includes('train/loss')) return 'train/loss';
  return keys.find((k) => /(^|[/_.-])loss($|[/_.-])/i.test(k)) ?? keys.find((k) => /loss/i.test(k)) ?? null;
}

export interface Phase {
  name: string;
  label: string;
  from: number;
  to: number;
}

const PHASE_LABELS: Record<string, string> = { initialisation: 'initialisation', 'rapid-learning': 'rapid learning', convergence: 'convergence' };

/** Training phases of a loss series (finite points only), by step. */
export function phasesOf(series: SeriesData | undefined): Phase[] {
  if (!series) return [];
  const steps: number[] = [];
  const values: number[] = [];
  series.steps.forEach((s, i) => {
    const v = series.values[i];
    if (v !== undefined && Number.isFinite(v)) {
      steps.push(s);
      values.push(v);
    }
  });
  if (steps.length === 0) return [];
  try {
    return analyzeCurve({ steps, values }).phases.map((p) => ({ name: p.name, label: PHASE_LABELS[p.name] ?? p.name, from: p.from, to: p.to }));
  } catch {
    return [];
  }
}

const CHART_HEIGHT = 150;
/** Half the width of the range input's thumb: the thumb's centre travels from this inset to width − inset. */
const THUMB = 8;

interface LossTimelineProps {
  runId: string;
  /** Steps of the snapshots, ascending. */
  steps: readonly number[];
  /** The step the cloud shows (fractional while playing). */
  step: number;
  /** The slider moved to this step (the caller snaps it to a snapshot). */
  onSeek: (step: number) => void;
}

export function LossTimeline({ runId, steps, step, onSeek }: LossTimelineProps) {
  const run = useQuery({ queryKey: ['run', runId], queryFn: ({ signal }) => getRun(runId, signal), staleTime: 60_000 });
  const key = run.data ? lossKey(run.data) : null;
  const wrap = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    setWidth(el.clientWidth);
    return () => observer.disconnect();
  }, []);
  const points = Math.max(50, Math.round(width));
  const series = useQuery({
    queryKey: ['parameters-loss', runId, key, points],
    queryFn: ({ signal }) => fetchSeries([runId], [key!], points, signal),
    enabled: key !== null && width > 0,
    staleTime: 60_000,
  });
  const runs = useMemo(() => (run.data ? [run.data] : []), [run.data]);
  const data = series.data ?? [];
  const phases = useMemo(() => phasesOf(series.data?.[0]), [series.data]);
  // the chart's uPlot, re-told after every resize or data change, so overlays follow its x scale
  const [plot, setPlot] = useState<{ u: uPlot | null; n: number }>({ u: null, n: 0 });
  const onPlot = useMemo(() => (u: uPlot | null) => setPlot((p) => ({ u, n: p.n + 1 })), []);

  const first = steps[0] ?? 0;
  const last = steps[steps.length - 1] ?? 0;
  const u = plot.u;
  const ratio = globalThis.devicePixelRatio || 1;
  // x of a step in CSS pixels from the chart's left edge; null until the chart exists
  const xOf = (s: number): number | null => (u && u.bbox ? u.bbox.left / ratio + u.valToPos(s, 'x') : null);
  const x0 = xOf(first);
  const x1 = xOf(last);
  const aligned = x0 !== null && x1 !== null && Number.isFinite(x0) && Number.isFinite(x1) && x1 > x0;
  const trackStyle = aligned ? { marginLeft: x0 - THUMB, width: x1 - x0 + 2 * THUMB } : undefined;
  const markerX = xOf(step);
  const plotTop = u && u.bbox ? u.bbox.top / ratio : 0;
  const plotHeight = u && u.bbox ? u.bbox.height / ratio : 0;

  return (
    <div className="loss-timeline" ref={wrap} data-testid="loss-timeline">
      <div className="loss-track" style={trackStyle}>
        {aligned && phases.length > 0 && (
          <div className="phase-track" data-testid="phase-track" aria-label="training phases">
            {phases.map((p) => {
              const a = Math.max(first, p.from);
              const b = Math.min(last, p.to);
              if (b < a) return null;
              const left = THUMB + ((a - first) / (last - first)) * (x1 - x0);
              const w = ((b - a) / (last - first)) * (x1 - x0);
              return (
                <span key={p.name} className={`phase-band phase-${p.name}`} style={{ left, width: Math.max(2, w) }} title={`${p.label}: steps ${p.from}–${p.to}`} data-testid="phase-band">
                  {w > 60 ? p.label : ''}
                </span>
              );
            })}
          </div>
        )}
        <input
          type="range"
          aria-label="snapshot step"
          data-testid="timeline"
          min={first}
          max={last}
          step={1}
          value={Math.round(step)}
          onChange={(e) => onSeek(Number(e.target.value))}
        />
      </div>
      {key === null && run.data && <p className="cloud-caption">This run has no loss metric to show beneath the timeline.</p>}
      {key !== null && width > 0 && data.length > 0 && (
        <div className="loss-chart" data-testid="loss-chart" data-metric={key}>
          <CurvesChart runs={runs} series={data} metric={key} view={DEFAULT_VIEW} width={width} height={CHART_HEIGHT} legend={false} phases onPlot={onPlot} />
          {markerX !== null && Number.isFinite(markerX) && (
            <div className="step-marker" data-testid="step-marker" data-step={Math.round(step)} style={{ left: markerX, top: plotTop, height: plotHeight }} />
          )}
        </div>
      )}
      {phases.length > 0 && (
        <div className="phase-legend" data-testid="phase-legend">
          <span className="muted">{key}, training phases:</span>
          {phases.map((p) => (
            <span key={p.name} className="phase-legend-item">
              <i className={`phase-swatch phase-${p.name}`} />
              {p.label} <span className="muted">(steps {p.from}–{p.to})</span>
            </span>
          ))}
        </div>
      )}
    </div>
  );
}
