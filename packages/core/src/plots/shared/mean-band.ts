/** A group's mean curve and its band (min–max, ±std, ±SEM, 95% CI) from runs aligned on one x grid. */
import { sampleMoments } from '../../analytics/descriptive/moments.js';
import { studentTInterval } from '../../analytics/descriptive/t-interval.js';

/** What the band around a group's mean shows. */
export const BAND_KINDS = ['minmax', 'std', 'sem', 'ci95', 'none'] as const;
export type BandKind = (typeof BAND_KINDS)[number];

/** How the legend and warnings name each band. */
export const BAND_NAMES: Record<BandKind, string> = {
  minmax: 'min–max',
  std: '±1 std',
  sem: '±1 SEM',
  ci95: '95% CI',
  none: 'no band',
};

/** Per grid point: the mean over the runs with a value there, the band, and how many runs that was. */
export interface MeanBand {
  readonly mean: (number | null)[];
  /** Null where the band is undefined (no runs; one run for std, SEM and CI) or `band` is `none`. */
  readonly lo: (number | null)[];
  readonly hi: (number | null)[];
  readonly n: number[];
}

/**
 * The mean and band of `ys` (one row per run, NaN where a run has no value) at each grid point. std is the sample
 * standard deviation (ddof 1), SEM = std / √n, and the CI the Student t interval of the mean — the analytics
 * engine's `sampleMoments` and `studentTInterval`, so a plotted band matches `runlens analyze`.
 */
export function meanBand(ys: readonly Float64Array[], points: number, band: BandKind): MeanBand {
  const mean: (number | null)[] = [];
  const lo: (number | null)[] = [];
  const hi: (number | null)[] = [];
  const n: number[] = [];
  const column = new Float64Array(ys.length);
  for (let j = 0; j < points; j++) {
    let k = 0;
    let min = Infinity;
    let max = -Infinity;
    for (const row of ys) {
      const v = row[j]!;
      if (!Number.isFinite(v)) continue;
      column[k++] = v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    n.push(k);
    if (k === 0) {
      mean.push(null);
      lo.push(null);
      hi.push(null);
      continue;
    }
    const m = sampleMoments(column.subarray(0, k));
    mean.push(m.mean);
    const [l, h] = bandAt(band, m.mean, m.std, k, min, max);
    lo.push(l);
    hi.push(h);
  }
  return { mean, lo, hi, n };
}

function bandAt(band: BandKind, mean: number, std: number, n: number, min: number, max: number): [number | null, number | null] {
  if (band === 'none') return [null, null];
  if (band === 'minmax') return [min, max];
  if (n < 2) return [null, null];
  if (band === 'std') return [mean - std, mean + std];
  const sem = std / Math.sqrt(n);
  if (band === 'sem') return [mean - sem, mean + sem];
  const ci = studentTInterval(mean, sem, n, 0.95);
  return [ci.low, ci.high];
}
