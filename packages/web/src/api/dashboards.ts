/** `/api/v1/dashboards` (saved workspaces) and `/api/v1/plots` (plot types, rendering and exports). */
import type { Dashboard, DashboardInput, DashboardSpecInput, DashboardSummary, PlotSpec } from '@runlens/core';
import { ApiError, apiGet, apiSend, apiToken } from './http.js';

export async function listDashboards(signal?: AbortSignal): Promise<DashboardSummary[]> {
  return (await apiGet<{ dashboards: DashboardSummary[] }>('/api/v1/dashboards', {}, signal)).dashboards;
}

export function getDashboard(id: string, signal?: AbortSignal): Promise<Dashboard> {
  return apiGet<Dashboard>(`/api/v1/dashboards/${encodeURIComponent(id)}`, {}, signal);
}

/** What the page sends: the spec before defaults. */
export type DashboardDraft = Omit<DashboardInput, 'spec' | 'description'> & { description?: string; spec: DashboardSpecInput };

export function createDashboard(input: DashboardDraft): Promise<Dashboard> {
  return apiSend<Dashboard>('POST', '/api/v1/dashboards', input);
}

export function updateDashboard(id: string, input: DashboardDraft): Promise<Dashboard> {
  return apiSend<Dashboard>('PUT', `/api/v1/dashboards/${encodeURIComponent(id)}`, input);
}

export function deleteDashboard(id: string): Promise<null> {
  return apiSend<null>('DELETE', `/api/v1/dashboards/${encodeURIComponent(id)}`);
}

export interface PlotTypeInfo {
  name: string;
  description: string;
  marks: string[];
  options: Record<string, unknown>;
}

export async function listPlotTypes(signal?: AbortSignal): Promise<PlotTypeInfo[]> {
  return (await apiGet<{ types: PlotTypeInfo[] }>('/api/v1/plots/types', {}, signal)).types;
}

/** POST /api/v1/plots/render's body (see docs/plots.md). */
export interface PlotRequest {
  type: string;
  options: Record<string, unknown>;
  selection: { projects?: string[]; filter?: string; runIds?: string[]; maxRuns?: number };
  theme?: string;
  renderer?: string;
  format?: string;
  width?: number;
  height?: number;
  title?: string;
}

/** The compiled PlotSpec of a plot (format `spec`), for drawing it in the page. */
export async function fetchPlotSpec(req: PlotRequest, signal?: AbortSignal): Promise<{ spec: PlotSpec; warnings: string[] }> {
  return renderRequest(req, 'spec', signal).then((r) => r.json() as Promise<{ spec: PlotSpec; warnings: string[] }>);
}

/** Renders a plot to a file (svg, png, pdf, csv, …): the bytes and the name to save them under. */
export async function renderPlotFile(req: PlotRequest, format: string): Promise<Blob> {
  return (await renderRequest(req, format)).blob();
}

async function renderRequest(req: PlotRequest, format: string, signal?: AbortSignal): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const token = apiToken();
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch('/api/v1/plots/render', { method: 'POST', headers, body: JSON.stringify({ ...req, format }), signal });
  if (!res.ok) {
    let message = `HTTP ${res.status}`;
    let code = 'HTTP';
    try {
      const body = (await res.json()) as { error?: { code?: string; message?: string } };
      message = body.error?.message ?? message;
      code = body.error?.code ?? code;
    } catch {
      // not JSON: keep the status
    }
    throw new ApiError(res.status, code, message);
  }
  return res;
}
