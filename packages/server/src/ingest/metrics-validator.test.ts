import { describe, expect, it } from 'vitest';
import { MetricsBatchBody, createSeededRandom } from '@runlens/core';
import { isValidMetricsBatch } from './metrics-validator.js';

const oddValues: unknown[] = [0, -1, 1.5, 2 ** 53, 2 ** 53 + 2, -0, 'NaN', 'Infinity', '-Infinity', 'nan', 'inf', '', null, undefined, true, [], {}, Number.NaN, Number.POSITIVE_INFINITY, 1e308, 8.64e15, 8.64e15 + 1, 3.2];
const oddKeys: unknown[] = ['loss', 'val/loss', '学習', 'k'.repeat(256), 'k'.repeat(257), '', ' lead', 'a\u0000b', 'tab\there', 5, null, undefined];

describe('fast metrics validator', () => {
  it('accepts exactly what the zod schema accepts', () => {
    const rand = createSeededRandom(7).next;
    const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
    let valid = 0;
    for (let i = 0; i < 4000; i++) {
      const clean = rand() < 0.5;
      const val = () => (clean ? rand() * 10 : pick(oddValues));
      const step = () => (clean ? Math.floor(rand() * 100) : pick(oddValues));
      const key = () => (clean ? 'loss' : pick(oddKeys));
      const body: Record<string, unknown> = {};
      if (rand() < 0.6) body.points = Array.from({ length: Math.floor(rand() * 4) }, () => ({ key: key(), step: step(), value: val(), ...(rand() < 0.3 ? { time: val() } : {}) }));
      if (rand() < 0.6) {
        body.series = Array.from({ length: Math.floor(rand() * 3) }, () => {
          const n = Math.floor(rand() * 4);
          return { key: key(), steps: Array.from({ length: n }, step), values: Array.from({ length: n }, val), ...(rand() < 0.3 ? { times: Array.from({ length: n }, val) } : {}) };
        });
      }
      if (rand() < 0.05) body.series = pick(oddValues);
      const zod = MetricsBatchBody.safeParse(body).success;
      expect(isValidMetricsBatch(body), JSON.stringify(body)).toBe(zod);
      if (zod) valid++;
    }
    // both outcomes are well represented
    expect(valid).toBeGreaterThan(1000);
    expect(valid).toBeLessThan(3000);
    for (const top of [null, [], 'x', 3, undefined]) expect(isValidMetricsBatch(top)).toBe(MetricsBatchBody.safeParse(top).success);
  });
});
