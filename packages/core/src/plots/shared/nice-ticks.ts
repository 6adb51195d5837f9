/** Round tick values for axes a plot type draws itself (parallel coordinates, where every axis has its own scale). */

/**
 * About `count` round values (multiples of 1, 2 or 5 × 10^k) covering [min, max], as d3's `ticks`: only values inside
 * the interval, ascending, computed from integers so that 0.1 + 0.2 never shows up as 0.30000000000000004. A zero-width
 * or non-finite interval gives its one finite end (or nothing).
 *
 * @example niceTicks(0, 1, 5) // [0, 0.2, 0.4, 0.6, 0.8, 1]
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [min, max].filter(Number.isFinite).slice(0, 1);
  if (min > max) [min, max] = [max, min];
  if (min === max || count < 1) return [min];
  const step = (max - min) / count;
  const power = Math.floor(Math.log10(step));
  const error = step / 10 ** power;
  const factor = error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.sqrt(2) ? 2 : 1;
  const ticks: number[] = [];
  if (power < 0) {
    // Divide by an integer inverse step instead of multiplying by a fractional step: exact decimals.
    const inverse = 10 ** -power / factor;
    for (let i = Math.ceil(min * inverse); i <= Math.floor(max * inverse); i++) ticks.push(i / inverse || 0); // || 0: no -0 tick
  } else {
    const inc = factor * 10 ** power;
    for (let i = Math.ceil(min / inc); i <= Math.floor(max / inc); i++) ticks.push(i * inc || 0);
  }
  return ticks;
}

/**
 * Ticks of a log axis over [min, max] (both > 0): the powers of ten inside, or, when fewer than two fit, niceTicks of
 * the interval.
 *
 * @example logTicks(1e-4, 0.3) // [0.0001, 0.001, 0.01, 0.1]
 */
export function logTicks(min: number, max: number): number[] {
  if (!(min > 0) || !(max > 0) || !Number.isFinite(min) || !Number.isFinite(max)) return niceTicks(min, max);
  const lo = Math.ceil(Math.log10(Math.min(min, max)) - 1e-9);
  const hi = Math.floor(Math.log10(Math.max(min, max)) + 1e-9);
  if (hi - lo < 1) return niceTicks(min, max, 4);
  const every = Math.ceil((hi - lo + 1) / 8);
  const ticks: number[] = [];
  for (let e = lo; e <= hi; e += every) ticks.push(Number(`1e${e}`));
  return ticks;
}
