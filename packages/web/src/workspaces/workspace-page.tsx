/**
 * A saved dashboard: a grid of panels (drag by the title bar, resize from the corner, add, duplicate, remove),
 * each any registered plot type with its options; the widgets every curves panel shares; the runs it shows. The
 * widget state lives in the URL (shareable as it is) on top of the saved state; Save writes everything back.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState, type ReactNode } from 'react';
import GridLayout, { type Layout } from 'react-grid-layout';
import 'react-grid-layout/css/styles.css';
import { Link, useLocation, useSearchParams } from 'wouter';
import { DASHBOARD_COLUMNS, type Dashboard, type DashboardPanel, type Run, type DashboardSelection, type DashboardWidgets } from '@runlens/core';
import { deleteDashboard, getDashboard, listPlotTypes, updateDashboard, type PlotTypeInfo } from '../api/dashboards.js';
import { listRuns } from '../api/runs.js';
import { ChartWidgets } from '../charts/chart-widgets.js';
import { CurvesChart } from '../charts/curves-chart.js';
import { DEFAULT_VIEW, viewFromParams, viewToParams, type ChartView } from '../charts/chart-view.js';
import { fetchSeries } from '../api/series.js';
import { ErrorBox, Spinner } from '../ui/feedback.js';
import { useElementWidth } from '../ui/use-element-width.js';
import { useProjects } from '../runs/use-runs.js';
import { ExportMenu, panelRequest } from './export-panel.js';
import { PanelEditor } from './panel-editor.js';
import { PanelChart } from './panel-view.js';
import { newPanelId } from './templates.js';

const ROW_HEIGHT = 70;
const MARGIN = 12;
/** Most runs a dashboard loads. */
const MAX_RUNS = 500;
/** Most charts the metric picker adds below the grid. */
const MAX_PICKED = 24;

/** The widgets of a saved dashboard as a chart view (missing ones at their defaults). */
function viewOf(w: DashboardWidgets): ChartView {
  return {
    x: w.x ?? DEFAULT_VIEW.x,
    smoother: w.smoother ?? DEFAULT_VIEW.smoother,
    smoothing: w.smoothing ?? DEFAULT_VIEW.smoothing,
    logX: w.logX ?? DEFAULT_VIEW.logX,
    logY: w.logY ?? DEFAULT_VIEW.logY,
    groupBy: w.groupBy ?? DEFAULT_VIEW.groupBy,
    band: w.band ?? DEFAULT_VIEW.band,
    outliers: w.outliers ?? DEFAULT_VIEW.outliers,
    metrics: w.metrics ?? DEFAULT_VIEW.metrics,
  };
}

function widgetsOf(v: ChartView): DashboardWidgets {
  return { ...v, smoothing: Math.min(0.99, Math.max(0, v.smoothing)) };
}

export function WorkspacePage({ id }: { id: string }) {
  const query = useQuery({ queryKey: ['dashboard', id], queryFn: ({ signal }) => getDashboard(id, signal) });
  if (query.isError) return <ErrorBox title="Could not load the dashboard" error={query.error} onRetry={() => void query.refetch()} />;
  if (!query.data) return <Spinner label="Loading the dashboard…" />;
  return <Workspace key={`${query.data.id}:${query.data.updated}`} saved={query.data} />;
}

function Workspace({ saved }: { saved: Dashboard }) {
  const qc = useQueryClient();
  const [, navigate] = useLocation();
  const [params, setParams] = useSearchParams();
  const [name, setName] = useState(saved.name);
  const [panels, setPanels] = useState<DashboardPanel[]>(saved.spec.panels);
  const [selection, setSelection] = useState<DashboardSelection>(saved.spec.selection);
  const savedView = useMemo(() => viewOf(saved.spec.widgets), [saved]);
  const view = useMemo(() => viewFromParams(params, savedView), [params, savedView]);
  const setView = (v: ChartView) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        viewToParams(v, next, savedView);
        return next;
      },
      { replace: true },
    );

  const runsQuery = useQuery({
    queryKey: ['runs', 'dashboard', selection.project ?? '', selection.filter ?? ''],
    queryFn: ({ signal }) => listRuns({ project: selection.project, filter: selection.filter, limit: MAX_RUNS }, signal),
    retry: false,
  });
  const runs = useMemo(() => {
    const all = runsQuery.data?.runs ?? [];
    const only = selection.runIds;
    return only && only.length > 0 ? all.filter((r) => only.includes(r.id)) : all;
  }, [runsQuery.data, selection.runIds]);
  const metricKeys = useMemo(() => [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].sort(), [runs]);
  const paramKeys = useMemo(() => [...new Set(runs.flatMap((r) => Object.keys(r.params)))].sort(), [runs]);
  const plotSelection = useMemo(
    () => ({
      ...(selection.project ? { projects: [selection.project] } : {}),
      ...(selection.filter ? { filter: selection.filter } : {}),
      ...(selection.runIds && selection.runIds.length > 0 ? { runIds: selection.runIds } : {}),
    }),
    [selection],
  );

  const spec = { panels, widgets: widgetsOf(view), selection };
  const dirty = name !== saved.name || JSON.stringify(spec) !== JSON.stringify({ panels: saved.spec.panels, widgets: widgetsOf(savedView), selection: saved.spec.selection });
  const save = useMutation({
    mutationFn: () => updateDashboard(saved.id, { name, description: saved.description, spec }),
    onSuccess: (d) => {
      // the saved widgets are now the base: the URL keeps only what differs from them
      setParams(new URLSearchParams(), { replace: true });
      qc.setQueryData(['dashboard', d.id], d);
      void qc.invalidateQueries({ queryKey: ['dashboards'] });
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteDashboard(saved.id),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['dashboards'] });
      navigate('/dashboards');
    },
  });

  const gridRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(gridRef);
  const layout: Layout = panels.map((p) => ({ i: p.id, ...p.layout, minW: 2, minH: 2 }));
  const onLayoutChange = (next: Layout) => {
    setPanels((prev) =>
      prev.map((p) => {
        const l = next.find((n) => n.i === p.id);
        if (!l) return p;
        const moved = { x: l.x, y: l.y, w: Math.min(DASHBOARD_COLUMNS, l.w), h: l.h };
        return moved.x === p.layout.x && moved.y === p.layout.y && moved.w === p.layout.w && moved.h === p.layout.h ? p : { ...p, layout: moved };
      }),
    );
  };
  const bottom = panels.reduce((m, p) => Math.max(m, p.layout.y + p.layout.h), 0);
  // a new panel starts on a loss metric when its plot type takes metrics (roc, pr, confusion and timeline do not)
  const addPanel = (type: string, takesMetrics: boolean) => {
    const metric = metricKeys.find((k) => /loss/i.test(k)) ?? metricKeys[0] ?? 'loss';
    const options = takesMetrics ? { metrics: [metric] } : {};
    setPanels((prev) => [...prev, { id: newPanelId(), type, title: type === 'curves' ? metric : type, options, layout: { x: 0, y: bottom, w: 6, h: 4 } }]);
  };
  const duplicate = (p: DashboardPanel) => {
    const x = p.layout.x + p.layout.w + p.layout.w <= DASHBOARD_COLUMNS ? p.layout.x + p.layout.w : 0;
    setPanels((prev) => [...prev, { ...p, id: newPanelId(), title: p.title ? `${p.title} (copy)` : undefined, layout: { ...p.layout, x, y: x === 0 ? bottom : p.layout.y } }]);
  };
  const update = (id: string, patch: Partial<DashboardPanel>) => setPanels((prev) => prev.map((p) => (p.id === id ? { ...p, ...patch } : p)));
  const colWidth = width > 0 ? (width - MARGIN * (DASHBOARD_COLUMNS + 1)) / DASHBOARD_COLUMNS : 0;
  const sizeOf = (l: DashboardPanel['layout']) => ({ width: Math.floor(l.w * colWidth + (l.w - 1) * MARGIN) - 16, height: l.h * ROW_HEIGHT + (l.h - 1) * MARGIN - 44 });

  const picked = useMemo(() => {
    if (!view.metrics) return [];
    try {
      const re = new RegExp(view.metrics);
      return metricKeys.filter((k) => re.test(k)).slice(0, MAX_PICKED);
    } catch {
      return [];
    }
  }, [view.metrics, metricKeys]);

  return (
    <div className="workspace" data-testid="workspace">
      <div className="workspace-header">
        <Link href="/dashboards" className="back-link">
          ← Dashboards
        </Link>
        <input className="text-input workspace-name" value={name} onChange={(e) => setName(e.target.value)} aria-label="Dashboard name" data-testid="dashboard-name" />
        <AddPanel onAdd={addPanel} />
        <button type="button" className="button primary" disabled={!dirty || save.isPending} onClick={() => save.mutate()} data-testid="save-dashboard">
          {save.isPending ? 'Saving…' : dirty ? 'Save' : 'Saved'}
        </button>
        <button type="button" className="button" onClick={() => void navigator.clipboard?.writeText(window.location.href)} title="Copy a link to this view">
          Copy link
        </button>
        <button
          type="button"
          className="button danger"
          onClick={() => {
            if (window.confirm(`Delete the dashboard "${saved.name}"?`)) remove.mutate();
          }}
        >
          Delete
        </button>
      </div>
      {save.isError && <ErrorBox title="Could not save" error={save.error} onRetry={() => save.mutate()} />}
      <SelectionBar selection={selection} onChange={setSelection} count={runs.length} total={runsQuery.data?.total} />
      {runsQuery.isError && <ErrorBox title="Could not load the runs" error={runsQuery.error} onRetry={() => void runsQuery.refetch()} />}
      <ChartWidgets view={view} onChange={setView} metricKeys={metricKeys} paramKeys={paramKeys} />
      <div ref={gridRef} className="workspace-grid">
        {panels.length === 0 && <p className="muted empty-grid">No panels yet: add one with “Add panel”, or start from a template on the Dashboards page.</p>}
        {width > 0 && (
          <GridLayout
            width={width}
            layout={layout}
            gridConfig={{ cols: DASHBOARD_COLUMNS, rowHeight: ROW_HEIGHT, margin: [MARGIN, MARGIN] }}
            dragConfig={{ handle: '.panel-drag', cancel: '.panel-actions' }}
            onLayoutChange={onLayoutChange}
          >
            {panels.map((p) => {
              const size = sizeOf(p.layout);
              return (
                <div key={p.id} className="dashboard-panel card" data-testid="dashboard-panel" data-panel-type={p.type}>
                  <PanelHeader panel={p} metricKeys={metricKeys} paramKeys={paramKeys} onChange={(patch) => update(p.id, patch)} onDuplicate={() => duplicate(p)} onRemove={() => setPanels((prev) => prev.filter((q) => q.id !== p.id))}>
                    <ExportMenu request={panelRequest(p, view, runs, plotSelection)} title={p.title ?? p.type} />
                  </PanelHeader>
                  <div className="panel-body">
                    {runs.length > 0 && size.width > 40 && size.height > 40 && (
                      <PanelChart type={p.type} options={p.options} runs={runs} selection={plotSelection} view={view} width={size.width} height={size.height} />
                    )}
                  </div>
                </div>
              );
            })}
          </GridLayout>
        )}
      </div>
      {picked.length > 0 && (
        <section className="picked-metrics" data-testid="picked-metrics">
          <h3 className="section-title">
            Metrics matching /{view.metrics}/ ({picked.length})
          </h3>
          <div className="picked-grid">
            {picked.map((k) => (
              <PickedChart key={k} metric={k} runs={runs} view={view} />
            ))}
          </div>
        </section>
      )}
    </div>
  );
}

/** A chart of one metric the metric picker matched (below the grid). */
function PickedChart({ metric, runs, view }: { metric: string; runs: readonly Run[]; view: ChartView }) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useElementWidth(ref);
  const shown = useMemo(() => runs.filter((r) => r.metrics[metric] !== undefined).slice(0, 200), [runs, metric]);
  const ids = shown.map((r) => r.id);
  const points = Math.max(100, Math.ceil(width / 100) * 100);
  const query = useQuery({
    queryKey: ['series', 'picked', ids, metric, points, view.x],
    queryFn: ({ signal }) => fetchSeries(ids, [metric], points, signal, { x: view.x }),
    enabled: width > 0 && ids.length > 0,
  });
  return (
    <div className="chart-panel" ref={ref} data-testid="picked-chart" data-key={metric}>
      <header>
        <span className="chart-title">{metric}</span>
      </header>
      {query.data && width > 0 && <CurvesChart runs={shown} series={query.data} metric={metric} view={view} width={width - 20} height={200} />}
    </div>
  );
}

/** Whether a plot type's options (a JSON Schema object) have a `metrics` property; assumed so until the types load. */
function takesMetrics(info: PlotTypeInfo | undefined): boolean {
  if (!info) return true;
  const properties = info.options.properties;
  return typeof properties === 'object' && properties !== null && Object.hasOwn(properties, 'metrics');
}

function AddPanel({ onAdd }: { onAdd(type: string, takesMetrics: boolean): void }) {
  const types = useQuery({ queryKey: ['plot-types'], queryFn: ({ signal }) => listPlotTypes(signal), staleTime: Infinity });
  const [type, setType] = useState('curves');
  return (
    <span className="add-panel">
      <select className="select" value={type} onChange={(e) => setType(e.target.value)} aria-label="Plot type" data-testid="add-panel-type">
        {(types.data ?? [{ name: 'curves', description: 'training curves' }]).map((t) => (
          <option key={t.name} value={t.name} title={t.description}>
            {t.name}
          </option>
        ))}
      </select>
      <button type="button" className="button" onClick={() => onAdd(type, takesMetrics(types.data?.find((t) => t.name === type)))} data-testid="add-panel">
        Add panel
      </button>
    </span>
  );
}

function SelectionBar({ selection, onChange, count, total }: { selection: DashboardSelection; onChange(s: DashboardSelection): void; count: number; total: number | undefined }) {
  const projects = useProjects();
  const [filter, setFilter] = useState(selection.filter ?? '');
  return (
    <div className="selection-bar">
      <select className="select" value={selection.project ?? ''} onChange={(e) => onChange({ ...selection, project: e.target.value || undefined })} aria-label="Project">
        <option value="">All projects</option>
        {(projects.data ?? []).map((p) => (
          <option key={p.name} value={p.name}>
            {p.name}
          </option>
        ))}
      </select>
      <input
        className="text-input filter-box"
        value={filter}
        placeholder='filter, e.g. params.lr < 1 and status == "completed"'
        onChange={(e) => setFilter(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') onChange({ ...selection, filter: filter.trim() || undefined });
        }}
        onBlur={() => onChange({ ...selection, filter: filter.trim() || undefined })}
        aria-label="Filter runs"
        data-testid="dashboard-filter"
      />
      <span className="muted" data-testid="dashboard-run-count">
        {count} {count === 1 ? 'run' : 'runs'}
        {total !== undefined && total > count ? ` of ${total}` : ''}
      </span>
    </div>
  );
}

interface PanelHeaderProps {
  panel: DashboardPanel;
  /** Keys the options form suggests. */
  metricKeys: readonly string[];
  paramKeys: readonly string[];
  onChange(patch: Partial<DashboardPanel>): void;
  onDuplicate(): void;
  onRemove(): void;
  children: ReactNode;
}

/** Title (drag handle), the options editor (a form from the plot type's schema, or JSON), duplicate, remove. */
function PanelHeader({ panel, metricKeys, paramKeys, onChange, onDuplicate, onRemove, children }: PanelHeaderProps) {
  const [editing, setEditing] = useState(false);
  return (
    <>
      <header className="panel-header">
        <span className="panel-drag" title="Drag to move">
          <span className="panel-type">{panel.type}</span>
          <span className="panel-title" data-testid="panel-title">
            {panel.title ?? ''}
          </span>
        </span>
        <span className="panel-actions">
          <button type="button" className="icon-button" title="Edit options" onClick={() => setEditing((v) => !v)} aria-expanded={editing} data-testid="panel-edit">
            ⚙
          </button>
          <button type="button" className="icon-button" title="Duplicate" onClick={onDuplicate} data-testid="panel-duplicate">
            <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.3">
              <rect x="0.7" y="3.2" width="8" height="8" rx="1" />
              <path d="M3.2 3.2V1.7a1 1 0 0 1 1-1h6a1 1 0 0 1 1 1v6a1 1 0 0 1-1 1H8.7" />
            </svg>
          </button>
          {children}
          <button type="button" className="icon-button" title="Remove" onClick={onRemove} data-testid="panel-remove">
            ×
          </button>
        </span>
      </header>
      {editing && (
        <PanelEditor
          panel={panel}
          metricKeys={metricKeys}
          paramKeys={paramKeys}
          onApply={(patch) => {
            onChange(patch);
            setEditing(false);
          }}
          onClose={() => setEditing(false)}
        />
      )}
    </>
  );
}
