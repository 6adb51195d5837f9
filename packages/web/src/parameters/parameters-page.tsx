/**
 * `/runs/:id/parameters`: a logged tensor (e.g. the token embedding) as a 3-D point cloud that moves through
 * training. Every snapshot is projected by the server into one stable frame (PCA fitted on the last snapshot,
 * Procrustes-aligned), so what moves on screen is the rows moving. WebGL through three.js, or a 2-D canvas where
 * WebGL is missing (or with `?renderer=2d`). While the cloud moves on a machine too slow to draw every point at 30 fps,
 * the renderers draw a stable subset (lod.ts); a note says so, and the canvas's `data-lod` is the share drawn.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { ErrorBox, Spinner } from '../ui/feedback.js';
import { extentOf, webglAvailable, type CloudRenderer } from './cloud-renderer.js';
import { createCanvas2dRenderer } from './canvas-2d-renderer.js';
import { getProjection, getRowNeighbours, listTensors, type Projection } from './parameters-api.js';
import { DETAIL_LEVELS, type DetailLevel } from './lod.js';
import { LABEL_CLASSES, pointColours, type ColourMode } from './point-colours.js';
import { LossTimeline } from './loss-timeline.js';
import { TensorExplainer } from './tensor-explainer.js';
import { ParametersTour, tourDone } from './parameters-tour.js';
import { WeightHistograms } from './weight-histograms.js';
import './parameters.css';

export default function ParametersPage({ id }: { id: string }) {
  const tensors = useQuery({ queryKey: ['tensors', id], queryFn: ({ signal }) => listTensors(id, signal) });
  const [name, setName] = useState<string | null>(null);
  const [method, setMethod] = useState<'pca' | 'umap'>('pca');
  const selected = name ?? tensors.data?.tensors[0]?.name ?? null;
  const [touring, setTouring] = useState(() => !tourDone());
  const projection = useQuery({
    queryKey: ['projection', id, selected, method],
    queryFn: ({ signal }) => getProjection(id, selected!, method, signal),
    enabled: selected !== null,
    staleTime: 60_000,
  });

  return (
    <div className="parameters-page" data-testid="parameters-page">
      <div className="parameters-head">
        <Link href={`/runs/${encodeURIComponent(id)}`} className="back-link">
          ← Run
        </Link>
        <h1>Parameters</h1>
        {tensors.data && tensors.data.tensors.length > 0 && (
          <>
            <label>
              tensor{' '}
              <select data-testid="tensor-select" value={selected ?? ''} onChange={(e) => setName(e.target.value)}>
                {tensors.data.tensors.map((t) => (
                  <option key={t.name} value={t.name}>
                    {t.name} ({t.shape.join('×')}, {t.steps.length} snapshots)
                  </option>
                ))}
              </select>
            </label>
            <label>
              projection{' '}
              <select value={method} onChange={(e) => setMethod(e.target.value === 'umap' ? 'umap' : 'pca')}>
                <option value="pca">PCA (stable basis)</option>
                <option value="umap">UMAP (seeded)</option>
              </select>
            </label>
            <button type="button" className="tour-start" data-testid="tour-start" onClick={() => setTouring(true)}>
              Tour
            </button>
          </>
        )}
      </div>
      {tensors.isPending && <Spinner label="Loading tensors…" />}
      {tensors.isError && <ErrorBox title="Could not list the tensors" error={tensors.error} onRetry={() => void tensors.refetch()} />}
      {tensors.data && tensors.data.tensors.length === 0 && (
        <div className="parameters-empty" data-testid="parameters-empty">
          <p>This run has no tensor snapshots yet.</p>
          <p>
            Log some from training: <code>run.log_parameters(model, every=100, names=['tok_emb', 'pos_emb'])</code> (Python) or{' '}
            <code>run.logParameters(...)</code> (TypeScript).
          </p>
        </div>
      )}
      {selected && <TensorExplainer name={selected} shape={tensors.data?.tensors.find((t) => t.name === selected)?.shape ?? []} hasLabels={Boolean(projection.data?.labels)} />}
      {projection.isPending && selected && <Spinner label="Projecting snapshots…" />}
      {projection.isError && <ErrorBox title="Could not project the snapshots" error={projection.error} onRetry={() => void projection.refetch()} />}
      {projection.data && <CloudPlayer key={`${selected}:${method}`} runId={id} projection={projection.data} />}
      {touring && projection.data && <ParametersTour onClose={() => setTouring(false)} />}
    </div>
  );
}

function CloudPlayer({ runId, projection }: { runId: string; projection: Projection }) {
  const { snapshots, labels, rows } = projection;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  const rendererRef = useRef<CloudRenderer | null>(null);
  const [mode, setMode] = useState<'webgl' | '2d' | null>(null);
  // position along the timeline in snapshot units; fractional while playing (interpolated frames)
  const [t, setT] = useState(snapshots.length - 1);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(4);
  const [pointSize, setPointSize] = useState(4);
  const [colourMode, setColourMode] = useState<ColourMode>(labels ? 'class' : 'norm');
  const [hover, setHover] = useState<{ index: number; x: number; y: number; w: number; h: number } | null>(null);
  // the level of detail the renderer draws at (full unless the cloud moves on a slow machine)
  const [detail, setDetail] = useState<{ level: DetailLevel; drawn: number } | null>(null);
  const extent = useMemo(() => extentOf(snapshots.map((s) => s.coords)), [snapshots]);

  useEffect(() => {
    const canvas = canvasRef.current;
    const wrap = wrapRef.current;
    if (!canvas || !wrap) return;
    let disposed = false;
    const query = new URLSearchParams(window.location.search);
    const forced2d = query.get('renderer') === '2d';
    // `?detail=N`: level N of lod.ts whenever the cloud moves (to see or test a reduced level on a fast machine)
    const forcedDetail = /^\d$/.test(query.get('detail') ?? '') ? Math.min(DETAIL_LEVELS.length - 1, Number(query.get('detail'))) : null;
    const options = { onDetail: (level: DetailLevel, drawn: number) => setDetail({ level, drawn }), forcedDetail };
    const attach = (r: CloudRenderer) => {
      if (disposed) return r.dispose();
      rendererRef.current = r;
      r.resize(wrap.clientWidth, wrap.clientHeight);
      setMode(r.mode);
    };
    if (!forced2d && webglAvailable()) {
      import('./three-renderer.js')
        .then((m) => attach(m.createThreeRenderer(canvas, extent, document.documentElement.dataset.theme === 'dark', options)))
        .catch(() => attach(createCanvas2dRenderer(canvas, extent, options)));
    } else {
      attach(createCanvas2dRenderer(canvas, extent, options));
    }
    const observer = new ResizeObserver(() => rendererRef.current?.resize(wrap.clientWidth, wrap.clientHeight));
    observer.observe(wrap);
    return () => {
      disposed = true;
      observer.disconnect();
      rendererRef.current?.dispose();
      rendererRef.current = null;
    };
  }, [extent]);

  const i0 = Math.min(snapshots.length - 1, Math.max(0, Math.floor(t)));
  const i1 = Math.min(snapshots.length - 1, i0 + 1);
  const frac = Math.min(1, Math.max(0, t - i0));
  const shown = Math.min(snapshots.length - 1, Math.max(0, Math.round(t)));
  const current = snapshots[shown]!;
  const steps = useMemo(() => snapshots.map((s) => s.step), [snapshots]);
  // the step between two snapshots while playing (the marker glides with the cloud)
  const step = snapshots[i0]!.step + (snapshots[i1]!.step - snapshots[i0]!.step) * frac;
  const seek = (target: number) => {
    let best = 0;
    steps.forEach((s, k) => {
      if (Math.abs(s - target) < Math.abs(steps[best]! - target)) best = k;
    });
    setPlaying(false);
    setT(best);
  };

  // colours by label class do not change between snapshots: recomputed only when they would differ
  const colourNorms = colourMode === 'class' && labels ? null : current.norms;
  const colours = useMemo(() => pointColours(colourMode, labels, colourNorms ?? snapshots[0]!.norms), [colourMode, labels, colourNorms, snapshots]);
  // the interpolated frame, written into one buffer reused every frame (the renderer copies it)
  const scratch = useRef<Float32Array>(new Float32Array(0));

  useEffect(() => {
    const renderer = rendererRef.current;
    if (!renderer) return;
    const a = snapshots[i0]!.coords;
    const b = snapshots[i1]!.coords;
    if (scratch.current.length !== a.length) scratch.current = new Float32Array(a.length);
    const out = scratch.current;
    for (let k = 0; k < a.length; k++) out[k] = a[k]! + (b[k]! - a[k]!) * frac;
    renderer.update(out, colours, pointSize);
  }, [snapshots, i0, i1, frac, colours, pointSize, mode]);

  useEffect(() => {
    rendererRef.current?.setPlaying(playing);
  }, [playing, mode]);

  useEffect(() => {
    if (!playing) return;
    let last = performance.now();
    let raf = 0;
    const tick = (now: number) => {
      // a frame's timestamp can precede the performance.now() taken when the effect started
      const dt = Math.max(0, (now - last) / 1000);
      last = Math.max(last, now);
      setT((prev) => {
        const next = prev + dt * speed;
        if (next >= snapshots.length - 1) {
          setPlaying(false);
          return snapshots.length - 1;
        }
        return next;
      });
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [playing, speed, snapshots.length]);

  const onMove = (e: React.MouseEvent<HTMLCanvasElement>) => {
    // dragging orbits the cloud: no tooltip chasing the points under the pointer meanwhile
    if (e.buttons !== 0) {
      if (hover) setHover(null);
      return;
    }
    const r = e.currentTarget.getBoundingClientRect();
    const x = e.clientX - r.left;
    const y = e.clientY - r.top;
    const index = rendererRef.current?.pick(x, y) ?? -1;
    setHover(index >= 0 ? { index, x, y, w: r.width, h: r.height } : null);
  };

  const maxDistance = Math.max(...snapshots.map((s) => s.distanceToReference), 1e-9);
  const download = (blob: Blob, name: string) => {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    a.click();
    URL.revokeObjectURL(a.href);
  };
  const exportJson = () => download(new Blob([JSON.stringify(projection)], { type: 'application/json' }), `${projection.name}-projection.json`);
  // every snapshot's projected points, one row per (step, point): what a notebook or a spreadsheet reads
  const exportCsv = () => {
    // RFC 4180 quoting; a label a spreadsheet would run as a formula (= + - @) gets a leading ' like the server's CSV
    const quote = (v: string) => {
      const t = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
      return /[",\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
    };
    const lines = ['step,row,label,x,y,z,norm'];
    for (const snap of projection.snapshots) {
      for (let r = 0; r < projection.rows; r++) {
        const label = projection.labels?.[r] ?? '';
        lines.push([snap.step, r, quote(label), snap.coords[r * 3], snap.coords[r * 3 + 1], snap.coords[r * 3 + 2], snap.norms[r]].join(','));
      }
    }
    download(new Blob([lines.join('\n') + '\n'], { type: 'text/csv' }), `${projection.name}-projection.csv`);
  };
  // the cloud as drawn now
  const exportPng = () => void rendererRef.current?.toPng().then((blob) => blob && download(blob, `${projection.name}-step-${current.step}.png`));

  return (
    <div className="cloud-player">
      <div className="cloud-row">
      <div className="cloud-stage" ref={wrapRef} data-tour="cloud">
        <canvas
          ref={canvasRef}
          data-testid="parameters-canvas"
          data-mode={mode ?? ''}
          data-step={current.step}
          data-lod={detail ? (detail.drawn / Math.max(1, rows)).toFixed(3) : '1.000'}
          onMouseMove={onMove}
          onMouseLeave={() => setHover(null)}
        />
        {hover && <Tooltip runId={runId} projection={projection} snapshotIndex={shown} index={hover.index} at={hover} />}
        {detail && detail.drawn < rows && (
          <div className="cloud-lod" data-testid="lod-note" title="This machine cannot draw every point at 30 frames a second while the cloud moves: a fixed random subset is drawn until it stops.">
            moving: {Math.round((detail.drawn / rows) * 100)}% of points{detail.level.scale < 1 && mode === 'webgl' ? ', lower resolution' : ''}
          </div>
        )}
        <div className="cloud-badge" data-testid="renderer-mode">
          {mode === 'webgl' ? 'WebGL' : mode === '2d' ? '2-D fallback (no WebGL)' : ''} · step {current.step} · {rows} rows
        </div>
        {colourMode === 'class' && labels && (
          <div className="cloud-legend">
            {LABEL_CLASSES.map((c) => (
              <span key={c.id}>
                <i style={{ background: `rgb(${c.colour.map((v) => Math.round(v * 255)).join(',')})` }} />
                {c.name}
              </span>
            ))}
          </div>
        )}
      </div>
      <WeightHistograms runId={runId} tensor={projection.name} step={current.step} />
      </div>
      <div className="cloud-controls" data-tour="timeline">
        <button type="button" data-testid="play" onClick={() => {
          if (!playing && t >= snapshots.length - 1) setT(0);
          setPlaying(!playing);
        }}>
          {playing ? 'Pause' : 'Play'}
        </button>
        <span className="cloud-step">
          step {current.step} · snapshot {shown + 1}/{snapshots.length}
        </span>
        <label>
          speed{' '}
          <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
            {[1, 2, 4, 8, 16].map((s) => (
              <option key={s} value={s}>
                {s} snapshots/s
              </option>
            ))}
          </select>
        </label>
        <label>
          colour{' '}
          <select value={colourMode} onChange={(e) => setColourMode(e.target.value === 'norm' ? 'norm' : 'class')}>
            {labels && <option value="class">label class</option>}
            <option value="norm">row norm</option>
          </select>
        </label>
        <label>
          size <input type="range" min={1} max={10} value={pointSize} onChange={(e) => setPointSize(Number(e.target.value))} />
        </label>
        <button type="button" onClick={exportJson}>
          Export JSON
        </button>
        <button type="button" onClick={exportCsv} data-testid="export-csv">
          Export CSV
        </button>
        <button type="button" onClick={exportPng} data-testid="export-png">
          Screenshot PNG
        </button>
      </div>
      <div data-tour="phases">
        <LossTimeline runId={runId} steps={steps} step={step} onSeek={seek} />
      </div>
      <p className="cloud-caption">
        Distance of this snapshot from the final one (RMS in the projection): {current.distanceToReference.toPrecision(3)} of at most {maxDistance.toPrecision(3)}. PCA explains{' '}
        {projection.explainedVariance.map((v) => `${(v * 100).toFixed(1)}%`).join(' + ') || '—'} of the final snapshot's variance.
      </p>
    </div>
  );
}

/** `value`, once it has stayed the same for `ms` (the hovered point while the pointer sweeps over the cloud). */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** Pointer resting time before a snapshot without precomputed neighbours asks the server for the hovered row's. */
const NEIGHBOUR_DEBOUNCE_MS = 200;

function Tooltip({ runId, projection, snapshotIndex, index, at }: { runId: string; projection: Projection; snapshotIndex: number; index: number; at: { x: number; y: number; w: number; h: number } }) {
  const s = projection.snapshots[snapshotIndex]!;
  const label = projection.labels?.[index] ?? `row ${index}`;
  const k = projection.k;
  const nameOf = (n: number) => JSON.stringify(projection.labels?.[n] ?? `#${n}`);
  const precomputed = s.neighbours ? s.neighbours.slice(index * k, index * k + k).filter((n) => n >= 0) : null;
  // beyond the server's budget the projection has no neighbours for this snapshot: ask for this row's, once the pointer
  // rests on it (sweeping over the cloud asks nothing)
  const onDemand = precomputed === null && k > 0;
  const wanted = `${s.step}:${index}`;
  const settled = useSettled(onDemand ? wanted : null, NEIGHBOUR_DEBOUNCE_MS);
  const [settledStep, settledRow] = settled === null ? [0, 0] : settled.split(':').map(Number);
  const fetched = useQuery({
    queryKey: ['row-neighbours', runId, projection.name, settledStep, settledRow, k],
    queryFn: ({ signal }) => getRowNeighbours(runId, projection.name, settledStep!, settledRow!, k, signal),
    enabled: onDemand && settled === wanted,
    staleTime: 5 * 60_000,
    retry: false,
  });
  return (
    <div className="cloud-tooltip" data-testid="parameters-tooltip" style={tooltipPlace(at)}>
      <strong>{JSON.stringify(label)}</strong>
      <div>norm {s.norms[index]?.toPrecision(3)}</div>
      <div>
        ({[0, 1, 2].map((d) => s.coords[index * 3 + d]?.toFixed(2)).join(', ')})
      </div>
      {precomputed && precomputed.length > 0 && <div>nearest: {precomputed.map(nameOf).join(' ')}</div>}
      {onDemand && (
        // one line whatever the state, so the tooltip does not jump; the request's state shows only in its text
        <div className="cloud-neighbours" data-testid="tooltip-neighbours" data-state={settled !== wanted || fetched.isPending ? 'pending' : fetched.isError ? 'error' : 'done'}>
          {settled !== wanted || fetched.isPending ? (
            <span className="muted">nearest: …</span>
          ) : fetched.isError ? (
            <span className="cloud-neighbours-error">nearest: unavailable ({shortError(fetched.error)})</span>
          ) : (
            <>nearest: {fetched.data.neighbours.map((n) => `${nameOf(n.row)} ${n.similarity.toFixed(2)}`).join(' · ')}</>
          )}
        </div>
      )}
    </div>
  );
}

/** Beside the pointer, on the side with room (the stage does not clip it: see parameters.css). */
function tooltipPlace({ x, y, w, h }: { x: number; y: number; w: number; h: number }): React.CSSProperties {
  return { ...(x > w - 340 ? { right: w - x + 14 } : { left: x + 14 }), ...(y > h - 130 ? { bottom: h - y + 14 } : { top: y + 14 }) };
}

function shortError(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.length > 80 ? `${m.slice(0, 77)}…` : m;
}
