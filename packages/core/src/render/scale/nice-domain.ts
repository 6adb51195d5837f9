/**
 * Axis bounds that read well: a linear domain grows to multiples of a 1-2-5 step, a log domain to whole decades.
 * Every renderer uses the same bounds, so one spec draws the same axes in ECharts, Vega-Lite and uPlot, and a
 * `null` edge of a rule or rect (DESIGN.md, PlotSpec) means the same place everywhere.
 */

/** The 1, 2 or 5 × 10^k step that cuts `span` into about `count` parts. */
export function niceStep(span: number, count = 5): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  const nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  return nice * power;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const DURATION_STEPS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500,
  SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
  MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
  HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR,
  DAY, 2 * DAY, 7 * DAY, 14 * DAY,
];

/** The clock-friendly step (1 s, 15 s, 5 min, 1 h, 6 h, 1 day…) that cuts a span of milliseconds into about `count` parts. */
export function niceDurationStep(span: number, count = 5): number {
  const raw = span / Math.max(1, count);
  for (const step of DURATION_STEPS) if (step >= raw) return step;
  return niceStep(span / DAY, count) * DAY;
}

/** Drops the float noise of step arithmetic (0.30000000000000004 → 0.3). */
export function cleanNumber(v: number): number {
  return Number.isFinite(v) ? parseFloat(v.toPrecision(12)) : v;
}

/**
 * [min, max] extended to the nearest multiples of a nice step; a fixed end stays where it is. A zero-width domain
 * widens around its value so that a single point sits in the middle of the panel.
 */
export function niceLinearDomain(
  min: number,
  max: number,
  fixed: { min: boolean; max: boolean } = { min: false, max: false },
  stepOf: (span: number) => number = niceStep,
): [number, number] {
  let lo = min;
  let hi = max;
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    if (!fixed.min) lo -= pad;
    if (!fixed.max) hi += pad;
    if (hi === lo) hi = lo + 1;
  }
  const step = stepOf(hi - lo);
  return [fixed.min ? lo : cleanNumber(Math.floor(lo / step) * step), fixed.max ? hi : cleanNumber(Math.ceil(hi / step) * step)];
}

/** [min, max] (both > 0) extended to whole decades; a fixed end stays. */
export function niceLogDomain(min: number, max: number, fixed: { min: boolean; max: boolean } = { min: false, max: false }): [number, number] {
  let lo = fixed.min ? min : 10 ** Math.floor(Math.log10(min));
  let hi = fixed.max ? max : 10 ** Math.ceil(Math.log10(max));
  if (hi <= lo) {
    if (!fixed.max) hi = lo * 10;
    else if (!fixed.min) lo = hi / 10;
    else hi = lo * 10;
  }
  return [cleanNumber(lo), cleanNumber(hi)];
}

/** Tick values of a linear domain: the multiples of a nice step inside it. */
export function linearTicks(min: number, max: number, count = 5): number[] {
  const step = niceStep(max - min, count);
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9 && out.length < 1000; v += step) out.push(cleanNumber(v));
  return out;
}

/** Tick values of a duration axis (milliseconds): multiples of a clock-friendly step inside the domain. */
export function durationTicks(min: number, max: number, count = 5): number[] {
  const step = niceDurationStep(max - min, count);
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9 && out.length < 1000; v += step) out.push(cleanNumber(v));
  return out;
}

/** Tick values of a log domain: the powers of ten inside it (its ends when it spans less than a decade). */
export function logTicks(min: number, max: number): number[] {
  const out: number[] = [];
  for (let e = Math.ceil(Math.log10(min) - 1e-9); 10 ** e <= max * (1 + 1e-9) && out.length < 400; e++) out.push(cleanNumber(10 ** e));
  return out.length >= 2 ? out : [cleanNumber(min), cleanNumber(max)];
}
