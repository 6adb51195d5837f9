/**
 * Reading numbers, params and times out of text written by other tools (CSV cells, MLflow files, JSON fields).
 * Python writes non-finite floats as `nan`/`inf`, pandas and JavaScript as `NaN`/`Infinity`; all are real values.
 */
import { LIMITS, type ParamValue } from '@runlens/core';

const NON_FINITE: Record<string, number> = {
  nan: Number.NaN,
  '+nan': Number.NaN,
  '-nan': Number.NaN,
  inf: Number.POSITIVE_INFINITY,
  '+inf': Number.POSITIVE_INFINITY,
  infinity: Number.POSITIVE_INFINITY,
  '+infinity': Number.POSITIVE_INFINITY,
  '-inf': Number.NEGATIVE_INFINITY,
  '-infinity': Number.NEGATIVE_INFINITY,
};

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Canonical numbers only, so identifiers like `007` or `1.` stay strings when read as params. */
const CANONICAL_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * A metric value: a number (NaN and ±Infinity included), or a decimal or non-finite word in a string
 * (`nan`, `NaN`, `inf`, `-Infinity`, ...). Returns undefined for anything else (empty, words, booleans).
 */
export function parseMetricValue(raw: unknown): number | undefined {
  if (typeof raw === 'number') return raw;
  if (typeof raw !== 'string') return undefined;
  const s = raw.trim();
  if (DECIMAL.test(s)) return Number(s);
  return NON_FINITE[s.toLowerCase()];
}

/**
 * A step: an integer in a number or a decimal string (`12`, `12.0`). Returns NaN for text that is not a number, so
 * `stepProblem` can say why.
 */
export function parseStep(raw: unknown): number {
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'string' && DECIMAL.test(raw.trim())) return Number(raw.trim());
  return Number.NaN;
}

/** Why `step` cannot be stored (steps are non-negative integers), or undefined when it is fine. */
export function stepProblem(step: number): string | undefined {
  if (!Number.isFinite(step)) return 'step is not a number';
  if (!Number.isInteger(step)) return `step ${step} is not an integer`;
  if (step < 0) return `step ${step} is negative`;
  if (step > LIMITS.maxStep) return `step ${step} is too large`;
  return undefined;
}

/**
 * A param written as text (MLflow param files, CSV cells): canonical numbers become numbers, `true`/`false`
 * (any case, as Python writes them) booleans, `None`/`null` null; everything else stays the string it was.
 */
export function parseParamValue(raw: string): ParamValue {
  const s = raw.trim();
  if (CANONICAL_NUMBER.test(s)) {
    const n = Number(s);
    if (Number.isFinite(n)) return n;
  }
  const lower = s.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (s === 'None' || s === 'null') return null;
  return raw;
}

/** Latest time the API accepts (ms since epoch). */
export const MAX_TIME_MS = 8.64e15;
/**
 * Numbers below this are taken as seconds, not ms: as ms they would fall in 1970–1973, as seconds they reach the
 * year 5138, and tools such as TensorBoard and W&B write seconds.
 */
const SECONDS_BELOW = 1e11;

/**
 * A wall time in ms since the epoch from a number (ms, or seconds when below 1e11) or a date string (ISO 8601, or
 * `2023-01-01 12:00:00.123` as pandas writes it, read in local time). Undefined when absent or out of range.
 */
export function parseTime(raw: unknown): number | undefined {
  let ms: number | undefined;
  if (typeof raw === 'number') ms = numericTime(raw);
  else if (typeof raw === 'string') {
    const s = raw.trim();
    if (s !== '') ms = DECIMAL.test(s) ? numericTime(Number(s)) : Date.parse(s);
  }
  return ms !== undefined && Number.isFinite(ms) && ms >= 0 && ms <= MAX_TIME_MS ? ms : undefined;
}

function numericTime(n: number): number {
  return Math.abs(n) < SECONDS_BELOW ? n * 1000 : n;
}
