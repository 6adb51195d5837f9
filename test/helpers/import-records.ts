/** Test helpers for importers: an ImportContext that records what an importer emits, warns and reports. */
import type { IngestRecord, RunRecord, UpdateRecord } from '@runlens/core';
import type { ImportContext } from '../../packages/server/src/import/importer.js';

export function capture(extra: Partial<ImportContext> = {}) {
  const records: IngestRecord[] = [];
  const warnings: string[] = [];
  const progress: [number, number][] = [];
  const ctx: ImportContext = {
    emit: async (r) => {
      records.push(r);
    },
    warn: (m) => warnings.push(m),
    progress: (done, total) => progress.push([done, total]),
    ...extra,
  };
  return { ctx, records, warnings, progress };
}

/** The run records' bodies, in emission order. */
export const runs = (records: IngestRecord[]) => records.filter((r): r is RunRecord => r.type === 'run').map((r) => r.run);
/** The update records, in emission order. */
export const updates = (records: IngestRecord[]) => records.filter((r): r is UpdateRecord => r.type === 'update');

/** Metric points one run received, concatenated per key in emission order. */
export function seriesOf(records: IngestRecord[], run: string): Record<string, { steps: number[]; values: unknown[] }> {
  const out: Record<string, { steps: number[]; values: unknown[] }> = {};
  for (const r of records) {
    if (r.type !== 'metrics' || r.run !== run) continue;
    for (const s of r.body.series ?? []) {
      const o = (out[s.key] ??= { steps: [], values: [] });
      o.steps.push(...s.steps);
      o.values.push(...s.values);
    }
  }
  return out;
}
