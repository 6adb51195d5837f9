/**
 * Turns a validated POST /runs/{id}/metrics body (rows and/or columns) into per-series writes, checking what the
 * schema cannot: equal column lengths and the points-per-batch limit. Throws before anything is stored.
 */
import { LIMITS, RunlensError, decodeValue, type MetricsBatchBody } from '@runlens/core';
import type { SeriesWrite } from '../store/store.js';

interface Growing {
  key: string;
  steps: number[];
  values: number[];
  times: number[];
}

export function metricsBatchToWrites(body: MetricsBatchBody, now: number): SeriesWrite[] {
  let total = (body.points?.length ?? 0);
  for (const s of body.series ?? []) total += s.steps.length;
  if (total > LIMITS.maxPointsPerBatch) {
    throw new RunlensError('PAYLOAD_TOO_LARGE', `batch holds ${total} points; the limit is ${LIMITS.maxPointsPerBatch} per request: send smaller batches`, {
      points: total,
      limit: LIMITS.maxPointsPerBatch,
    });
  }
  const byKey = new Map<string, Growing>();
  const get = (key: string): Growing => {
    let g = byKey.get(key);
    if (!g) byKey.set(key, (g = { key, steps: [], values: [], times: [] }));
    return g;
  };
  (body.series ?? []).forEach((s, i) => {
    if (s.values.length !== s.steps.length) {
      throw new RunlensError('VALIDATION', `series[${i}] ("${s.key}"): ${s.steps.length} steps but ${s.values.length} values`, {
        index: i,
        field: 'values',
      });
    }
    if (s.times && s.times.length !== s.steps.length) {
      throw new RunlensError('VALIDATION', `series[${i}] ("${s.key}"): ${s.steps.length} steps but ${s.times.length} times`, {
        index: i,
        field: 'times',
      });
    }
    const g = get(s.key);
    for (let j = 0; j < s.steps.length; j++) {
      g.steps.push(s.steps[j]!);
      g.values.push(decodeValue(s.values[j])!);
      g.times.push(s.times ? s.times[j]! : now);
    }
  });
  for (const p of body.points ?? []) {
    const g = get(p.key);
    g.steps.push(p.step);
    g.values.push(decodeValue(p.value)!);
    g.times.push(p.time ?? now);
  }
  return [...byKey.values()];
}
