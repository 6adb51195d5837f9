/** A duration for a sentence, in the largest unit that keeps it at least 1: "850 ms", "12 s", "4.3 min", "2.5 d". */
import { formatNumber } from '../outliers/format-number.js';

const UNITS: readonly (readonly [string, number])[] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['min', 60_000],
  ['s', 1_000],
];

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  for (const [unit, size] of UNITS) {
    if (Math.abs(ms) >= size) return `${formatNumber(ms / size, 2)} ${unit}`;
  }
  return `${Math.round(ms)} ms`;
}
