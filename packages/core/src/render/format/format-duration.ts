/** Durations for axis labels: milliseconds → `1h 30m`, `45s`, `2d 3h`, `250ms`. */

const UNITS: readonly [string, number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
];

/**
 * At most two units, the larger first; zero parts after the first are left out (`1h`, not `1h 0m`). Negative
 * durations take the unicode minus.
 *
 * @example formatDuration(5_400_000) // '1h 30m'
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  if (ms === 0) return '0';
  const sign = ms < 0 ? '−' : '';
  let rest = Math.abs(ms);
  if (rest < 1000) return `${sign}${parseFloat(rest.toPrecision(6))}ms`;
  const parts: string[] = [];
  for (const [name, size] of UNITS) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (parts.length === 0 && n === 0) continue;
    parts.push(n > 0 ? `${n}${name}` : '');
    if (parts.length === 2) break;
  }
  return sign + parts.filter((p) => p !== '').join(' ');
}
