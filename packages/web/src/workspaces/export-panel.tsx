/**
 * Export a panel to PNG, SVG, PDF or CSV: the server renders the same plot type, options and runs
 * (POST /api/v1/plots/render) and the browser saves the file. Curves panels send the widget state (smoothing,
 * grouping, axes) as curves options, with the panel's own curves options winning as they do on screen, so the file
 * shows what the panel shows.
 */
import { useRef, useState } from 'react';
import type { Run } from '@runlens/core';
import { renderPlotFile, type PlotRequest } from '../api/dashboards.js';
import { curvesOptions, panelCurvesOverrides, type ChartView } from '../charts/chart-view.js';
import { useResolvedTheme } from '../ui/theme.js';
import { panelMetric } from './panel-view.js';

export const EXPORT_FORMATS = ['png', 'svg', 'pdf', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The render request of a panel as the page shows it. */
export function panelRequest(panel: { type: string; title?: string | undefined; options: Record<string, unknown> }, view: ChartView, runs: readonly Run[], selection: PlotRequest['selection']): PlotRequest {
  let options = panel.options;
  if (panel.type === 'curves') {
    const metric = panelMetric(panel.options, runs);
    // the file may draw best-step labels and phases (the page's uPlot cannot); keep the plot type's defaults
    const { best: _best, phases: _phases, ...fromView } = curvesOptions(view, metric ?? 'loss', 2000);
    options = { ...panel.options, ...fromView, ...panelCurvesOverrides(panel.options) };
  }
  return { type: panel.type, options, selection, ...(panel.title ? { title: panel.title } : {}) };
}

/** A file name from a title: letters, digits, dashes. */
function fileName(title: string, format: string): string {
  const base = title.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'panel';
  return `${base}.${format}`;
}

export function ExportMenu({ request, title }: { request: PlotRequest; title: string }) {
  const theme = useResolvedTheme();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const menu = useRef<HTMLDetailsElement>(null);
  const run = async (format: ExportFormat) => {
    setBusy(format);
    setError(null);
    try {
      const blob = await renderPlotFile({ ...request, width: 1000, height: 600, theme: format === 'pdf' ? 'publication' : theme === 'dark' ? 'dark' : 'default' }, format);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName(title, format);
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      if (menu.current) menu.current.open = false;
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <details className="export-menu" ref={menu} data-testid="export-menu">
      <summary className="icon-button" title="Export this panel">
        ⤓
      </summary>
      <div className="export-options">
        {EXPORT_FORMATS.map((f) => (
          <button key={f} type="button" className="link-button" disabled={busy !== null} onClick={() => void run(f)} data-testid={`export-${f}`}>
            {busy === f ? `${f.toUpperCase()}…` : f.toUpperCase()}
          </button>
        ))}
        {error !== null && <p className="chart-error">{error}</p>}
      </div>
    </details>
  );
}
