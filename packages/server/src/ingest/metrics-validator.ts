/**
 * Validation of POST /runs/{id}/metrics bodies on the hot path. A batch holds up to 250,000 points; zod checks them
 * at ~18% of the server's time per request, so valid batches are checked by the tight loops below, and only an
 * invalid one goes through the zod schema, whose issues name the bad item and field. Both accept the same bodies
 * (a test runs the two side by side over valid and invalid batches).
 */
import { LIMITS, checkName, type MetricsBatchBody } from '@runlens/core';
import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';

const MAX_TIME = 8.64e15;

function isWireValue(v: unknown): boolean {
  return typeof v === 'number' ? Number.isFinite(v) : v === 'NaN' || v === 'Infinity' || v === '-Infinity';
}

function isStep(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= LIMITS.maxStep;
}

function isTime(v: unknown): boolean {
  return typeof v === 'number' && v >= 0 && v <= MAX_TIME;
}

function isKey(v: unknown): boolean {
  return typeof v === 'string' && checkName(v) === undefined;
}

/** True when `body` is a valid metrics batch; false means "ask zod what is wrong". */
export function isValidMetricsBatch(body: unknown): body is MetricsBatchBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const { points, series } = body as { points?: unknown; series?: unknown };
  if (points !== undefined) {
    if (!Array.isArray(points)) return false;
    for (const p of points as unknown[]) {
      if (typeof p !== 'object' || p === null) return false;
      const { key, step, value, time } = p as Record<string, unknown>;
      if (!isKey(key) || !isStep(step) || !isWireValue(value) || (time !== undefined && !isTime(time))) return false;
    }
  }
  if (series !== undefined) {
    if (!Array.isArray(series)) return false;
    for (const s of series as unknown[]) {
      if (typeof s !== 'object' || s === null) return false;
      const { key, steps, values, times } = s as Record<string, unknown>;
      if (!isKey(key) || !Array.isArray(steps) || !Array.isArray(values)) return false;
      for (let i = 0; i < steps.length; i++) if (!isStep(steps[i])) return false;
      for (let i = 0; i < values.length; i++) if (!isWireValue(values[i])) return false;
      if (times !== undefined) {
        if (!Array.isArray(times)) return false;
        for (let i = 0; i < times.length; i++) if (!isTime(times[i])) return false;
      }
    }
  }
  return true;
}

/** Fastify validator compiler for the metrics route: fast path for the body, zod for everything else. */
export const metricsValidatorCompiler: FastifySchemaCompiler<unknown> = (route) => {
  const zod = validatorCompiler(route as Parameters<typeof validatorCompiler>[0]);
  if (route.httpPart !== 'body') return zod;
  return (data: unknown) => {
    if (isValidMetricsBatch(data)) {
      // what zod would return: only the known fields
      const { points, series } = data;
      return { value: { ...(points ? { points } : {}), ...(series ? { series } : {}) } };
    }
    return zod(data);
  };
};

