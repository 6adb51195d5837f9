/**
 * Dashboard templates (seed 000's DashboardBuilder): "experiment overview" — curves, distribution, comparison — and
 * "hyperparameter analysis" — parallel coordinates, importance, HPO slice. Built from the runs at hand, so the
 * panels name metrics and params that exist.
 */
import type { DashboardPanel, DashboardSpecInput, Run } from '@runlens/core';

export interface DashboardTemplate {
  id: string;
  name: string;
  description: string;
  build(runs: readonly Run[], project: string): DashboardSpecInput;
}

/** Metric keys by how many runs have them, system metrics last. */
function metricKeys(runs: readonly Run[]): string[] {
  const count = new Map<string, number>();
  for (const r of runs) for (const k of Object.keys(r.metrics)) count.set(k, (count.get(k) ?? 0) + 1);
  const sys = (k: string) => (k.startsWith('sys/') ? 1 : 0);
  return [...count.keys()].sort((a, b) => sys(a) - sys(b) || count.get(b)! - count.get(a)! || (a < b ? -1 : 1));
}

/** The metric a template studies: a validation loss if there is one, else any loss, else the most common metric. */
function objective(keys: readonly string[]): string {
  return keys.find((k) => /val.*loss/i.test(k)) ?? keys.find((k) => /loss/i.test(k)) ?? keys[0] ?? 'loss';
}

/** Params that vary between the runs (the ones worth studying). */
function varyingParams(runs: readonly Run[]): string[] {
  const values = new Map<string, Set<string>>();
  for (const r of runs) for (const [k, v] of Object.entries(r.params)) {
    let s = values.get(k);
    if (!s) values.set(k, (s = new Set()));
    s.add(JSON.stringify(v));
  }
  return [...values.entries()].filter(([, s]) => s.size > 1).map(([k]) => k).sort();
}

let counter = 0;
/** A panel id unique within a dashboard. */
export function newPanelId(): string {
  counter += 1;
  return `p${Date.now().toString(36)}${counter.toString(36)}`;
}

const panel = (type: string, title: string, options: Record<string, unknown>, layout: DashboardPanel['layout']): DashboardPanel => ({ id: newPanelId(), type, title, options, layout });

export const TEMPLATES: readonly DashboardTemplate[] = [
  {
    id: 'experiment-overview',
    name: 'Experiment overview',
    description: 'training curves (seeds grouped into mean and band), the distribution of the final metric, and a comparison of groups',
    build(runs, project) {
      const keys = metricKeys(runs);
      const main = objective(keys);
      const train = keys.find((k) => k !== main && /loss/i.test(k)) ?? keys.find((k) => k !== main) ?? main;
      return {
        panels: [
          panel('curves', main, { metrics: [main] }, { x: 0, y: 0, w: 6, h: 4 }),
          panel('curves', train, { metrics: [train] }, { x: 6, y: 0, w: 6, h: 4 }),
          panel('distribution', `${main} distribution`, { metrics: [main] }, { x: 0, y: 4, w: 6, h: 4 }),
          panel('compare', `${main} by group`, { metrics: [main], groupBy: 'group' }, { x: 6, y: 4, w: 6, h: 4 }),
        ],
        widgets: { groupBy: 'group', band: 'std' },
        selection: project ? { project } : {},
      };
    },
  },
  {
    id: 'hyperparameter-analysis',
    name: 'Hyperparameter analysis',
    description: 'parallel coordinates of params and the objective, parameter importance, and an HPO slice plot',
    build(runs, project) {
      const main = objective(metricKeys(runs));
      const params = varyingParams(runs).filter((p) => p !== 'seed');
      const withParams = params.length > 0 ? { params } : {};
      return {
        panels: [
          panel('parallel', 'parallel coordinates', { metrics: [main], ...withParams }, { x: 0, y: 0, w: 12, h: 4 }),
          panel('importance', `importance for ${main}`, { metrics: [main], ...withParams }, { x: 0, y: 4, w: 6, h: 4 }),
          panel('hpo', `${main} by param`, { metrics: [main], kind: 'slice', ...withParams }, { x: 6, y: 4, w: 6, h: 4 }),
        ],
        widgets: {},
        selection: project ? { project } : {},
      };
    },
  },
];
