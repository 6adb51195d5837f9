/** The saved dashboards, and new ones: blank or from a template built from a project's runs. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { createDashboard, listDashboards } from '../api/dashboards.js';
import { listRuns } from '../api/runs.js';
import { useProjects } from '../runs/use-runs.js';
import { ErrorBox, Spinner } from '../ui/feedback.js';
import { formatRelative } from '../ui/format.js';
import { TEMPLATES, type DashboardTemplate } from './templates.js';

export function DashboardsPage() {
  const qc = useQueryClient();
  const [, navigate] = useLocation();
  const list = useQuery({ queryKey: ['dashboards'], queryFn: ({ signal }) => listDashboards(signal) });
  const projects = useProjects();
  const [project, setProject] = useState('');
  const create = useMutation({
    mutationFn: async (template: DashboardTemplate | null) => {
      const runs = template ? (await listRuns({ project: project || undefined, limit: 500 })).runs : [];
      const spec = template ? template.build(runs, project) : { panels: [], selection: project ? { project } : {} };
      const name = `${template?.name ?? 'Dashboard'}${project ? ` · ${project}` : ''}`;
      return createDashboard({ name, spec });
    },
    onSuccess: (d) => {
      void qc.invalidateQueries({ queryKey: ['dashboards'] });
      navigate(`/dashboards/${d.id}`);
    },
  });
  const now = Date.now();
  return (
    <div className="dashboards-page" data-testid="dashboards-page">
      <h2>Dashboards</h2>
      <section className="card new-dashboard">
        <h3 className="section-title">New dashboard</h3>
        <label className="widget">
          runs of
          <select className="select" value={project} onChange={(e) => setProject(e.target.value)} aria-label="Project" data-testid="new-dashboard-project">
            <option value="">all projects</option>
            {(projects.data ?? []).map((p) => (
              <option key={p.name} value={p.name}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <div className="template-list">
          {TEMPLATES.map((t) => (
            <button key={t.id} type="button" className="template card" disabled={create.isPending} onClick={() => create.mutate(t)} data-testid={`template-${t.id}`}>
              <strong>{t.name}</strong>
              <span className="muted">{t.description}</span>
            </button>
          ))}
          <button type="button" className="template card" disabled={create.isPending} onClick={() => create.mutate(null)} data-testid="template-blank">
            <strong>Blank</strong>
            <span className="muted">an empty grid: add panels of any plot type</span>
          </button>
        </div>
        {create.isError && <ErrorBox title="Could not create the dashboard" error={create.error} />}
      </section>
      {list.isError && <ErrorBox title="Could not load the dashboards" error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending && <Spinner />}
      {list.data && list.data.length === 0 && <p className="muted">No saved dashboards yet: start from a template above.</p>}
      {list.data && list.data.length > 0 && (
        <ul className="dashboard-list" data-testid="dashboard-list">
          {list.data.map((d) => (
            <li key={d.id}>
              <Link href={`/dashboards/${d.id}`}>{d.name}</Link>
              <span className="muted">
                {d.panels} {d.panels === 1 ? 'panel' : 'panels'} · updated {formatRelative(d.updated, now)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
