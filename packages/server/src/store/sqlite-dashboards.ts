/**
 * Saved dashboards in the embedded SQLite store: one row per dashboard, the spec as JSON. The spec is validated
 * (DashboardSpecSchema) on the way in and again on the way out, so a row written by an older runlens is defaulted
 * the same way as a new request.
 */
import type Database from 'better-sqlite3';
import { DashboardSpecSchema, RunlensError, type Dashboard, type DashboardInput, type DashboardSummary } from '@runlens/core';

interface DashboardRow {
  id: string;
  name: string;
  description: string;
  spec: string;
  created: number;
  updated: number;
}

function toDashboard(row: DashboardRow): Dashboard {
  return { id: row.id, name: row.name, description: row.description, spec: DashboardSpecSchema.parse(JSON.parse(row.spec)), created: row.created, updated: row.updated };
}

export class SqliteDashboards {
  private readonly stmt;

  constructor(db: Database.Database, private readonly newId: () => string) {
    this.stmt = {
      insert: db.prepare<[string, string, string, string, number, number]>('INSERT INTO dashboards (id, name, description, spec, created, updated) VALUES (?, ?, ?, ?, ?, ?)'),
      get: db.prepare<[string], DashboardRow>('SELECT id, name, description, spec, created, updated FROM dashboards WHERE id = ?'),
      list: db.prepare<[], DashboardRow>('SELECT id, name, description, spec, created, updated FROM dashboards ORDER BY updated DESC, id DESC'),
      update: db.prepare<[string, string, string, number, string]>('UPDATE dashboards SET name = ?, description = ?, spec = ?, updated = ? WHERE id = ?'),
      delete: db.prepare<[string]>('DELETE FROM dashboards WHERE id = ?'),
    };
  }

  create(input: DashboardInput): Dashboard {
    const now = Date.now();
    const id = this.newId();
    const spec = DashboardSpecSchema.parse(input.spec);
    this.stmt.insert.run(id, input.name, input.description, JSON.stringify(spec), now, now);
    return { id, name: input.name, description: input.description, spec, created: now, updated: now };
  }

  get(id: string): Dashboard | undefined {
    const row = this.stmt.get.get(id);
    return row ? toDashboard(row) : undefined;
  }

  list(): DashboardSummary[] {
    return this.stmt.list.all().map((row) => {
      const { spec, ...rest } = toDashboard(row);
      return { ...rest, panels: spec.panels.length };
    });
  }

  update(id: string, input: DashboardInput): Dashboard {
    const before = this.get(id);
    if (!before) throw new RunlensError('NOT_FOUND', `dashboard ${id} not found`, { dashboard: id });
    // strictly later than the last write, so "most recently updated first" holds within one millisecond
    const now = Math.max(Date.now(), before.updated + 1);
    const spec = DashboardSpecSchema.parse(input.spec);
    this.stmt.update.run(input.name, input.description, JSON.stringify(spec), now, id);
    return { id, name: input.name, description: input.description, spec, created: before.created, updated: now };
  }

  delete(id: string): boolean {
    return this.stmt.delete.run(id).changes > 0;
  }
}
